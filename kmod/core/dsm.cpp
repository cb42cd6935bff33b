// SPDX-License-Identifier: GPL-2.0
/*
 * Page ownership: the manager's directory and each node's state of a page,
 * one event at a time.  The rules and why they keep a page coherent and
 * never lose it to a transaction: include/hive/dsm.h, Documentation/dsm.rst.
 */
#include "hive/dsm.h"
#include "hive_netlink.h"
#include "errno.hpp"

namespace {

static_assert(HIVE_DSM_REPLICAS_MAX + 1 <= 16, "acked is a 16-bit mask");
static_assert(HIVE_NODE_ID_MAX <= 0xffff, "node ids travel as 16 bits");
// Worst event: an abort to every target, then the request again (an INV
// to every replica and a FETCH).
static_assert(HIVE_DSM_OUT_MAX >= 2 * (HIVE_DSM_REPLICAS_MAX + 1));

bool access_ok(uint32_t access)
{
	return access == HIVE_DSM_READ || access == HIVE_DSM_WRITE;
}

bool node_ok(uint32_t node)
{
	return node >= HIVE_NODE_ID_MIN && node <= HIVE_NODE_ID_MAX;
}

hive_dsm_msg &emit(hive_dsm_out *out, uint16_t type, uint16_t from,
		   uint16_t to, uint32_t txn)
{
	hive_dsm_msg &m = out->msg[out->count++];

	m = hive_dsm_msg{};
	m.type = type;
	m.from = from;
	m.to = to;
	m.txn = txn;
	return m;
}

void reset(hive_dsm_out *out)
{
	out->count = 0;
}

// The directory's side.
struct Dir {
	hive_dsm_dir *d;
	uint16_t self;
	hive_dsm_out *out;

	int replica_index(uint16_t node) const
	{
		for (int i = 0; i < d->nreplicas; i++)
			if (d->replicas[i] == node)
				return i;
		return -1;
	}

	void replica_remove(int i)
	{
		for (; i + 1 < d->nreplicas; i++)
			d->replicas[i] = d->replicas[i + 1];
		d->nreplicas--;
	}

	int target_index(uint16_t node) const
	{
		for (int i = 0; i < d->ntargets; i++)
			if (d->targets[i] == node)
				return i;
		return -1;
	}

	bool all_acked() const
	{
		return d->acked == (1u << d->ntargets) - 1;
	}

	// @node gives up its copy in this transaction, kept until it ends.
	void target_add(uint16_t node, bool send_inv)
	{
		int i = d->ntargets++;

		d->targets[i] = node;
		if (send_inv)
			emit(out, HIVE_DSM_INV, self, node, d->txn);
		else
			d->acked |= 1u << i;	// a FETCH source: DONE covers it
	}

	// The owner left: a replica's copy is the page now, or nothing is.
	void owner_lost()
	{
		if (d->nreplicas) {
			d->owner = d->replicas[0];
			replica_remove(0);
		} else {
			d->owner = 0;
			d->lost = 1;
		}
	}

	// Every kept copy gets @type (the caller drops what is addressed to
	// nodes that left).
	void tell_targets(uint16_t type)
	{
		for (int i = 0; i < d->ntargets; i++)
			emit(out, type, self, d->targets[i], d->txn);
	}

	// The next transaction's number; 0 never names one.
	uint32_t next_txn()
	{
		if (!++d->txn)
			d->txn = 1;
		return d->txn;
	}

	void end_txn()
	{
		d->busy = 0;
		d->requester = 0;
		d->access = 0;
		d->source = 0;
		d->fetched = 0;
		d->queried = 0;
		d->ntargets = 0;
		d->acked = 0;
	}

