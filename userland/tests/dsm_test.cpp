// SPDX-License-Identifier: GPL-2.0
// Page ownership (hive/dsm.h): a few rules case by case, then a model of a
// manager and nodes that fault, write, exchange the protocol's messages in
// every order the transport allows (in order between two nodes, any
// interleaving across pairs), and die (a node's messages stop reaching
// each survivor when that survivor processes its departure, at any
// point).  Every reachable state up to a bound is explored; after every
// step:
//   - no page is writable on two nodes, nor writable on one and readable
//     on another;
//   - every mapped copy holds the last value written (no write lost, no
//     stale read);
//   - no call returns -EPROTO (no message that does not fit its state);
// and in every state where nothing is left to deliver:
//   - every fault was answered, the entry is idle, nothing is kept;
//   - the directory names exactly the holders: one owner, alive, with the
//     last value, and its replicas read-only with the same;
//   - a page is lost (its faults fail) only if, when some node died, that
//     node alone held the last value, or the manager gave it the page
//     before it learnt of the death (granted_to_dead()).
// A model whose nodes acknowledge an INV without unmapping must fail it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>
#include <gtest/gtest.h>
#include "hive/dsm.h"

namespace {

constexpr uint16_t kManager = 1;
constexpr int kMaxNodes = 4;

struct Msg {
	hive_dsm_msg m;
	uint32_t value;		// DATA: the page's content
};

struct Node {
	hive_dsm_page page;
	uint32_t value;		// content of its copy (state != NONE)
	bool alive;
	uint8_t processed;	// bit n: n's departure processed here
};

struct Bounds {
	int nodes = 3;
	int faults = 4;
	int writes = 2;
	int deaths = 1;
	uint32_t max_replicas = 2;
	// Broken nodes, for the model's self-tests: one that acknowledges
	// an INV but keeps its mapping, one that drops its copy at once (no
	// copy to give back if the transaction is undone).
	bool bug_ack_keeps_mapping = false;
	bool bug_inv_drops_copy = false;
};

struct World {
	Node node[kMaxNodes + 1];
	hive_dsm_dir dir;
	// Queues of a few messages each: vectors, since an empty one copies
	// without allocating (a deque allocates even empty, and the search
	// copies every world it steps from).
	std::vector<Msg> chan[kMaxNodes + 1][kMaxNodes + 1];
	std::vector<hive_dsm_msg> waiting;	// REQs the busy entry holds
	uint32_t latest = 0, version = 0;
	int faults = 0, writes = 0, deaths = 0;
	bool lost_ok = false;			// some death took the only copy
	std::string error;
	bool tracing = false;			// keep a log of the run
	std::string log;

	// note([&] { return text; }): the text is made only when tracing.
	template <typename F> void note(F &&what)
	{
		if (tracing)
			log += what() + "\n";
	}

	explicit World(const Bounds &b)
	{
		memset(node, 0, sizeof(node));
		for (int n = 1; n <= b.nodes; n++)
			node[n].alive = true;
		hive_dsm_dir_init(&dir, b.max_replicas);
		faults = b.faults;
		writes = b.writes;
		deaths = b.deaths;
	}

