// SPDX-License-Identifier: GPL-2.0
// The MIGRATE_CHECK messages (include/hive/migrate.h): the request and the
// reply's head through the shared codec suites and a model of their rules
// written here from the header; reasons with their details; and whole
// replies, built and broken.
#include <cerrno>
#include <cstdint>
#include <random>
#include <string>
#include <vector>
#include <gtest/gtest.h>
#include "codec_suite.hpp"
#include "hive/migrate.h"
#include "hive/process.h"

namespace {

using hive_test::be;
using hive_test::Bytes;
using hive_test::edgy;

struct CheckReq {
	using Msg = hive_mig_check_req;
	static constexpr size_t len = HIVE_MIG_CHECK_REQ_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_check_req_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_check_req_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .pid = uint32_t(1 + rng() % (HIVE_PID_LIMIT - 1)), .uid = uint32_t(rng()),
			    .euid = uint32_t(rng()),
			    .flags = uint32_t(rng() % 2) * HIVE_MIG_CHECK_CAP_KILL };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		if (rng() % 2)
			m.pid = uint32_t(edgy(rng, { 0, 1, HIVE_PID_LIMIT - 1, HIVE_PID_LIMIT,
						     UINT32_MAX }));
		else
			m.flags = uint32_t(edgy(rng, { 0, 1, 2, 3, 1u << 31 }));
		return m;
	}
	static bool valid(const Msg &m)
	{
		return m.pid >= 1 && m.pid < HIVE_PID_LIMIT && m.flags <= 1;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		for (uint32_t v : { m.pid, m.uid, m.euid, m.flags })
			be(b, v, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.pid == b.pid && a.uid == b.uid && a.euid == b.euid && a.flags == b.flags;
	}
};

struct MoveReq {
	using Msg = hive_mig_move_req;
	static constexpr size_t len = HIVE_MIG_MOVE_REQ_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_move_req_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_move_req_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .who = CheckReq::random(rng), .node = uint32_t(rng() % 1024),
			    .hops = uint32_t(rng() % 2) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 3) {
		case 0:
			m.who = CheckReq::any(rng);
			break;
		case 1:
			m.node = uint32_t(edgy(rng, { 0, 1, 1023, 1024, UINT32_MAX }));
			break;
		default:
			m.hops = uint32_t(edgy(rng, { 0, 1, 2, UINT32_MAX }));
		}
		return m;
	}
	// The header's rules: a check's request, a node id or 0, a hop at most.
	static bool valid(const Msg &m)
	{
		return CheckReq::valid(m.who) && m.node <= 1023 && m.hops <= 1;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b = CheckReq::wire(m.who);

		be(b, m.node, 4);
		be(b, m.hops, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return CheckReq::same(a.who, b.who) && a.node == b.node && a.hops == b.hops;
	}
};

struct MoveReply {
	using Msg = hive_mig_move_reply;
	static constexpr size_t len = HIVE_MIG_MOVE_REPLY_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_move_reply_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_move_reply_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng) { return Msg{ .node = uint32_t(rng() % 1024) }; }
	static Msg any(std::mt19937_64 &rng)
	{
		return Msg{ .node = uint32_t(edgy(rng, { 0, 1, 1023, 1024, UINT32_MAX })) };
	}
	static bool valid(const Msg &m) { return m.node <= 1023; }
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.node, 4);
		be(b, 0, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b) { return a.node == b.node; }
};

struct CheckReply {
	using Msg = hive_mig_check_reply;
	static constexpr size_t len = HIVE_MIG_CHECK_REPLY_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_check_reply_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_check_reply_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .threads = uint32_t(rng() % (HIVE_MIG_THREADS_MAX + 1)),
			    .mappings = uint32_t(rng() % (HIVE_MIG_VMAS_MAX + 1)),
			    .state_bytes = uint32_t(rng()),
			    .nwhys = uint32_t(rng() % (HIVE_MIG_WHYS_MAX + 1)),
			    .whys_left = uint32_t(rng()), .memory = rng() };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 3) {
		case 0:
			m.threads = uint32_t(edgy(rng, { 0, HIVE_MIG_THREADS_MAX,
							 HIVE_MIG_THREADS_MAX + 1, UINT32_MAX }));
			break;
		case 1:
			m.mappings = uint32_t(edgy(rng, { 0, HIVE_MIG_VMAS_MAX, HIVE_MIG_VMAS_MAX + 1 }));
			break;
		default:
			m.nwhys = uint32_t(edgy(rng, { 0, HIVE_MIG_WHYS_MAX, HIVE_MIG_WHYS_MAX + 1 }));
		}
		return m;
	}
	static bool valid(const Msg &m)
	{
		return m.threads <= HIVE_MIG_THREADS_MAX && m.mappings <= HIVE_MIG_VMAS_MAX &&
		       m.nwhys <= HIVE_MIG_WHYS_MAX;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		for (uint32_t v : { m.threads, m.mappings, m.state_bytes, m.nwhys, m.whys_left, 0u })
			be(b, v, 4);
		be(b, m.memory, 8);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.threads == b.threads && a.mappings == b.mappings &&
		       a.state_bytes == b.state_bytes && a.nwhys == b.nwhys &&
		       a.whys_left == b.whys_left && a.memory == b.memory;
	}
};

