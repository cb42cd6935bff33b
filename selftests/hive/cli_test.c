// SPDX-License-Identifier: GPL-2.0
/*
 * hivectl and hived, as installed on a node, answer bad input and a missing
 * or unwilling kernel with a sentence and the documented exit status (0 ok,
 * 1 failed, 2 usage), hivectl shows the transport's files, and hived
 * configures the node and stops on SIGTERM.
 * Run as root in a test VM, with hive not loaded.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"
#include "hive_netlink.h"
#include "util.h"
#include "view.h"

#define CONF "/tmp/hive-cli-test.conf"

static char out[8192];

/*
 * A test that never enters hive.ko (hivectl's and hived's own checks of
 * their input, a module that is not loaded) runs on the release kernel
 * only: on the debug kernel it finds nothing more (KASAN, lockdep and
 * kmemleak watch the kernel), and each of its process starts costs about a
 * second there.  The kselftests scenario sets HIVE_SELFTEST_KERNEL_ONLY on
 * the debug kernel.
 */
#define USERLAND_ONLY() do { \
	if (getenv("HIVE_SELFTEST_KERNEL_ONLY")) \
		SKIP(return, "never enters hive.ko: the release kernel runs it"); \
} while (0)

/* Run a command; return its exit status, or -1 if it did not exit. */
static int run(char *const argv[])
{
	int status = run_capture(argv, out, sizeof(out));

	return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void write_conf(const char *text)
{
	FILE *f = fopen(CONF, "w");

	fputs(text, f);
	fclose(f);
}

FIXTURE(cli) {};

FIXTURE_SETUP(cli)
{
	if (hive_module_loaded())
		ASSERT_EQ(0, hive_module_unload());
}

FIXTURE_TEARDOWN(cli)
{
	unlink(CONF);
	if (hive_module_loaded())
		hive_module_unload();
}

TEST_F(cli, hivectl_usage_errors)
{
	USERLAND_ONLY();
	EXPECT_EQ(2, run((char *[]){ "hivectl", "bogus", NULL }));
	EXPECT_STREQ("hivectl: unknown command 'bogus' (see 'hivectl help')\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "status", "extra", NULL }));
	EXPECT_EQ(2, run((char *[]){ "hivectl", "--frobnicate", NULL }));
	EXPECT_EQ(2, run((char *[]){ "hivectl", NULL }));
	EXPECT_EQ(0, run((char *[]){ "hivectl", "help", NULL }));
	EXPECT_NE(NULL, strstr(out, "status"));
}

TEST_F(cli, hivectl_refuses_bad_node_ids_before_asking_the_kernel)
{
	static const char *const bad[] = { "0", "1024", "abc", "-1", "+5", "0x10", "" };
	size_t i;

	USERLAND_ONLY();
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(2, run((char *[]){ "hivectl", "set-node", (char *)bad[i], NULL }))
			TH_LOG("node id '%s'", bad[i]);
		EXPECT_NE(NULL, strstr(out, "is not a node id (must be 1..1023)"))
			TH_LOG("output: %s", out);
	}
	EXPECT_EQ(2, run((char *[]){ "hivectl", "set-node", "5", "two words", NULL }));
}

TEST_F(cli, hivectl_without_module)
{
	USERLAND_ONLY();
	EXPECT_EQ(1, run((char *[]){ "hivectl", "status", NULL }));
	EXPECT_STREQ("hivectl: the hive kernel module is not loaded (no generic netlink family 'hive'); load it with 'modprobe hive'\n", out);
}

TEST_F(cli, hivectl_status_and_set_node)
{
	static const char status_prefix[] = "{\"version\":\"0.1.0\",\"node_id\":12,"
		"\"state\":\"configured\",\"cluster_name\":\"lab\",\"incarnation\":";

	ASSERT_EQ(0, hive_module_load());
	EXPECT_EQ(0, run((char *[]){ "hivectl", "status", NULL }));
	EXPECT_NE(NULL, strstr(out, "unconfigured")) TH_LOG("%s", out);
	EXPECT_EQ(0, run((char *[]){ "hivectl", "set-node", "12", "lab", NULL }));
	EXPECT_EQ(0, run((char *[]){ "hivectl", "status", "--json", NULL }));
	EXPECT_EQ(0, strncmp(out, status_prefix, strlen(status_prefix))) TH_LOG("%s", out);
	/*
	 * No view: the transport listens nowhere; no hived: it has no key;
	 * new connections would be encrypted, renewed after 2^36 bytes.
	 */
	EXPECT_NE(NULL, strstr(out, ",\"view_epoch\":null,\"transport\":{\"port\":null,"
			       "\"keyed\":false,\"encryption\":\"aes-128-gcm\","
			       "\"rekey_bytes\":68719476736,\"rekeys\":0,"
			       "\"connections\":0,")) TH_LOG("%s", out);
	EXPECT_EQ(0, run((char *[]){ "hivectl", "status", NULL }));
	EXPECT_NE(NULL, strstr(out, "\ntransport port      not listening\n"
			       "transport key       not set\n"
			       "encryption          aes-128-gcm\n")) TH_LOG("%s", out);
}

TEST_F(cli, hivectl_nodes_before_any_view)
{
	ASSERT_EQ(0, hive_module_load());
	EXPECT_EQ(0, run((char *[]){ "hivectl", "nodes", NULL }));
	EXPECT_STREQ("no membership view yet (hived has not joined a cluster)\n", out);
	EXPECT_EQ(0, run((char *[]){ "hivectl", "nodes", "--json", NULL }));
	EXPECT_STREQ("{\"view_epoch\":null,\"nodes\":[]}\n", out);
}

TEST_F(cli, hivectl_nodes_lists_the_view)
{
	static const char json_start[] = "{\"view_epoch\":5,\"nodes\":[{\"node_id\":1,";
	static const char table_start[] = "ID  ADDRESS     PORT  STATE";
	const struct view_member members[] = {
		VIEW_MEMBER(1, 0), VIEW_MEMBER(2, 77), VIEW_MEMBER(3, 0),
	};
	struct genl_answer a;
	int fd, family;

	fd = hive_genl_connect(&family);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, run((char *[]){ "hivectl", "set-node", "2", "lab", NULL }));
	ASSERT_EQ(0, send_view(fd, family, 5, 1, members, 3, &a));

	/* The peers' links depend on the network; this node's do not. */
	EXPECT_EQ(0, run((char *[]){ "hivectl", "nodes", "--json", NULL }));
	EXPECT_EQ(0, strncmp(out, json_start, strlen(json_start))) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "{\"node_id\":1,\"address\":\"198.18.0.1\",\"port\":7100,"
			       "\"incarnation\":null,\"local\":false,\"state\":\"")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "{\"node_id\":2,\"address\":\"198.18.0.2\",\"port\":7100,"
			       "\"incarnation\":77,\"local\":true,\"state\":\"self\",\"rtt_us\":null,"
			       "\"tx_messages\":0,\"rx_messages\":0,")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "{\"node_id\":3,\"address\":\"198.18.0.3\",\"port\":7100,"
			       "\"incarnation\":null,\"local\":false,\"state\":\"")) TH_LOG("%s", out);
	EXPECT_EQ(0, run((char *[]){ "hivectl", "nodes", NULL }));
	EXPECT_EQ(0, strncmp(out, table_start, strlen(table_start))) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "198.18.0.2")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, " self ")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "(this node)")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "unknown")) TH_LOG("%s", out);
	EXPECT_EQ(0, run((char *[]){ "hivectl", "status", NULL }));
	EXPECT_NE(NULL, strstr(out, "quorate")) TH_LOG("%s", out);
	close(fd);
}