	// The world's state, field by field: raw struct bytes would carry
	// padding, and equal worlds with different padding searched twice.
	// A field added to these structs goes into the key too, or worlds
	// that differ in it are taken for one.
	std::string key(const Bounds &b) const
	{
		static_assert(sizeof(hive_dsm_page) == 20 && sizeof(hive_dsm_dir) == 60 &&
				      sizeof(hive_dsm_msg) == 20,
			      "a field of the protocol's state is missing from key()");
		std::string k;
		auto put = [&k](auto... field) {
			(k.append(reinterpret_cast<const char *>(&field), sizeof(field)), ...);
		};
		auto put_msg = [&put](const hive_dsm_msg &m) {
			put(m.type, m.from, m.to, m.txn, m.access, m.zero, m.node, m.status);
		};

		for (int n = 1; n <= b.nodes; n++) {
			const Node &x = node[n];
			const hive_dsm_page &p = x.page;

			put(p.state, p.kept_from, p.want, p.kept_txn, p.installed, p.query_txn,
			    p.query_node, x.value, x.alive, x.processed);
		}
		put(dir.owner, dir.lost, dir.max_replicas, dir.nreplicas, dir.txn, dir.busy,
		    dir.requester, dir.access, dir.source, dir.fetched, dir.queried, dir.ntargets,
		    dir.acked);
		for (uint16_t node_id : dir.replicas)
			put(node_id);
		for (uint16_t node_id : dir.targets)
			put(node_id);
		for (int a = 1; a <= b.nodes; a++)
			for (int c = 1; c <= b.nodes; c++) {
				put(uint8_t(chan[a][c].size()));
				for (const Msg &m : chan[a][c]) {
					put_msg(m.m);
					put(m.value);
				}
			}
		put(uint8_t(waiting.size()));
		for (const hive_dsm_msg &m : waiting)
			put_msg(m);
		put(latest, version, int8_t(faults), int8_t(writes), int8_t(deaths), lost_ok);
		return k;
	}

	void fail(const std::string &what)
	{
		if (error.empty())
			error = what;
	}

	void send(const hive_dsm_out &out, uint32_t value)
	{
		for (uint32_t i = 0; i < out.count; i++) {
			const hive_dsm_msg &m = out.msg[i];

			if (!crosses_wire(m))
				fail("the wire codec refused or changed a message of type " +
				     std::to_string(m.type));

			// The transport drops what goes to a node that left.
			if (!node[m.to].alive)
				continue;
			note([&] {
				return "  send " + std::to_string(m.type) + " " +
				       std::to_string(m.from) + "->" + std::to_string(m.to) +
				       " txn " + std::to_string(m.txn) + " access " +
				       std::to_string(m.access) + " node " +
				       std::to_string(m.node);
			});
			chan[m.from][m.to].push_back({ m, value });
		}
	}

	// @m, encoded for a page and decoded, comes out as it went in.
	static bool crosses_wire(const hive_dsm_msg &m)
	{
		const hive_dsm_wire in{ .page = { .space = 7, .region = 3, .index = 42 },
					.msg = m };
		hive_dsm_wire out{};
		uint8_t buf[HIVE_DSM_WIRE_LEN];

		return hive_dsm_wire_encode(&in, buf, sizeof(buf)) == int(sizeof(buf)) &&
		       hive_dsm_wire_decode(buf, sizeof(buf), &out) == int(sizeof(buf)) &&
		       out.msg.type == m.type && out.msg.from == m.from &&
		       out.msg.to == m.to && out.msg.txn == m.txn &&
		       out.msg.access == m.access && out.msg.zero == m.zero &&
		       out.msg.node == m.node && out.msg.status == m.status;
	}

	bool for_manager(uint16_t type) const
	{
		return type == HIVE_DSM_REQ || type == HIVE_DSM_INV_ACK ||
		       type == HIVE_DSM_DONE || type == HIVE_DSM_NODATA;
	}

	void offer_waiting()
	{
		hive_dsm_out out;

		while (!waiting.empty() && hive_dsm_dir_idle(&dir)) {
			hive_dsm_msg m = waiting.front();

			waiting.erase(waiting.begin());
			uint16_t owner_before = dir.owner;
			if (hive_dsm_dir_request(&dir, kManager, m.from, m.access,
						 &out))
				fail("a waiting request refused");
			granted_to_dead(m.from, owner_before,
					m.access == HIVE_DSM_WRITE);
			send(out, 0);
		}
	}

