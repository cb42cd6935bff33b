// SPDX-License-Identifier: GPL-2.0
// The frame header codec: round trips, every rejection, and properties over
// many random headers and every single-bit corruption of a valid one.  The
// frame-type rules: payload length and pages per type, trailer, sequencing
// and the seq each type may carry.
#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <vector>
#include <gtest/gtest.h>
#include "hive/core.h"

namespace {

using Frame = std::array<uint8_t, HIVE_WIRE_HEADER_LEN>;

hive_wire_header sample()
{
	return hive_wire_header{ .type = HIVE_WIRE_CALL, .payload_len = 4096, .pages = 0,
				 .cluster_id = 0xdeadbeef, .sender = 42,
				 .incarnation = 0x0102030405060708ull,
				 .epoch = 99, .seq = 1ull << 40 };
}

bool same(const hive_wire_header &a, const hive_wire_header &b)
{
	return a.type == b.type && a.payload_len == b.payload_len &&
	       a.pages == b.pages && a.cluster_id == b.cluster_id && a.sender == b.sender &&
	       a.incarnation == b.incarnation && a.epoch == b.epoch &&
	       a.seq == b.seq;
}

Frame encode(const hive_wire_header &h)
{
	Frame f{};
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), hive_wire_header_encode(&h, f.data(), f.size()));
	return f;
}

int decode(const Frame &f, hive_wire_header *out,
	   uint32_t max = HIVE_WIRE_PAYLOAD_MAX)
{
	return hive_wire_header_decode(f.data(), f.size(), max, out);
}

// The frame types and their payload sizes as the spec lists them, written
// out here rather than taken from the core.  Only the rpc kind is
// sequenced (seq >= 1); every other frame carries seq 0.
enum class Kind { unknown, fixed, rpc };

struct TypeSpec {
	Kind kind;
	uint32_t len;	// fixed: the size; rpc: the minimum
};

TypeSpec spec(uint16_t type)
{
	switch (type) {
	case 1:	return { Kind::fixed, 72 };	// HELLO
	case 2:	return { Kind::fixed, 96 };	// CHALLENGE
	case 3:	return { Kind::fixed, 32 };	// AUTH
	case 4:				// CALL
	case 5:				// REPLY
	case 6:	return { Kind::rpc, 16 };	// CAST
	case 7:				// ACK
	case 8:				// PING
	case 9:	return { Kind::fixed, 8 };	// PONG
	}
	return { Kind::unknown, 0 };
}

// The spec's rule: pages are 4 KiB, at most 512, on the rpc kind only, and
// leave its 16 bytes before them; the bytes before the pages, at most
// 1 MiB, are what the limit holds.
int expected_check(uint16_t type, uint32_t len, uint32_t pages, uint32_t max)
{
	TypeSpec s = spec(type);
	uint32_t limit = max < (1u << 20) ? max : (1u << 20);
	uint64_t paged = uint64_t(pages) * 4096;

	switch (s.kind) {
	case Kind::fixed:
		return len == s.len && !pages ? 0 : -EBADMSG;
	case Kind::rpc:
		if (uint64_t(len) < s.len + paged)
			return -EBADMSG;
		if (pages > 512)
			return -EMSGSIZE;
		return len - paged > limit ? -EMSGSIZE : 0;
	case Kind::unknown:
		break;
	}
	return -EBADMSG;
}

bool seq_fits(uint16_t type, uint64_t seq)
{
	return spec(type).kind == Kind::rpc ? seq != 0 : seq == 0;
}

// A seq the type may carry.
uint64_t valid_seq(uint16_t type)
{
	return spec(type).kind == Kind::rpc ? 1ull << 40 : 0;
}

uint32_t random_valid_len(uint16_t type, std::mt19937_64 &rng)
{
	TypeSpec s = spec(type);

	if (s.kind == Kind::fixed)
		return s.len;
	return s.len + uint32_t(rng() % (HIVE_WIRE_PAYLOAD_MAX - s.len + 1));
}

void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = uint8_t(v >> 24);
	p[1] = uint8_t(v >> 16);
	p[2] = uint8_t(v >> 8);
	p[3] = uint8_t(v);
}

Frame encode_raw(uint16_t type, uint32_t payload_len, uint64_t seq,
		 uint32_t pages = 0)
{
	hive_wire_header h = sample();

	h.type = type;
	h.payload_len = 0;
	h.seq = seq;
	Frame f = encode(h);
	// The encoder refuses lengths and pages the type cannot have; write
	// them by hand.
	put_be32(&f[8], payload_len);
	put_be32(&f[20], pages);
	return f;
}

