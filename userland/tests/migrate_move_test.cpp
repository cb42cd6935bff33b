// SPDX-License-Identifier: GPL-2.0
// The messages of a move beside its stream (include/hive/migrate.h):
// MIGRATE_PAGES request and reply, MIGRATE_EXIT, MIGRATE_ABORT,
// MIGRATE_SIGNAL and MIGRATE_FORWARD's request and reply, through
// the shared codec suites and a model of their rules written here from
// the header.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <iterator>
#include <random>
#include <gtest/gtest.h>
#include "codec_suite.hpp"
#include "hive/migrate.h"

namespace {

using hive_test::be;
using hive_test::Bytes;
using hive_test::edgy;

constexpr uint64_t kPage = HIVE_MIG_PAGE_SIZE;
constexpr uint64_t kUserEnd = HIVE_MIG_USER_END;

uint64_t page_below(std::mt19937_64 &rng, uint64_t end)
{
	return rng() % (end / kPage) * kPage;
}

struct PagesReq {
	using Msg = hive_mig_pages_req;
	static constexpr size_t len = HIVE_MIG_PAGES_REQ_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_pages_req_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_pages_req_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};

		m.migration = 1 + rng() % UINT64_MAX;
		m.start = page_below(rng, kUserEnd);

		m.end = m.start + kPage + page_below(rng, kUserEnd - m.start);
		return m;
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 3) {
		case 0:
			m.migration = edgy(rng, { 0, 1 });
			break;
		case 1:
			m.start = edgy(rng, { 0, 1, m.end, m.end - 1, kUserEnd, kUserEnd + kPage });
			break;
		default:
			m.end = edgy(rng, { m.start, m.start + 1, kUserEnd, kUserEnd + kPage });
		}
		return m;
	}
	static bool valid(const Msg &m)
	{
		return m.migration && m.start % kPage == 0 && m.end % kPage == 0 &&
		       m.start < m.end && m.end <= kUserEnd;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		for (uint64_t v : { m.migration, m.start, m.end })
			be(b, v, 8);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.migration == b.migration && a.start == b.start && a.end == b.end;
	}
};

struct PagesReply {
	using Msg = hive_mig_pages_reply;
	static constexpr size_t len = HIVE_MIG_PAGES_REPLY_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_pages_reply_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_pages_reply_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};

		m.next = kPage * (HIVE_MIG_PAGES_MAX + 1) + page_below(rng, kUserEnd / 2);
		uint64_t at = m.next - kPage * (HIVE_MIG_PAGES_MAX + 1) * (1 + rng() % 2);

		m.npages = uint32_t(rng() % (HIVE_MIG_PAGES_MAX + 1));
		for (uint32_t i = 0; i < m.npages; i++) {
			m.addr[i] = at;
			at += kPage * (1 + rng() % 2);
		}
		if (m.npages && m.addr[m.npages - 1] >= m.next)
			m.next = m.addr[m.npages - 1] + kPage;
		return m;
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);
		const uint32_t i = uint32_t(rng() % HIVE_MIG_PAGES_MAX);

		switch (rng() % 4) {
		case 0:
			m.npages = uint32_t(edgy(rng, { 0, HIVE_MIG_PAGES_MAX, HIVE_MIG_PAGES_MAX + 1 }));
			break;
		case 1:
			m.next = edgy(rng, { 0, m.next + 1, kUserEnd, kUserEnd + kPage });
			break;
		case 2:
			m.addr[i] = edgy(rng, { 0, m.addr[i] + 1, m.next, i ? m.addr[i - 1] : 0 });
			break;
		default:
			if (i + 1 < HIVE_MIG_PAGES_MAX)
				std::swap(m.addr[i], m.addr[i + 1]);
		}
		return m;
	}
	static bool valid(const Msg &m)
	{
		if (m.next % kPage || m.next > kUserEnd || m.npages > HIVE_MIG_PAGES_MAX)
			return false;
		for (uint32_t i = 0; i < HIVE_MIG_PAGES_MAX; i++) {
			if (i >= m.npages) {
				if (m.addr[i])
					return false;
			} else if (m.addr[i] % kPage || m.addr[i] >= m.next ||
				   (i > 0 && m.addr[i] <= m.addr[i - 1])) {
				return false;
			}
		}
		return true;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.next, 8);
		be(b, m.npages, 4);
		be(b, 0, 4);
		for (uint64_t a : m.addr)
			be(b, a, 8);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		if (a.next != b.next || a.npages != b.npages)
			return false;
		for (uint32_t i = 0; i < HIVE_MIG_PAGES_MAX; i++)
			if (a.addr[i] != b.addr[i])
				return false;
		return true;
	}
};

