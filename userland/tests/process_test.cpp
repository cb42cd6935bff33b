// SPDX-License-Identifier: GPL-2.0
// The process message codecs (entry, LIST request and reply header, KILL
// request, and the remote-execution START header, DATA/WINDOW/CLOSE header
// and LOAD reply): for each, random round trips, every truncation, every short
// output buffer and every single-bit corruption; a model of which messages
// are valid and of their exact bytes, which the encoder and the decoder
// must both follow on random messages, valid or not; each rule's edges;
// and the whole-reply check, on valid replies and on every way to break
// one.
#include <cerrno>
#include <climits>
#include <cstring>
#include <random>
#include <string>
#include <vector>
#include <gtest/gtest.h>
#include "codec_suite.hpp"
#include "hive/exec.h"
#include "hive/process.h"
#include "hive_netlink.h"

namespace {

using hive_test::Bytes;

const char proc_states[] = "RSDTtXZPI";

using hive_test::be;
using hive_test::edgy;

void set_comm(hive_proc_entry &e, const std::string &name)
{
	std::memset(e.comm, 0, sizeof(e.comm));
	std::memcpy(e.comm, name.data(), std::min(name.size(), sizeof(e.comm)));
}

bool comm_ok(const char (&comm)[HIVE_PROC_COMM_LEN])
{
	const char *nul = static_cast<const char *>(std::memchr(comm, 0, sizeof(comm)));

	if (!nul)
		return false;
	for (const char *p = nul; p < comm + sizeof(comm); p++)
		if (*p)
			return false;
	return true;
}

// One codec as the tests drive it: the C calls, a random valid message,
// a random message of any validity, the test's own model of validity and
// of the bytes, and field-by-field equality (the C structs have padding).
struct Entry {
	using Msg = hive_proc_entry;
	static constexpr size_t len = HIVE_PROC_ENTRY_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_proc_entry_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_proc_entry_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};
		std::string name(rng() % HIVE_PROC_COMM_LEN, 'x');

		m.pid = uint32_t(rng()) | 1;
		m.ppid = uint32_t(rng());
		m.pgid = uint32_t(rng());
		m.sid = uint32_t(rng());
		m.uid = uint32_t(rng());
		m.node = HIVE_NODE_ID_MIN + rng() % HIVE_NODE_ID_MAX;
		m.state = uint8_t(proc_states[rng() % (sizeof(proc_states) - 1)]);
		m.start_ns = rng();
		for (auto &c : name)
			c = char(1 + rng() % 255);
		set_comm(m, name);
		return m;
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 6) {
		case 0:
			m.pid = edgy(rng, { 0, 1, UINT32_MAX });
			break;
		case 1:
			m.node = edgy(rng, { 0, 1, HIVE_NODE_ID_MAX, HIVE_NODE_ID_MAX + 1,
					     UINT32_MAX });
			break;
		case 2:
			m.state = uint8_t(rng());
			break;
		case 3:
			m.comm[rng() % HIVE_PROC_COMM_LEN] = char(rng());
			break;
		}
		return m;
	}
	static bool valid(const Msg &m)
	{
		return m.pid != 0 && m.node >= HIVE_NODE_ID_MIN && m.node <= HIVE_NODE_ID_MAX &&
		       m.state && std::strchr(proc_states, m.state) && comm_ok(m.comm);
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		for (uint32_t v : { m.pid, m.ppid, m.pgid, m.sid, m.uid, m.node })
			be(b, v, 4);
		b.push_back(m.state);
		b.insert(b.end(), 7, 0);
		be(b, m.start_ns, 8);
		b.insert(b.end(), m.comm, m.comm + HIVE_PROC_COMM_LEN);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.pid == b.pid && a.ppid == b.ppid && a.pgid == b.pgid &&
		       a.sid == b.sid && a.uid == b.uid && a.node == b.node &&
		       a.state == b.state && a.start_ns == b.start_ns &&
		       std::memcmp(a.comm, b.comm, sizeof(a.comm)) == 0;
	}
};

struct ListReq {
	using Msg = hive_proc_list_req;
	static constexpr size_t len = HIVE_PROC_LIST_REQ_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_proc_list_req_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_proc_list_req_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .cursor = uint32_t(rng()),
			    .max = uint32_t(1 + rng() % HIVE_PROC_LIST_MAX) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		m.max = edgy(rng, { 0, 1, HIVE_PROC_LIST_MAX, HIVE_PROC_LIST_MAX + 1,
				    UINT32_MAX });
		return m;
	}
	static bool valid(const Msg &m) { return m.max >= 1 && m.max <= HIVE_PROC_LIST_MAX; }
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.cursor, 4);
		be(b, m.max, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.cursor == b.cursor && a.max == b.max;
	}
};

struct ListReply {
	using Msg = hive_proc_list_reply;
	static constexpr size_t len = HIVE_PROC_LIST_REPLY_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_proc_list_reply_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_proc_list_reply_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .next = uint32_t(rng()),
			    .count = uint32_t(rng() % (HIVE_PROC_LIST_MAX + 1)) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		m.count = edgy(rng, { 0, HIVE_PROC_LIST_MAX, HIVE_PROC_LIST_MAX + 1,
				      UINT32_MAX });
		return m;
	}
	static bool valid(const Msg &m) { return m.count <= HIVE_PROC_LIST_MAX; }
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.next, 4);
		be(b, m.count, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.next == b.next && a.count == b.count;
	}
};