Frame encode_raw(uint16_t type, uint32_t payload_len)
{
	return encode_raw(type, payload_len, valid_seq(type));
}

// Lengths next to every size the spec mentions, and the extremes.
std::vector<uint32_t> interesting_lengths(uint32_t max)
{
	std::vector<uint32_t> v = { 0, 1, HIVE_WIRE_RPC_LEN - 1, max - 1, max, max + 1,
				    HIVE_WIRE_PAYLOAD_MAX - 1, HIVE_WIRE_PAYLOAD_MAX,
				    HIVE_WIRE_PAYLOAD_MAX + 1, UINT32_MAX - 1, UINT32_MAX };

	for (uint32_t exact : { 8u, 16u, 32u, 72u, 96u }) {
		v.push_back(exact - 1);
		v.push_back(exact);
		v.push_back(exact + 1);
	}
	return v;
}

const uint32_t interesting_maxes[] = {
	0, 1, HIVE_WIRE_RPC_LEN - 1, HIVE_WIRE_RPC_LEN, HIVE_WIRE_RPC_LEN + 1,
	4096, HIVE_WIRE_PAYLOAD_MAX - 1, HIVE_WIRE_PAYLOAD_MAX,
	HIVE_WIRE_PAYLOAD_MAX + 1, UINT32_MAX,
};

const uint32_t interesting_pages[] = {
	0, 1, 2, 255, 256, HIVE_WIRE_PAGES_MAX - 1, HIVE_WIRE_PAGES_MAX,
	HIVE_WIRE_PAGES_MAX + 1, 0x100000, UINT32_MAX,
};

const uint64_t interesting_seqs[] = {
	0, 1, 2, 1ull << 32, 1ull << 63, UINT64_MAX - 1, UINT64_MAX,
};

} // namespace

TEST(WireHeader, RoundTrip)
{
	hive_wire_header out{};

	ASSERT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode(sample()), &out));
	EXPECT_TRUE(same(sample(), out));
}

TEST(WireHeader, LayoutIsBigEndianAsDocumented)
{
	Frame f = encode(sample());

	EXPECT_EQ(0, std::memcmp(f.data(), "HIVE", 4));
	EXPECT_EQ(0x00, f[4]);
	EXPECT_EQ(HIVE_WIRE_VERSION, f[5]);
	EXPECT_EQ(HIVE_WIRE_CALL, f[7]);
	EXPECT_EQ(0x10, f[10]);		// payload_len 4096
	EXPECT_EQ(0xde, f[12]);		// cluster_id
	EXPECT_EQ(42, f[19]);		// sender
	EXPECT_EQ(0, f[20] | f[21] | f[22] | f[23]);	// pages
	EXPECT_EQ(0x01, f[24]);		// incarnation, most significant first
	EXPECT_EQ(99, f[39]);		// epoch
	EXPECT_EQ(0x01, f[42]);		// seq = 1 << 40
}

TEST(WireHeader, EncodeNeedsRoom)
{
	uint8_t small[HIVE_WIRE_HEADER_LEN - 1];
	hive_wire_header h = sample();

	EXPECT_EQ(-ENOSPC, hive_wire_header_encode(&h, small, sizeof(small)));
	EXPECT_EQ(-ENOSPC, hive_wire_header_encode(&h, nullptr, 0));
}

TEST(WireHeader, EncodeRefusesOversizedPayload)
{
	hive_wire_header h = sample();
	Frame f{};

	h.payload_len = HIVE_WIRE_PAYLOAD_MAX + 1;
	EXPECT_EQ(-EMSGSIZE, hive_wire_header_encode(&h, f.data(), f.size()));
	h.payload_len = HIVE_WIRE_PAYLOAD_MAX;
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), hive_wire_header_encode(&h, f.data(), f.size()));
}

TEST(WireHeader, PagesSitWhereTheSpecSays)
{
	hive_wire_header h = sample(), out{};

	h.pages = 0x0102;
	h.payload_len = HIVE_WIRE_RPC_LEN + 0x0102 * 4096;
	Frame f = encode(h);
	EXPECT_EQ(0x01, f[22]);
	EXPECT_EQ(0x02, f[23]);
	ASSERT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(f, &out, HIVE_WIRE_RPC_LEN));
	EXPECT_TRUE(same(h, out));
	EXPECT_EQ(HIVE_WIRE_RPC_LEN, hive_wire_inline_len(&out));
}

