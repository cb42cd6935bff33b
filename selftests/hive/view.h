/* SPDX-License-Identifier: GPL-2.0 */
/* Sending membership views to hive.ko, for hive's selftests. */
#ifndef HIVE_SELFTEST_VIEW_H
#define HIVE_SELFTEST_VIEW_H

#include <stdint.h>
#include "genl.h"

/* One member as a test sends it; addr_len 0 leaves the address out. */
struct view_member {
	uint32_t id;
	uint64_t incarnation;
	uint8_t addr[16];
	uint16_t addr_len;
	uint16_t port;
};

/* Node @node at 198.18.0.@node:7100 with incarnation @inc (0: unknown). */
#define VIEW_MEMBER(node, inc) { .id = node, .incarnation = inc,		\
	.addr = { 198, 18, 0, node }, .addr_len = 4, .port = 7100 }

int send_view(int fd, int family, uint64_t epoch, uint8_t quorate,
	      const struct view_member *members, int n, struct genl_answer *a);

#endif
