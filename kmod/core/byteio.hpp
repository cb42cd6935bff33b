// SPDX-License-Identifier: GPL-2.0
/*
 * Bounds-checked big-endian readers and writers over a byte span: the only
 * way core code touches wire bytes.  A read or write past the end does not
 * happen; it latches a failure that the caller checks once at the end, so
 * codecs stay straight-line code.
 */
#ifndef HIVE_CORE_BYTEIO_HPP
#define HIVE_CORE_BYTEIO_HPP

#include <stddef.h>
#include <stdint.h>

namespace hive::wire {

class ByteWriter {
public:
	constexpr ByteWriter(uint8_t *buf, size_t len) : buf_(buf), len_(len) {}

	template <typename T> constexpr void put(T v)
	{
		if (!reserve(sizeof(T)))
			return;
		for (size_t i = 0; i < sizeof(T); i++)
			buf_[pos_ + i] = uint8_t(v >> (8 * (sizeof(T) - 1 - i)));
		pos_ += sizeof(T);
	}

	// A fixed-size byte string (nonce, MAC, task name), copied as it is.
	template <typename B, size_t N> constexpr void put_bytes(const B (&src)[N])
	{
		static_assert(sizeof(B) == 1, "byte strings only");
		if (!reserve(N))
			return;
		for (size_t i = 0; i < N; i++)
			buf_[pos_ + i] = uint8_t(src[i]);
		pos_ += N;
	}

	[[nodiscard]] constexpr bool ok() const { return ok_; }
	[[nodiscard]] constexpr size_t written() const { return pos_; }

private:
	constexpr bool reserve(size_t n)
	{
		ok_ = ok_ && n <= len_ - pos_;
		return ok_;
	}

	uint8_t *buf_;
	size_t len_;
	size_t pos_ = 0;
	bool ok_ = true;
};

class ByteReader {
public:
	constexpr ByteReader(const uint8_t *buf, size_t len) : buf_(buf), len_(len) {}

	// Returns 0 once past the end; ok() then reports the failure.
	template <typename T> [[nodiscard]] constexpr T get()
	{
		T v = 0;

		ok_ = ok_ && sizeof(T) <= len_ - pos_;
		if (!ok_)
			return 0;
		for (size_t i = 0; i < sizeof(T); i++)
			v = T(v << 8 | T(buf_[pos_ + i]));
		pos_ += sizeof(T);
		return v;
	}

	// Fills @dst, or zeroes it once past the end.
	template <typename B, size_t N> constexpr void get_bytes(B (&dst)[N])
	{
		static_assert(sizeof(B) == 1, "byte strings only");
		ok_ = ok_ && N <= len_ - pos_;
		for (size_t i = 0; i < N; i++)
			dst[i] = ok_ ? B(buf_[pos_ + i]) : B(0);
		if (ok_)
			pos_ += N;
	}

	[[nodiscard]] constexpr bool ok() const { return ok_; }
	[[nodiscard]] constexpr size_t consumed() const { return pos_; }

private:
	const uint8_t *buf_;
	size_t len_;
	size_t pos_ = 0;
	bool ok_ = true;
};

} // namespace hive::wire

#endif