// A 2 MiB unit fits beside the largest payload before it; one page more,
// pages on a frame that has none, or more pages than the payload holds do
// not.
TEST(WireHeader, EncodeHoldsPagesToTheirRules)
{
	hive_wire_header h = sample();
	Frame f{};

	h.pages = HIVE_WIRE_PAGES_MAX;
	h.payload_len = HIVE_WIRE_PAYLOAD_MAX + HIVE_WIRE_PAGES_MAX * 4096;
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), hive_wire_header_encode(&h, f.data(), f.size()));
	EXPECT_EQ(uint32_t(HIVE_WIRE_PAYLOAD_MAX), hive_wire_inline_len(&h));
	h.payload_len++;
	EXPECT_EQ(-EMSGSIZE, hive_wire_header_encode(&h, f.data(), f.size()));
	h.pages++;
	h.payload_len = HIVE_WIRE_RPC_LEN + h.pages * 4096;
	EXPECT_EQ(-EMSGSIZE, hive_wire_header_encode(&h, f.data(), f.size()));
	h.pages = 2;
	h.payload_len = 2 * 4096 - 1;
	EXPECT_EQ(-EINVAL, hive_wire_header_encode(&h, f.data(), f.size()));
	h = sample();
	h.type = HIVE_WIRE_ACK;
	h.seq = 0;
	h.payload_len = HIVE_WIRE_U64_LEN + 4096;
	h.pages = 1;
	EXPECT_EQ(-EINVAL, hive_wire_header_encode(&h, f.data(), f.size()));
}

TEST(WireHeader, EveryTruncationAsksForMore)
{
	Frame f = encode(sample());
	hive_wire_header out{};

	for (size_t len = 0; len < f.size(); len++)
		EXPECT_EQ(-EAGAIN, hive_wire_header_decode(f.data(), len,
							   HIVE_WIRE_PAYLOAD_MAX, &out))
			<< len;
}

TEST(WireHeader, WrongMagicVersionOrPages)
{
	hive_wire_header out{};
	Frame f = encode(sample());

	f[0] ^= 1;
	EXPECT_EQ(-EBADMSG, decode(f, &out));
	f = encode(sample());
	f[5] = HIVE_WIRE_VERSION + 1;
	EXPECT_EQ(-EPROTONOSUPPORT, decode(f, &out));
	// sample()'s 4096 bytes hold no page beside the rpc header.
	f = encode(sample());
	f[23] = 1;
	EXPECT_EQ(-EBADMSG, decode(f, &out));
	// Pages on a frame type that has none.
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_PING, 8 + 4096, 0, 1), &out));
}

TEST(WireHeader, PayloadLimitIsTheCallersOrTheCeiling)
{
	hive_wire_header h = sample(), out{};

	EXPECT_EQ(-EMSGSIZE, decode(encode(h), &out, h.payload_len - 1));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode(h), &out, h.payload_len));

	// A 4 GiB length field is refused whatever limit the caller passes.
	Frame f = encode(h);
	f[8] = f[9] = f[10] = f[11] = 0xff;
	EXPECT_EQ(-EMSGSIZE, decode(f, &out, UINT32_MAX));

	// The limit holds the bytes before the pages, not the pages.
	f = encode_raw(HIVE_WIRE_REPLY, 64 + HIVE_WIRE_PAGES_MAX * 4096, 1,
		       HIVE_WIRE_PAGES_MAX);
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(f, &out, 64));
	EXPECT_EQ(-EMSGSIZE, decode(f, &out, 63));
}

TEST(WireHeader, FailedDecodeLeavesOutputAlone)
{
	hive_wire_header out = sample();
	Frame f{};

	EXPECT_EQ(-EBADMSG, decode(f, &out));
	EXPECT_TRUE(same(sample(), out));
}

TEST(WireHeaderProperty, RandomHeadersRoundTrip)
{
	std::mt19937_64 rng(20261125);

	for (int i = 0; i < 100000; i++) {
		uint16_t type = uint16_t(HIVE_WIRE_HELLO + rng() % (__HIVE_WIRE_TYPE_END - 1));
		uint64_t seq = spec(type).kind == Kind::rpc ? 1 + rng() % UINT64_MAX : 0;
		uint32_t pages = spec(type).kind == Kind::rpc ?
					 uint32_t(rng() % (HIVE_WIRE_PAGES_MAX + 1)) : 0;
		hive_wire_header h{ .type = type,
				    .payload_len = random_valid_len(type, rng) + pages * 4096,
				    .pages = pages,
				    .cluster_id = uint32_t(rng()), .sender = uint32_t(rng()),
				    .incarnation = rng(), .epoch = rng(), .seq = seq };
		hive_wire_header out{};

		ASSERT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode(h), &out));
		ASSERT_TRUE(same(h, out)) << i;
	}
}

