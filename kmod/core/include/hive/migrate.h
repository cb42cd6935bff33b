/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of the core's migration stream (Documentation/migration.rst).
 *
 * A process moves from its source node to a target as a stream of
 * records, each an RPC body: BEGIN (the process: ids, credentials,
 * limits), MM (the address space's fields and auxiliary vector), one VMA
 * per mapping in ascending address order, one FILE per carried
 * descriptor and for the working directory, SIGNALS (handlers and the
 * process's pending signals), one THREAD per thread (the leader first,
 * then ascending TIDs; registers, XSAVE state, its own pending signals),
 * and END.  Every record starts with the migration's id and its number in
 * the stream.  hive_mig_encode() and hive_mig_decode() write and read one
 * record and refuse, on both sides, every value a record never carries;
 * struct hive_mig_rx holds a receiver to the order and counts above.
 * Pure computation, any context.  x86-64 only: registers and XSAVE bytes
 * are the layouts ptrace uses.
 */
#ifndef HIVE_CORE_MIGRATE_H
#define HIVE_CORE_MIGRATE_H

#include "hive/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds of a stream.  A record fits one RPC body (HIVE_WIRE_PAYLOAD_MAX). */
#define HIVE_MIG_THREADS_MAX	4096u
#define HIVE_MIG_VMAS_MAX	65530u		/* DEFAULT_MAX_MAP_COUNT */
#define HIVE_MIG_GROUPS_MAX	65536u		/* NGROUPS_MAX */
#define HIVE_MIG_PATH_MAX	4095u		/* PATH_MAX less its NUL */
#define HIVE_MIG_FILES_MAX	4096u		/* FILE records of a stream */
#define HIVE_MIG_XSTATE_MIN	576u		/* legacy area + XSAVE header */
#define HIVE_MIG_XSTATE_MAX	16384u
#define HIVE_MIG_PENDING_MAX	1024u		/* queued signals per queue */
#define HIVE_MIG_RLIMITS	16u		/* RLIM_NLIMITS */
#define HIVE_MIG_AUXV_WORDS	64u		/* >= AT_VECTOR_SIZE on x86-64 */
#define HIVE_MIG_NSIG		64u		/* _NSIG */
#define HIVE_MIG_COMM_LEN	16u		/* TASK_COMM_LEN */
#define HIVE_MIG_XSTATE_ALIGN	8u
/* One past the highest user address any x86-64 kernel maps (5-level paging). */
#define HIVE_MIG_USER_END	0x00fffffffffff000ull
#define HIVE_MIG_PAGE_SIZE	4096u
#define HIVE_MIG_CAP_MASK	((1ull << 41) - 1)	/* CAP_LAST_CAP 40 */

enum hive_mig_type {
	HIVE_MIG_BEGIN = 1,
	HIVE_MIG_MM,
	HIVE_MIG_VMA,
	HIVE_MIG_SIGNALS,
	HIVE_MIG_THREAD,
	HIVE_MIG_END,
	HIVE_MIG_FILE,		/* between the VMAs and SIGNALS */
	__HIVE_MIG_TYPE_COUNT,
};

/**
 * struct hive_mig_head - what starts every record
 * @migration: the migration's id, never 0, chosen by the source
 * @seq: the record's number in the stream, BEGIN's 0
 * @type: an enum hive_mig_type value
 */
struct hive_mig_head {
	uint64_t migration;
	uint32_t seq;
	uint16_t type;
};

#define HIVE_MIG_HEAD_LEN	16u

/* struct hive_mig_begin's @flags */
#define HIVE_MIG_NO_NEW_PRIVS	1u
#define HIVE_MIG_BEGIN_FLAGS	HIVE_MIG_NO_NEW_PRIVS

/**
 * struct hive_mig_rlimit - one resource limit
 * @cur: soft limit; ~0 is RLIM_INFINITY
 * @max: hard limit, >= @cur
 */
struct hive_mig_rlimit {
	uint64_t cur;
	uint64_t max;
};

/**
 * struct hive_mig_begin - BEGIN: the process as a whole
 * @pid: its PID (thread-group id), the leader's TID, > 0
 * @home: the node whose PID range holds @pid
 * @source: the node sending the stream
 * @target: the node receiving it, not @source
 * @nfiles: FILE records to come, 0..HIVE_MIG_FILES_MAX
 * @nthreads: THREAD records to come, 1..HIVE_MIG_THREADS_MAX
 * @nvmas: VMA records to come, 0..HIVE_MIG_VMAS_MAX
 * @ngroups: supplementary groups after the record, 0..HIVE_MIG_GROUPS_MAX
 * @flags: HIVE_MIG_* flags
 * @uid: real, effective, saved and filesystem uid, in that order
 * @gid: the same four gids
 * @securebits: SECURE_* bits and their locks, 0..0xff
 * @cap_inheritable: capability sets, bits 0..40 of each; @cap_effective
 *	and @cap_ambient are subsets of @cap_permitted, @cap_ambient also of
 *	@cap_inheritable, as the kernel keeps them
 * @cap_permitted: see @cap_inheritable
 * @cap_effective: see @cap_inheritable
 * @cap_bset: see @cap_inheritable
 * @cap_ambient: see @cap_inheritable
 * @umask: 0..0777
 * @personality: personality(2) flags with the PER_LINUX (0) personality
 * @exit_signal: the signal the parent gets at exit, 0..64
 * @ppid: its parent's PID as getppid(2) gives it there (for a process
 *	that moved, or a remote command, the parent on the node it came
 *	from), 0..HIVE_PID_LIMIT - 1 (0: none)
 * @comm: task name, NUL-terminated within its 16 bytes and NUL-padded
 * @rlim: resource limits, indexed by RLIMIT_*
 * @monotonic_ns: the source's CLOCK_MONOTONIC when the process stopped,
 *	below 2^63: the target shifts the process's clock to go on from it
 * @boottime_ns: the same of CLOCK_BOOTTIME
 */
struct hive_mig_begin {
	uint32_t pid;
	uint16_t home;
	uint16_t source;
	uint16_t target;
	uint16_t nfiles;
	uint32_t nthreads;
	uint32_t nvmas;
	uint32_t ngroups;
	uint32_t flags;
	uint32_t uid[4];
	uint32_t gid[4];
	uint32_t securebits;
	uint64_t cap_inheritable;
	uint64_t cap_permitted;
	uint64_t cap_effective;
	uint64_t cap_bset;
	uint64_t cap_ambient;
	uint32_t umask;
	uint32_t personality;
	uint32_t exit_signal;
	uint32_t ppid;
	char comm[HIVE_MIG_COMM_LEN];
	struct hive_mig_rlimit rlim[HIVE_MIG_RLIMITS];
	uint64_t monotonic_ns;
	uint64_t boottime_ns;
};

#define HIVE_MIG_BEGIN_LEN	408u

/**
 * struct hive_mig_mm - MM: the address space's own fields
 * @start_code: the mm_struct fields of the same names, user addresses
 *	below HIVE_MIG_USER_END, each start at most its end
 * @end_code: see @start_code
 * @start_data: see @start_code
 * @end_data: see @start_code
 * @start_brk: see @start_code
 * @brk: see @start_code
 * @start_stack: see @start_code
 * @arg_start: see @start_code
 * @arg_end: see @start_code
 * @env_start: see @start_code
 * @env_end: see @start_code
 * @auxv: the auxiliary vector as the kernel saved it at exec: (type,
 *	value) pairs up to and including an AT_NULL pair, zeros after it
 */
struct hive_mig_mm {
	uint64_t start_code;
	uint64_t end_code;
	uint64_t start_data;
	uint64_t end_data;
	uint64_t start_brk;
	uint64_t brk;
	uint64_t start_stack;
	uint64_t arg_start;
	uint64_t arg_end;
	uint64_t env_start;
	uint64_t env_end;
	uint64_t auxv[HIVE_MIG_AUXV_WORDS];
};

#define HIVE_MIG_MM_LEN		600u

/* struct hive_mig_vma's @prot and @flags */
#define HIVE_MIG_VMA_READ	1u
#define HIVE_MIG_VMA_WRITE	2u
#define HIVE_MIG_VMA_EXEC	4u
#define HIVE_MIG_VMA_PROT	7u
#define HIVE_MIG_VMA_SHARED	1u	/* anonymous, or a file read-only */
#define HIVE_MIG_VMA_GROWSDOWN	2u	/* anonymous private only */
#define HIVE_MIG_VMA_FLAGS	3u

enum hive_mig_vma_kind {
	HIVE_MIG_VMA_ANON = 1,	/* anonymous memory; its pages follow */
	HIVE_MIG_VMA_FILE,	/* a private mapping of the file at @path, or
				 * a shared one of a file opened read-only */
	HIVE_MIG_VMA_VDSO,	/* the vDSO: the target maps its own */
	HIVE_MIG_VMA_VVAR,	/* the vDSO's data: likewise */
	__HIVE_MIG_VMA_KIND_COUNT,
};

/**
 * struct hive_mig_vma - VMA: one mapping
 * @start: first address, page-aligned
 * @end: one past the last, page-aligned, above @start, at most
 *	HIVE_MIG_USER_END
 * @pgoff: the mapping's page offset (file pages for FILE, the anonymous
 *	page index otherwise), below 2^52 with the mapping's pages
 * @region: the DSM region its pages are named in (hive_dsm_page_id), not 0
 * @kind: an enum hive_mig_vma_kind value
 * @prot: HIVE_MIG_VMA_READ/WRITE/EXEC; VDSO and VVAR are never writable
 * @flags: HIVE_MIG_VMA_SHARED (ANON, or FILE without write permission:
 *	a shared mapping of a file opened read-only, which never takes a
 *	write), HIVE_MIG_VMA_GROWSDOWN (ANON, private)
 * @path_len: FILE: the path's length, 1..HIVE_MIG_PATH_MAX; else 0
 * @dev: FILE: the file's device, inode, size and modification time on
 *	the source, which the target compares with its own; else all 0
 * @ino: see @dev
 * @size: see @dev
 * @mtime_ns: see @dev
 *
 * A FILE record ends with the file's absolute path, without a NUL.
 */
struct hive_mig_vma {
	uint64_t start;
	uint64_t end;
	uint64_t pgoff;
	uint32_t region;
	uint8_t kind;
	uint8_t prot;
	uint8_t flags;
	uint16_t path_len;
	uint64_t dev;
	uint64_t ino;
	uint64_t size;
	uint64_t mtime_ns;
};

#define HIVE_MIG_VMA_LEN	72u

enum hive_mig_file_kind {
	HIVE_MIG_FILE_CWD = 1,	/* the working directory */
	HIVE_MIG_FILE_REG,	/* a regular file, reopened by @path */
	HIVE_MIG_FILE_CHR,	/* a character device, reopened by @path */
	HIVE_MIG_FILE_FWD,	/* a pipe, socket or terminal the source serves */
	__HIVE_MIG_FILE_KIND_COUNT,
};

/* What a FWD descriptor is at the source: its FILE record's @dev */
enum hive_mig_fwd_type {
	HIVE_MIG_FWD_PIPE = 1,	/* a pipe or FIFO */
	HIVE_MIG_FWD_SOCKET,
	HIVE_MIG_FWD_TTY,	/* a terminal */
	__HIVE_MIG_FWD_TYPE_COUNT,
};

/* struct hive_mig_file's @fd_flags */
#define HIVE_MIG_FD_CLOEXEC	1u
/*
 * Open flags a descriptor is reopened with (x86-64 values): the access
 * mode (read, write or both), O_APPEND, O_NONBLOCK, O_DSYNC, O_DIRECT,
 * O_LARGEFILE, O_NOATIME and O_SYNC.
 */
#define HIVE_MIG_FILE_ACCMODE	3u
#define HIVE_MIG_FILE_OFLAGS	0x14dc03u

/**
 * struct hive_mig_file - FILE: one descriptor, or the working directory
 * @fd: the descriptor's number; 0 for the working directory.  CWD comes
 *	first, descriptors follow in ascending order
 * @kind: an enum hive_mig_file_kind value
 * @fd_flags: HIVE_MIG_FD_CLOEXEC; 0 for CWD
 * @path_len: the path's length, 1..HIVE_MIG_PATH_MAX; FWD: 0
 * @flags: REG, CHR and FWD: open flags within HIVE_MIG_FILE_OFLAGS, the
 *	access mode not 3; CWD: 0
 * @server: FWD: the node that serves the descriptor (a node id: the
 *	source, or the node it was forwarded from before); else 0
 * @pos: REG: the file position; else 0
 * @dev: REG: the file's device, inode, size and modification time on the
 *	source (the target compares inode, size and time with its own);
 *	CHR: the device number (dev_t, the kernel's encoding) and the rest
 *	0; FWD: an enum hive_mig_fwd_type value, @ino the handle @server
 *	serves it under (not 0) and the rest 0; CWD: all 0
 * @ino: see @dev
 * @size: see @dev
 * @mtime_ns: see @dev
 *
 * The record ends with the absolute path, without a NUL (FWD: none).
 */
struct hive_mig_file {
	uint32_t fd;
	uint8_t kind;
	uint8_t fd_flags;
	uint16_t path_len;
	uint32_t flags;
	uint32_t server;
	uint64_t pos;
	uint64_t dev;
	uint64_t ino;
	uint64_t size;
	uint64_t mtime_ns;
};

#define HIVE_MIG_FILE_LEN	56u

/**
 * struct hive_mig_sigaction - one signal's disposition
 * @handler: 0 (SIG_DFL), 1 (SIG_IGN) or a user address; SIG_DFL for
 *	SIGKILL and SIGSTOP
 * @flags: SA_* flags the kernel keeps
 * @restorer: SA_RESTORER's user address, 0 without it
 * @mask: signals blocked during the handler, never SIGKILL or SIGSTOP
 */
struct hive_mig_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/**
 * struct hive_mig_siginfo - one queued signal
 * @signo: 1..64
 * @code: its si_code
 * @errnum: its si_errno
 * @fields: the rest of its siginfo (the union after si_code), as the
 *	source's kernel_siginfo holds it: opaque to the stream
 */
struct hive_mig_siginfo {
	uint32_t signo;
	int32_t code;
	int32_t errnum;
	uint8_t fields[32];
};

#define HIVE_MIG_SIGINFO_LEN	48u

/**
 * struct hive_mig_signals - SIGNALS: the process's signal state
 * @action: every signal's disposition, signal n at [n - 1]
 * @pending: the signals pending for the process (bit n - 1: signal n),
 *	queued with a siginfo or not
 * @npending: queued signals of the process (its shared queue) after the
 *	record, 0..HIVE_MIG_PENDING_MAX, HIVE_MIG_SIGINFO_LEN bytes each,
 *	each of a signal in @pending
 */
struct hive_mig_signals {
	struct hive_mig_sigaction action[HIVE_MIG_NSIG];
	uint64_t pending;
	uint32_t npending;
};

#define HIVE_MIG_SIGNALS_LEN	2064u

/* struct hive_mig_thread's @regs, in struct user_regs_struct's order. */
enum hive_mig_reg {
	HIVE_MIG_R15, HIVE_MIG_R14, HIVE_MIG_R13, HIVE_MIG_R12, HIVE_MIG_BP,
	HIVE_MIG_BX, HIVE_MIG_R11, HIVE_MIG_R10, HIVE_MIG_R9, HIVE_MIG_R8,
	HIVE_MIG_AX, HIVE_MIG_CX, HIVE_MIG_DX, HIVE_MIG_SI, HIVE_MIG_DI,
	HIVE_MIG_ORIG_AX, HIVE_MIG_IP, HIVE_MIG_CS, HIVE_MIG_FLAGS,
	HIVE_MIG_SP, HIVE_MIG_SS, HIVE_MIG_FS_BASE, HIVE_MIG_GS_BASE,
	HIVE_MIG_DS, HIVE_MIG_ES, HIVE_MIG_FS, HIVE_MIG_GS,
	HIVE_MIG_NREGS,
};

#define HIVE_MIG_USER_CS	0x33u	/* __USER_CS */
#define HIVE_MIG_USER_DS	0x2bu	/* __USER_DS */
/* RFLAGS a user thread may hold: the arithmetic flags, TF, IF, DF, RF, AC, ID. */
#define HIVE_MIG_USER_RFLAGS	0x250fd7ull
#define HIVE_MIG_RFLAGS_FIXED	0x202ull	/* reserved bit 1 and IF */

/* struct hive_mig_thread's @sas_flags */
#define HIVE_MIG_SS_DISABLE	2u
#define HIVE_MIG_SS_AUTODISARM	(1u << 31)

/* Scheduling policies a thread may move with (SCHED_*) */
#define HIVE_MIG_SCHED_NORMAL	0u
#define HIVE_MIG_SCHED_FIFO	1u
#define HIVE_MIG_SCHED_RR	2u
#define HIVE_MIG_SCHED_BATCH	3u
#define HIVE_MIG_SCHED_IDLE	5u

/**
 * struct hive_mig_thread - THREAD: one thread
 * @tid: its TID; the first THREAD's is BEGIN's @pid
 * @regs: user registers (enum hive_mig_reg): @regs[HIVE_MIG_CS] and
 *	@regs[HIVE_MIG_SS] the user segments, ds/es/fs/gs 0 or a user
 *	(RPL 3) selector, ip, sp and the fs and gs bases user addresses,
 *	flags within HIVE_MIG_USER_RFLAGS with HIVE_MIG_RFLAGS_FIXED set
 * @blocked: blocked signals, never SIGKILL or SIGSTOP (bit n - 1: signal n)
 * @pending: the signals pending for this thread alone
 * @sas_sp: sigaltstack: base, size and flags (HIVE_MIG_SS_*); the stack
 *	lies below HIVE_MIG_USER_END
 * @sas_size: see @sas_sp
 * @sas_flags: see @sas_sp
 * @clear_child_tid: set_tid_address(2)'s address, 0 for none
 * @robust_list: set_robust_list(2)'s head, 0 for none, and its length
 * @robust_len: see @robust_list
 * @policy: HIVE_MIG_SCHED_*
 * @nice: -20..19
 * @rt_priority: 1..99 for FIFO and RR, else 0
 * @xstate_len: bytes of XSAVE state after the record, a multiple of 8 in
 *	HIVE_MIG_XSTATE_MIN..HIVE_MIG_XSTATE_MAX, as the source's xstate
 *	regset gives them (user ABI layout): opaque to the stream
 * @npending: the thread's own queued signals after the XSAVE state,
 *	0..HIVE_MIG_PENDING_MAX, HIVE_MIG_SIGINFO_LEN bytes each, each of a
 *	signal in @pending
 * @comm: the thread's name, NUL-terminated within its 16 bytes and
 *	NUL-padded
 */
struct hive_mig_thread {
	uint32_t tid;
	uint64_t regs[HIVE_MIG_NREGS];
	uint64_t blocked;
	uint64_t pending;
	uint64_t sas_sp;
	uint64_t sas_size;
	uint32_t sas_flags;
	uint64_t clear_child_tid;
	uint64_t robust_list;
	uint64_t robust_len;
	uint32_t policy;
	int32_t nice;
	uint32_t rt_priority;
	uint32_t xstate_len;
	uint32_t npending;
	char comm[HIVE_MIG_COMM_LEN];
};

#define HIVE_MIG_THREAD_LEN	320u

/**
 * hive_mig_restart() - make captured registers resume on another node
 * @regs: a thread's registers, captured at a safe point, changed in place
 *
 * A thread stopped inside a system call that the kernel would restart
 * (orig_ax a call number, ax one of its -ERESTARTSYS, -ERESTARTNOINTR and
 * -ERESTARTNOHAND) is set to make the call again: ax the call number, ip
 * back on the syscall instruction, and so is one in poll(2) without a
 * timeout (a negative edx).  One whose call keeps a restart block
 * otherwise (-ERESTART_RESTARTBLOCK: a sleep's remaining time, which stays
 * behind) returns -EINTR instead, as an interrupted call does; orig_ax is
 * then -1, so nothing restarts it.  Any other thread's registers are left
 * alone.
 */
void hive_mig_restart(uint64_t regs[HIVE_MIG_NREGS]);

/**
 * struct hive_mig_record - one record, as encoded or decoded
 * @head: its head
 * @begin: BEGIN's fields (by @head.type)
 * @mm: MM's
 * @vma: VMA's
 * @file: FILE's
 * @signals: SIGNALS'
 * @thread: THREAD's
 * @tail: decoded, the bytes after the fixed fields: BEGIN's groups, a FILE
 *	VMA's or a FILE's path, SIGNALS' queued signals, a THREAD's XSAVE state then its
 *	queued signals (NULL when there are none); to encode, the path or
 *	XSAVE state alone, which hive_mig_encode() copies
 * @tail_len: their length
 *
 * Groups and queued signals are big-endian in the tail: write them with
 * hive_mig_put_group() and hive_mig_put_siginfo() after
 * hive_mig_encode(), read them with hive_mig_get_group() and
 * hive_mig_get_siginfo().  A path and XSAVE state are copied as they are.
 */
struct hive_mig_record {
	struct hive_mig_head head;
	union {
		struct hive_mig_begin begin;
		struct hive_mig_mm mm;
		struct hive_mig_vma vma;
		struct hive_mig_file file;
		struct hive_mig_signals signals;
		struct hive_mig_thread thread;
	};
	const uint8_t *tail;
	size_t tail_len;
};

/**
 * hive_mig_record_len() - the encoded length of a record
 * @rec: the record; its tail is not read
 *
 * Return: the bytes hive_mig_encode() writes for @rec, or -EINVAL for a
 * record it refuses.
 */
int hive_mig_record_len(const struct hive_mig_record *rec);

/**
 * hive_mig_encode() - write a record
 * @rec: the record
 * @buf: where to
 * @len: room at @buf
 *
 * Writes the head and fixed fields and, for a FILE VMA, a FILE and a THREAD, the
 * path or XSAVE state from @rec->tail (@rec->tail_len must be the path's
 * or the state's length).  Groups and queued signals are left for
 * hive_mig_put_group() and hive_mig_put_siginfo() (zeros until then).
 *
 * Return: the record's length; -EINVAL for a record hive_mig_decode()
 * would refuse (checked first), -ENOSPC if it does not fit; nothing is
 * written on failure.
 */
int hive_mig_encode(const struct hive_mig_record *rec, uint8_t *buf, size_t len);

/**
 * hive_mig_decode() - read and check one record
 * @buf: the record, exactly
 * @len: its length
 * @rec: filled in; @rec->tail points into @buf.  Its contents are
 *	meaningless after a failure
 *
 * Checks every field against its rules (above) and every queued signal's
 * number; not the record's place in the stream (struct hive_mig_rx).
 *
 * Return: 0; -EAGAIN for fewer bytes than the record's fields announce,
 * -EBADMSG for more, an unknown type, a non-zero reserved field or a
 * value hive_mig_encode() refuses.
 */
int hive_mig_decode(const uint8_t *buf, size_t len, struct hive_mig_record *rec);

/**
 * hive_mig_put_group() - write BEGIN's supplementary group @i
 * @rec: the BEGIN hive_mig_encode() wrote
 * @buf: where it wrote it
 * @len: the length it returned
 * @i: the group's index, below @rec's ngroups
 * @gid: the group
 *
 * Groups go in ascending order, as the kernel keeps them; a receiver
 * refuses them otherwise.
 *
 * Return: 0, or -EINVAL for an @i outside the record, another type or
 * another length.
 */
int hive_mig_put_group(const struct hive_mig_record *rec, uint8_t *buf,
		       size_t len, uint32_t i, uint32_t gid);

/**
 * hive_mig_get_group() - read supplementary group @i of a decoded BEGIN
 * @rec: a BEGIN from hive_mig_decode()
 * @i: below @rec->begin.ngroups
 *
 * Return: the group; 0 for an @i outside the record.
 */
uint32_t hive_mig_get_group(const struct hive_mig_record *rec, uint32_t i);

/**
 * hive_mig_put_siginfo() - write queued signal @i of a SIGNALS or THREAD
 * @rec: the record hive_mig_encode() wrote
 * @buf: where it wrote it
 * @len: the length it returned
 * @i: the signal's index, below @rec's npending
 * @si: the signal
 *
 * Return: 0; -EINVAL for an @i outside the record, another type or
 * length, or a signal number outside 1..64 (nothing written then).
 */
int hive_mig_put_siginfo(const struct hive_mig_record *rec, uint8_t *buf,
			 size_t len, uint32_t i, const struct hive_mig_siginfo *si);

/**
 * hive_mig_get_siginfo() - read queued signal @i of a decoded SIGNALS or THREAD
 * @rec: the record from hive_mig_decode()
 * @i: below its npending
 * @si: filled in on success only
 *
 * Return: 0, or -EINVAL for an @i outside the record or another type.
 */
int hive_mig_get_siginfo(const struct hive_mig_record *rec, uint32_t i,
		     struct hive_mig_siginfo *si);

/**
 * struct hive_mig_rx - a receiver's place in one stream
 * @migration: the stream's id, from its BEGIN
 * @next_seq: the number the next record must have
 * @next_type: the type it must have, or HIVE_MIG_VMA/HIVE_MIG_THREAD while
 *	more of those are due; 0 once END arrived or the stream failed
 * @pid: BEGIN's pid
 * @vmas_left: VMA records still due
 * @files_left: FILE records still due
 * @threads_left: THREAD records still due
 * @vma_end: the last VMA's end: the next one starts at or above it
 * @next_fd: the least fd the next FILE may name, 0 before any; CWD only
 *	while no FILE arrived
 * @files_seen: a FILE arrived
 * @last_tid: the last THREAD's TID after the leader's, 0 before it
 * @leader_seen: the leader's THREAD arrived
 * @failed: a record broke the order; the stream is over
 *
 * Initialise with hive_mig_rx_init(); written by hive_mig_rx_step() only.
 */
struct hive_mig_rx {
	uint64_t migration;
	uint32_t next_seq;
	uint16_t next_type;
	uint32_t pid;
	uint32_t vmas_left;
	uint32_t files_left;
	uint32_t threads_left;
	uint64_t vma_end;
	uint32_t next_fd;
	uint8_t files_seen;
	uint32_t last_tid;
	uint8_t leader_seen;
	uint8_t failed;
};

/**
 * hive_mig_rx_init() - a receiver that expects a BEGIN
 * @rx: the receiver
 */
void hive_mig_rx_init(struct hive_mig_rx *rx);

/**
 * hive_mig_rx_step() - take the next record of a stream
 * @rx: the receiver
 * @rec: the record, from hive_mig_decode()
 *
 * The order: BEGIN with seq 0, then MM, BEGIN's nvmas VMA records in
 * ascending, non-overlapping order, BEGIN's nfiles FILE records (the
 * working directory first if it is carried, then ascending fds), SIGNALS, BEGIN's nthreads THREAD
 * records (the first with TID pid, then ascending TIDs), END; each record
 * with the stream's id and the next seq.  BEGIN's target is the
 * receiver's business (it knows its own node id).
 *
 * Return: 0; -EPROTO for a record out of order, of another stream, or
 * after END or a failure (every later record fails too).
 */
int hive_mig_rx_step(struct hive_mig_rx *rx, const struct hive_mig_record *rec);

/**
 * hive_mig_rx_done() - has the whole stream arrived?
 * @rx: the receiver
 *
 * Return: true once END was taken.
 */
bool hive_mig_rx_done(const struct hive_mig_rx *rx);

/*
 * MIGRATE_CHECK: a caller on one node checks a process of another
 * (hivectl migrate --check).  The request names the process and the
 * caller's credentials, which the serving node holds to kill(2)'s rule;
 * the reply has the counts and the reasons, each a struct hive_mig_why
 * and its detail.
 */
#define HIVE_MIG_CHECK_CAP_KILL	1u	/* the caller has CAP_KILL in the
					 * initial user namespace */
#define HIVE_MIG_WHYS_MAX	64u	/* reasons a reply lists */
#define HIVE_MIG_WHY_DETAIL_MAX	255u	/* bytes of a reason's detail */
#define HIVE_MIG_WHY_CODE_MAX	1024u	/* codes are below it */

/**
 * struct hive_mig_check_req - MIGRATE_CHECK request
 * @pid: the process, 1..HIVE_PID_LIMIT - 1
 * @uid: the caller's real uid
 * @euid: its effective uid
 * @flags: HIVE_MIG_CHECK_CAP_KILL or 0
 */
struct hive_mig_check_req {
	uint32_t pid;
	uint32_t uid;
	uint32_t euid;
	uint32_t flags;
};

#define HIVE_MIG_CHECK_REQ_LEN	16u

/**
 * struct hive_mig_check_reply - MIGRATE_CHECK reply's head
 * @threads: threads whose state was taken
 * @mappings: mappings a stream would carry
 * @state_bytes: the stream's length, pages not counted
 * @nwhys: reasons after the head, 0..HIVE_MIG_WHYS_MAX
 * @whys_left: reasons found beyond those
 * @memory: bytes of anonymous memory resident
 */
struct hive_mig_check_reply {
	uint32_t threads;
	uint32_t mappings;
	uint32_t state_bytes;
	uint32_t nwhys;
	uint32_t whys_left;
	uint64_t memory;
};

#define HIVE_MIG_CHECK_REPLY_LEN	32u

/**
 * struct hive_mig_why - one reason, after a MIGRATE_CHECK reply's head
 * @code: 1..HIVE_MIG_WHY_CODE_MAX - 1 (an enum hive_why value)
 * @detail_len: bytes of detail after it, 0..HIVE_MIG_WHY_DETAIL_MAX, none
 *	of them NUL
 * @arg: its argument
 */
struct hive_mig_why {
	uint16_t code;
	uint16_t detail_len;
	uint32_t arg;
};

#define HIVE_MIG_WHY_LEN	8u

/* The longest MIGRATE_CHECK reply: its head and every reason's longest detail. */
#define HIVE_MIG_CHECK_REPLY_MAX \
	(HIVE_MIG_CHECK_REPLY_LEN + HIVE_MIG_WHYS_MAX * (HIVE_MIG_WHY_LEN + HIVE_MIG_WHY_DETAIL_MAX))

/*
 * Codecs, with the conventions of the payload codecs in hive/core.h:
 * encoders return the bytes written, -EINVAL for a message the decoder
 * would refuse or -ENOSPC, and write nothing on failure; decoders return
 * the bytes read, -EAGAIN for too few and -EBADMSG for a refused value,
 * and write nothing on failure.
 */
/*
 * MIGRATE_MOVE: a caller on one node moves a process that runs on another
 * (hivectl migrate PID NODE from any node).  The request goes to the
 * process's home node, which passes it on to the node the process runs
 * on if it moved (one hop more, no further); the reply is the node it
 * runs on now, then a MIGRATE_CHECK reply with the process's counts and
 * the reasons that kept it (none if it moved).
 */
#define HIVE_MIG_MOVE_HOPS_MAX	1u

/**
 * struct hive_mig_move_req - MIGRATE_MOVE request
 * @who: the process and the caller, as MIGRATE_CHECK names them
 * @node: the target, a node id, or 0 for the least busy member
 * @hops: nodes that passed the request on, 0..HIVE_MIG_MOVE_HOPS_MAX
 */
struct hive_mig_move_req {
	struct hive_mig_check_req who;
	uint32_t node;
	uint32_t hops;
};

#define HIVE_MIG_MOVE_REQ_LEN	24u

/**
 * struct hive_mig_move_reply - MIGRATE_MOVE reply's head
 * @node: the node the process runs on now, a node id; 0 if a reason
 *	kept it where it was (the check reply that follows lists them)
 */
struct hive_mig_move_reply {
	uint32_t node;
};

#define HIVE_MIG_MOVE_REPLY_LEN	8u

int hive_mig_check_req_encode(const struct hive_mig_check_req *m, uint8_t *buf,
			      size_t len);
int hive_mig_check_req_decode(const uint8_t *buf, size_t len,
			      struct hive_mig_check_req *m);
int hive_mig_move_req_encode(const struct hive_mig_move_req *m, uint8_t *buf, size_t len);
int hive_mig_move_req_decode(const uint8_t *buf, size_t len, struct hive_mig_move_req *m);
int hive_mig_move_reply_encode(const struct hive_mig_move_reply *m, uint8_t *buf, size_t len);
int hive_mig_move_reply_decode(const uint8_t *buf, size_t len, struct hive_mig_move_reply *m);
int hive_mig_check_reply_encode(const struct hive_mig_check_reply *m, uint8_t *buf,
				size_t len);
int hive_mig_check_reply_decode(const uint8_t *buf, size_t len,
				struct hive_mig_check_reply *m);

/**
 * hive_mig_why_encode() - write one reason and its detail
 * @m: the reason; @m->detail_len bytes of @detail follow it
 * @detail: the detail, without a NUL
 * @buf: where to
 * @len: room
 *
 * Return: HIVE_MIG_WHY_LEN + @m->detail_len; -EINVAL for a code outside
 * 1..HIVE_MIG_WHY_CODE_MAX - 1, a longer detail or a NUL in it; -ENOSPC.
 */
int hive_mig_why_encode(const struct hive_mig_why *m, const char *detail, uint8_t *buf,
			size_t len);

/**
 * hive_mig_check_reply_check() - validate a whole MIGRATE_CHECK reply
 * @buf: the reply
 * @len: its length, exactly
 * @m: its head, written on success only
 *
 * The head, then exactly @m->nwhys reasons, each as
 * hive_mig_why_encode() writes them, and nothing after.  Read them with
 * hive_mig_why_decode() from HIVE_MIG_CHECK_REPLY_LEN on.
 *
 * Return: 0; -EBADMSG for anything else (the reply is one message).
 */
int hive_mig_check_reply_check(const uint8_t *buf, size_t len,
			       struct hive_mig_check_reply *m);

/**
 * hive_mig_why_decode() - read one reason of a checked reply
 * @buf: the reply's bytes from the reason on
 * @len: how many there are
 * @m: the reason, written on success only
 * @detail: set to its detail's first byte, in @buf
 *
 * Return: the bytes it took; -EAGAIN or -EBADMSG as the codecs do.
 */
int hive_mig_why_decode(const uint8_t *buf, size_t len, struct hive_mig_why *m,
			const uint8_t **detail);

/*
 * Moving a process: the target pulls the pages of the stream's mappings
 * from the source (MIGRATE_PAGES), and once the process runs on the
 * target, the target tells the source how it ended (MIGRATE_EXIT); a
 * migration the source gives up is named in MIGRATE_ABORT; a signal that
 * reaches the process's deputy goes to the target (MIGRATE_SIGNAL).
 */
#define HIVE_MIG_PAGES_MAX	32u	/* pages of one MIGRATE_PAGES reply */

/**
 * struct hive_mig_pages_req - MIGRATE_PAGES request
 * @migration: the migration, not 0
 * @start: the first address to look at, page-aligned
 * @end: one past the last, page-aligned, above @start, at most
 *	HIVE_MIG_USER_END; [start, end) lies in one mapping of the stream
 */
struct hive_mig_pages_req {
	uint64_t migration;
	uint64_t start;
	uint64_t end;
};

#define HIVE_MIG_PAGES_REQ_LEN	24u

/**
 * struct hive_mig_pages_reply - MIGRATE_PAGES reply: the pages found
 * @next: where the next request starts: past the last address looked
 *	at, page-aligned; the request's end once the range is done
 * @npages: pages the reply carries, 0..HIVE_MIG_PAGES_MAX, in the order
 *	of @addr
 * @addr: each page's address, page-aligned, ascending, below @next; the
 *	entries past @npages 0
 *
 * A page the process never wrote (none, or the zero page) is not sent:
 * the target's fresh mapping reads it as zeros.
 */
struct hive_mig_pages_reply {
	uint64_t next;
	uint32_t npages;
	uint64_t addr[HIVE_MIG_PAGES_MAX];
};

#define HIVE_MIG_PAGES_REPLY_LEN	272u

/**
 * struct hive_mig_exit - MIGRATE_EXIT: how a moved process ended
 * @migration: the migration that moved it, not 0
 * @status: its wait status, as waitpid(2) gives it: exited (low 7 bits
 *	0, the code in bits 8-15) or killed (a signal 1..64 in the low 7
 *	bits, bit 7 a core dump, nothing above)
 */
struct hive_mig_exit {
	uint64_t migration;
	uint32_t status;
};

#define HIVE_MIG_EXIT_LEN	16u

/**
 * struct hive_mig_abort - MIGRATE_ABORT: the source gives a migration up
 * @migration: the migration, not 0
 */
struct hive_mig_abort {
	uint64_t migration;
};

#define HIVE_MIG_ABORT_LEN	8u

/* hive_mig_signal.flags: for the process's leader alone, not the process */
#define HIVE_MIG_SIGNAL_THREAD	0x1u

/**
 * struct hive_mig_signal - MIGRATE_SIGNAL: a signal for a moved process
 * @migration: the migration that moved it, not 0
 * @flags: HIVE_MIG_SIGNAL_* bits, no other
 * @info: the signal and its siginfo, as the deputy dequeued it; never
 *	SIGKILL (the deputy killed sends MIGRATE_ABORT)
 */
struct hive_mig_signal {
	uint64_t migration;
	uint32_t flags;
	struct hive_mig_siginfo info;
};

#define HIVE_MIG_SIGNAL_LEN	64u

/*
 * A moved process's pipes, sockets and terminals stay at the source, each
 * under a handle (a FWD FILE's @ino) for the target alone.  The target's
 * proxy of one sends each operation as a MIGRATE_FORWARD call and, once
 * the last holder closed it, RELEASE as a cast.  When the process moves
 * on, its node passes the handle to the next one (PASS, a call), and
 * takes it back with another PASS if that move fails.  A request's body is the
 * request then, for WRITE, its @len bytes; a reply's body is the reply
 * then, for READ, @result bytes and, for IOCTL, the bytes
 * hive_mig_fwd_ioctl_len() names.
 */
enum hive_mig_fwd_op {
	HIVE_MIG_FWD_READ = 1,	/* up to @len bytes */
	HIVE_MIG_FWD_WRITE,	/* the @len bytes that follow */
	HIVE_MIG_FWD_POLL,	/* the events ready, of those in @arg */
	HIVE_MIG_FWD_IOCTL,	/* ioctl @arg, one that only reads */
	HIVE_MIG_FWD_RELEASE,	/* the target holds it no more */
	HIVE_MIG_FWD_PASS,	/* node @arg holds it from now, not the caller */
	__HIVE_MIG_FWD_OP_COUNT,
};

/* hive_mig_fwd_req.flags: READ, WRITE, POLL: wait a while if not ready */
#define HIVE_MIG_FWD_WAIT	0x1u
#define HIVE_MIG_FWD_DATA_MAX	65536u	/* bytes of one READ or WRITE */
#define HIVE_MIG_FWD_EVENTS	0xffffu	/* the poll events POLL may name */
/* The ioctls forwarded (x86-64 numbers): the terminal's settings and size */
#define HIVE_MIG_FWD_TCGETS	0x5401u
#define HIVE_MIG_FWD_TIOCGWINSZ	0x5413u

/**
 * struct hive_mig_fwd_req - MIGRATE_FORWARD request
 * @handle: the descriptor's handle, not 0
 * @op: an enum hive_mig_fwd_op value
 * @flags: READ, WRITE and POLL: HIVE_MIG_FWD_WAIT or 0; else 0
 * @len: READ and WRITE: 1..HIVE_MIG_FWD_DATA_MAX bytes; else 0
 * @arg: POLL: events within HIVE_MIG_FWD_EVENTS; IOCTL: a forwarded
 *	ioctl's number; PASS: a node id; else 0
 */
struct hive_mig_fwd_req {
	uint64_t handle;
	uint32_t op;
	uint32_t flags;
	uint32_t len;
	uint32_t arg;
};

#define HIVE_MIG_FWD_REQ_LEN	24u

/**
 * struct hive_mig_fwd_reply - MIGRATE_FORWARD reply
 * @result: READ and WRITE: the bytes done, 1..the request's @len (a READ's
 *	0 is the end of the file); POLL: the events ready within the
 *	request's; IOCTL and PASS: 0
 */
struct hive_mig_fwd_reply {
	uint32_t result;
};

#define HIVE_MIG_FWD_REPLY_LEN	8u

/*
 * A process that runs on another node than its home moves on: its node
 * tells the deputy at the home node, before END (GOING: the process may
 * end at @node, whose report is taken), once it runs there (GONE: its
 * signals go there) or if it stays (STAYED).
 */
enum hive_mig_moved_stage {
	HIVE_MIG_MOVED_GOING = 1,
	HIVE_MIG_MOVED_GONE,
	HIVE_MIG_MOVED_STAYED,
	__HIVE_MIG_MOVED_STAGE_COUNT,
};

/**
 * struct hive_mig_moved - MIGRATE_MOVED: where a moved process goes next
 * @migration: the migration the deputy stands for, not 0
 * @node: the node it moves to, a node id
 * @stage: an enum hive_mig_moved_stage value
 */
struct hive_mig_moved {
	uint64_t migration;
	uint16_t node;
	uint8_t stage;
};

#define HIVE_MIG_MOVED_LEN	16u

int hive_mig_pages_req_encode(const struct hive_mig_pages_req *m, uint8_t *buf,
			      size_t len);
int hive_mig_pages_req_decode(const uint8_t *buf, size_t len,
			      struct hive_mig_pages_req *m);
int hive_mig_pages_reply_encode(const struct hive_mig_pages_reply *m, uint8_t *buf,
				size_t len);
int hive_mig_pages_reply_decode(const uint8_t *buf, size_t len,
				struct hive_mig_pages_reply *m);
int hive_mig_exit_encode(const struct hive_mig_exit *m, uint8_t *buf, size_t len);
int hive_mig_exit_decode(const uint8_t *buf, size_t len, struct hive_mig_exit *m);
int hive_mig_abort_encode(const struct hive_mig_abort *m, uint8_t *buf, size_t len);
int hive_mig_abort_decode(const uint8_t *buf, size_t len, struct hive_mig_abort *m);
int hive_mig_signal_encode(const struct hive_mig_signal *m, uint8_t *buf, size_t len);
int hive_mig_signal_decode(const uint8_t *buf, size_t len, struct hive_mig_signal *m);
int hive_mig_moved_encode(const struct hive_mig_moved *m, uint8_t *buf, size_t len);
int hive_mig_moved_decode(const uint8_t *buf, size_t len, struct hive_mig_moved *m);
int hive_mig_fwd_req_encode(const struct hive_mig_fwd_req *m, uint8_t *buf, size_t len);
int hive_mig_fwd_req_decode(const uint8_t *buf, size_t len, struct hive_mig_fwd_req *m);
int hive_mig_fwd_reply_encode(const struct hive_mig_fwd_reply *m, uint8_t *buf, size_t len);
int hive_mig_fwd_reply_decode(const uint8_t *buf, size_t len, struct hive_mig_fwd_reply *m);
uint32_t hive_mig_fwd_ioctl_len(uint32_t cmd);
int hive_mig_fwd_reply_check(const struct hive_mig_fwd_req *req,
			     const struct hive_mig_fwd_reply *reply, size_t data_len);

#ifdef __cplusplus
}
#endif

#endif