	/*
	 * The manager gave the page to a node that asked for it and died
	 * before the manager learnt so: as if it died just after, it alone
	 * holds the page (the manager cannot tell whether it wrote, so the
	 * copies given up may be stale and must not come back).
	 */
	void granted_to_dead(uint16_t taker, uint16_t owner_before,
			     bool writing)
	{
		bool granted = dir.owner != owner_before ||
			       (writing && !dir.busy);

		if (granted && dir.owner == taker && !node[taker].alive)
			lost_ok = true;
	}

	void manager_receive(const hive_dsm_msg &m)
	{
		uint16_t taker = dir.busy ? dir.requester : m.from;
		uint16_t owner_before = dir.owner;
		bool writing = dir.busy && dir.access == HIVE_DSM_WRITE;
		hive_dsm_out out;
		int err;

		if (m.type == HIVE_DSM_REQ) {
			err = hive_dsm_dir_request(&dir, kManager, m.from,
						   m.access, &out);
			if (err == -EBUSY) {
				waiting.push_back(m);
				return;
			}
		} else {
			err = hive_dsm_dir_receive(&dir, kManager, &m, &out);
		}
		granted_to_dead(taker, owner_before,
				writing || (!dir.busy && m.type == HIVE_DSM_REQ &&
					    m.access == HIVE_DSM_WRITE));
		if (err && err != -ESTALE)
			fail("manager refused message type " +
			     std::to_string(m.type) + ": " + std::to_string(err));
		send(out, 0);
		offer_waiting();
	}

	void node_receive(uint16_t n, const Msg &msg, const Bounds &b)
	{
		Node &x = node[n];
		hive_dsm_out out;
		uint8_t before = x.page.state;
		bool gone = msg.m.type == HIVE_DSM_QUERY &&
			    (x.processed & (1u << msg.m.node));
		int err;

		if (b.bug_ack_keeps_mapping && msg.m.type == HIVE_DSM_INV) {
			out.count = 1;
			out.msg[0] = hive_dsm_msg{};
			out.msg[0].type = HIVE_DSM_INV_ACK;
			out.msg[0].from = n;
			out.msg[0].to = kManager;
			out.msg[0].txn = msg.m.txn;
			send(out, 0);
			return;
		}
		if (b.bug_inv_drops_copy &&
		    (msg.m.type == HIVE_DSM_COMMIT ||
		     msg.m.type == HIVE_DSM_ABORT) &&
		    !x.page.kept_txn)
			return;	// nothing kept to drop or give back
		err = hive_dsm_page_receive(&x.page, n, kManager, &msg.m, gone,
					    &out);
		if (b.bug_inv_drops_copy && msg.m.type == HIVE_DSM_INV && !err)
			x.page = hive_dsm_page{};
		if (msg.m.type == HIVE_DSM_FAIL) {
			if (err != -EHOSTDOWN)
				fail("FAIL returned " + std::to_string(err));
			else if (!lost_ok)
				fail("a fault failed though the page survived");
		} else if (err) {
			fail("node " + std::to_string(n) + " refused message type " +
			     std::to_string(msg.m.type) + ": " +
			     std::to_string(err));
		}
		if (msg.m.type == HIVE_DSM_DATA)
			x.value = msg.value;
		if (msg.m.type == HIVE_DSM_GRANT && msg.m.zero)
			x.value = 0;
		(void)before;
		send(out, x.value);
	}

	void deliver(uint16_t a, uint16_t c, const Bounds &b)
	{
		Msg msg = chan[a][c].front();

		chan[a][c].erase(chan[a][c].begin());
		note([&] {
			return "deliver " + std::to_string(msg.m.type) + " " +
			       std::to_string(a) + "->" + std::to_string(c) + " txn " +
			       std::to_string(msg.m.txn);
		});
		if (c == kManager && for_manager(msg.m.type))
			manager_receive(msg.m);
		else
			node_receive(c, msg, b);
	}

	void fault(uint16_t n, uint32_t access)
	{
		hive_dsm_out out;

		faults--;
		note([&] { return "fault " + std::to_string(n) + " " + std::to_string(access); });
		if (hive_dsm_page_fault(&node[n].page, n, kManager, access,
					&out) != -EINPROGRESS)
			fail("fault did not wait");
		send(out, 0);
	}