// Any single-bit corruption is either refused, or decodes to a header that
// encodes back to exactly the corrupted bytes: nothing is silently lost.
TEST(WireHeaderProperty, EveryBitFlipIsRefusedOrFaithful)
{
	const Frame good = encode(sample());

	for (size_t bit = 0; bit < good.size() * 8; bit++) {
		Frame f = good;
		hive_wire_header out{};

		f[bit / 8] ^= uint8_t(1u << (bit % 8));
		if (decode(f, &out) < 0)
			continue;
		EXPECT_EQ(f, encode(out)) << "bit " << bit;
	}
}

TEST(WireHeader, RejectsUnknownTypes)
{
	hive_wire_header out = sample();

	for (uint32_t type : { 0u, 10u, 11u, 15u, 0x100u, 0x8000u, 0xffffu }) {
		EXPECT_EQ(-EBADMSG, decode(encode_raw(uint16_t(type), 16), &out)) << type;
		EXPECT_EQ(-EBADMSG, decode(encode_raw(uint16_t(type), 0), &out)) << type;
	}
	EXPECT_TRUE(same(sample(), out));
}

TEST(WireHeader, RejectsALengthTheTypeCannotHave)
{
	hive_wire_header out{};

	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_HELLO, 48), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_HELLO, 56), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_HELLO, 71), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_HELLO, 73), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_CHALLENGE, 72), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_CHALLENGE, 88), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_CHALLENGE, 95), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_CHALLENGE, 97), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_AUTH, 0), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_AUTH, 40), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_ACK, 16), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_PING, 7), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_CALL, 15), &out));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_REPLY, 0), &out));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode_raw(HIVE_WIRE_PONG, 8), &out));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode_raw(HIVE_WIRE_CAST, 16), &out));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode_raw(HIVE_WIRE_HELLO, 72), &out));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode_raw(HIVE_WIRE_CHALLENGE, 96), &out));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode_raw(HIVE_WIRE_AUTH, 32), &out));
}

// CALL, REPLY and CAST count from 1, so seq 0 is no frame of theirs; the
// handshake and control frames are outside the sequence and carry 0.
TEST(WireHeader, SeqMustFitTheType)
{
	for (uint16_t type = HIVE_WIRE_HELLO; type < __HIVE_WIRE_TYPE_END; type++) {
		bool sequenced = type >= HIVE_WIRE_CALL && type <= HIVE_WIRE_CAST;
		uint32_t len = spec(type).len;

		for (uint64_t seq : interesting_seqs) {
			hive_wire_header out = sample();
			bool fits = sequenced ? seq != 0 : seq == 0;

			if (!fits) {
				EXPECT_EQ(-EBADMSG, decode(encode_raw(type, len, seq), &out))
					<< "type " << type << " seq " << seq;
				EXPECT_TRUE(same(sample(), out));
				continue;
			}
			EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN),
				  decode(encode_raw(type, len, seq), &out))
				<< "type " << type << " seq " << seq;
			EXPECT_EQ(seq, out.seq);
		}
	}
}

// A seq the type cannot have is malformed, whatever the length and the
// limit say: -EBADMSG before -EMSGSIZE.
TEST(WireHeader, BadSeqIsMalformedBeforeTooBig)
{
	hive_wire_header out{};

	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_CALL, 17, 0), &out, 16));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_CAST, HIVE_WIRE_PAYLOAD_MAX + 1, 0),
				   &out, UINT32_MAX));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_PING, 8, 1), &out, 0));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_HELLO, 72, 1), &out, 0));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_AUTH, 40, 7), &out));
}

// A version this node does not speak may have other types: the version
// error wins, so the peer learns what is wrong.
TEST(WireHeader, VersionIsCheckedBeforeType)
{
	hive_wire_header out{};
	Frame f = encode_raw(0xffff, 3);

	f[5] = HIVE_WIRE_VERSION + 1;
	EXPECT_EQ(-EPROTONOSUPPORT, decode(f, &out));

	// Nor is the seq rule this version's to apply to another.
	f = encode_raw(HIVE_WIRE_HELLO, HIVE_WIRE_HELLO_LEN, 5);
	f[5] = HIVE_WIRE_VERSION + 1;
	EXPECT_EQ(-EPROTONOSUPPORT, decode(f, &out));
	f = encode_raw(HIVE_WIRE_CALL, HIVE_WIRE_RPC_LEN, 0);
	f[5] = HIVE_WIRE_VERSION + 1;
	EXPECT_EQ(-EPROTONOSUPPORT, decode(f, &out));
}

