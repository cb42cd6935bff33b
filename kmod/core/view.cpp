// SPDX-License-Identifier: GPL-2.0
/*
 * Membership view rules: which views are well-formed, which may replace the
 * view in force, and what changes between two views.  The rules and their
 * reasons: Documentation/membership.rst.
 */
#include "hive/view.h"
#include "hive_netlink.h"
#include "errno.hpp"

namespace {

using Member = hive_view_member;

bool addr_ok(const Member &m)
{
	size_t len = m.family == HIVE_ADDR_INET ? 4 : 16;
	bool nonzero = false;

	if (m.family != HIVE_ADDR_INET && m.family != HIVE_ADDR_INET6)
		return false;
	for (size_t i = 0; i < sizeof(m.addr); i++) {
		if (i >= len && m.addr[i])
			return false;
		nonzero = nonzero || m.addr[i];
	}
	return nonzero;
}

bool member_ok(const Member &m)
{
	return hive_core_check_node_id(m.node_id) == 0 && m.port != 0 &&
	       m.reserved == 0 && addr_ok(m);
}

bool same_place(const Member &a, const Member &b)
{
	if (a.family != b.family || a.port != b.port)
		return false;
	for (size_t i = 0; i < sizeof(a.addr); i++)
		if (a.addr[i] != b.addr[i])
			return false;
	return true;
}

/*
 * Walk two views in node id order, calling fn(before, after) for every
 * node in either; the one it is missing from gets nullptr.
 */
template <typename Fn>
void merge_walk(const hive_view_ref &a, const hive_view_ref &b, Fn fn)
{
	size_t i = 0, j = 0;

	while (i < a.count || j < b.count) {
		if (j == b.count ||
		    (i < a.count && a.members[i].node_id < b.members[j].node_id))
			fn(&a.members[i++], nullptr);
		else if (i == a.count || b.members[j].node_id < a.members[i].node_id)
			fn(nullptr, &b.members[j++]);
		else
			fn(&a.members[i++], &b.members[j++]);
	}
}

} // namespace

extern "C" int hive_view_check(const struct hive_view_ref *view, uint32_t local,
			       size_t *bad)
{
	bool has_local = false;
	size_t dummy;

	bad = bad ? bad : &dummy;
	*bad = view->count;
	if (view->epoch == 0 || view->count == 0 || view->count > HIVE_NODE_ID_MAX)
		return -hive::err::inval;
	for (size_t i = 0; i < view->count; i++) {
		const Member &m = view->members[i];

		if (!member_ok(m) ||
		    (i > 0 && m.node_id <= view->members[i - 1].node_id)) {
			*bad = i;
			return -hive::err::inval;
		}
		has_local = has_local || m.node_id == local;
	}
	return has_local ? 0 : -hive::err::noent;
}

extern "C" int hive_view_check_successor(const struct hive_view_ref *cur,
					 const struct hive_view_ref *next)
{
	bool ok = true;

	if (next->epoch < cur->epoch)
		return -hive::err::stale;
	if (next->epoch > cur->epoch)
		return 0;
	merge_walk(*cur, *next, [&ok](const Member *before, const Member *after) {
		ok = ok && before && after && same_place(*before, *after) &&
		     (before->incarnation == 0 ||
		      before->incarnation == after->incarnation);
	});
	return ok ? 0 : -hive::err::inval;
}

extern "C" size_t hive_view_diff(const struct hive_view_ref *cur,
				 const struct hive_view_ref *next,
				 hive_view_change_fn fn, void *ctx)
{
	size_t changes = 0;

	merge_walk(*cur, *next, [&](const Member *before, const Member *after) {
		hive_view_change change;

		if (!before)
			change = HIVE_VIEW_JOINED;
		else if (!after)
			change = HIVE_VIEW_LEFT;
		else if (!before->incarnation && after->incarnation)
			change = HIVE_VIEW_ANNOUNCED;
		else if (before->incarnation && !after->incarnation)
			change = HIVE_VIEW_FORGOTTEN;
		else if (before->incarnation != after->incarnation)
			change = HIVE_VIEW_RESTARTED;
		else if (!same_place(*before, *after))
			change = HIVE_VIEW_MOVED;
		else
			return;
		fn(ctx, change, before, after);
		changes++;
	});
	return changes;
}