// A random reason and its detail.
std::pair<hive_mig_why, std::string> random_why(std::mt19937_64 &rng)
{
	std::string detail(rng() % 3 ? rng() % 20 : rng() % (HIVE_MIG_WHY_DETAIL_MAX + 1), 'x');

	for (char &c : detail)
		c = char(1 + rng() % 255);
	return { hive_mig_why{ .code = uint16_t(1 + rng() % (HIVE_MIG_WHY_CODE_MAX - 1)),
			       .detail_len = uint16_t(detail.size()), .arg = uint32_t(rng()) },
		 detail };
}

// A whole reply with @n reasons.
Bytes reply_with(std::mt19937_64 &rng, uint32_t n,
		 std::vector<std::pair<hive_mig_why, std::string>> *whys = nullptr)
{
	hive_mig_check_reply head = CheckReply::random(rng);
	Bytes b(HIVE_MIG_CHECK_REPLY_LEN);

	head.nwhys = n;
	EXPECT_EQ(int(HIVE_MIG_CHECK_REPLY_LEN),
		  hive_mig_check_reply_encode(&head, b.data(), b.size()));
	for (uint32_t i = 0; i < n; i++) {
		auto [why, detail] = random_why(rng);
		size_t at = b.size();

		b.resize(at + HIVE_MIG_WHY_LEN + detail.size());
		EXPECT_EQ(int(HIVE_MIG_WHY_LEN + detail.size()),
			  hive_mig_why_encode(&why, detail.data(), b.data() + at, b.size() - at));
		if (whys)
			whys->push_back({ why, detail });
	}
	return b;
}

TEST(MigrateWhy, RoundTripsWithItsDetail)
{
	std::mt19937_64 rng(21);

	for (int i = 0; i < 5000; i++) {
		auto [why, detail] = random_why(rng);
		Bytes b(HIVE_MIG_WHY_LEN + detail.size() + 3, 0x5a);
		hive_mig_why out{};
		const uint8_t *got = nullptr;

		ASSERT_EQ(int(HIVE_MIG_WHY_LEN + detail.size()),
			  hive_mig_why_encode(&why, detail.data(), b.data(), b.size()));
		ASSERT_EQ(0x5a, b.back());
		ASSERT_EQ(int(HIVE_MIG_WHY_LEN + detail.size()),
			  hive_mig_why_decode(b.data(), b.size(), &out, &got));
		ASSERT_EQ(why.code, out.code);
		ASSERT_EQ(why.arg, out.arg);
		ASSERT_EQ(detail, std::string(reinterpret_cast<const char *>(got), out.detail_len));
		for (size_t len = 0; len < HIVE_MIG_WHY_LEN + detail.size(); len++)
			ASSERT_EQ(-EAGAIN, hive_mig_why_decode(b.data(), len, &out, &got)) << len;
	}
}