struct KillReq {
	using Msg = hive_kill_req;
	static constexpr size_t len = HIVE_KILL_REQ_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_kill_req_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_kill_req_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};

		// A process or a group, half the time each.
		m.pid = int32_t(1 + rng() % INT32_MAX);
		if (rng() % 2)
			m.pid = -int32_t(2 + rng() % (uint32_t(INT32_MAX) - 1));
		m.sig = uint32_t(rng() % (HIVE_KILL_SIG_MAX + 1));
		m.sender = uint32_t(rng());
		m.uid = uint32_t(rng());
		m.euid = uint32_t(rng());
		m.flags = uint32_t(rng() % 2) * HIVE_KILL_CAP_KILL;
		return m;
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 4) {
		case 0:
			m.pid = int32_t(edgy(rng, { 0, 1, uint32_t(-1), uint32_t(-2),
						    uint32_t(INT32_MIN), uint32_t(INT32_MIN + 1),
						    uint32_t(INT32_MAX) }));
			break;
		case 1:
			m.sig = edgy(rng, { 0, HIVE_KILL_SIG_MAX, HIVE_KILL_SIG_MAX + 1,
					    UINT32_MAX });
			break;
		case 2:
			m.flags = edgy(rng, { 0, HIVE_KILL_CAP_KILL, 2, 3, 1u << 31 });
			break;
		}
		return m;
	}
	static bool valid(const Msg &m)
	{
		return (m.pid > 0 || (m.pid < -1 && m.pid != INT32_MIN)) &&
		       m.sig <= HIVE_KILL_SIG_MAX && (m.flags & ~HIVE_KILL_CAP_KILL) == 0;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		for (uint32_t v : { uint32_t(m.pid), m.sig, m.sender, m.uid, m.euid, m.flags })
			be(b, v, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.pid == b.pid && a.sig == b.sig && a.sender == b.sender &&
		       a.uid == b.uid && a.euid == b.euid && a.flags == b.flags;
	}
};

// The remote-execution messages' fixed parts (hive/exec.h).
struct ExecStart {
	using Msg = hive_exec_start;
	static constexpr size_t len = HIVE_EXEC_START_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_exec_start_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_exec_start_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .session = rng() | 1, .origin_pid = uint32_t(rng()) | 1,
			    .uid = uint32_t(rng()), .gid = uint32_t(rng()),
			    .ngroups = uint32_t(rng() % (HIVE_EXEC_START_GROUPS_MAX + 1)),
			    .spec_len = uint32_t(1 + rng() % HIVE_EXEC_START_SPEC_MAX),
			    .flags = uint32_t(rng() % (HIVE_EXEC_START_FLAGS + 1)),
			    .cgroup_len = uint32_t(1 + rng() % HIVE_EXEC_START_CGROUP_MAX),
			    .label_len = uint32_t(rng() % (HIVE_EXEC_START_LABEL_MAX + 1)) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 5) {
		case 0:
			m.session = rng() % 2 ? 0 : rng();
			m.origin_pid = edgy(rng, { 0, 1, UINT32_MAX });
			break;
		case 1:
			m.ngroups = edgy(rng, { 0, HIVE_EXEC_START_GROUPS_MAX,
						HIVE_EXEC_START_GROUPS_MAX + 1, UINT32_MAX });
			break;
		case 2:
			m.spec_len = edgy(rng, { 0, 1, HIVE_EXEC_START_SPEC_MAX,
						 HIVE_EXEC_START_SPEC_MAX + 1, UINT32_MAX });
			break;
		case 3:
			m.flags = edgy(rng, { 0, HIVE_EXEC_START_FLAGS, HIVE_EXEC_START_FLAGS + 1,
					      UINT32_MAX });
			break;
		case 4:
			m.cgroup_len = edgy(rng, { 0, 1, HIVE_EXEC_START_CGROUP_MAX,
						   HIVE_EXEC_START_CGROUP_MAX + 1, UINT32_MAX });
			break;
		case 5:
			m.label_len = edgy(rng, { 0, 1, HIVE_EXEC_START_LABEL_MAX,
						  HIVE_EXEC_START_LABEL_MAX + 1, UINT32_MAX });
			break;
		}
		return m;
	}
	static bool valid(const Msg &m)
	{
		return m.session && m.origin_pid && m.ngroups <= HIVE_EXEC_START_GROUPS_MAX &&
		       m.spec_len >= 1 && m.spec_len <= HIVE_EXEC_START_SPEC_MAX &&
		       !(m.flags & ~HIVE_EXEC_START_FLAGS) &&
		       m.cgroup_len >= 1 && m.cgroup_len <= HIVE_EXEC_START_CGROUP_MAX &&
		       m.label_len <= HIVE_EXEC_START_LABEL_MAX;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.session, 8);
		for (uint32_t v : { m.origin_pid, m.uid, m.gid, m.ngroups, m.spec_len, m.flags,
				    m.cgroup_len, m.label_len })
			be(b, v, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.session == b.session && a.origin_pid == b.origin_pid &&
		       a.uid == b.uid && a.gid == b.gid && a.ngroups == b.ngroups &&
		       a.spec_len == b.spec_len && a.flags == b.flags &&
		       a.cgroup_len == b.cgroup_len && a.label_len == b.label_len;
	}
};

struct ExecHead {
	using Msg = hive_exec_head;
	static constexpr size_t len = HIVE_EXEC_HEAD_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_exec_head_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_exec_head_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .session = rng() | 1,
			    .flags = uint32_t(rng() % 2) * HIVE_EXEC_TO_ORIGIN,
			    .error = -int32_t(rng() % 4096) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 4) {
		case 0:
			m.session = 0;
			break;
		case 1:
			m.flags = edgy(rng, { 0, 1, 2, 3, 1u << 31 });
			break;
		case 2:
			m.error = int32_t(edgy(rng, { 0, 1, uint32_t(-4095), uint32_t(-4096),
						      uint32_t(INT32_MIN), uint32_t(INT32_MAX) }));
			break;
		}
		return m;
	}
	static bool valid(const Msg &m)
	{
		return m.session && (m.flags & ~HIVE_EXEC_TO_ORIGIN) == 0 &&
		       m.error <= 0 && m.error >= -4095;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.session, 8);
		be(b, m.flags, 4);
		be(b, uint32_t(m.error), 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.session == b.session && a.flags == b.flags && a.error == b.error;
	}
};

struct ExecWindow {
	using Msg = hive_exec_window;
	static constexpr size_t len = HIVE_EXEC_WINDOW_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_exec_window_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_exec_window_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .room = uint32_t(1 + rng() % HIVE_EXEC_WINDOW_MAX) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		if (rng() % 2)
			m.room = edgy(rng, { 0, 1, HIVE_EXEC_WINDOW_MAX,
					     HIVE_EXEC_WINDOW_MAX + 1, UINT32_MAX });
		return m;
	}
	static bool valid(const Msg &m) { return m.room >= 1 && m.room <= HIVE_EXEC_WINDOW_MAX; }
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.room, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b) { return a.room == b.room; }
};