struct Exit {
	using Msg = hive_mig_exit;
	static constexpr size_t len = HIVE_MIG_EXIT_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_exit_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_exit_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};

		m.migration = 1 + rng() % UINT64_MAX;
		if (rng() % 2)
			m.status = uint32_t(rng() % 256) << 8;
		else
			m.status = uint32_t(1 + rng() % 64) | (rng() % 2 ? 0x80 : 0);
		return m;
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		if (rng() % 3 == 0)
			m.migration = edgy(rng, { 0, 1 });
		else
			m.status = uint32_t(edgy(rng, { 0x7f, 0x41, 0x40, 0xc0, 0x100 | 9, 0x10000,
							0xff00, 0x80, 0x17f }));
		return m;
	}
	static bool valid(const Msg &m)
	{
		const uint32_t sig = m.status & 0x7f, code = m.status >> 8;

		if (!m.migration || m.status > 0xffff)
			return false;
		if (sig == 0)
			return (m.status & 0x80) == 0;
		return sig <= 64 && code == 0;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.migration, 8);
		be(b, m.status, 4);
		be(b, 0, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.migration == b.migration && a.status == b.status;
	}
};

struct Abort {
	using Msg = hive_mig_abort;
	static constexpr size_t len = HIVE_MIG_ABORT_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_abort_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_abort_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng) { return Msg{ .migration = 1 + rng() % UINT64_MAX }; }
	static Msg any(std::mt19937_64 &rng) { return Msg{ .migration = edgy(rng, { 0, 1 }) }; }
	static bool valid(const Msg &m) { return m.migration != 0; }
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.migration, 8);
		return b;
	}
	static bool same(const Msg &a, const Msg &b) { return a.migration == b.migration; }
};

struct Moved {
	using Msg = hive_mig_moved;
	static constexpr size_t len = HIVE_MIG_MOVED_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_moved_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_moved_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .migration = 1 + rng() % UINT64_MAX,
			    .node = uint16_t(1 + rng() % 1023),
			    .stage = uint8_t(1 + rng() % 3) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 3) {
		case 0:
			m.migration = edgy(rng, { 0, 1 });
			break;
		case 1:
			m.node = uint16_t(edgy(rng, { 0, 1, 1023, 1024, 0xffff }));
			break;
		default:
			m.stage = uint8_t(edgy(rng, { 0, 1, 3, 4, 0xff }));
		}
		return m;
	}
	// The header's rules, written from it: GOING, GONE or STAYED.
	static bool valid(const Msg &m)
	{
		return m.migration && m.node >= 1 && m.node <= 1023 && m.stage >= 1 &&
		       m.stage <= 3;
	}
	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.migration, 8);
		be(b, m.node, 2);
		be(b, m.stage, 1);
		be(b, 0, 1);
		be(b, 0, 4);
		return b;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.migration == b.migration && a.node == b.node && a.stage == b.stage;
	}
};

struct Signal {
	using Msg = hive_mig_signal;
	static constexpr size_t len = HIVE_MIG_SIGNAL_LEN;

	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_signal_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_signal_decode(b, n, m); }

	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};

		m.migration = 1 + rng() % UINT64_MAX;
		m.flags = uint32_t(rng() % 2);
		do
			m.info.signo = uint32_t(1 + rng() % 64);
		while (m.info.signo == 9);
		m.info.code = int32_t(rng());
		m.info.errnum = int32_t(rng());
		for (uint8_t &f : m.info.fields)
			f = uint8_t(rng());
		return m;
	}

	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 3) {
		case 0:
			m.migration = edgy(rng, { 0, 1 });
			break;
		case 1:
			m.flags = uint32_t(edgy(rng, { 0, 1, 2, 3, 0x80000000u }));
			break;
		default:
			m.info.signo = uint32_t(edgy(rng, { 0, 1, 9, 19, 64, 65, 0xffffffffu }));
		}
		return m;
	}

	static bool valid(const Msg &m)
	{
		return m.migration && m.flags <= 1 && m.info.signo >= 1 && m.info.signo <= 64 &&
		       m.info.signo != 9;
	}

	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.migration, 8);
		be(b, m.flags, 4);
		be(b, 0, 4);
		be(b, m.info.signo, 4);
		be(b, uint32_t(m.info.code), 4);
		be(b, uint32_t(m.info.errnum), 4);
		be(b, 0, 4);
		b.insert(b.end(), std::begin(m.info.fields), std::end(m.info.fields));
		return b;
	}

	static bool same(const Msg &a, const Msg &b)
	{
		return a.migration == b.migration && a.flags == b.flags &&
		       a.info.signo == b.info.signo && a.info.code == b.info.code &&
		       a.info.errnum == b.info.errnum &&
		       std::equal(std::begin(a.info.fields), std::end(a.info.fields),
				  std::begin(b.info.fields));
	}
};

