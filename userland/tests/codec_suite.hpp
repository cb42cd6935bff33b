// SPDX-License-Identifier: GPL-2.0
// The tests every fixed-length codec of the core must pass, as one
// type-parameterised GoogleTest suite: random round trips, every
// truncation, any short input, every short output buffer and every
// single-bit corruption.  A test file instantiates it with its traits
// types, each of which has:
//   Msg                   the C struct
//   len                   its encoded length
//   encode(m, buf, len)   the C ABI encoder
//   decode(buf, len, m)   the C ABI decoder
//   random(rng)           a random valid Msg
//   same(a, b)            field-wise equality
// e.g. INSTANTIATE_TYPED_TEST_SUITE_P(Payload, CodecSuite, PayloadTypes).
//
// CodecModelSuite holds a codec to a model of its rules written in the
// test, for traits that also have:
//   any(rng)              a Msg of any validity, biased to the edges
//   valid(m)              the model's rule
//   wire(m)               the model's bytes of m, valid or not
#ifndef HIVE_TESTS_CODEC_SUITE_HPP
#define HIVE_TESTS_CODEC_SUITE_HPP

#include <cerrno>
#include <cstdint>
#include <random>
#include <vector>
#include <gtest/gtest.h>

namespace hive_test {

using Bytes = std::vector<uint8_t>;

// Big-endian appenders, independent of the core's ByteWriter.
inline void be(Bytes &b, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		b.push_back(uint8_t(v >> (8 * i)));
}

// Any value, biased towards the edges the rules care about.
inline uint64_t edgy(std::mt19937_64 &rng, std::initializer_list<uint64_t> edges)
{
	if (rng() % 2)
		return rng();
	return *(edges.begin() + rng() % edges.size());
}

// @m encoded into a buffer of exactly C::len bytes.
template <typename C> Bytes encode(const typename C::Msg &m)
{
	Bytes b(C::len);
	EXPECT_EQ(int(C::len), C::encode(m, b.data(), b.size()));
	return b;
}

template <typename C> class CodecSuite : public testing::Test {};
TYPED_TEST_SUITE_P(CodecSuite);

// Encoding into a larger buffer writes exactly len bytes; decoding from a
// buffer with more behind the message (an RPC body, the entries of a
// reply) reads exactly len.
TYPED_TEST_P(CodecSuite, RandomRoundTrip)
{
	using C = TypeParam;
	std::mt19937_64 rng(20261126);

	for (int i = 0; i < 20000; i++) {
		typename C::Msg m = C::random(rng), out{};
		size_t extra = rng() % 32;
		Bytes b(C::len + extra, 0xa5);

		ASSERT_EQ(int(C::len), C::encode(m, b.data(), b.size()));
		for (size_t j = C::len; j < b.size(); j++)
			ASSERT_EQ(0xa5, b[j]) << "wrote past the message at " << j;
		for (size_t j = C::len; j < b.size(); j++)
			b[j] = uint8_t(rng());
		ASSERT_EQ(int(C::len), C::decode(b.data(), b.size(), &out));
		ASSERT_TRUE(C::same(m, out)) << i;
	}
}

TYPED_TEST_P(CodecSuite, EveryTruncationAsksForMore)
{
	using C = TypeParam;
	std::mt19937_64 rng(7);

	for (int i = 0; i < 200; i++) {
		typename C::Msg sentinel = C::random(rng), out = sentinel;
		Bytes b = encode<C>(C::random(rng));

		for (size_t len = 0; len < C::len; len++) {
			// A copy of exactly len bytes, so ASan sees any overread.
			Bytes cut(b.begin(), b.begin() + len);

			ASSERT_EQ(-EAGAIN, C::decode(cut.data(), cut.size(), &out)) << len;
			ASSERT_TRUE(C::same(sentinel, out)) << "output changed at " << len;
		}
	}
	typename C::Msg out{};
	EXPECT_EQ(-EAGAIN, C::decode(nullptr, 0, &out));
}

// Whatever the bytes so far say, too few of them is not yet an error.
TYPED_TEST_P(CodecSuite, AnyShortInputAsksForMore)
{
	using C = TypeParam;
	std::mt19937_64 rng(10);

	for (int i = 0; i < 2000; i++) {
		Bytes b(rng() % C::len);
		typename C::Msg out{};

		for (auto &byte : b)
			byte = uint8_t(rng() | 0x80);
		ASSERT_EQ(-EAGAIN, C::decode(b.data(), b.size(), &out)) << b.size();
	}
}

TYPED_TEST_P(CodecSuite, EveryShortBufferIsNoSpace)
{
	using C = TypeParam;
	std::mt19937_64 rng(8);
	typename C::Msg m = C::random(rng);

	for (size_t len = 0; len < C::len; len++) {
		Bytes b(len, 0x5a);

		ASSERT_EQ(-ENOSPC, C::encode(m, b.data(), b.size())) << len;
		ASSERT_EQ(Bytes(len, 0x5a), b) << "partial write at " << len;
	}
	EXPECT_EQ(-ENOSPC, C::encode(m, nullptr, 0));
}

// A flipped bit is refused as malformed, or decodes to a message that
// encodes back to exactly the flipped bytes: nothing is silently dropped.
TYPED_TEST_P(CodecSuite, EveryBitFlipIsRefusedOrFaithful)
{
	using C = TypeParam;
	std::mt19937_64 rng(9);

	for (int i = 0; i < 20; i++) {
		const Bytes good = encode<C>(C::random(rng));

		for (size_t bit = 0; bit < good.size() * 8; bit++) {
			Bytes b = good;
			typename C::Msg out{};
			int rc;

			b[bit / 8] ^= uint8_t(1u << (bit % 8));
			rc = C::decode(b.data(), b.size(), &out);
			if (rc < 0) {
				ASSERT_EQ(-EBADMSG, rc) << bit;
				continue;
			}
			ASSERT_EQ(int(C::len), rc);
			ASSERT_EQ(b, encode<C>(out)) << "bit " << bit;
		}
	}
}

REGISTER_TYPED_TEST_SUITE_P(CodecSuite, RandomRoundTrip,
			    EveryTruncationAsksForMore, AnyShortInputAsksForMore,
			    EveryShortBufferIsNoSpace,
			    EveryBitFlipIsRefusedOrFaithful);

template <typename C> class CodecModelSuite : public testing::Test {};
TYPED_TEST_SUITE_P(CodecModelSuite);

// The traits' random messages, which CodecSuite round-trips, are valid by
// the model.
TYPED_TEST_P(CodecModelSuite, RandomMessagesAreValid)
{
	using C = TypeParam;
	std::mt19937_64 rng(20261201);

	for (int i = 0; i < 20000; i++)
		ASSERT_TRUE(C::valid(C::random(rng))) << i;
}

// Messages of any validity: the encoder writes exactly the model's bytes
// or refuses with -EINVAL and writes nothing; the decoder reads those
// bytes back or refuses them with -EBADMSG and leaves its output alone.
TYPED_TEST_P(CodecModelSuite, FollowsTheModel)
{
	using C = TypeParam;
	std::mt19937_64 rng(20261202);
	int valid = 0, invalid = 0;

	for (int i = 0; i < 50000; i++) {
		const typename C::Msg m = C::any(rng), sentinel = C::random(rng);
		typename C::Msg out = sentinel;
		const Bytes want = C::wire(m);
		Bytes b(C::len + 4, 0x5a);

		ASSERT_EQ(C::len, want.size());
		if (!C::valid(m)) {
			invalid++;
			ASSERT_EQ(-EINVAL, C::encode(m, b.data(), b.size())) << i;
			ASSERT_EQ(Bytes(C::len + 4, 0x5a), b) << i;
			ASSERT_EQ(-EINVAL, C::encode(m, b.data(), C::len - 1)) << i;
			ASSERT_EQ(-EBADMSG, C::decode(want.data(), want.size(), &out)) << i;
			ASSERT_TRUE(C::same(sentinel, out)) << i;
			continue;
		}
		valid++;
		ASSERT_EQ(int(C::len), C::encode(m, b.data(), b.size())) << i;
		ASSERT_EQ(want, Bytes(b.begin(), b.begin() + C::len)) << i;
		ASSERT_EQ(int(C::len), C::decode(want.data(), want.size(), &out)) << i;
		ASSERT_TRUE(C::same(m, out)) << i;
	}
	EXPECT_GT(valid, 5000);
	EXPECT_GT(invalid, 5000);
}

REGISTER_TYPED_TEST_SUITE_P(CodecModelSuite, RandomMessagesAreValid, FollowsTheModel);

} // namespace hive_test

#endif // HIVE_TESTS_CODEC_SUITE_HPP