	void start(uint16_t from, uint32_t access);
	void finish();
	void abort();
	void progress();
};

void Dir::start(uint16_t from, uint32_t access)
{
	bool has_copy;

	if (d->lost) {
		emit(out, HIVE_DSM_FAIL, self, from, d->txn).status =
			-hive::err::hostdown;
		return;
	}
	if (!d->owner) {
		// Nobody held it: the first toucher gets a zero page, writable.
		d->owner = from;
		hive_dsm_msg &m = emit(out, HIVE_DSM_GRANT, self, from, next_txn());
		m.access = HIVE_DSM_WRITE;
		m.zero = 1;
		return;
	}
	has_copy = d->owner == from || replica_index(from) >= 0;
	if (access == HIVE_DSM_READ && has_copy) {
		// It holds a copy already (a retried request): map it.
		emit(out, HIVE_DSM_GRANT, self, from, next_txn()).access =
			HIVE_DSM_READ;
		return;
	}
	d->busy = 1;
	next_txn();
	d->requester = from;
	d->access = uint8_t(access);
	if (access == HIVE_DSM_READ) {
		if (d->nreplicas == d->max_replicas)
			target_add(d->replicas[0], true);	// evicted
		d->source = d->owner;
	} else {
		for (int i = 0; i < d->nreplicas; i++)
			if (d->replicas[i] != from)
				target_add(d->replicas[i], true);
		if (has_copy) {
			if (d->owner != from)
				target_add(d->owner, true);
		} else {
			d->source = d->owner;
		}
	}
	if (d->source) {
		hive_dsm_msg &m = emit(out, HIVE_DSM_FETCH, self, d->source,
				       d->txn);
		m.access = uint8_t(access);
		m.node = from;
		if (access == HIVE_DSM_WRITE)
			target_add(d->source, false);
	}
	progress();
}

/*
 * Every copy given up is unmapped and the data is where it goes: commit.
 * While a transaction is under way, owner 0 means the owner left.
 */
void Dir::finish()
{
	tell_targets(HIVE_DSM_COMMIT);
	if (d->access == HIVE_DSM_WRITE) {
		emit(out, HIVE_DSM_GRANT, self, d->requester, d->txn).access =
			HIVE_DSM_WRITE;
		d->owner = d->requester;
		d->nreplicas = 0;
	} else {
		for (int i = 0; i < d->ntargets; i++) {
			int r = replica_index(d->targets[i]);

			if (r >= 0)
				replica_remove(r);
		}
		d->replicas[d->nreplicas++] = d->requester;
		if (!d->owner)
			owner_lost();
	}
	end_txn();
}

// Undo: every kept copy is mapped again, the directory is as it was.
void Dir::abort()
{
	tell_targets(HIVE_DSM_ABORT);
	if (!d->owner)
		owner_lost();
	end_txn();
}

void Dir::progress()
{
	if (d->busy && all_acked() && (!d->source || d->fetched))
		finish();
}

} // namespace

extern "C" int hive_dsm_dir_init(struct hive_dsm_dir *dir,
				 uint32_t max_replicas)
{
	if (!max_replicas || max_replicas > HIVE_DSM_REPLICAS_MAX)
		return -hive::err::inval;
	*dir = hive_dsm_dir{};
	dir->max_replicas = uint8_t(max_replicas);
	return 0;
}

extern "C" int hive_dsm_dir_idle(const struct hive_dsm_dir *dir)
{
	return !dir->busy;
}

extern "C" int hive_dsm_dir_request(struct hive_dsm_dir *dir, uint16_t self,
				    uint16_t from, uint32_t access,
				    struct hive_dsm_out *out)
{
	reset(out);
	if (!access_ok(access) || !node_ok(from) || !node_ok(self))
		return -hive::err::inval;
	if (dir->busy)
		return -hive::err::busy;
	Dir{ dir, self, out }.start(from, access);
	return 0;
}

extern "C" int hive_dsm_dir_receive(struct hive_dsm_dir *dir, uint16_t self,
				    const struct hive_dsm_msg *msg,
				    struct hive_dsm_out *out)
{
	Dir m{ dir, self, out };
	int i;