struct FwdReq {
	using Msg = hive_mig_fwd_req;
	static constexpr size_t len = HIVE_MIG_FWD_REQ_LEN;

	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_fwd_req_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_fwd_req_decode(b, n, m); }

	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};

		m.handle = 1 + rng() % UINT64_MAX;
		m.op = uint32_t(1 + rng() % (__HIVE_MIG_FWD_OP_COUNT - 1));
		switch (m.op) {
		case HIVE_MIG_FWD_READ:
		case HIVE_MIG_FWD_WRITE:
			m.flags = uint32_t(rng() % 2);
			m.len = uint32_t(1 + rng() % HIVE_MIG_FWD_DATA_MAX);
			break;
		case HIVE_MIG_FWD_POLL:
			m.flags = uint32_t(rng() % 2);
			m.arg = uint32_t(rng() % (HIVE_MIG_FWD_EVENTS + 1));
			break;
		case HIVE_MIG_FWD_IOCTL:
			m.arg = rng() % 2 ? HIVE_MIG_FWD_TCGETS : HIVE_MIG_FWD_TIOCGWINSZ;
			break;
		case HIVE_MIG_FWD_PASS:
			m.arg = uint32_t(1 + rng() % 1023);
			break;
		}
		return m;
	}

	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);

		switch (rng() % 5) {
		case 0:
			m.handle = edgy(rng, { 0, 1 });
			break;
		case 1:
			m.op = uint32_t(edgy(rng, { 0, 1, 5, 6, 7, 0xffffffffu }));
			break;
		case 2:
			m.flags = uint32_t(edgy(rng, { 0, 1, 2, 3 }));
			break;
		case 3:
			m.len = uint32_t(edgy(rng, { 0, 1, HIVE_MIG_FWD_DATA_MAX,
						     HIVE_MIG_FWD_DATA_MAX + 1 }));
			break;
		default:
			m.arg = uint32_t(edgy(rng, { 0, 1, 1023, 1024, HIVE_MIG_FWD_EVENTS,
						     HIVE_MIG_FWD_EVENTS + 1, 0x5401, 0x5413,
						     0x5402, 0x541b }));
		}
		return m;
	}

	// The header's rules, written from it.
	static bool valid(const Msg &m)
	{
		const bool data = m.len >= 1 && m.len <= 65536;
		const bool ioctl = m.arg == 0x5401 || m.arg == 0x5413;

		if (!m.handle)
			return false;
		switch (m.op) {
		case 1:
		case 2:
			return m.flags <= 1 && data && m.arg == 0;
		case 3:
			return m.flags <= 1 && m.len == 0 && m.arg <= 0xffff;
		case 4:
			return m.flags == 0 && m.len == 0 && ioctl;
		case 5:
			return m.flags == 0 && m.len == 0 && m.arg == 0;
		case 6:
			return m.flags == 0 && m.len == 0 && m.arg >= 1 && m.arg <= 1023;
		default:
			return false;
		}
	}

	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.handle, 8);
		be(b, m.op, 4);
		be(b, m.flags, 4);
		be(b, m.len, 4);
		be(b, m.arg, 4);
		return b;
	}

	static bool same(const Msg &a, const Msg &b)
	{
		return a.handle == b.handle && a.op == b.op && a.flags == b.flags &&
		       a.len == b.len && a.arg == b.arg;
	}
};

struct FwdReply {
	using Msg = hive_mig_fwd_reply;
	static constexpr size_t len = HIVE_MIG_FWD_REPLY_LEN;

	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_mig_fwd_reply_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_mig_fwd_reply_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		return Msg{ .result = uint32_t(rng() % (HIVE_MIG_FWD_DATA_MAX + 1)) };
	}
	static Msg any(std::mt19937_64 &rng)
	{
		return Msg{ .result = uint32_t(edgy(rng, { 0, 65536, 65537, 0xffffffffu })) };
	}
	// No result is above what a READ or WRITE may do, nor above the events.
	static bool valid(const Msg &m) { return m.result <= 65536; }

	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.result, 4);
		be(b, 0, 4);
		return b;
	}

	static bool same(const Msg &a, const Msg &b) { return a.result == b.result; }
};

} // namespace

