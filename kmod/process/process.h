/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cluster processes: the node's PID range, the hive domain, the cluster's
 * process table and signals across nodes (Documentation/processes.rst).
 */
#ifndef HIVE_PROCESS_H
#define HIVE_PROCESS_H

#include <linux/atomic.h>
#include <linux/types.h>

struct hive_proc_entry;
struct kernel_siginfo;
struct proc_ops;
struct seq_file;
struct task_struct;

/* pidspace.c */
u32 hive_pid_range_size_get(void);
u32 hive_pid_home_node(pid_t pid);
int hive_pid_expect(pid_t pid);
void hive_pid_unexpect(pid_t pid);
bool hive_pid_local_range(u32 *first, u32 *end);
int hive_pid_check_node(u32 node_id);
void hive_pid_set_node(u32 node_id);
int hive_pidspace_init(void);
void hive_pidspace_exit(void);

/* domain.c */
void hive_domain_join(void);
int hive_domain_join_as_child(pid_t ppid);
void hive_domain_orphan(pid_t pid, pid_t ppid);
bool hive_domain_member(pid_t tgid);
int hive_domain_deputize(u32 node);
void hive_domain_undeputize(void);
pid_t hive_domain_parent(struct task_struct *p);
u32 hive_domain_deputy_node(pid_t tgid);
int hive_domain_processes(void);
u32 hive_domain_list(u32 node, u32 cursor, struct hive_proc_entry *entries,
		     u32 max, u32 *next);
int hive_domain_init(void);
void hive_domain_exit(void);

/* list.c */
extern atomic64_t hive_list_errors;
extern const struct proc_ops hive_processes_proc_ops;
int hive_list_init(void);
void hive_list_exit(void);

/* exec_start.c */
u32 hive_pick_node(u32 self, bool others, u32 skip);

/* kill.c */
int hive_signal_process(int sig, struct kernel_siginfo *info, struct task_struct *p);
int hive_kill_init(void);
void hive_kill_exit(void);

/* confine.c */
struct netlink_ext_ack;

/* What of a task's confinement another node cannot carry. */
enum hive_confinement {
	HIVE_CONFINE_NONE,
	HIVE_CONFINE_SECCOMP,
	HIVE_CONFINE_USER_NS,
	HIVE_CONFINE_PID_NS,
	HIVE_CONFINE_MNT_NS,
	HIVE_CONFINE_CGROUP_NS,
	HIVE_CONFINE_CHROOT,
};

int hive_confine_current(void);
const char *hive_confine_name(int confinement);
int hive_confine_check(struct netlink_ext_ack *extack);
int hive_confine_cgroup(char *buf, size_t size);
int hive_confine_label(char *buf, size_t size);

/* exec.c, exec_start.c (exec.h has the rest) */
int hive_exec_init(void);
void hive_exec_exit(void);
u32 hive_exec_sessions(void);
int hive_exec_proc_show(struct seq_file *m, void *v);
extern char *hive_exec_helper;

/* sysfs.c */
int hive_process_sysfs_init(void);
void hive_process_sysfs_exit(void);

/* process.c */
int hive_process_init(void);
void hive_process_exit(void);

#endif /* HIVE_PROCESS_H */
