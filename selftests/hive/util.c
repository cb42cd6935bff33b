// SPDX-License-Identifier: GPL-2.0
/*
 * Loading hive.ko and reading its files, for hive's selftests.  The module
 * comes from $HIVE_KMOD (set by the VM harness to the modules built for the
 * running kernel).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "genl.h"
#include "hive_netlink.h"
#include "util.h"

/* Return: 0, or a negative errno. */
int hive_module_load(void)
{
	const char *dir = getenv("HIVE_KMOD");
	char path[PATH_MAX];
	int fd, err = 0;

	if (!dir)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/hive.ko", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		err = -errno;
	close(fd);
	return err;
}

int hive_module_unload(void)
{
	return syscall(SYS_delete_module, "hive", O_NONBLOCK) ? -errno : 0;
}

bool hive_module_loaded(void)
{
	return access("/sys/module/hive", F_OK) == 0;
}

/* Read a whole small file, NUL-terminated.  Return: bytes read or -errno. */
int read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/*
 * Run argv with stdout and stderr captured into out.  Return: the wait
 * status (as waitpid gives it), or a negative errno.
 */
int run_capture(char *const argv[], char *out, size_t len)
{
	int pipefd[2], status;
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + used, len - 1 - used)) > 0)
		used += n;
	out[used] = '\0';
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return status;
}

/*
 * Load hive.ko unless it is loaded, open a generic netlink socket and look
 * up the "hive" family into *family.  Return: the socket, or -errno.
 */
int hive_genl_connect(int *family)
{
	int fd, err;

	if (!hive_module_loaded()) {
		err = hive_module_load();
		if (err)
			return err;
	}
	fd = genl_open();
	if (fd < 0)
		return fd;
	*family = genl_family_id(fd, HIVE_GENL_NAME);
	if (*family < 0) {
		err = *family;
		close(fd);
		return err;
	}
	return fd;
}