struct ExecLoad {
	using Msg = hive_exec_load;
	static constexpr size_t len = HIVE_EXEC_LOAD_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_exec_load_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_exec_load_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .load_milli = uint32_t(rng()),
			    .cpus = uint32_t(1 + rng() % HIVE_EXEC_LOAD_CPUS_MAX),
			    .sessions = uint32_t(rng()) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		if (rng() % 2)
			m.cpus = edgy(rng, { 0, 1, HIVE_EXEC_LOAD_CPUS_MAX,
					     HIVE_EXEC_LOAD_CPUS_MAX + 1, UINT32_MAX });
		return m;
	}
	static bool valid(const Msg &m) { return m.cpus >= 1 && m.cpus <= HIVE_EXEC_LOAD_CPUS_MAX; }
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		for (uint32_t v : { m.load_milli, m.cpus, m.sessions, 0u })
			be(b, v, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.load_milli == b.load_milli && a.cpus == b.cpus &&
		       a.sessions == b.sessions;
	}
};

using hive_test::encode;

} // namespace

using Codecs = testing::Types<Entry, ListReq, ListReply, KillReq, ExecStart, ExecHead, ExecWindow,
			      ExecLoad>;
namespace hive_test {
INSTANTIATE_TYPED_TEST_SUITE_P(Process, CodecSuite, ::Codecs);
INSTANTIATE_TYPED_TEST_SUITE_P(Process, CodecModelSuite, ::Codecs);
} // namespace hive_test

TEST(ProcEntry, LayoutIsBigEndianAsDocumented)
{
	hive_proc_entry e{ .pid = 0x01020304, .ppid = 0x11121314, .pgid = 0x21222324,
			   .sid = 0x31323334, .uid = 0x41424344, .node = 0x3ff,
			   .state = 'Z', .start_ns = 0x5152535455565758ull, .comm = "kworker/1:2" };
	const Bytes want = {
		0x01, 0x02, 0x03, 0x04,					// pid
		0x11, 0x12, 0x13, 0x14,					// ppid
		0x21, 0x22, 0x23, 0x24,					// pgid
		0x31, 0x32, 0x33, 0x34,					// sid
		0x41, 0x42, 0x43, 0x44,					// uid
		0x00, 0x00, 0x03, 0xff,					// node
		'Z',							// state
		0, 0, 0, 0, 0, 0, 0,					// reserved
		0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,		// start_ns
		'k', 'w', 'o', 'r', 'k', 'e', 'r', '/', '1', ':', '2', 0, 0, 0, 0, 0,
	};
	hive_proc_entry out{};

	ASSERT_EQ(size_t(HIVE_PROC_ENTRY_LEN), want.size());
	EXPECT_EQ(want, encode<Entry>(e));
	ASSERT_EQ(int(HIVE_PROC_ENTRY_LEN), hive_proc_entry_decode(want.data(), want.size(), &out));
	EXPECT_TRUE(Entry::same(e, out));
}

TEST(ProcEntry, EveryReservedBitIsRefused)
{
	std::mt19937_64 rng(11);
	const Bytes good = encode<Entry>(Entry::random(rng));
	const hive_proc_entry sentinel = Entry::random(rng);

	for (size_t bit = 25 * 8; bit < 32 * 8; bit++) {
		Bytes b = good;
		hive_proc_entry out = sentinel;

		b[bit / 8] ^= uint8_t(1u << (bit % 8));
		EXPECT_EQ(-EBADMSG, hive_proc_entry_decode(b.data(), b.size(), &out)) << bit;
		EXPECT_TRUE(Entry::same(sentinel, out));
	}
}

namespace {

// @e is refused both ways: -EINVAL with nothing written, and its bytes
// -EBADMSG with the output untouched.
void expect_entry_refused(const hive_proc_entry &e, const std::string &what)
{
	Bytes b(HIVE_PROC_ENTRY_LEN, 0x5a);
	const Bytes bytes = Entry::wire(e);
	hive_proc_entry out{};

	out.pid = 77;
	EXPECT_EQ(-EINVAL, hive_proc_entry_encode(&e, b.data(), b.size())) << what;
	EXPECT_EQ(Bytes(HIVE_PROC_ENTRY_LEN, 0x5a), b) << what;
	EXPECT_EQ(-EBADMSG, hive_proc_entry_decode(bytes.data(), bytes.size(), &out)) << what;
	EXPECT_EQ(77u, out.pid) << what;
}

void expect_entry_accepted(const hive_proc_entry &e, const std::string &what)
{
	const Bytes bytes = Entry::wire(e);
	hive_proc_entry out{};

	EXPECT_EQ(bytes, encode<Entry>(e)) << what;
	EXPECT_EQ(int(HIVE_PROC_ENTRY_LEN), hive_proc_entry_decode(bytes.data(), bytes.size(), &out))
		<< what;
	EXPECT_TRUE(Entry::same(e, out)) << what;
}

hive_proc_entry good_entry()
{
	return hive_proc_entry{ .pid = 16385, .ppid = 1, .pgid = 16385, .sid = 16385,
				.uid = 1000, .node = 1, .state = 'S', .start_ns = 1,
				.comm = "bash" };
}

} // namespace

TEST(ProcEntry, PidZeroIsRefused)
{
	hive_proc_entry e = good_entry();

	e.pid = 0;
	expect_entry_refused(e, "pid 0");
	for (uint32_t pid : { 1u, 2u, HIVE_PID_LIMIT - 1, UINT32_MAX }) {
		e.pid = pid;
		expect_entry_accepted(e, "pid " + std::to_string(pid));
	}
}

TEST(ProcEntry, NodeMustBeANodeId)
{
	hive_proc_entry e = good_entry();

	for (uint32_t node : { 0u, uint32_t(HIVE_NODE_ID_MAX) + 1, 65536u, UINT32_MAX }) {
		e.node = node;
		expect_entry_refused(e, "node " + std::to_string(node));
	}
	for (uint32_t node : { uint32_t(HIVE_NODE_ID_MIN), 2u, uint32_t(HIVE_NODE_ID_MAX) }) {
		e.node = node;
		expect_entry_accepted(e, "node " + std::to_string(node));
	}
}