	void write(uint16_t n)
	{
		writes--;
		note([&] { return "write " + std::to_string(n); });
		node[n].value = latest = ++version;
	}

	bool holds_latest_elsewhere(uint16_t dead, const Bounds &b) const
	{
		for (int n = 1; n <= b.nodes; n++) {
			const Node &x = node[n];

			if (n == dead || !x.alive)
				continue;
			// A kept copy counts while its transaction may
			// still give it back (once committed, it is dropped).
			bool kept = x.page.state == HIVE_DSM_KEPT;
			bool undecided = dir.busy && x.page.kept_txn == dir.txn;

			if (x.page.state != HIVE_DSM_NONE &&
			    (!kept || undecided) && x.value == latest)
				return true;
			// DATA on the way from a survivor.
			for (int c = 1; c <= b.nodes; c++)
				for (const Msg &m : chan[n][c])
					if (m.m.type == HIVE_DSM_DATA &&
					    m.value == latest && node[c].alive &&
					    c != dead)
						return true;
		}
		return false;
	}

	void kill(uint16_t n, const Bounds &b)
	{
		deaths--;
		note([&] { return "kill " + std::to_string(n); });
		if (!holds_latest_elsewhere(n, b))
			lost_ok = true;
		node[n].alive = false;
		for (int a = 1; a <= b.nodes; a++)
			chan[a][n].clear();
	}

	void process_death(uint16_t x, uint16_t n)
	{
		hive_dsm_out out;

		node[x].processed |= 1u << n;
		note([&] {
			return "node " + std::to_string(x) + " processes " + std::to_string(n) +
			       "'s death";
		});
		chan[n][x].clear();
		if (x == kManager) {
			for (auto it = waiting.begin(); it != waiting.end();)
				it = it->from == n ? waiting.erase(it) : it + 1;
			hive_dsm_dir_node_down(&dir, kManager, n, &out);
			send(out, 0);
			offer_waiting();
		}
		hive_dsm_page_node_down(&node[x].page, x, kManager, n, &out);
		send(out, node[x].value);
	}

	bool quiet(const Bounds &b) const
	{
		for (int a = 1; a <= b.nodes; a++) {
			for (int c = 1; c <= b.nodes; c++)
				if (!chan[a][c].empty())
					return false;
			for (int n = 1; n <= b.nodes; n++)
				if (node[a].alive && !node[n].alive &&
				    !(node[a].processed & (1u << n)))
					return false;
		}
		return waiting.empty();
	}

	void check(const Bounds &b)
	{
		int rw = 0, ro = 0;

		for (int n = 1; n <= b.nodes; n++) {
			const Node &x = node[n];

			if (!x.alive)
				continue;
			if (x.page.state == HIVE_DSM_RW)
				rw++;
			if (x.page.state == HIVE_DSM_RO)
				ro++;
			if ((x.page.state == HIVE_DSM_RO ||
			     x.page.state == HIVE_DSM_RW) && x.value != latest)
				fail("node " + std::to_string(n) +
				     " maps a stale copy");
		}
		if (rw > 1 || (rw && ro))
			fail("writable on one node and mapped on another");
		if (quiet(b))
			check_quiet(b);
	}

