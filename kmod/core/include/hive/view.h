/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of the core's membership view rules (Documentation/membership.rst).
 *
 * A view is what hived learned from corosync: an epoch (corosync's totem
 * ring sequence, cluster-wide and monotonic), whether the partition is
 * quorate, and the members sorted by node id.  The kernel applies a view
 * only after these functions accept it.  Pure computation, any context.
 */
#ifndef HIVE_CORE_VIEW_H
#define HIVE_CORE_VIEW_H

#include "hive/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HIVE_ADDR_INET	4
#define HIVE_ADDR_INET6	6

/**
 * struct hive_view_member - one node in a view
 * @node_id: HIVE_NODE_ID_MIN..HIVE_NODE_ID_MAX
 * @port: the node's cluster port, host byte order, non-zero
 * @family: HIVE_ADDR_INET or HIVE_ADDR_INET6
 * @reserved: zero
 * @addr: the node's cluster address, network byte order; IPv4 uses the
 *	first 4 bytes and leaves the rest zero
 * @incarnation: the node's incarnation (minted when its hive.ko loaded),
 *	or 0 while hived has not heard it announce itself
 */
struct hive_view_member {
	uint32_t node_id;
	uint16_t port;
	uint8_t family;
	uint8_t reserved;
	uint8_t addr[16];
	uint64_t incarnation;
};

/**
 * struct hive_view_ref - a view, by reference
 * @epoch: non-zero; corosync's ring sequence
 * @members: @count members, strictly increasing node ids
 * @count: 1..HIVE_NODE_ID_MAX
 */
struct hive_view_ref {
	uint64_t epoch;
	const struct hive_view_member *members;
	size_t count;
};

/**
 * hive_view_check() - is @view well-formed, and does it hold @local?
 * @view: the view
 * @local: the local node's id; it must be a member
 * @bad: set to the index of the first bad member, or to @view->count when
 *	the view as a whole is bad; may be NULL
 *
 * Return: 0; -EINVAL for a zero epoch, no or too many members, unsorted or
 * repeated node ids, an invalid id, address family, address, port or
 * reserved field; -ENOENT if @local is not a member.
 */
int hive_view_check(const struct hive_view_ref *view, uint32_t local,
		    size_t *bad);

/**
 * hive_view_check_successor() - may @next replace @cur?
 * @cur: the view in force (already checked)
 * @next: the candidate (already checked)
 *
 * A later epoch may change anything.  The same epoch may only fill in
 * incarnations that were unknown (0): same members, same addresses.
 *
 * Return: 0; -ESTALE for an older epoch; -EINVAL for a same-epoch view
 * that changes more than unknown incarnations.
 */
int hive_view_check_successor(const struct hive_view_ref *cur,
			      const struct hive_view_ref *next);

enum hive_view_change {
	HIVE_VIEW_JOINED,	/* in @next, not in @cur */
	HIVE_VIEW_LEFT,		/* in @cur, not in @next */
	HIVE_VIEW_RESTARTED,	/* known incarnation replaced by another */
	HIVE_VIEW_ANNOUNCED,	/* unknown incarnation now known */
	HIVE_VIEW_FORGOTTEN,	/* known incarnation unknown again (a later
				 * epoch, before the node announced itself) */
	HIVE_VIEW_MOVED,	/* same incarnation, new address or port */
};

typedef void (*hive_view_change_fn)(void *ctx, enum hive_view_change change,
				    const struct hive_view_member *before,
				    const struct hive_view_member *after);

/**
 * hive_view_diff() - report what changes from @cur to @next
 * @cur: the old view, or a view with no members
 * @next: the new view
 * @fn: called once per changed node, in node id order; @before is NULL for
 *	JOINED, @after is NULL for LEFT
 * @ctx: passed to @fn
 *
 * Return: the number of changes reported.
 */
size_t hive_view_diff(const struct hive_view_ref *cur,
		      const struct hive_view_ref *next,
		      hive_view_change_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* HIVE_CORE_VIEW_H */