// Exactly the nine letters ps(1) prints, each byte value tried.
TEST(ProcEntry, StateIsOneOfPsLetters)
{
	hive_proc_entry e = good_entry();
	int accepted = 0;

	for (int s = 0; s < 256; s++) {
		e.state = uint8_t(s);
		if (s && std::strchr(proc_states, s)) {
			expect_entry_accepted(e, "state " + std::to_string(s));
			accepted++;
		} else {
			expect_entry_refused(e, "state " + std::to_string(s));
		}
	}
	EXPECT_EQ(9, accepted);
}

TEST(ProcEntry, CommIsNulTerminatedAndNulPadded)
{
	hive_proc_entry e = good_entry();

	set_comm(e, "");
	expect_entry_accepted(e, "empty comm");
	set_comm(e, std::string(HIVE_PROC_COMM_LEN - 1, 'a'));
	expect_entry_accepted(e, "15 bytes");
	set_comm(e, std::string("\xff\x01 ~", 4));
	expect_entry_accepted(e, "any non-NUL bytes");

	std::memset(e.comm, 'a', sizeof(e.comm));
	expect_entry_refused(e, "no NUL");
	// A byte after the first NUL, at every place it can be.
	for (size_t nul = 0; nul < HIVE_PROC_COMM_LEN - 1; nul++)
		for (size_t junk = nul + 1; junk < HIVE_PROC_COMM_LEN; junk++) {
			set_comm(e, std::string(nul, 'b'));
			e.comm[junk] = 'j';
			expect_entry_refused(e, "NUL at " + std::to_string(nul) + ", junk at " +
					     std::to_string(junk));
		}
}

TEST(ProcListReq, LayoutIsBigEndianAsDocumented)
{
	const hive_proc_list_req m{ .cursor = 0x01020304, .max = 0x00000400 };
	const Bytes want = { 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x04, 0x00 };

	ASSERT_EQ(size_t(HIVE_PROC_LIST_REQ_LEN), want.size());
	EXPECT_EQ(want, encode<ListReq>(m));
}

TEST(ProcListReq, MaxIsOneToListMax)
{
	for (uint32_t max : { 0u, HIVE_PROC_LIST_MAX + 1, 65536u, UINT32_MAX }) {
		const hive_proc_list_req m{ .cursor = 5, .max = max };
		const Bytes bytes = ListReq::wire(m);
		Bytes b(HIVE_PROC_LIST_REQ_LEN, 0x5a);
		hive_proc_list_req out{ .cursor = 1, .max = 2 };

		EXPECT_EQ(-EINVAL, hive_proc_list_req_encode(&m, b.data(), b.size())) << max;
		EXPECT_EQ(Bytes(HIVE_PROC_LIST_REQ_LEN, 0x5a), b);
		EXPECT_EQ(-EBADMSG, hive_proc_list_req_decode(bytes.data(), bytes.size(), &out))
			<< max;
		EXPECT_TRUE(ListReq::same(hive_proc_list_req{ .cursor = 1, .max = 2 }, out));
	}
	for (uint32_t max : { 1u, 2u, HIVE_PROC_LIST_MAX }) {
		for (uint32_t cursor : { 0u, 1u, HIVE_PID_LIMIT, UINT32_MAX }) {
			const hive_proc_list_req m{ .cursor = cursor, .max = max };
			const Bytes bytes = encode<ListReq>(m);
			hive_proc_list_req out{};

			EXPECT_EQ(int(HIVE_PROC_LIST_REQ_LEN),
				  hive_proc_list_req_decode(bytes.data(), bytes.size(), &out));
			EXPECT_TRUE(ListReq::same(m, out)) << max << " " << cursor;
		}
	}
}

TEST(ProcListReply, LayoutIsBigEndianAsDocumented)
{
	const hive_proc_list_reply m{ .next = 0xa1b2c3d4, .count = 0x00000102 };
	const Bytes want = { 0xa1, 0xb2, 0xc3, 0xd4, 0x00, 0x00, 0x01, 0x02 };

	ASSERT_EQ(size_t(HIVE_PROC_LIST_REPLY_LEN), want.size());
	EXPECT_EQ(want, encode<ListReply>(m));
}

TEST(ProcListReply, CountIsAtMostListMax)
{
	for (uint32_t count : { HIVE_PROC_LIST_MAX + 1, 65536u, UINT32_MAX }) {
		const hive_proc_list_reply m{ .next = 0, .count = count };
		const Bytes bytes = ListReply::wire(m);
		Bytes b(HIVE_PROC_LIST_REPLY_LEN, 0x5a);
		hive_proc_list_reply out{ .next = 1, .count = 2 };

		EXPECT_EQ(-EINVAL, hive_proc_list_reply_encode(&m, b.data(), b.size())) << count;
		EXPECT_EQ(Bytes(HIVE_PROC_LIST_REPLY_LEN, 0x5a), b);
		EXPECT_EQ(-EBADMSG, hive_proc_list_reply_decode(bytes.data(), bytes.size(), &out))
			<< count;
		EXPECT_EQ(2u, out.count);
	}
}

namespace {

// A whole LIST reply, built by the test: the header, then each entry.
Bytes reply_bytes(uint32_t next, uint32_t count, const std::vector<hive_proc_entry> &entries)
{
	Bytes b = ListReply::wire(hive_proc_list_reply{ .next = next, .count = count });

	for (const auto &e : entries) {
		Bytes eb = Entry::wire(e);
		b.insert(b.end(), eb.begin(), eb.end());
	}
	return b;
}

// n valid entries with ascending pids from @first, gaps of 1..@gap.
std::vector<hive_proc_entry> ascending(std::mt19937_64 &rng, size_t n, uint32_t first,
				       uint32_t gap)
{
	std::vector<hive_proc_entry> v;
	uint32_t pid = first;

	for (size_t i = 0; i < n; i++) {
		hive_proc_entry e = Entry::random(rng);

		e.pid = pid;
		pid += 1 + uint32_t(rng() % gap);
		v.push_back(e);
	}
	return v;
}

// @b is refused as a whole reply, leaving the output alone; a copy of
// exactly its length, so ASan sees any overread.
int check_reply(const Bytes &b, hive_proc_list_reply *out)
{
	Bytes copy(b);

	return hive_proc_list_reply_check(copy.data(), copy.size(), out);
}

void expect_reply_refused(const Bytes &b, const std::string &what)
{
	hive_proc_list_reply out{ .next = 11, .count = 12 };

	EXPECT_EQ(-EBADMSG, check_reply(b, &out)) << what;
	EXPECT_EQ(11u, out.next) << what;
	EXPECT_EQ(12u, out.count) << what;
}

} // namespace