	void check_quiet(const Bounds &b)
	{
		std::vector<uint16_t> holders;

		if (!hive_dsm_dir_idle(&dir))
			fail("quiet but the entry is busy");
		for (int n = 1; n <= b.nodes; n++) {
			const Node &x = node[n];

			if (!x.alive)
				continue;
			if (x.page.want)
				fail("a fault of node " + std::to_string(n) +
				     " was never answered");
			if (x.page.state == HIVE_DSM_KEPT)
				fail("a copy kept after its transaction");
			if (x.page.state != HIVE_DSM_NONE)
				holders.push_back(uint16_t(n));
		}
		if (dir.lost) {
			if (!lost_ok)
				fail("page declared lost while a survivor had it");
			if (!holders.empty())
				fail("page declared lost while mapped");
			return;
		}
		if (!dir.owner) {
			if (!holders.empty() || latest)
				fail("held, but the directory names no owner");
			return;
		}
		if (!node[dir.owner].alive ||
		    node[dir.owner].page.state == HIVE_DSM_NONE)
			fail("the owner holds nothing");
		if (holders.size() != 1u + dir.nreplicas)
			fail("holders and directory differ");
		for (int i = 0; i < dir.nreplicas; i++) {
			const Node &x = node[dir.replicas[i]];

			if (!x.alive || x.page.state != HIVE_DSM_RO)
				fail("a replica without a read-only copy");
		}
	}
};

struct Explorer {
	Bounds b;
	std::unordered_set<std::string> seen;
	std::string error;
	uint64_t states = 0, quiet = 0, lost = 0;

	// Every successor of @w, each as a fresh world.
	template <typename F> void successors(const World &w, F each)
	{
		for (int n = 1; n <= b.nodes; n++) {
			const Node &x = w.node[n];

			if (!x.alive)
				continue;
			for (uint32_t access : { HIVE_DSM_READ, HIVE_DSM_WRITE }) {
				bool mapped = x.page.state == HIVE_DSM_RW ||
					      (x.page.state == HIVE_DSM_RO &&
					       access == HIVE_DSM_READ);

				if (w.faults && !mapped && !x.page.want) {
					World v = w;
					v.fault(uint16_t(n), access);
					each(v);
				}
			}
			if (w.writes && x.page.state == HIVE_DSM_RW) {
				World v = w;
				v.write(uint16_t(n));
				each(v);
			}
			if (w.deaths && n != kManager) {
				World v = w;
				v.kill(uint16_t(n), b);
				each(v);
			}
			for (int d = 1; d <= b.nodes; d++) {
				if (w.node[d].alive || (x.processed & (1u << d)))
					continue;
				World v = w;
				v.process_death(uint16_t(n), uint16_t(d));
				each(v);
			}
			for (int a = 1; a <= b.nodes; a++) {
				if (w.chan[a][n].empty())
					continue;
				World v = w;
				v.deliver(uint16_t(a), uint16_t(n), b);
				each(v);
			}
		}
	}

	void run()
	{
		std::vector<World> stack;
		World start(b);

		// HIVE_DSM_TRACE=1: the failing run's events with the error.
		start.tracing = getenv("HIVE_DSM_TRACE") != nullptr;
		seen.insert(start.key(b));
		stack.push_back(start);
		while (!stack.empty() && error.empty()) {
			World w = stack.back();
			bool any = false;

			stack.pop_back();
			states++;
			if (w.quiet(b)) {
				quiet++;
				lost += w.dir.lost;
			}
			successors(w, [&](World &v) {
				any = true;
				v.check(b);
				if (!v.error.empty()) {
					if (error.empty())
						error = v.error + "\n" + v.log;
					return;
				}
				if (seen.insert(v.key(b)).second)
					stack.push_back(v);
			});
			if (!any && !w.quiet(b))
				error = "stuck: nothing can happen, yet not quiet";
		}
	}
};

Explorer explore(const Bounds &b)
{
	Explorer e;

	e.b = b;
	e.run();
	return e;
}

} // namespace

TEST(Dsm, DirInitChecksReplicas)
{
	hive_dsm_dir d;

	EXPECT_EQ(-EINVAL, hive_dsm_dir_init(&d, 0));
	EXPECT_EQ(-EINVAL, hive_dsm_dir_init(&d, HIVE_DSM_REPLICAS_MAX + 1));
	EXPECT_EQ(0, hive_dsm_dir_init(&d, HIVE_DSM_REPLICAS_MAX));
	EXPECT_EQ(1, hive_dsm_dir_idle(&d));
}