// hive_wire_check_length() bounds only CALL, REPLY and CAST by the limit;
// the decoder holds every frame to it, so a caller can size its buffer by
// it.  A malformed length is malformed first, too big second.
TEST(WireHeader, NoFrameIsOverTheCallersLimit)
{
	hive_wire_header out{};

	EXPECT_EQ(-EMSGSIZE, decode(encode_raw(HIVE_WIRE_CALL, 17), &out, 16));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode_raw(HIVE_WIRE_CALL, 16), &out, 16));
	EXPECT_EQ(-EMSGSIZE, decode(encode_raw(HIVE_WIRE_HELLO, 72), &out, 71));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode_raw(HIVE_WIRE_HELLO, 72), &out, 72));
	EXPECT_EQ(-EMSGSIZE, decode(encode_raw(HIVE_WIRE_PING, 8), &out, 0));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_ACK, 4096), &out, 16));
	EXPECT_EQ(-EBADMSG, decode(encode_raw(HIVE_WIRE_HELLO, UINT32_MAX), &out, UINT32_MAX));
}

// Lengths around each interesting page count's bytes, so the rpc header
// before them is there, missing by one, or the limit's size.
std::vector<uint32_t> interesting_paged_lengths(uint32_t max, uint32_t pages)
{
	std::vector<uint32_t> v = interesting_lengths(max);
	uint64_t paged = uint64_t(pages) * 4096;

	for (uint64_t extra : { uint64_t(0), uint64_t(15), uint64_t(16), uint64_t(17),
				uint64_t(max), uint64_t(max) + 1 })
		if (paged + extra <= UINT32_MAX)
			v.push_back(uint32_t(paged + extra));
	return v;
}

// Once magic and version are right, the decoder refuses a seq the type
// cannot have, else answers what hive_wire_check_length() does, then
// applies the caller's limit to the bytes before the pages.
TEST(WireHeaderProperty, DecodeAgreesWithCheckLength)
{
	for (uint32_t type = 0; type < 16; type++)
		for (uint32_t max : interesting_maxes)
			for (uint32_t pages : interesting_pages)
				for (uint32_t len : interesting_paged_lengths(max, pages))
					for (uint64_t seq : interesting_seqs) {
						hive_wire_header out{};
						int want = hive_wire_check_length(uint16_t(type), len,
										  pages, max);
						int got = decode(encode_raw(uint16_t(type), len, seq,
									    pages),
								 &out, max);

						if (!seq_fits(uint16_t(type), seq))
							want = -EBADMSG;
						else if (!want)
							want = len - pages * 4096 > max ?
								       -EMSGSIZE :
								       int(HIVE_WIRE_HEADER_LEN);
						ASSERT_EQ(want, got)
							<< "type " << type << " len " << len << " pages "
							<< pages << " max " << max << " seq " << seq;
						if (got > 0) {
							EXPECT_EQ(type, out.type);
							EXPECT_EQ(len, out.payload_len);
							EXPECT_EQ(pages, out.pages);
							EXPECT_EQ(seq, out.seq);
						}
					}
}

static_assert(HIVE_WIRE_HELLO == 1 && HIVE_WIRE_CHALLENGE == 2 && HIVE_WIRE_AUTH == 3 &&
	      HIVE_WIRE_CALL == 4 && HIVE_WIRE_REPLY == 5 && HIVE_WIRE_CAST == 6 &&
	      HIVE_WIRE_ACK == 7 && HIVE_WIRE_PING == 8 && HIVE_WIRE_PONG == 9 &&
	      __HIVE_WIRE_TYPE_END == 10, "frame type numbers are wire ABI");

TEST(WireType, CheckLengthOverEveryTypeAndInterestingLength)
{
	int checked = 0;

	for (uint32_t type = 0; type < 16; type++)
		for (uint32_t max : interesting_maxes)
			for (uint32_t pages : interesting_pages)
				for (uint32_t len : interesting_paged_lengths(max, pages)) {
					ASSERT_EQ(expected_check(uint16_t(type), len, pages, max),
						  hive_wire_check_length(uint16_t(type), len, pages,
									 max))
						<< "type " << type << " len " << len << " pages "
						<< pages << " max " << max;
					checked++;
				}
	EXPECT_GT(checked, 16 * 10 * 10 * 26);
}