// Valid replies of every size up to a full page: accepted, the header as
// sent, and every entry reads back from its documented offset.
TEST(ProcListReplyCheck, AcceptsValidReplies)
{
	std::mt19937_64 rng(12);
	std::vector<size_t> counts = { 0, 1, 2, 3, HIVE_PROC_LIST_MAX - 1, HIVE_PROC_LIST_MAX };

	for (int i = 0; i < 200; i++)
		counts.push_back(rng() % (HIVE_PROC_LIST_MAX + 1));
	for (size_t count : counts) {
		auto entries = ascending(rng, count, 1 + uint32_t(rng() % 100000), 1 + rng() % 5000);
		uint32_t last = count ? entries.back().pid : 0;
		uint32_t next = rng() % 2 ? 0 : last + 1 + uint32_t(rng() % 1000);
		const Bytes b = reply_bytes(next, uint32_t(count), entries);
		hive_proc_list_reply out{};

		ASSERT_EQ(0, check_reply(b, &out)) << count;
		ASSERT_EQ(next, out.next);
		ASSERT_EQ(count, out.count);
		for (size_t j = 0; j < count; j++) {
			size_t off = HIVE_PROC_LIST_REPLY_LEN + j * HIVE_PROC_ENTRY_LEN;
			hive_proc_entry e{};

			ASSERT_EQ(int(HIVE_PROC_ENTRY_LEN),
				  hive_proc_entry_decode(b.data() + off, b.size() - off, &e));
			ASSERT_TRUE(Entry::same(entries[j], e)) << count << " " << j;
		}
	}
}

// No entries: next may be anything (there is no last pid to be above).
TEST(ProcListReplyCheck, EmptyReplyTakesAnyNext)
{
	for (uint32_t next : { 0u, 1u, HIVE_PID_LIMIT, UINT32_MAX }) {
		hive_proc_list_reply out{};

		EXPECT_EQ(0, check_reply(reply_bytes(next, 0, {}), &out)) << next;
		EXPECT_EQ(next, out.next);
		EXPECT_EQ(0u, out.count);
	}
}

TEST(ProcListReplyCheck, ShorterThanTheHeaderAsksForMore)
{
	const Bytes b = reply_bytes(0, 0, {});

	for (size_t len = 0; len < HIVE_PROC_LIST_REPLY_LEN; len++) {
		hive_proc_list_reply out{ .next = 11, .count = 12 };

		EXPECT_EQ(-EAGAIN, check_reply(Bytes(b.begin(), b.begin() + len), &out)) << len;
		EXPECT_EQ(12u, out.count);
	}
}

// A reply is one message: one byte short of its entries, or more bytes
// than the count says, is malformed, not "wait for more".
TEST(ProcListReplyCheck, LengthMustMatchCountExactly)
{
	std::mt19937_64 rng(13);

	for (uint32_t count : { 0u, 1u, 3u, HIVE_PROC_LIST_MAX }) {
		const Bytes good = reply_bytes(0, count, ascending(rng, count, 100, 10));

		for (size_t len = HIVE_PROC_LIST_REPLY_LEN; len < good.size(); len++)
			expect_reply_refused(Bytes(good.begin(), good.begin() + len),
					     std::to_string(count) + " cut to " + std::to_string(len));
		for (size_t extra : { size_t(1), size_t(HIVE_PROC_ENTRY_LEN - 1),
				      size_t(HIVE_PROC_ENTRY_LEN), size_t(2 * HIVE_PROC_ENTRY_LEN) }) {
			// What follows looks like more entries, valid ones.
			const Bytes more = Entry::wire(Entry::random(rng));
			Bytes longer = good;

			for (size_t j = 0; j < extra; j++)
				longer.push_back(more[j % more.size()]);
			expect_reply_refused(longer, std::to_string(count) + " plus " +
					     std::to_string(extra));
		}
	}
	// A header whose count is over the maximum, whatever follows.
	expect_reply_refused(reply_bytes(0, HIVE_PROC_LIST_MAX + 1,
					 ascending(rng, HIVE_PROC_LIST_MAX + 1, 1, 1)),
			     "count over the maximum");
	expect_reply_refused(reply_bytes(0, UINT32_MAX, {}), "count UINT32_MAX");
}

// One bad entry anywhere spoils the reply.
TEST(ProcListReplyCheck, EveryBadEntryIsRefused)
{
	std::mt19937_64 rng(14);
	const uint32_t count = 5;

	for (uint32_t bad = 0; bad < count; bad++) {
		auto entries = ascending(rng, count, 1000, 100);
		std::vector<std::pair<std::string, hive_proc_entry>> breaks;
		hive_proc_entry e = entries[bad];

		e.node = 0;
		breaks.push_back({ "node 0", e });
		e = entries[bad];
		e.state = 'Q';
		breaks.push_back({ "state Q", e });
		e = entries[bad];
		std::memset(e.comm, 'c', sizeof(e.comm));
		breaks.push_back({ "comm without NUL", e });
		for (auto &[what, broken] : breaks) {
			auto v = entries;

			v[bad] = broken;
			expect_reply_refused(reply_bytes(0, count, v), what + " at " + std::to_string(bad));
		}
		// A non-zero reserved byte, and pid 0 (at 0: else it is also
		// out of order).
		Bytes b = reply_bytes(0, count, entries);
		b[HIVE_PROC_LIST_REPLY_LEN + bad * HIVE_PROC_ENTRY_LEN + 25 + bad] = 1;
		expect_reply_refused(b, "reserved at " + std::to_string(bad));
	}
	auto entries = ascending(rng, count, 1000, 100);
	entries[0].pid = 0;
	expect_reply_refused(reply_bytes(0, count, entries), "pid 0 first");
}

