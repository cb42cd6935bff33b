/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for hive's selftests.  Deliberately not libnl: the
 * tests must be able to build malformed messages (wrong lengths, unknown
 * attributes, truncated TLVs) that a library would refuse to send.
 */
#ifndef HIVE_SELFTEST_GENL_H
#define HIVE_SELFTEST_GENL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#define GENL_TEST_BUF 8192

struct genl_msg {
	union {
		struct nlmsghdr nlh;
		char buf[GENL_TEST_BUF];
	};
};

/* What the kernel answered to one request. */
struct genl_answer {
	int error;			/* 0 or a negative errno */
	char extack[256];		/* NLMSGERR_ATTR_MSG, or "" */
	int miss_type;			/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
	struct genl_msg reply;		/* the reply message, if any */
	int has_reply;
};

int genl_open(void);
int genl_family_id(int fd, const char *name);
void genl_msg_init(struct genl_msg *m, uint16_t family, uint8_t cmd);
void genl_msg_put(struct genl_msg *m, uint16_t type, const void *data,
		  uint16_t len);
void genl_msg_put_raw(struct genl_msg *m, const void *bytes, size_t len);
struct nlattr *genl_msg_nest_start(struct genl_msg *m, uint16_t type);
void genl_msg_nest_end(struct genl_msg *m, struct nlattr *nest);
int genl_transact(int fd, struct genl_msg *m, struct genl_answer *a);
int genl_dump(int fd, struct genl_msg *m,
	      void (*fn)(const struct nlmsghdr *nlh, void *ctx), void *ctx);
const struct nlattr *genl_attr_in(const void *start, const void *end,
				  uint16_t type);
const struct nlattr *genl_reply_attr(const struct genl_answer *a,
				     uint16_t type);

#endif