TEST(WireType, CheckLengthExamples)
{
	EXPECT_EQ(0, hive_wire_check_length(HIVE_WIRE_HELLO, HIVE_WIRE_HELLO_LEN, 0, 0));
	EXPECT_EQ(0, hive_wire_check_length(HIVE_WIRE_CHALLENGE, HIVE_WIRE_CHALLENGE_LEN, 0, 0));
	EXPECT_EQ(0, hive_wire_check_length(HIVE_WIRE_AUTH, HIVE_WIRE_AUTH_LEN, 0, 0));
	EXPECT_EQ(0, hive_wire_check_length(HIVE_WIRE_ACK, HIVE_WIRE_U64_LEN, 0, 0));
	EXPECT_EQ(-EBADMSG, hive_wire_check_length(HIVE_WIRE_HELLO, HIVE_WIRE_HELLO_LEN + 1, 0, UINT32_MAX));
	EXPECT_EQ(0, hive_wire_check_length(HIVE_WIRE_CALL, HIVE_WIRE_RPC_LEN, 0, HIVE_WIRE_RPC_LEN));
	EXPECT_EQ(-EBADMSG, hive_wire_check_length(HIVE_WIRE_CALL, HIVE_WIRE_RPC_LEN - 1, 0, UINT32_MAX));
	EXPECT_EQ(-EMSGSIZE, hive_wire_check_length(HIVE_WIRE_REPLY, 4097, 0, 4096));
	EXPECT_EQ(0, hive_wire_check_length(HIVE_WIRE_CAST, HIVE_WIRE_PAYLOAD_MAX, 0, UINT32_MAX));
	EXPECT_EQ(-EMSGSIZE, hive_wire_check_length(HIVE_WIRE_CAST, HIVE_WIRE_PAYLOAD_MAX + 1, 0, UINT32_MAX));
	EXPECT_EQ(-EBADMSG, hive_wire_check_length(0, 0, 0, UINT32_MAX));
	EXPECT_EQ(-EBADMSG, hive_wire_check_length(__HIVE_WIRE_TYPE_END, 16, 0, UINT32_MAX));
	EXPECT_EQ(0, hive_wire_check_length(HIVE_WIRE_CALL, 16 + 512 * 4096, 512, 16));
	EXPECT_EQ(-EMSGSIZE, hive_wire_check_length(HIVE_WIRE_CALL, 16 + 513 * 4096, 513,
						    UINT32_MAX));
	EXPECT_EQ(-EBADMSG, hive_wire_check_length(HIVE_WIRE_CALL, 15 + 4096, 1, UINT32_MAX));
	EXPECT_EQ(-EBADMSG, hive_wire_check_length(HIVE_WIRE_PONG, 8, 1, UINT32_MAX));
}

TEST(WireType, OnlyHandshakeFramesGoWithoutTrailer)
{
	for (uint32_t type = 0; type <= 0xffff; type++) {
		bool handshake = type >= 1 && type <= 3;

		ASSERT_EQ(handshake ? 0u : 16u, hive_wire_trailer_len(uint16_t(type))) << type;
	}
	EXPECT_EQ(HIVE_WIRE_MAC_LEN, hive_wire_trailer_len(HIVE_WIRE_CALL));
	EXPECT_EQ(0u, hive_wire_trailer_len(HIVE_WIRE_HELLO));
}

TEST(WireType, OnlyCallReplyAndCastAreSequenced)
{
	for (uint32_t type = 0; type <= 0xffff; type++) {
		bool rpc = type >= 4 && type <= 6;

		ASSERT_EQ(rpc ? 1 : 0, hive_wire_is_sequenced(uint16_t(type))) << type;
	}
}

TEST(ClusterId, IsFnv1aAndNeverZero)
{
	EXPECT_EQ(0x811c9dc5u, hive_wire_cluster_id("", 0));
	EXPECT_EQ(0xe40c292cu, hive_wire_cluster_id("a", 1));
	EXPECT_EQ(hive_wire_cluster_id("prod", 4), hive_wire_cluster_id("prod", 4));
	EXPECT_NE(hive_wire_cluster_id("prod", 4), hive_wire_cluster_id("prod2", 5));
}