TEST(ProcListReplyCheck, PidsMustStrictlyAscend)
{
	std::mt19937_64 rng(15);

	for (uint32_t at = 1; at < 6; at++) {
		auto entries = ascending(rng, 6, 5000, 100);
		auto repeated = entries, descending = entries;

		repeated[at].pid = entries[at - 1].pid;
		expect_reply_refused(reply_bytes(0, 6, repeated), "repeat at " + std::to_string(at));
		descending[at].pid = entries[at - 1].pid - 1;
		expect_reply_refused(reply_bytes(0, 6, descending), "drop at " + std::to_string(at));
	}
}

// next says where the listing goes on: past the last entry it sent, or 0.
TEST(ProcListReplyCheck, NextIsZeroOrAboveTheLastPid)
{
	std::mt19937_64 rng(16);
	auto entries = ascending(rng, 4, 20000, 50);
	uint32_t last = entries.back().pid;
	hive_proc_list_reply out{};

	for (uint32_t next : { 1u, entries[0].pid, last - 1, last })
		expect_reply_refused(reply_bytes(next, 4, entries), "next " + std::to_string(next));
	for (uint32_t next : { 0u, last + 1, UINT32_MAX }) {
		EXPECT_EQ(0, check_reply(reply_bytes(next, 4, entries), &out)) << next;
		EXPECT_EQ(next, out.next);
	}
}

// The biggest pid there is can be the last entry of a listing that ends.
TEST(ProcListReplyCheck, LastPidUint32MaxMeansTheListingEnded)
{
	std::mt19937_64 rng(17);
	auto entries = ascending(rng, 2, 1, 1);
	hive_proc_list_reply out{};

	entries[1].pid = UINT32_MAX;
	EXPECT_EQ(0, check_reply(reply_bytes(0, 2, entries), &out));
	expect_reply_refused(reply_bytes(UINT32_MAX, 2, entries), "next UINT32_MAX");
}

TEST(KillReq, LayoutIsBigEndianAsDocumented)
{
	const hive_kill_req m{ .pid = -16385, .sig = 9, .sender = 0x01020304,
			       .uid = 0x11121314, .euid = 0x21222324,
			       .flags = HIVE_KILL_CAP_KILL };
	const Bytes want = {
		0xff, 0xff, 0xbf, 0xff,		// pid -16385: process group 16385
		0x00, 0x00, 0x00, 0x09,		// sig
		0x01, 0x02, 0x03, 0x04,		// sender
		0x11, 0x12, 0x13, 0x14,		// uid
		0x21, 0x22, 0x23, 0x24,		// euid
		0x00, 0x00, 0x00, 0x01,		// flags
	};

	ASSERT_EQ(size_t(HIVE_KILL_REQ_LEN), want.size());
	EXPECT_EQ(want, encode<KillReq>(m));
}

namespace {

void expect_kill(const hive_kill_req &m, bool ok, const std::string &what)
{
	const Bytes bytes = KillReq::wire(m);
	Bytes b(HIVE_KILL_REQ_LEN, 0x5a);
	hive_kill_req out{ .pid = 3, .sig = 0, .sender = 0, .uid = 0, .euid = 0, .flags = 0 };

	if (!ok) {
		EXPECT_EQ(-EINVAL, hive_kill_req_encode(&m, b.data(), b.size())) << what;
		EXPECT_EQ(Bytes(HIVE_KILL_REQ_LEN, 0x5a), b) << what;
		EXPECT_EQ(-EBADMSG, hive_kill_req_decode(bytes.data(), bytes.size(), &out)) << what;
		EXPECT_EQ(3, out.pid) << what;
		return;
	}
	EXPECT_EQ(bytes, encode<KillReq>(m)) << what;
	EXPECT_EQ(int(HIVE_KILL_REQ_LEN), hive_kill_req_decode(bytes.data(), bytes.size(), &out))
		<< what;
	EXPECT_TRUE(KillReq::same(m, out)) << what;
}

} // namespace

// A process (> 0) or a group (< -1); never kill(2)'s caller-relative 0 and
// -1, nor INT32_MIN, which no pgid negates to.
TEST(KillReq, TargetIsOneProcessOrOneGroup)
{
	hive_kill_req m{ .pid = 1, .sig = 15, .sender = 100, .uid = 0, .euid = 0, .flags = 0 };

	for (int32_t pid : { 0, -1, INT32_MIN }) {
		m.pid = pid;
		expect_kill(m, false, "pid " + std::to_string(pid));
	}
	for (int32_t pid : { 1, 2, INT32_MAX, -2, -3, INT32_MIN + 1 }) {
		m.pid = pid;
		expect_kill(m, true, "pid " + std::to_string(pid));
	}
}

TEST(KillReq, SignalIsZeroTo64)
{
	hive_kill_req m{ .pid = 20000, .sig = 0, .sender = 100, .uid = 0, .euid = 0, .flags = 0 };

	for (uint32_t sig = 0; sig <= 1000; sig++) {
		m.sig = sig;
		expect_kill(m, sig <= 64, "sig " + std::to_string(sig));
	}
	m.sig = UINT32_MAX;
	expect_kill(m, false, "sig UINT32_MAX");
}

TEST(KillReq, OnlyKnownFlags)
{
	hive_kill_req m{ .pid = 20000, .sig = 9, .sender = 100, .uid = 1000, .euid = 1000,
			 .flags = 0 };

	expect_kill(m, true, "no flags");
	m.flags = HIVE_KILL_CAP_KILL;
	expect_kill(m, true, "CAP_KILL");
	for (int bit = 1; bit < 32; bit++) {
		m.flags = 1u << bit;
		expect_kill(m, false, "bit " + std::to_string(bit));
		m.flags |= HIVE_KILL_CAP_KILL;
		expect_kill(m, false, "CAP_KILL and bit " + std::to_string(bit));
	}
}