// The first toucher gets a zero page, writable, without a transaction.
TEST(Dsm, FirstTouchIsAZeroPageGrantedAtOnce)
{
	hive_dsm_dir d;
	hive_dsm_out out;

	hive_dsm_dir_init(&d, 2);
	ASSERT_EQ(0, hive_dsm_dir_request(&d, 1, 3, HIVE_DSM_READ, &out));
	ASSERT_EQ(1u, out.count);
	EXPECT_EQ(HIVE_DSM_GRANT, out.msg[0].type);
	EXPECT_EQ(3, out.msg[0].to);
	EXPECT_EQ(1, out.msg[0].zero);
	EXPECT_EQ(HIVE_DSM_WRITE, out.msg[0].access);
	EXPECT_EQ(3, d.owner);
	EXPECT_EQ(1, hive_dsm_dir_idle(&d));
}

// A read of a page another node owns: FETCH to the owner, then the entry
// is busy (later requests wait) until the reader's DONE.
TEST(Dsm, ReadFetchesFromTheOwnerAndWaitsForDone)
{
	hive_dsm_dir d;
	hive_dsm_out out;
	hive_dsm_msg done{};

	hive_dsm_dir_init(&d, 2);
	hive_dsm_dir_request(&d, 1, 2, HIVE_DSM_WRITE, &out);
	ASSERT_EQ(0, hive_dsm_dir_request(&d, 1, 3, HIVE_DSM_READ, &out));
	ASSERT_EQ(1u, out.count);
	EXPECT_EQ(HIVE_DSM_FETCH, out.msg[0].type);
	EXPECT_EQ(2, out.msg[0].to);
	EXPECT_EQ(3, out.msg[0].node);
	EXPECT_EQ(-EBUSY, hive_dsm_dir_request(&d, 1, 2, HIVE_DSM_READ, &out));
	done.type = HIVE_DSM_DONE;
	done.from = 2;		// not the requester
	done.txn = d.txn;
	EXPECT_EQ(-ESTALE, hive_dsm_dir_receive(&d, 1, &done, &out));
	done.from = 3;
	done.txn = d.txn + 1;	// another transaction
	EXPECT_EQ(-ESTALE, hive_dsm_dir_receive(&d, 1, &done, &out));
	done.txn = d.txn;
	EXPECT_EQ(0, hive_dsm_dir_receive(&d, 1, &done, &out));
	EXPECT_EQ(0u, out.count);
	EXPECT_EQ(1, hive_dsm_dir_idle(&d));
	EXPECT_EQ(2, d.owner);
	ASSERT_EQ(1, d.nreplicas);
	EXPECT_EQ(3, d.replicas[0]);
}

TEST(Dsm, BadArgumentsAndMessagesAreRefused)
{
	hive_dsm_dir d;
	hive_dsm_page p{};
	hive_dsm_out out;
	hive_dsm_msg m{};

	hive_dsm_dir_init(&d, 1);
	EXPECT_EQ(-EINVAL, hive_dsm_dir_request(&d, 1, 2, 3, &out));
	EXPECT_EQ(-EINVAL, hive_dsm_dir_request(&d, 1, 0, HIVE_DSM_READ, &out));
	m.type = HIVE_DSM_FETCH;
	EXPECT_EQ(-EPROTO, hive_dsm_dir_receive(&d, 1, &m, &out));
	EXPECT_EQ(-EINVAL, hive_dsm_page_fault(&p, 2, 1, 0, &out));
	// A node without a copy is asked for it, or told to unmap it.
	m.access = HIVE_DSM_READ;
	m.node = 3;
	EXPECT_EQ(-EPROTO, hive_dsm_page_receive(&p, 2, 1, &m, 0, &out));
	m.type = HIVE_DSM_INV;
	EXPECT_EQ(-EPROTO, hive_dsm_page_receive(&p, 2, 1, &m, 0, &out));
	m.type = HIVE_DSM_COMMIT;
	EXPECT_EQ(-EPROTO, hive_dsm_page_receive(&p, 2, 1, &m, 0, &out));
	m.type = 0;
	EXPECT_EQ(-EPROTO, hive_dsm_page_receive(&p, 2, 1, &m, 0, &out));
	EXPECT_EQ(HIVE_DSM_NONE, p.state);
	EXPECT_EQ(0u, out.count);
}