TEST_F(cli, hivectl_ping_refuses_bad_arguments_before_asking_the_kernel)
{
	/* Without the module, a request that got as far as the kernel would
	 * fail with exit status 1 and "not loaded"; these must not get there. */
	static const struct {
		const char *args[6];
		const char *message;
	} cases[] = {
		{ { "0" }, "hivectl: ping: '0' is not a node id (must be 1..1023)\n" },
		{ { "1024" }, "hivectl: ping: '1024' is not a node id (must be 1..1023)\n" },
		{ { "two" }, "hivectl: ping: 'two' is not a node id (must be 1..1023)\n" },
		{ { "2", "--count", "0" },
		  "hivectl: ping: --count: '0' is not a count (must be 1..1000000)\n" },
		{ { "2", "--count=1000001" },
		  "hivectl: ping: --count: '1000001' is not a count (must be 1..1000000)\n" },
		{ { "2", "--size", "1048561" },
		  "hivectl: ping: --size: '1048561' is not a size in bytes (must be 0..1048560)\n" },
		{ { "2", "--timeout", "600001" },
		  "hivectl: ping: --timeout: '600001' is not a timeout in milliseconds (must be 1..600000)\n" },
		{ { "2", "--frobnicate" },
		  "hivectl: ping: unknown option '--frobnicate' (see 'hivectl help')\n" },
		{ { "2", "--count" },
		  "hivectl: ping: --count needs a value (see 'hivectl help')\n" },
		{ { "2", "3" },
		  "hivectl: ping: unexpected argument '3' (see 'hivectl help')\n" },
		{ { NULL }, "hivectl: ping: missing NODE (see 'hivectl help')\n" },
	};
	char *argv[9];
	size_t i, j;

	USERLAND_ONLY();
	ASSERT_FALSE(hive_module_loaded());
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		argv[0] = "hivectl";
		argv[1] = "ping";
		for (j = 0; cases[i].args[j]; j++)
			argv[j + 2] = (char *)cases[i].args[j];
		argv[j + 2] = NULL;
		EXPECT_EQ(2, run(argv)) TH_LOG("case %zu", i);
		EXPECT_STREQ(cases[i].message, out);
	}
	EXPECT_FALSE(hive_module_loaded());
	/* Good arguments do go to the kernel. */
	EXPECT_EQ(1, run((char *[]){ "hivectl", "ping", "2", "--count", "1000000", "--size",
				     "1048560", "--oneway", "--timeout", "1", "--json", NULL }));
	EXPECT_STREQ("hivectl: the hive kernel module is not loaded (no generic netlink family 'hive'); load it with 'modprobe hive'\n", out);
}