TEST(MigrateWhy, RefusesWhatNoReasonIs)
{
	std::mt19937_64 rng(22);
	Bytes b(600, 0x5a);
	auto [why, detail] = random_why(rng);
	const std::string with_nul("/a\0b", 4);

	for (uint16_t code : { uint16_t(0), uint16_t(HIVE_MIG_WHY_CODE_MAX), uint16_t(UINT16_MAX) }) {
		hive_mig_why bad = why;
		bad.code = code;
		EXPECT_EQ(-EINVAL, hive_mig_why_encode(&bad, detail.data(), b.data(), b.size()));
	}
	hive_mig_why bad = why;
	bad.detail_len = HIVE_MIG_WHY_DETAIL_MAX + 1;
	std::string longer(HIVE_MIG_WHY_DETAIL_MAX + 1, 'a');
	EXPECT_EQ(-EINVAL, hive_mig_why_encode(&bad, longer.data(), b.data(), b.size()));
	bad.detail_len = uint16_t(with_nul.size());
	EXPECT_EQ(-EINVAL, hive_mig_why_encode(&bad, with_nul.data(), b.data(), b.size()));
	EXPECT_EQ(Bytes(600, 0x5a), b);
	why.detail_len = uint16_t(detail.size());
	EXPECT_EQ(-ENOSPC, hive_mig_why_encode(&why, detail.data(), b.data(),
					       HIVE_MIG_WHY_LEN + detail.size() - 1));
	// The decoder refuses the same on the wire.
	Bytes w;
	be(w, 0, 2);
	be(w, 0, 2);
	be(w, 7, 4);
	hive_mig_why out;
	const uint8_t *got;
	EXPECT_EQ(-EBADMSG, hive_mig_why_decode(w.data(), w.size(), &out, &got));
	w = {};
	be(w, 3, 2);
	be(w, 4, 2);
	be(w, 7, 4);
	w.insert(w.end(), with_nul.begin(), with_nul.end());
	EXPECT_EQ(-EBADMSG, hive_mig_why_decode(w.data(), w.size(), &out, &got));
}

TEST(MigrateCheckReply, WholeRepliesAreCheckedEntryByEntry)
{
	std::mt19937_64 rng(23);

	for (int i = 0; i < 500; i++) {
		std::vector<std::pair<hive_mig_why, std::string>> whys;
		const uint32_t n = uint32_t(rng() % (HIVE_MIG_WHYS_MAX + 1));
		Bytes b = reply_with(rng, n, &whys);
		hive_mig_check_reply head{};

		ASSERT_EQ(0, hive_mig_check_reply_check(b.data(), b.size(), &head));
		ASSERT_EQ(n, head.nwhys);
		size_t off = HIVE_MIG_CHECK_REPLY_LEN;
		for (const auto &[want, detail] : whys) {
			hive_mig_why why;
			const uint8_t *got;
			int rc = hive_mig_why_decode(b.data() + off, b.size() - off, &why, &got);

			ASSERT_EQ(int(HIVE_MIG_WHY_LEN + detail.size()), rc);
			ASSERT_EQ(want.code, why.code);
			off += size_t(rc);
		}
		// A byte more or less is not one reply.
		hive_mig_check_reply out{};
		out.threads = 7;
		b.push_back(0);
		ASSERT_EQ(-EBADMSG, hive_mig_check_reply_check(b.data(), b.size(), &out));
		b.resize(b.size() - 2);
		ASSERT_EQ(-EBADMSG, hive_mig_check_reply_check(b.data(), b.size(), &out));
		ASSERT_EQ(7u, out.threads);
	}
}

TEST(MigrateCheckReply, ACorruptedReplyIsRefusedOrStillWellFormed)
{
	std::mt19937_64 rng(24);

	for (int i = 0; i < 100; i++) {
		const Bytes good = reply_with(rng, uint32_t(rng() % 4));

		for (size_t bit = 0; bit < good.size() * 8; bit++) {
			Bytes b = good;
			hive_mig_check_reply head;

			b[bit / 8] ^= uint8_t(1u << (bit % 8));
			if (hive_mig_check_reply_check(b.data(), b.size(), &head) < 0)
				continue;
			// Accepted: every reason it names decodes, to the end.
			size_t off = HIVE_MIG_CHECK_REPLY_LEN;
			for (uint32_t k = 0; k < head.nwhys; k++) {
				hive_mig_why why;
				const uint8_t *got;
				int rc = hive_mig_why_decode(b.data() + off, b.size() - off, &why, &got);

				ASSERT_GT(rc, 0) << bit;
				off += size_t(rc);
			}
			ASSERT_EQ(b.size(), off) << bit;
		}
	}
}

} // namespace

using CheckCodecs = testing::Types<CheckReq, CheckReply, MoveReq, MoveReply>;
namespace hive_test {
INSTANTIATE_TYPED_TEST_SUITE_P(MigrateCheck, CodecSuite, ::CheckCodecs);
INSTANTIATE_TYPED_TEST_SUITE_P(MigrateCheck, CodecModelSuite, ::CheckCodecs);
} // namespace hive_test