	reset(out);
	if (msg->type != HIVE_DSM_INV_ACK && msg->type != HIVE_DSM_DONE &&
	    msg->type != HIVE_DSM_NODATA)
		return -hive::err::proto;
	if (!dir->busy || msg->txn != dir->txn)
		return -hive::err::stale;
	switch (msg->type) {
	case HIVE_DSM_INV_ACK:
		i = m.target_index(msg->from);
		if (i < 0 || msg->from == dir->source)
			return -hive::err::stale;
		dir->acked |= 1u << i;
		break;
	case HIVE_DSM_DONE:
		if (msg->from != dir->requester || !dir->source)
			return -hive::err::stale;
		dir->fetched = 1;
		break;
	default: {
		// NODATA: the source left before its DATA arrived.  Undo,
		// and ask again of whoever holds the page now.
		uint16_t from = dir->requester;
		uint32_t access = dir->access;

		if (from != msg->from || !dir->queried || dir->fetched)
			return -hive::err::stale;
		m.abort();
		m.start(from, access);
		return 0;
	}
	}
	m.progress();
	return 0;
}

extern "C" int hive_dsm_dir_node_down(struct hive_dsm_dir *dir,
				      uint16_t self, uint16_t node,
				      struct hive_dsm_out *out)
{
	Dir m{ dir, self, out };
	int i;

	reset(out);
	i = m.replica_index(node);
	if (i >= 0)
		m.replica_remove(i);
	if (!dir->busy) {
		if (dir->owner == node)
			m.owner_lost();
		return 0;
	}
	i = m.target_index(node);
	if (i >= 0)
		dir->acked |= 1u << i;
	if (node == dir->owner)
		dir->owner = 0;	// finish() or abort() hands the page on
	if (node == dir->requester) {
		// Nothing reached it for good: every kept copy comes back.
		m.abort();
		return 0;
	}
	if (node == dir->source && !dir->fetched) {
		// Its DATA may be on the way: the requester knows.
		emit(out, HIVE_DSM_QUERY, self, dir->requester, dir->txn).node =
			node;
		dir->queried = 1;
		return 0;
	}
	m.progress();
	return 0;
}

extern "C" int hive_dsm_page_fault(struct hive_dsm_page *page, uint16_t self,
				   uint16_t manager, uint32_t access,
				   struct hive_dsm_out *out)
{
	reset(out);
	if (!access_ok(access))
		return -hive::err::inval;
	if (page->state == HIVE_DSM_RW ||
	    (page->state == HIVE_DSM_RO && access == HIVE_DSM_READ))
		return 0;
	if (page->want < access) {
		// A write fault behind a read's REQ asks again once it ends.
		if (page->want)
			return -hive::err::inprogress;
		page->want = uint8_t(access);
		emit(out, HIVE_DSM_REQ, self, manager, 0).access = uint8_t(access);
	}
	return -hive::err::inprogress;
}