namespace {

// A valid cgroup path of @len bytes: "/", "/a", "/aa", "/a/a", "/a/aa"...
Bytes exec_cgroup(uint32_t len)
{
	Bytes b(len, 'a');

	for (uint32_t i = 0; i < len; i += 2)
		b[i] = '/';
	if (len > 1 && b[len - 1] == '/')
		b[len - 1] = 'a';
	return b;
}

// A valid label of @len bytes: "p", "p-", "p-p", ...
Bytes exec_label(uint32_t len)
{
	Bytes b(len, 'p');

	for (uint32_t i = 1; i + 1 < len; i += 2)
		b[i] = '-';
	return b;
}

// A whole START: header, the groups, @cgroup and @label (their lengths in
// @m), then the spec.
Bytes exec_start_bytes(const hive_exec_start &m, const std::vector<uint32_t> &groups,
		       const Bytes &cgroup, const Bytes &label)
{
	Bytes b = ExecStart::wire(m);

	for (uint32_t g : groups)
		be(b, g, 4);
	b.insert(b.end(), cgroup.begin(), cgroup.end());
	b.insert(b.end(), label.begin(), label.end());
	for (uint32_t i = 0; i < m.spec_len; i++)
		b.push_back(uint8_t(i));
	return b;
}

Bytes exec_start_bytes(const hive_exec_start &m, const std::vector<uint32_t> &groups)
{
	return exec_start_bytes(m, groups, exec_cgroup(m.cgroup_len), exec_label(m.label_len));
}

} // namespace

TEST(ExecStart, WholeRequestReadsBackGroupsAndSpec)
{
	std::mt19937_64 rng(31);

	for (int i = 0; i < 2000; i++) {
		hive_exec_start m = ExecStart::random(rng), out{};
		std::vector<uint32_t> groups(m.ngroups), got(HIVE_EXEC_START_GROUPS_MAX, 7);

		m.spec_len = 1 + m.spec_len % 300;
		m.cgroup_len = 1 + m.cgroup_len % 100;
		m.label_len %= 50;
		for (auto &g : groups)
			g = uint32_t(rng());
		Bytes b(HIVE_EXEC_START_LEN + 4 * m.ngroups + m.cgroup_len + m.label_len +
			m.spec_len);
		ASSERT_EQ(int(HIVE_EXEC_START_LEN), hive_exec_start_encode(&m, b.data(), b.size()));
		for (uint32_t g = 0; g < m.ngroups; g++)
			ASSERT_EQ(4, hive_exec_group_encode(groups[g], b.data(), b.size(), g));
		const Bytes cgroup = exec_cgroup(m.cgroup_len);
		std::copy(cgroup.begin(), cgroup.end(),
			  b.begin() + HIVE_EXEC_START_LEN + 4 * m.ngroups);
		const Bytes label = exec_label(m.label_len);
		std::copy(label.begin(), label.end(),
			  b.begin() + HIVE_EXEC_START_LEN + 4 * m.ngroups + m.cgroup_len);
		for (uint32_t k = 0; k < m.spec_len; k++)
			b[b.size() - m.spec_len + k] = uint8_t(k);
		ASSERT_EQ(exec_start_bytes(m, groups), b) << i;
		ASSERT_EQ(0, hive_exec_start_check(b.data(), b.size(), &out, got.data())) << i;
		ASSERT_TRUE(ExecStart::same(m, out)) << i;
		ASSERT_EQ(groups, std::vector<uint32_t>(got.begin(), got.begin() + m.ngroups)) << i;
	}
}

// The length must be exactly header + groups + cgroup + label + spec: one byte
// more or less, a short header, or a header that does not decode is
// refused, and nothing is written.
TEST(ExecStart, WholeRequestMustHaveItsExactLength)
{
	const hive_exec_start m{ .session = 9, .origin_pid = 16390, .uid = 1000,
				 .gid = 1000, .ngroups = 3, .spec_len = 10, .flags = 0,
				 .cgroup_len = 5, .label_len = 9 };
	const Bytes good = exec_start_bytes(m, { 4, 24, 27 });
	std::vector<uint32_t> groups(HIVE_EXEC_START_GROUPS_MAX, 7);
	hive_exec_start out{};

	out.session = 55;
	for (size_t n = 0; n < HIVE_EXEC_START_LEN; n++)
		EXPECT_EQ(-EAGAIN, hive_exec_start_check(good.data(), n, &out, groups.data())) << n;
	for (size_t n = HIVE_EXEC_START_LEN; n < good.size(); n++)
		EXPECT_EQ(-EBADMSG, hive_exec_start_check(good.data(), n, &out, groups.data())) << n;
	Bytes longer = good;
	longer.push_back(0);
	EXPECT_EQ(-EBADMSG, hive_exec_start_check(longer.data(), longer.size(), &out, groups.data()));
	Bytes bad = good;
	bad[0] = bad[1] = bad[2] = bad[3] = bad[4] = bad[5] = bad[6] = bad[7] = 0;	// session 0
	EXPECT_EQ(-EBADMSG, hive_exec_start_check(bad.data(), bad.size(), &out, groups.data()));
	EXPECT_EQ(55u, out.session);
	EXPECT_EQ(7u, groups[0]);
	EXPECT_EQ(0, hive_exec_start_check(good.data(), good.size(), &out, groups.data()));
	EXPECT_EQ((std::vector<uint32_t>{ 4, 24, 27 }),
		  std::vector<uint32_t>(groups.begin(), groups.begin() + 3));
}

TEST(ExecStart, GroupOutsideTheBufferIsNoSpace)
{
	Bytes b(HIVE_EXEC_START_LEN + 8, 0x5a);

	EXPECT_EQ(4, hive_exec_group_encode(1, b.data(), b.size(), 1));
	EXPECT_EQ(-ENOSPC, hive_exec_group_encode(1, b.data(), b.size(), 2));
	EXPECT_EQ(-ENOSPC, hive_exec_group_encode(1, b.data(), b.size(), UINT32_MAX));
	EXPECT_EQ(Bytes(b.begin(), b.begin() + HIVE_EXEC_START_LEN + 4),
		  Bytes(HIVE_EXEC_START_LEN + 4, 0x5a));
}