// A fault sends one REQ; another fault meanwhile sends none.
TEST(Dsm, OneRequestPerPageAtATime)
{
	hive_dsm_page p{};
	hive_dsm_out out;

	EXPECT_EQ(-EINPROGRESS, hive_dsm_page_fault(&p, 2, 1, HIVE_DSM_READ, &out));
	ASSERT_EQ(1u, out.count);
	EXPECT_EQ(HIVE_DSM_REQ, out.msg[0].type);
	EXPECT_EQ(1, out.msg[0].to);
	EXPECT_EQ(-EINPROGRESS, hive_dsm_page_fault(&p, 2, 1, HIVE_DSM_WRITE, &out));
	EXPECT_EQ(0u, out.count);
}

TEST(DsmModel, ThreeNodesOneDeathExhaustive)
{
	for (uint32_t replicas : { 1u, 2u }) {
		Bounds b;

		b.max_replicas = replicas;
		Explorer e = explore(b);
		EXPECT_EQ("", e.error) << "max_replicas " << replicas;
		// The search covered the interesting ends: some runs lose the
		// page, most keep it.
		EXPECT_GT(e.states, 10000u);
		EXPECT_GT(e.lost, 0u);
		EXPECT_GT(e.quiet, e.lost);
		printf("max_replicas %u: %llu states, %llu quiet, %llu lost\n",
		       replicas, (unsigned long long)e.states,
		       (unsigned long long)e.quiet, (unsigned long long)e.lost);
	}
}

TEST(DsmModel, ThreeNodesNoDeathMoreFaults)
{
	Bounds b;

	b.deaths = 0;
	b.faults = 5;
	b.writes = 2;
	Explorer e = explore(b);
	EXPECT_EQ("", e.error);
	EXPECT_EQ(0u, e.lost);
}

// The model is not blind: nodes that acknowledge INV but keep their
// mapping break the single-writer rule, and the search finds it.
TEST(DsmModel, FindsANodeThatAcksWithoutUnmapping)
{
	Bounds b;

	b.deaths = 0;
	b.bug_ack_keeps_mapping = true;
	Explorer e = explore(b);
	EXPECT_NE("", e.error);
}

// Nor is it blind to deaths: nodes that drop a copy at INV instead of
// keeping it until the commit cannot give it back when the requester dies
// and the transaction is undone, and the search finds a state that does
// not fit (the directory counts on a copy the node lacks).
TEST(DsmModel, FindsANodeThatDropsItsCopyAtInv)
{
	Bounds b;

	b.bug_inv_drops_copy = true;
	Explorer e = explore(b);
	EXPECT_NE("", e.error);
}

// Longer random runs with four nodes and two deaths.
TEST(DsmModel, FourNodesRandomRuns)
{
	Bounds b;
	std::mt19937 rng(20261205);

	b.nodes = 4;
	b.faults = 12;
	b.writes = 6;
	b.deaths = 2;
	for (int run = 0; run < 3000; run++) {
		Explorer e;
		World w(b);

		e.b = b;
		w.tracing = true;
		for (;;) {
			std::vector<World> next;

			e.successors(w, [&](World &v) { next.push_back(v); });
			if (next.empty()) {
				ASSERT_TRUE(w.quiet(b)) << "stuck in run " << run;
				break;
			}
			w = next[rng() % next.size()];
			w.check(b);
			ASSERT_EQ("", w.error) << "run " << run << "\n" << w.log;
		}
	}
}