namespace {

// Give the copy up until transaction @txn's COMMIT or ABORT.
int page_keep(hive_dsm_page *page, uint32_t txn)
{
	if (page->state != HIVE_DSM_RO && page->state != HIVE_DSM_RW)
		return -hive::err::proto;
	page->kept_from = page->state;
	page->kept_txn = txn;
	page->state = HIVE_DSM_KEPT;
	return 0;
}

/*
 * COMMIT or ABORT of the transaction that kept the copy.  The COMMIT may
 * come after a later DATA ended the copy (page_receive_data()).
 */
int page_settle(hive_dsm_page *page, const hive_dsm_msg *msg)
{
	if (!page->kept_txn || msg->txn != page->kept_txn)
		return -hive::err::proto;
	if (page->state == HIVE_DSM_KEPT)
		page->state = msg->type == HIVE_DSM_ABORT ?
			      page->kept_from : uint8_t(HIVE_DSM_NONE);
	else if (msg->type == HIVE_DSM_ABORT)
		return -hive::err::proto;
	page->kept_from = 0;
	page->kept_txn = 0;
	return 0;
}

int page_receive_data(hive_dsm_page *page, uint16_t self, uint16_t manager,
		      const hive_dsm_msg *msg, hive_dsm_out *out)
{
	if (!page->want)
		return -hive::err::proto;
	/*
	 * The manager sends this node DATA only once it holds no copy: a
	 * copy still kept was committed, and its COMMIT is on the way.
	 */
	if (page->state == HIVE_DSM_KEPT)
		page->state = HIVE_DSM_NONE;
	if (page->state != HIVE_DSM_NONE)
		return -hive::err::proto;
	page->state = HIVE_DSM_RO;
	page->installed = msg->txn;
	if (page->want == HIVE_DSM_READ)
		page->want = 0;
	if (page->query_txn == msg->txn)
		page->query_txn = page->query_node = 0;
	emit(out, HIVE_DSM_DONE, self, manager, msg->txn);
	return 0;
}

void page_nodata(hive_dsm_page *page, uint16_t self, uint16_t manager,
		 hive_dsm_out *out)
{
	emit(out, HIVE_DSM_NODATA, self, manager, page->query_txn);
	page->query_txn = 0;
	page->query_node = 0;
}

} // namespace

extern "C" int hive_dsm_page_receive(struct hive_dsm_page *page,
				     uint16_t self, uint16_t manager,
				     const struct hive_dsm_msg *msg,
				     int node_gone, struct hive_dsm_out *out)
{
	int err;

	reset(out);
	switch (msg->type) {
	case HIVE_DSM_INV:
		err = page_keep(page, msg->txn);
		if (!err)
			emit(out, HIVE_DSM_INV_ACK, self, manager, msg->txn);
		return err;
	case HIVE_DSM_FETCH:
		if (!access_ok(msg->access) || !node_ok(msg->node))
			return -hive::err::proto;
		if (msg->access == HIVE_DSM_WRITE) {
			err = page_keep(page, msg->txn);
			if (err)
				return err;
		} else if (page->state == HIVE_DSM_RO ||
			   page->state == HIVE_DSM_RW) {
			page->state = HIVE_DSM_RO;
		} else {
			return -hive::err::proto;
		}
		emit(out, HIVE_DSM_DATA, self, msg->node, msg->txn);
		return 0;
	case HIVE_DSM_DATA:
		return page_receive_data(page, self, manager, msg, out);
	case HIVE_DSM_GRANT:
		if (!access_ok(msg->access) || !page->want)
			return -hive::err::proto;
		if (msg->zero) {
			if (page->state != HIVE_DSM_NONE)
				return -hive::err::proto;
			page->state = HIVE_DSM_RW;
		} else if (page->state == HIVE_DSM_RO ||
			   page->state == HIVE_DSM_RW) {
			if (msg->access == HIVE_DSM_WRITE)
				page->state = HIVE_DSM_RW;
		} else {
			return -hive::err::proto;
		}
		page->want = 0;
		return 0;
	case HIVE_DSM_FAIL:
		if (!page->want || msg->status >= 0)
			return -hive::err::proto;
		page->want = 0;
		return msg->status;
	case HIVE_DSM_COMMIT:
	case HIVE_DSM_ABORT:
		return page_settle(page, msg);
	case HIVE_DSM_QUERY:
		if (!node_ok(msg->node))
			return -hive::err::proto;
		if (page->installed == msg->txn)
			return 0;	// its DONE is on the way
		page->query_txn = msg->txn;
		page->query_node = msg->node;
		if (node_gone)
			page_nodata(page, self, manager, out);
		return 0;
	default:
		return -hive::err::proto;
	}
}

extern "C" int hive_dsm_page_node_down(struct hive_dsm_page *page,
				       uint16_t self, uint16_t manager,
				       uint16_t node, struct hive_dsm_out *out)
{
	reset(out);
	if (page->query_txn && page->query_node == node)
		page_nodata(page, self, manager, out);
	return 0;
}