// The cgroup starts with '/' and has no NUL; anything else is refused.
TEST(ExecStart, CgroupIsAnAbsolutePathWithoutNul)
{
	const hive_exec_start m{ .session = 9, .origin_pid = 16390, .uid = 0, .gid = 0,
				 .ngroups = 1, .spec_len = 3, .flags = 0, .cgroup_len = 4, .label_len = 0 };
	const Bytes good = exec_start_bytes(m, { 4 });
	const size_t at = HIVE_EXEC_START_LEN + 4;
	std::vector<uint32_t> groups(HIVE_EXEC_START_GROUPS_MAX, 7);
	hive_exec_start out{};

	ASSERT_EQ(0, hive_exec_start_check(good.data(), good.size(), &out, groups.data()));
	EXPECT_EQ(Bytes({ '/', 'a', '/', 'a' }), Bytes(good.begin() + at, good.begin() + at + 4));
	for (size_t i = 0; i < m.cgroup_len; i++) {
		Bytes bad = good;
		bad[at + i] = 0;
		EXPECT_EQ(-EBADMSG, hive_exec_start_check(bad.data(), bad.size(), &out, groups.data())) << i;
	}
	Bytes relative = good;
	relative[at] = 'a';
	EXPECT_EQ(-EBADMSG,
		  hive_exec_start_check(relative.data(), relative.size(), &out, groups.data()));
}

// Only a path as the kernel writes one: no empty, "." or ".." name, no
// trailing '/' but on the root.
TEST(ExecStart, CgroupIsAPathAsTheKernelWritesOne)
{
	const std::vector<std::pair<std::string, bool>> cases = {
		{ "/", true }, { "/a", true }, { "/user.slice/user-1000.slice", true },
		{ "/a/.b", true }, { "/...", true }, { "//", false }, { "/a/", false },
		{ "/a//b", false }, { "/.", false }, { "/..", false }, { "/a/./b", false },
		{ "/a/../b", false }, { "/a/..", false }, { "a", false },
	};
	std::vector<uint32_t> groups(HIVE_EXEC_START_GROUPS_MAX, 7);

	for (const auto &[path, ok] : cases) {
		hive_exec_start m{ .session = 9, .origin_pid = 16390, .uid = 0, .gid = 0,
				   .ngroups = 0, .spec_len = 3, .flags = 0,
				   .cgroup_len = uint32_t(path.size()), .label_len = 0 }, out{};
		const Bytes b = exec_start_bytes(m, {}, Bytes(path.begin(), path.end()), {});

		EXPECT_EQ(ok ? 0 : -EBADMSG,
			  hive_exec_start_check(b.data(), b.size(), &out, groups.data()))
			<< path;
	}
}

// A label is printable ASCII without a space at either end, or nothing
// (an unconfined caller); the check and hive_exec_start_label_valid()
// agree.
TEST(ExecStart, LabelIsPrintableWithoutSpaceAtItsEnds)
{
	const std::vector<std::pair<std::string, bool>> cases = {
		{ "", true }, { "hive-test", true }, { "a//&b", true }, { ":ns:p", true },
		{ "/usr/bin/x (enforce)", true }, { "~", true }, { " a", false },
		{ "a ", false }, { " ", false }, { std::string("a\0b", 3), false },
		{ "a\nb", false }, { "a\x7f", false }, { "\xc3\xa9", false }, { "a\tb", false },
	};
	std::vector<uint32_t> groups(HIVE_EXEC_START_GROUPS_MAX, 7);

	for (const auto &[label, ok] : cases) {
		hive_exec_start m{ .session = 9, .origin_pid = 16390, .uid = 0, .gid = 0,
				   .ngroups = 0, .spec_len = 3, .flags = 0, .cgroup_len = 1,
				   .label_len = uint32_t(label.size()) }, out{};
		const Bytes b = exec_start_bytes(m, {}, exec_cgroup(1),
						 Bytes(label.begin(), label.end()));

		EXPECT_EQ(ok ? 0 : -EBADMSG,
			  hive_exec_start_check(b.data(), b.size(), &out, groups.data()))
			<< label;
		EXPECT_EQ(ok, hive_exec_start_label_valid(
				      reinterpret_cast<const uint8_t *>(label.data()), label.size()))
			<< label;
	}
	const Bytes longest = exec_label(HIVE_EXEC_START_LABEL_MAX + 1);
	EXPECT_TRUE(hive_exec_start_label_valid(longest.data(), HIVE_EXEC_START_LABEL_MAX));
	EXPECT_FALSE(hive_exec_start_label_valid(longest.data(), longest.size()));
}

// (load + 1000 per session) per CPU, exactly, at the extremes too.
TEST(ExecLoad, BusierComparesLoadPerCpu)
{
	auto load = [](uint32_t milli, uint32_t cpus, uint32_t sessions) {
		return hive_exec_load{ .load_milli = milli, .cpus = cpus, .sessions = sessions };
	};
	const hive_exec_load idle1 = load(0, 1, 0), one1 = load(1000, 1, 0),
			     one2 = load(1000, 2, 0), two2 = load(2000, 2, 0),
			     session1 = load(0, 1, 1);

	EXPECT_TRUE(hive_exec_load_busier(&one1, &idle1));
	EXPECT_FALSE(hive_exec_load_busier(&idle1, &one1));
	EXPECT_TRUE(hive_exec_load_busier(&one1, &one2));
	EXPECT_FALSE(hive_exec_load_busier(&two2, &one1));	// equal: not busier
	EXPECT_FALSE(hive_exec_load_busier(&one1, &two2));
	EXPECT_FALSE(hive_exec_load_busier(&session1, &one1));	// a session weighs 1.0
	EXPECT_TRUE(hive_exec_load_busier(&session1, &one2));
	const hive_exec_load most = load(UINT32_MAX, 1, UINT32_MAX),
			     wide = load(UINT32_MAX, HIVE_EXEC_LOAD_CPUS_MAX, UINT32_MAX);
	EXPECT_TRUE(hive_exec_load_busier(&most, &wide));
	EXPECT_FALSE(hive_exec_load_busier(&wide, &most));
}