TEST_F(cli, hivectl_ping_without_a_cluster_is_refused_with_a_reason)
{
	static const char refused[] = "hivectl: the kernel refused the request: ";

	ASSERT_EQ(0, hive_module_load());
	ASSERT_EQ(0, run((char *[]){ "hivectl", "set-node", "2", "lab", NULL }));
	EXPECT_EQ(1, run((char *[]){ "hivectl", "ping", "3", NULL }));
	EXPECT_EQ(0, strncmp(out, refused, strlen(refused))) TH_LOG("%s", out);
	EXPECT_EQ(strlen(out) - 1, strcspn(out, "\n")) TH_LOG("one line: %s", out);
	EXPECT_EQ(1, run((char *[]){ "setpriv", "--reuid=65534", "--regid=65534",
				     "--clear-groups", "hivectl", "ping", "3", NULL }));
	EXPECT_STREQ("hivectl: permission denied: this request needs CAP_NET_ADMIN (run it as root)\n", out);
}

TEST_F(cli, hivectl_set_node_as_unprivileged_user)
{
	ASSERT_EQ(0, hive_module_load());
	EXPECT_EQ(1, run((char *[]){ "setpriv", "--reuid=65534", "--regid=65534",
				     "--clear-groups", "hivectl", "set-node", "5", NULL }));
	EXPECT_STREQ("hivectl: permission denied: this request needs CAP_NET_ADMIN (run it as root)\n", out);
	/* Reading needs no privilege. */
	EXPECT_EQ(0, run((char *[]){ "setpriv", "--reuid=65534", "--regid=65534",
				     "--clear-groups", "hivectl", "status", NULL }));
}