// A reply fits its request: the bytes it says it read come with it, a
// write did something and no more than asked, poll names only the events
// asked about, an ioctl's answer has its struct's size.
TEST(MigrateForward, ReplyFitsRequest)
{
	hive_mig_fwd_req read{ .handle = 1, .op = HIVE_MIG_FWD_READ, .flags = 0, .len = 100, .arg = 0 };
	hive_mig_fwd_req write = read, poll = read, ioctl = read, release = read, pass = read;
	hive_mig_fwd_reply r{ .result = 100 };

	write.op = HIVE_MIG_FWD_WRITE;
	poll.op = HIVE_MIG_FWD_POLL;
	poll.len = 0;
	poll.arg = 0x5;
	ioctl.op = HIVE_MIG_FWD_IOCTL;
	ioctl.len = 0;
	ioctl.arg = HIVE_MIG_FWD_TIOCGWINSZ;
	release.op = HIVE_MIG_FWD_RELEASE;
	release.len = 0;
	pass.op = HIVE_MIG_FWD_PASS;
	pass.len = 0;
	pass.arg = 3;
	EXPECT_EQ(hive_mig_fwd_reply_check(&read, &r, 100), 0);
	EXPECT_EQ(hive_mig_fwd_reply_check(&read, &r, 99), -EBADMSG);
	EXPECT_EQ(hive_mig_fwd_reply_check(&write, &r, 0), 0);
	EXPECT_EQ(hive_mig_fwd_reply_check(&write, &r, 1), -EBADMSG);
	r.result = 101;
	EXPECT_EQ(hive_mig_fwd_reply_check(&read, &r, 101), -EBADMSG);
	EXPECT_EQ(hive_mig_fwd_reply_check(&write, &r, 0), -EBADMSG);
	r.result = 0;
	EXPECT_EQ(hive_mig_fwd_reply_check(&read, &r, 0), 0);	// the end of the file
	EXPECT_EQ(hive_mig_fwd_reply_check(&write, &r, 0), -EBADMSG);
	EXPECT_EQ(hive_mig_fwd_reply_check(&poll, &r, 0), 0);
	EXPECT_EQ(hive_mig_fwd_reply_check(&pass, &r, 0), 0);
	EXPECT_EQ(hive_mig_fwd_reply_check(&pass, &r, 1), -EBADMSG);
	EXPECT_EQ(hive_mig_fwd_reply_check(&ioctl, &r, 8), 0);
	EXPECT_EQ(hive_mig_fwd_reply_check(&ioctl, &r, 36), -EBADMSG);
	EXPECT_EQ(hive_mig_fwd_reply_check(&release, &r, 0), -EBADMSG);
	ioctl.arg = HIVE_MIG_FWD_TCGETS;
	EXPECT_EQ(hive_mig_fwd_reply_check(&ioctl, &r, 36), 0);
	r.result = 0x4;
	EXPECT_EQ(hive_mig_fwd_reply_check(&poll, &r, 0), 0);
	EXPECT_EQ(hive_mig_fwd_reply_check(&pass, &r, 0), -EBADMSG);
	r.result = 0x2;
	EXPECT_EQ(hive_mig_fwd_reply_check(&poll, &r, 0), -EBADMSG);
	EXPECT_EQ(hive_mig_fwd_ioctl_len(HIVE_MIG_FWD_TCGETS), 36u);
	EXPECT_EQ(hive_mig_fwd_ioctl_len(HIVE_MIG_FWD_TIOCGWINSZ), 8u);
	EXPECT_EQ(hive_mig_fwd_ioctl_len(0x5402), 0u);
}

using MoveCodecs = testing::Types<PagesReq, PagesReply, Exit, Abort, Moved, Signal, FwdReq,
				  FwdReply>;
namespace hive_test {
INSTANTIATE_TYPED_TEST_SUITE_P(MigrateMove, CodecSuite, ::MoveCodecs);
INSTANTIATE_TYPED_TEST_SUITE_P(MigrateMove, CodecModelSuite, ::MoveCodecs);
} // namespace hive_test