TEST_F(cli, hivectl_ps_refuses_bad_node_ids_before_reading_the_table)
{
	USERLAND_ONLY();
	EXPECT_EQ(2, run((char *[]){ "hivectl", "ps", "--node", "0", NULL }));
	EXPECT_STREQ("hivectl: ps: --node: '0' is not a node id (must be 1..1023)\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "ps", "--node", "abc", NULL }));
	EXPECT_STREQ("hivectl: ps: --node: 'abc' is not a node id (must be 1..1023)\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "ps", "--node", NULL }));
	EXPECT_STREQ("hivectl: ps: --node needs a value (see 'hivectl help')\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "ps", "--forest", "--json", NULL }));
	EXPECT_STREQ("hivectl: ps: --forest and --json do not go together (see 'hivectl help')\n", out);
}

TEST_F(cli, hivectl_ps_without_module)
{
	USERLAND_ONLY();
	EXPECT_EQ(1, run((char *[]){ "hivectl", "ps", NULL }));
	EXPECT_STREQ("hivectl: the hive kernel module is not loaded (no /proc/hive/processes); load it with 'modprobe hive'\n", out);
}

TEST_F(cli, hivectl_run_without_a_command)
{
	USERLAND_ONLY();
	EXPECT_EQ(2, run((char *[]){ "hivectl", "run", NULL }));
	EXPECT_STREQ("hivectl: run: missing CMD (see 'hivectl help')\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "run", "--", NULL }));
	EXPECT_STREQ("hivectl: run: missing CMD (see 'hivectl help')\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "run", "--node", NULL }));
	EXPECT_STREQ("hivectl: run: --node needs a value (see 'hivectl help')\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "run", "--node", "0", "true", NULL }));
	EXPECT_STREQ("hivectl: run: '0' is not a node id (must be 1..1023) or 'auto' (see 'hivectl help')\n", out);
	EXPECT_EQ(2, run((char *[]){ "hivectl", "run", "-t", "true", NULL }));
	EXPECT_STREQ("hivectl: run: -t and -T go with --node (see 'hivectl help')\n", out);
}

/* A remote run that hive cannot make ends with 255 and says why. */
TEST_F(cli, hivectl_run_on_a_node_without_module)
{
	USERLAND_ONLY();
	EXPECT_EQ(255, run((char *[]){ "hivectl", "run", "--node", "2", "true", NULL }));
	EXPECT_STREQ("hivectl: run: the hive kernel module is not loaded (no generic netlink family 'hive'); load it with 'modprobe hive'\n", out);
}

TEST_F(cli, hivectl_run_fails_like_a_shell_for_a_command_it_cannot_run)
{
	USERLAND_ONLY();
	/* Looked for before the kernel is asked: the module is not loaded.
	 * run() also gives 127 when hivectl itself is missing: check the text. */
	ASSERT_FALSE(hive_module_loaded());
	EXPECT_EQ(127, run((char *[]){ "hivectl", "run", "--", "/nonexistent", NULL }));
	EXPECT_STREQ("hivectl: cannot run '/nonexistent': No such file or directory\n", out);
	/* What follows CMD is CMD's, --help included. */
	EXPECT_EQ(127, run((char *[]){ "hivectl", "run", "hive-no-such-command", "--help", NULL }));
	EXPECT_STREQ("hivectl: cannot run 'hive-no-such-command': No such file or directory\n", out);
	EXPECT_EQ(126, run((char *[]){ "hivectl", "run", "/etc", NULL }));
	EXPECT_STREQ("hivectl: cannot run '/etc': Permission denied\n", out);
	/* A command that is there goes to the kernel. */
	EXPECT_EQ(1, run((char *[]){ "hivectl", "run", "true", NULL }));
	EXPECT_STREQ("hivectl: the hive kernel module is not loaded (no generic netlink family 'hive'); load it with 'modprobe hive'\n", out);
}

TEST_F(cli, hived_names_file_line_and_key)
{
	static const struct {
		const char *conf, *message;
	} cases[] = {
		{ "node_id = 0\ncluster_name = a\n",
		  "hived: " CONF ":1: node_id: '0' is not a node id (must be 1..1023)\n" },
		{ "# c\nnode_id = 3\nnodeid = 4\ncluster_name = a\n",
		  "hived: " CONF ":3: unknown key 'nodeid'\n" },
		{ "node_id = 3\nnode_id = 4\ncluster_name = a\n",
		  "hived: " CONF ":2: node_id: set twice (first on line 1)\n" },
		{ "node_id = 3\n",
		  "hived: " CONF ": missing required key 'cluster_name'\n" },
		{ "node_id 3\n", "hived: " CONF ":1: line has no '=': 'node_id 3'\n" },
	};
	size_t i;

	USERLAND_ONLY();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		write_conf(cases[i].conf);
		EXPECT_EQ(1, run((char *[]){ "hived", "--check", "--config", CONF, NULL }));
		EXPECT_STREQ(cases[i].message, out);
	}
}

TEST_F(cli, hived_tolerates_crlf_and_trailing_blanks)
{
	USERLAND_ONLY();
	write_conf("node_id = 3 \r\ncluster_name = lab\t\r\n\r\n");
	EXPECT_EQ(0, run((char *[]){ "hived", "--check", "--config", CONF, NULL }));
	EXPECT_STREQ("hived: " CONF ": ok\n", out);
}

TEST_F(cli, hived_missing_config_and_module)
{
	USERLAND_ONLY();
	EXPECT_EQ(1, run((char *[]){ "hived", "--config", "/nonexistent/hive.conf", NULL }));
	EXPECT_STREQ("hived: /nonexistent/hive.conf: cannot read: No such file or directory\n", out);
	write_conf("node_id = 3\ncluster_name = lab\n");
	EXPECT_EQ(1, run((char *[]){ "hived", "--config", CONF, NULL }));
	EXPECT_STREQ("hived: the hive kernel module is not loaded (no generic netlink family 'hive'); load it with 'modprobe hive'\n", out);
}

TEST_F(cli, hived_needs_the_cluster_key_for_a_cluster)
{
	USERLAND_ONLY();
	/* Checked before the kernel is asked: the module is not loaded. */
	write_conf("node_id = 1\ncluster_name = lab\nnode.1 = 198.18.0.1\n");
	EXPECT_EQ(1, run((char *[]){ "hived", "--config", CONF, "--authkey",
				     "/nonexistent/authkey", NULL }));
	EXPECT_STREQ("hived: /nonexistent/authkey: cannot read: No such file or directory (make it with 'hivectl keygen' on one node and copy it to the others)\n", out);
}

TEST_F(cli, hived_configures_node_and_stops_on_sigterm)
{
	char state[64];
	int status, i;
	pid_t pid;

	ASSERT_EQ(0, hive_module_load());
	write_conf("node_id = 44\ncluster_name = lab\n");
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		execlp("hived", "hived", "--config", CONF, NULL);
		_exit(127);
	}
	/*
	 * Polled every 50 ms; 600 s is a hang detector (a loaded debug
	 * kernel took more than 5 s to start hived).
	 */
	for (i = 0; i < 600 * 20; i++) {
		ASSERT_GT(read_text("/sys/kernel/hive/state", state, sizeof(state)), 0);
		if (!strcmp(state, "configured\n"))
			break;
		usleep(50000);
	}
	EXPECT_STREQ("configured\n", state);
	EXPECT_FILE_EQ("/sys/kernel/hive/node_id", "44\n");
	ASSERT_EQ(0, kill(pid, SIGTERM));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
