// SPDX-License-Identifier: GPL-2.0
// The migration stream (include/hive/migrate.h): every record type against
// the byte layout written out here from the header and
// Documentation/migration.rst, every rule of the header broken one at a
// time, lengths, truncations and bit flips, the tail accessors, and the
// receiver's order checked against a model of it over random streams with
// records dropped, repeated, swapped and altered.
#include <cerrno>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <vector>
#include <gtest/gtest.h>
#include "codec_suite.hpp"
#include "hive/migrate.h"
#include "hive/process.h"
#include "hive_netlink.h"

namespace {

using hive_test::be;
using hive_test::Bytes;

constexpr uint64_t kUserEnd = HIVE_MIG_USER_END;
constexpr uint64_t kPage = HIVE_MIG_PAGE_SIZE;

// A record with everything its tail holds.
struct Rec {
	hive_mig_record r{};
	std::vector<uint32_t> groups;		// BEGIN
	std::string path;			// FILE VMA, FILE
	Bytes xstate;				// THREAD
	std::vector<hive_mig_siginfo> pending;	// SIGNALS, THREAD
};

uint16_t random_node(std::mt19937_64 &rng)
{
	return uint16_t(HIVE_NODE_ID_MIN + rng() % (HIVE_NODE_ID_MAX - HIVE_NODE_ID_MIN + 1));
}

uint64_t user_addr(std::mt19937_64 &rng)
{
	return rng() % 4 ? rng() % kUserEnd : (rng() % 2 ? 0 : kUserEnd - 1);
}

hive_mig_siginfo random_siginfo(std::mt19937_64 &rng)
{
	hive_mig_siginfo si{};

	si.signo = uint32_t(1 + rng() % 64);
	si.code = int32_t(rng());
	si.errnum = int32_t(rng());
	for (auto &b : si.fields)
		b = uint8_t(rng());
	return si;
}

// @big: tails up to their limits now and then; else a few entries at most.
std::vector<hive_mig_siginfo> random_pending(std::mt19937_64 &rng, bool big)
{
	std::vector<hive_mig_siginfo> v(rng() % 4 || !big ? rng() % 4 : rng() % (HIVE_MIG_PENDING_MAX + 1));

	for (auto &si : v)
		si = random_siginfo(rng);
	return v;
}

// A pending set holding every queued signal's, and maybe others.
uint64_t pending_set(std::mt19937_64 &rng, const std::vector<hive_mig_siginfo> &queued)
{
	uint64_t set = rng() % 2 ? rng() : 0;

	for (const auto &si : queued)
		set |= 1ull << (si.signo - 1);
	return set;
}

Rec random_begin(std::mt19937_64 &rng, bool big)
{
	Rec x;
	hive_mig_begin &b = x.r.begin;

	x.r.head.type = HIVE_MIG_BEGIN;
	b.pid = uint32_t(1 + rng() % (HIVE_PID_LIMIT - 1));
	b.home = random_node(rng);
	b.source = random_node(rng);
	do
		b.target = random_node(rng);
	while (b.target == b.source);
	b.nthreads = uint32_t(1 + rng() % (rng() % 2 ? 8 : HIVE_MIG_THREADS_MAX));
	b.nvmas = uint32_t(rng() % (rng() % 2 ? 8 : HIVE_MIG_VMAS_MAX + 1));
	b.nfiles = uint16_t(rng() % (rng() % 2 ? 8 : HIVE_MIG_FILES_MAX + 1));
	x.groups.resize(rng() % 4 || !big ? rng() % 8 : rng() % (HIVE_MIG_GROUPS_MAX + 1));
	uint32_t g = 0;
	for (auto &grp : x.groups)
		grp = g = g + uint32_t(rng() % 3);
	b.ngroups = uint32_t(x.groups.size());
	b.flags = uint32_t(rng() % 2);
	for (auto &id : b.uid)
		id = uint32_t(rng() % 0xffffffffu);
	for (auto &id : b.gid)
		id = uint32_t(rng() % 0xffffffffu);
	b.securebits = uint32_t(rng() % 0x100);
	b.cap_permitted = rng() & HIVE_MIG_CAP_MASK;
	b.cap_inheritable = rng() & HIVE_MIG_CAP_MASK;
	b.cap_effective = rng() & b.cap_permitted;
	b.cap_bset = rng() & HIVE_MIG_CAP_MASK;
	b.cap_ambient = rng() & b.cap_permitted & b.cap_inheritable;
	b.umask = uint32_t(rng() % 01000);
	b.personality = uint32_t(rng()) & ~0xffu;
	b.exit_signal = uint32_t(rng() % 65);
	b.ppid = uint32_t(rng() % 4194304);
	size_t n = rng() % 16;
	for (size_t i = 0; i < n; i++)
		b.comm[i] = char(1 + rng() % 255);
	for (auto &l : b.rlim) {
		l.max = rng() % 3 ? rng() : UINT64_MAX;
		l.cur = rng() % 2 ? l.max : rng() % (l.max ? l.max : 1);
	}
	b.monotonic_ns = rng() >> 1;
	b.boottime_ns = rng() >> 1;
	return x;
}

Rec random_mm(std::mt19937_64 &rng)
{
	Rec x;
	hive_mig_mm &m = x.r.mm;
	auto pair = [&](uint64_t &a, uint64_t &b) {
		a = user_addr(rng);
		b = a + rng() % (kUserEnd - a);
	};

	x.r.head.type = HIVE_MIG_MM;
	pair(m.start_code, m.end_code);
	pair(m.start_data, m.end_data);
	pair(m.start_brk, m.brk);
	pair(m.arg_start, m.arg_end);
	pair(m.env_start, m.env_end);
	m.start_stack = user_addr(rng);
	size_t pairs = rng() % (HIVE_MIG_AUXV_WORDS / 2);
	for (size_t i = 0; i < pairs; i++) {
		m.auxv[2 * i] = 1 + rng() % UINT64_MAX;
		m.auxv[2 * i + 1] = rng();
	}
	return x;
}

std::string random_path(std::mt19937_64 &rng, bool big)
{
	std::string path = "/";

	for (size_t i = rng() % 3 || !big ? rng() % 40 : rng() % HIVE_MIG_PATH_MAX; i; i--)
		path += char(1 + rng() % 255);
	return path;
}

Rec random_vma(std::mt19937_64 &rng, bool big)
{
	Rec x;
	hive_mig_vma &v = x.r.vma;
	const uint64_t pages_max = kUserEnd / kPage;

	x.r.head.type = HIVE_MIG_VMA;
	uint64_t first = rng() % pages_max;
	uint64_t pages = 1 + (rng() % 2 ? rng() % 64 : rng() % (pages_max - first));
	v.start = first * kPage;
	v.end = (first + pages) * kPage;
	v.pgoff = rng() % ((1ull << 52) - pages + 1);
	v.region = uint32_t(1 + rng() % UINT32_MAX);
	v.kind = uint8_t(1 + rng() % (__HIVE_MIG_VMA_KIND_COUNT - 1));
	v.prot = uint8_t(rng() % 8);
	switch (v.kind) {
	case HIVE_MIG_VMA_ANON:
		v.flags = uint8_t(rng() % 3);
		break;
	case HIVE_MIG_VMA_FILE:
		// Now and then a shared mapping of a file opened read-only.
		if (!(v.prot & HIVE_MIG_VMA_WRITE) && rng() % 4 == 0)
			v.flags = HIVE_MIG_VMA_SHARED;
		x.path = random_path(rng, big);
		v.path_len = uint16_t(x.path.size());
		v.dev = rng();
		v.ino = rng();
		v.size = rng();
		v.mtime_ns = rng();
		break;
	default:
		v.prot &= uint8_t(~HIVE_MIG_VMA_WRITE);
	}
	return x;
}

Rec random_file(std::mt19937_64 &rng, bool big)
{
	Rec x;
	hive_mig_file &f = x.r.file;

	x.r.head.type = HIVE_MIG_FILE;
	f.kind = uint8_t(1 + rng() % (__HIVE_MIG_FILE_KIND_COUNT - 1));
	x.path = random_path(rng, big);
	f.path_len = uint16_t(x.path.size());
	if (f.kind == HIVE_MIG_FILE_CWD)
		return x;
	f.fd = uint32_t(rng() % 2 ? rng() % 16 : rng() % UINT32_MAX);
	f.fd_flags = uint8_t(rng() % 2);
	do
		f.flags = uint32_t(rng()) & HIVE_MIG_FILE_OFLAGS;
	while ((f.flags & HIVE_MIG_FILE_ACCMODE) == HIVE_MIG_FILE_ACCMODE);
	f.dev = 1 + rng() % UINT64_MAX;
	if (f.kind == HIVE_MIG_FILE_FWD) {
		x.path.clear();
		f.path_len = 0;
		f.dev = 1 + rng() % (__HIVE_MIG_FWD_TYPE_COUNT - 1);
		f.ino = 1 + rng() % UINT64_MAX;
		f.server = uint32_t(1 + rng() % HIVE_NODE_ID_MAX);
	}
	if (f.kind == HIVE_MIG_FILE_REG) {
		f.pos = rng();
		f.ino = rng();
		f.size = rng();
		f.mtime_ns = rng();
	}
	return x;
}

// FILE record @x made a forwarded pipe's, valid, for a rule to break.
void make_fwd(Rec &x)
{
	x.path.clear();
	x.r.file = hive_mig_file{};
	x.r.file.kind = HIVE_MIG_FILE_FWD;
	x.r.file.dev = HIVE_MIG_FWD_PIPE;
	x.r.file.ino = 1;
	x.r.file.server = 1;
}

// FILE record @x made the working directory's, with its path or "/".
void make_cwd(Rec &x)
{
	x.r.file = hive_mig_file{};
	x.r.file.kind = HIVE_MIG_FILE_CWD;
	if (x.path.empty())
		x.path = "/";
	x.r.file.path_len = uint16_t(x.path.size());
}

Rec random_signals(std::mt19937_64 &rng, bool big)
{
	Rec x;
	hive_mig_signals &s = x.r.signals;

	x.r.head.type = HIVE_MIG_SIGNALS;
	for (unsigned int sig = 1; sig <= HIVE_MIG_NSIG; sig++) {
		hive_mig_sigaction &a = s.action[sig - 1];

		if (sig == 9 || sig == 19 || rng() % 3 == 0)
			continue;
		a.handler = rng() % 2 ? rng() % 2 : user_addr(rng);
		a.flags = rng() & 0xdc000c07ull;
		a.restorer = a.flags & 0x04000000ull ? user_addr(rng) : 0;
		a.mask = rng() & ~((1ull << 8) | (1ull << 18));
	}
	x.pending = random_pending(rng, big);
	s.npending = uint32_t(x.pending.size());
	s.pending = pending_set(rng, x.pending);
	return x;
}

Rec random_thread(std::mt19937_64 &rng, bool big)
{
	Rec x;
	hive_mig_thread &t = x.r.thread;
	const uint32_t policies[] = { 0, 1, 2, 3, 5 };

	x.r.head.type = HIVE_MIG_THREAD;
	t.tid = uint32_t(1 + rng() % (HIVE_PID_LIMIT - 1));
	for (auto &reg : t.regs)
		reg = rng();
	t.regs[HIVE_MIG_CS] = HIVE_MIG_USER_CS;
	t.regs[HIVE_MIG_SS] = HIVE_MIG_USER_DS;
	for (int seg : { HIVE_MIG_DS, HIVE_MIG_ES, HIVE_MIG_FS, HIVE_MIG_GS })
		t.regs[seg] = rng() % 2 ? 0 : (rng() % 0x10000) | 3;
	t.regs[HIVE_MIG_IP] = user_addr(rng);
	t.regs[HIVE_MIG_FS_BASE] = user_addr(rng);
	t.regs[HIVE_MIG_GS_BASE] = user_addr(rng);
	t.regs[HIVE_MIG_FLAGS] = (rng() & HIVE_MIG_USER_RFLAGS) | HIVE_MIG_RFLAGS_FIXED;
	t.blocked = rng() & ~((1ull << 8) | (1ull << 18));
	t.sas_flags = uint32_t(rng() % 4 == 0 ? HIVE_MIG_SS_DISABLE :
			       rng() % 2 ? HIVE_MIG_SS_AUTODISARM : 0);
	t.sas_size = rng() % (kUserEnd + 1);
	t.sas_sp = rng() % (kUserEnd - t.sas_size + 1);
	t.clear_child_tid = user_addr(rng);
	t.robust_list = user_addr(rng);
	t.robust_len = rng() % 2 ? 24 : 0;
	t.policy = policies[rng() % 5];
	t.nice = int32_t(rng() % 40) - 20;
	t.rt_priority = t.policy == 1 || t.policy == 2 ? uint32_t(1 + rng() % 99) : 0;
	x.xstate.resize(HIVE_MIG_XSTATE_MIN + (big ? 8 * (rng() % ((HIVE_MIG_XSTATE_MAX -
								    HIVE_MIG_XSTATE_MIN) / 8 + 1)) : 0));
	// Opaque to the stream: any bytes do, cheaply.
	const uint64_t seed = rng();
	for (size_t i = 0; i < x.xstate.size(); i++)
		x.xstate[i] = uint8_t(seed >> (8 * (i % 8))) ^ uint8_t(i * 131);
	t.xstate_len = uint32_t(x.xstate.size());
	x.pending = random_pending(rng, big);
	t.npending = uint32_t(x.pending.size());
	t.pending = pending_set(rng, x.pending);
	size_t n = rng() % 16;
	for (size_t i = 0; i < n; i++)
		t.comm[i] = char(1 + rng() % 255);
	return x;
}

Rec random_record(std::mt19937_64 &rng, uint16_t type, bool big = true)
{
	Rec x;

	switch (type) {
	case HIVE_MIG_BEGIN:
		x = random_begin(rng, big);
		break;
	case HIVE_MIG_MM:
		x = random_mm(rng);
		break;
	case HIVE_MIG_VMA:
		x = random_vma(rng, big);
		break;
	case HIVE_MIG_FILE:
		x = random_file(rng, big);
		break;
	case HIVE_MIG_SIGNALS:
		x = random_signals(rng, big);
		break;
	case HIVE_MIG_THREAD:
		x = random_thread(rng, big);
		break;
	default:
		x.r.head.type = HIVE_MIG_END;
	}
	x.r.head.migration = 1 + rng() % UINT64_MAX;
	x.r.head.seq = uint32_t(rng());
	return x;
}

// The bytes of a record by the documented layout, whatever its validity;
// every reserved field holds @reserved.
Bytes wire(const Rec &x, uint64_t reserved = 0)
{
	const hive_mig_record &r = x.r;
	Bytes b;

	be(b, r.head.migration, 8);
	be(b, r.head.seq, 4);
	be(b, r.head.type, 2);
	be(b, reserved, 2);
	switch (r.head.type) {
	case HIVE_MIG_BEGIN: {
		const hive_mig_begin &m = r.begin;

		be(b, m.pid, 4);
		be(b, m.home, 2);
		be(b, m.source, 2);
		be(b, m.target, 2);
		be(b, m.nfiles, 2);
		for (uint32_t v : { m.nthreads, m.nvmas, m.ngroups, m.flags })
			be(b, v, 4);
		for (uint32_t v : m.uid)
			be(b, v, 4);
		for (uint32_t v : m.gid)
			be(b, v, 4);
		for (uint32_t v : { m.securebits, m.umask, m.personality, m.exit_signal, m.ppid })
			be(b, v, 4);
		for (uint64_t v : { m.cap_inheritable, m.cap_permitted, m.cap_effective,
				    m.cap_bset, m.cap_ambient })
			be(b, v, 8);
		b.insert(b.end(), m.comm, m.comm + 16);
		for (const auto &l : m.rlim) {
			be(b, l.cur, 8);
			be(b, l.max, 8);
		}
		be(b, m.monotonic_ns, 8);
		be(b, m.boottime_ns, 8);
		for (uint32_t g : x.groups)
			be(b, g, 4);
		break;
	}
	case HIVE_MIG_MM: {
		const hive_mig_mm &m = r.mm;

		for (uint64_t v : { m.start_code, m.end_code, m.start_data, m.end_data,
				    m.start_brk, m.brk, m.start_stack, m.arg_start, m.arg_end,
				    m.env_start, m.env_end })
			be(b, v, 8);
		for (uint64_t v : m.auxv)
			be(b, v, 8);
		break;
	}
	case HIVE_MIG_VMA: {
		const hive_mig_vma &m = r.vma;

		be(b, m.start, 8);
		be(b, m.end, 8);
		be(b, m.pgoff, 8);
		be(b, m.region, 4);
		be(b, m.kind, 1);
		be(b, m.prot, 1);
		be(b, m.flags, 1);
		be(b, reserved, 1);
		be(b, m.path_len, 2);
		be(b, reserved, 2);
		be(b, reserved, 4);
		for (uint64_t v : { m.dev, m.ino, m.size, m.mtime_ns })
			be(b, v, 8);
		b.insert(b.end(), x.path.begin(), x.path.end());
		break;
	}
	case HIVE_MIG_FILE: {
		const hive_mig_file &m = r.file;

		be(b, m.fd, 4);
		be(b, m.kind, 1);
		be(b, m.fd_flags, 1);
		be(b, m.path_len, 2);
		be(b, m.flags, 4);
		be(b, m.server, 4);
		for (uint64_t v : { m.pos, m.dev, m.ino, m.size, m.mtime_ns })
			be(b, v, 8);
		b.insert(b.end(), x.path.begin(), x.path.end());
		break;
	}
	case HIVE_MIG_SIGNALS:
		for (const auto &a : r.signals.action)
			for (uint64_t v : { a.handler, a.flags, a.restorer, a.mask })
				be(b, v, 8);
		be(b, r.signals.pending, 8);
		be(b, r.signals.npending, 4);
		be(b, reserved, 4);
		break;
	case HIVE_MIG_THREAD: {
		const hive_mig_thread &m = r.thread;

		be(b, m.tid, 4);
		be(b, reserved, 4);
		for (uint64_t v : m.regs)
			be(b, v, 8);
		for (uint64_t v : { m.blocked, m.pending, m.sas_sp, m.sas_size })
			be(b, v, 8);
		for (uint32_t v : { m.sas_flags, m.policy, uint32_t(m.nice), m.rt_priority })
			be(b, v, 4);
		for (uint64_t v : { m.clear_child_tid, m.robust_list, m.robust_len })
			be(b, v, 8);
		be(b, m.xstate_len, 4);
		be(b, m.npending, 4);
		b.insert(b.end(), m.comm, m.comm + 16);
		b.insert(b.end(), x.xstate.begin(), x.xstate.end());
		break;
	}
	}
	for (const auto &si : x.pending) {
		be(b, si.signo, 4);
		be(b, uint32_t(si.code), 4);
		be(b, uint32_t(si.errnum), 4);
		be(b, reserved, 4);
		b.insert(b.end(), si.fields, si.fields + 32);
	}
	return b;
}

// The record as hive_mig_encode() takes it: with its path or XSAVE state.
hive_mig_record to_encode(const Rec &x)
{
	hive_mig_record r = x.r;

	r.tail = nullptr;
	r.tail_len = 0;
	if (!x.path.empty()) {
		r.tail = reinterpret_cast<const uint8_t *>(x.path.data());
		r.tail_len = x.path.size();
	} else if (!x.xstate.empty()) {
		r.tail = x.xstate.data();
		r.tail_len = x.xstate.size();
	}
	return r;
}

// The record through the C ABI: encode, then its groups and signals.
int encode(const Rec &x, Bytes &out)
{
	hive_mig_record r = to_encode(x);
	int len;

	len = hive_mig_record_len(&r);
	if (len < 0)
		return len;
	out.assign(size_t(len) + 8, 0x5a);
	int rc = hive_mig_encode(&r, out.data(), out.size());
	if (rc < 0)
		return rc;
	EXPECT_EQ(len, rc);
	for (size_t i = size_t(rc); i < out.size(); i++)
		EXPECT_EQ(0x5a, out[i]) << "wrote past the record";
	out.resize(size_t(rc));
	for (uint32_t i = 0; i < x.groups.size(); i++)
		EXPECT_EQ(0, hive_mig_put_group(&r, out.data(), out.size(), i, x.groups[i]));
	for (uint32_t i = 0; i < x.pending.size(); i++)
		EXPECT_EQ(0, hive_mig_put_siginfo(&r, out.data(), out.size(), i, &x.pending[i]));
	return rc;
}

// A decoded record with its tail read back through the accessors.
Rec from_decoded(const hive_mig_record &d)
{
	Rec y;
	hive_mig_siginfo si;

	y.r = d;
	for (uint32_t g = 0; d.head.type == HIVE_MIG_BEGIN && g < d.begin.ngroups; g++)
		y.groups.push_back(hive_mig_get_group(&d, g));
	if ((d.head.type == HIVE_MIG_VMA && d.vma.path_len) || d.head.type == HIVE_MIG_FILE)
		y.path.assign(reinterpret_cast<const char *>(d.tail), d.tail_len);
	if (d.head.type == HIVE_MIG_THREAD)
		y.xstate.assign(d.tail, d.tail + d.thread.xstate_len);
	for (uint32_t k = 0; hive_mig_get_siginfo(&d, k, &si) == 0; k++)
		y.pending.push_back(si);
	return y;
}

constexpr uint16_t kTypes[] = { HIVE_MIG_BEGIN, HIVE_MIG_MM, HIVE_MIG_VMA, HIVE_MIG_FILE,
				HIVE_MIG_SIGNALS, HIVE_MIG_THREAD, HIVE_MIG_END };
constexpr int kNTypes = int(sizeof(kTypes) / sizeof(kTypes[0]));

TEST(MigrateCodec, EncodesTheDocumentedLayoutAndDecodesItBack)
{
	std::mt19937_64 rng(20261206);

	for (int i = 0; i < 3000; i++) {
		const Rec x = random_record(rng, kTypes[i % kNTypes]);
		Bytes b;
		hive_mig_record d;

		ASSERT_GT(encode(x, b), 0) << i;
		ASSERT_EQ(wire(x), b) << "type " << x.r.head.type;
		ASSERT_EQ(0, hive_mig_decode(b.data(), b.size(), &d)) << i;
		ASSERT_EQ(0, memcmp(&x.r.head, &d.head, sizeof(d.head)));
		// The decoded record, encoded again with its own tail, is the
		// same bytes.
		const Rec y = from_decoded(d);
		ASSERT_EQ(x.groups, y.groups);
		ASSERT_EQ(x.path, y.path);
		ASSERT_EQ(x.xstate, y.xstate);
		ASSERT_EQ(x.pending.size(), y.pending.size());
		ASSERT_EQ(b, wire(y)) << i;
	}
}

TEST(MigrateCodec, FixedLengths)
{
	std::mt19937_64 rng(1);
	const std::pair<uint16_t, size_t> fixed[] = {
		{ HIVE_MIG_BEGIN, HIVE_MIG_BEGIN_LEN }, { HIVE_MIG_MM, HIVE_MIG_MM_LEN },
		{ HIVE_MIG_VMA, HIVE_MIG_VMA_LEN }, { HIVE_MIG_FILE, HIVE_MIG_FILE_LEN },
		{ HIVE_MIG_SIGNALS, HIVE_MIG_SIGNALS_LEN },
		{ HIVE_MIG_THREAD, HIVE_MIG_THREAD_LEN }, { HIVE_MIG_END, 0 },
	};

	for (auto [type, len] : fixed) {
		Rec x = random_record(rng, type);

		x.groups.clear();
		x.pending.clear();
		if (type == HIVE_MIG_BEGIN)
			x.r.begin.ngroups = 0;
		if (type == HIVE_MIG_SIGNALS)
			x.r.signals.npending = 0;
		if (type == HIVE_MIG_THREAD)
			x.r.thread.npending = 0;
		if (type == HIVE_MIG_VMA) {
			x.r.vma.kind = HIVE_MIG_VMA_VVAR;
			x.r.vma.prot = HIVE_MIG_VMA_READ;
			x.r.vma.flags = 0;
			x.r.vma.path_len = 0;
			x.r.vma.dev = x.r.vma.ino = x.r.vma.size = x.r.vma.mtime_ns = 0;
			x.path.clear();
		}
		size_t extra = type == HIVE_MIG_THREAD ? x.xstate.size() :
			       type == HIVE_MIG_FILE ? x.path.size() : 0;
		EXPECT_EQ(int(HIVE_MIG_HEAD_LEN + len + extra), hive_mig_record_len(&x.r)) << type;
		EXPECT_EQ(HIVE_MIG_HEAD_LEN + len + extra, wire(x).size()) << type;
	}
}

hive_mig_siginfo signal(uint32_t signo)
{
	hive_mig_siginfo si{};

	si.signo = signo;
	return si;
}

// Every rule of the header, broken one at a time: the encoder refuses the
// record and the decoder its bytes.
// Where a rule lives: in the fixed fields (everyone checks it), in the
// path the encoder copies (hive_mig_record_len() does not read it), or in
// the groups and signals written after hive_mig_encode() (the decoder's
// alone).
enum Where { kFields, kCopied, kEntries };

struct Broken {
	const char *what;
	uint16_t type;
	std::function<void(Rec &)> breaks;
	Where where = kFields;
};

const std::vector<Broken> &broken_rules()
{
	static const std::vector<Broken> rules = {
		{ "migration 0", HIVE_MIG_END, [](Rec &x) { x.r.head.migration = 0; } },
		{ "type 0", HIVE_MIG_END, [](Rec &x) { x.r.head.type = 0; } },
		{ "unknown type", HIVE_MIG_END, [](Rec &x) { x.r.head.type = __HIVE_MIG_TYPE_COUNT; } },
		{ "pid 0", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.pid = 0; } },
		{ "pid at the limit", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.pid = HIVE_PID_LIMIT; } },
		{ "home 0", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.home = 0; } },
		{ "source too big", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.source = HIVE_NODE_ID_MAX + 1; } },
		{ "target 0", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.target = 0; } },
		{ "source is target", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.target = x.r.begin.source; } },
		{ "no thread", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.nthreads = 0; } },
		{ "too many threads", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.nthreads = HIVE_MIG_THREADS_MAX + 1; } },
		{ "too many vmas", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.nvmas = HIVE_MIG_VMAS_MAX + 1; } },
		{ "too many groups", HIVE_MIG_BEGIN, [](Rec &x) {
			  x.groups.assign(HIVE_MIG_GROUPS_MAX + 1, 7);
			  x.r.begin.ngroups = HIVE_MIG_GROUPS_MAX + 1;
		  } },
		{ "unknown flag", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.flags |= 2; } },
		{ "invalid uid", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.uid[2] = 0xffffffffu; } },
		{ "invalid gid", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.gid[3] = 0xffffffffu; } },
		{ "securebits", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.securebits = 0x100; } },
		{ "capability 41", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.cap_bset |= 1ull << 41; } },
		{ "effective not permitted", HIVE_MIG_BEGIN, [](Rec &x) {
			  x.r.begin.cap_permitted &= ~1ull;
			  x.r.begin.cap_effective |= 1;
			  x.r.begin.cap_ambient &= ~1ull;
		  } },
		{ "ambient not inheritable", HIVE_MIG_BEGIN, [](Rec &x) {
			  x.r.begin.cap_permitted |= 2;
			  x.r.begin.cap_inheritable &= ~2ull;
			  x.r.begin.cap_ambient |= 2;
		  } },
		{ "umask", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.umask = 01000; } },
		{ "personality", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.personality |= 8; } },
		{ "exit signal 65", HIVE_MIG_BEGIN, [](Rec &x) { x.r.begin.exit_signal = 65; } },
		{ "parent above the PID limit", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.ppid = 4194304; } },
		{ "thread name unterminated", HIVE_MIG_THREAD,
		  [](Rec &x) { memset(x.r.thread.comm, 'a', sizeof(x.r.thread.comm)); } },
		{ "thread name not NUL-padded", HIVE_MIG_THREAD, [](Rec &x) {
			  memset(x.r.thread.comm, 0, sizeof(x.r.thread.comm));
			  x.r.thread.comm[5] = 'x';
		  } },
		{ "comm unterminated", HIVE_MIG_BEGIN,
		  [](Rec &x) { memset(x.r.begin.comm, 'a', sizeof(x.r.begin.comm)); } },
		{ "comm not NUL-padded", HIVE_MIG_BEGIN, [](Rec &x) {
			  memset(x.r.begin.comm, 0, sizeof(x.r.begin.comm));
			  x.r.begin.comm[3] = 'x';
		  } },
		{ "soft limit over hard", HIVE_MIG_BEGIN, [](Rec &x) {
			  x.r.begin.rlim[7].max = 10;
			  x.r.begin.rlim[7].cur = 11;
		  } },
		{ "groups unsorted", HIVE_MIG_BEGIN, [](Rec &x) {
			  x.groups = { 5, 4 };
			  x.r.begin.ngroups = 2;
		  }, kEntries },
		{ "invalid group", HIVE_MIG_BEGIN, [](Rec &x) {
			  x.groups = { 0xffffffffu };
			  x.r.begin.ngroups = 1;
		  }, kEntries },
		{ "code ends before it starts", HIVE_MIG_MM, [](Rec &x) {
			  x.r.mm.start_code = 0x2000;
			  x.r.mm.end_code = 0x1000;
		  } },
		{ "brk beyond user space", HIVE_MIG_MM, [](Rec &x) { x.r.mm.brk = kUserEnd; } },
		{ "env beyond user space", HIVE_MIG_MM,
		  [](Rec &x) { x.r.mm.env_end = UINT64_MAX; } },
		{ "stack beyond user space", HIVE_MIG_MM,
		  [](Rec &x) { x.r.mm.start_stack = kUserEnd; } },
		{ "auxv without AT_NULL", HIVE_MIG_MM, [](Rec &x) {
			  for (auto &w : x.r.mm.auxv)
				  w = 3;
		  } },
		{ "auxv AT_NULL with a value", HIVE_MIG_MM, [](Rec &x) {
			  memset(x.r.mm.auxv, 0, sizeof(x.r.mm.auxv));
			  x.r.mm.auxv[1] = 1;
		  } },
		{ "auxv after AT_NULL", HIVE_MIG_MM, [](Rec &x) {
			  memset(x.r.mm.auxv, 0, sizeof(x.r.mm.auxv));
			  x.r.mm.auxv[HIVE_MIG_AUXV_WORDS - 1] = 1;
		  } },
		{ "vma start unaligned", HIVE_MIG_VMA, [](Rec &x) { x.r.vma.start |= 1; } },
		{ "vma end unaligned", HIVE_MIG_VMA, [](Rec &x) { x.r.vma.end += 8; } },
		{ "vma empty", HIVE_MIG_VMA, [](Rec &x) { x.r.vma.end = x.r.vma.start; } },
		{ "vma beyond user space", HIVE_MIG_VMA,
		  [](Rec &x) { x.r.vma.end = kUserEnd + kPage; } },
		{ "pgoff at 2^52", HIVE_MIG_VMA, [](Rec &x) { x.r.vma.pgoff = 1ull << 52; } },
		{ "pages past 2^52", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.pgoff = (1ull << 52) - (x.r.vma.end - x.r.vma.start) / kPage + 1;
		  } },
		{ "region 0", HIVE_MIG_VMA, [](Rec &x) { x.r.vma.region = 0; } },
		{ "kind 0", HIVE_MIG_VMA, [](Rec &x) { x.r.vma.kind = 0; } },
		{ "unknown kind", HIVE_MIG_VMA,
		  [](Rec &x) { x.r.vma.kind = __HIVE_MIG_VMA_KIND_COUNT; } },
		{ "unknown prot", HIVE_MIG_VMA, [](Rec &x) { x.r.vma.prot |= 8; } },
		{ "unknown vma flag", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_ANON;
			  x.r.vma.path_len = 0;
			  x.r.vma.dev = x.r.vma.ino = x.r.vma.size = x.r.vma.mtime_ns = 0;
			  x.path.clear();
			  x.r.vma.flags = 4;
		  } },
		{ "shared growsdown", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_ANON;
			  x.r.vma.path_len = 0;
			  x.r.vma.dev = x.r.vma.ino = x.r.vma.size = x.r.vma.mtime_ns = 0;
			  x.path.clear();
			  x.r.vma.flags = HIVE_MIG_VMA_SHARED | HIVE_MIG_VMA_GROWSDOWN;
		  } },
		{ "writable shared file", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_FILE;
			  x.path = "/usr/lib/libc.so.6";
			  x.r.vma.path_len = uint16_t(x.path.size());
			  x.r.vma.flags = HIVE_MIG_VMA_SHARED;
			  x.r.vma.prot = HIVE_MIG_VMA_READ | HIVE_MIG_VMA_WRITE;
		  } },
		{ "growing file", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_FILE;
			  x.path = "/usr/lib/libc.so.6";
			  x.r.vma.path_len = uint16_t(x.path.size());
			  x.r.vma.flags = HIVE_MIG_VMA_GROWSDOWN;
		  } },
		{ "file without path", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_FILE;
			  x.r.vma.flags = 0;
			  x.r.vma.path_len = 0;
			  x.path.clear();
		  } },
		{ "path too long", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_FILE;
			  x.r.vma.flags = 0;
			  x.path = "/" + std::string(HIVE_MIG_PATH_MAX, 'a');
			  x.r.vma.path_len = uint16_t(x.path.size());
		  } },
		{ "relative path", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_FILE;
			  x.r.vma.flags = 0;
			  x.path = "lib/x.so";
			  x.r.vma.path_len = uint16_t(x.path.size());
		  }, kCopied },
		{ "NUL in path", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_FILE;
			  x.r.vma.flags = 0;
			  x.path = std::string("/lib/x", 6) + '\0' + "y";
			  x.r.vma.path_len = uint16_t(x.path.size());
		  }, kCopied },
		{ "anonymous with a path", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_ANON;
			  x.r.vma.flags = 0;
			  x.path = "/x";
			  x.r.vma.path_len = 2;
		  } },
		{ "anonymous with a file identity", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_ANON;
			  x.r.vma.flags = 0;
			  x.r.vma.path_len = 0;
			  x.path.clear();
			  x.r.vma.dev = x.r.vma.ino = x.r.vma.size = x.r.vma.mtime_ns = 0;
			  x.r.vma.ino = 5;
		  } },
		{ "writable vdso", HIVE_MIG_VMA, [](Rec &x) {
			  x.r.vma.kind = HIVE_MIG_VMA_VDSO;
			  x.r.vma.flags = 0;
			  x.r.vma.path_len = 0;
			  x.path.clear();
			  x.r.vma.dev = x.r.vma.ino = x.r.vma.size = x.r.vma.mtime_ns = 0;
			  x.r.vma.prot = HIVE_MIG_VMA_READ | HIVE_MIG_VMA_WRITE;
		  } },
		{ "monotonic clock past 2^63", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.monotonic_ns = 1ull << 63; } },
		{ "boot-time clock past 2^63", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.boottime_ns = UINT64_MAX; } },
		{ "more files than a stream has", HIVE_MIG_BEGIN,
		  [](Rec &x) { x.r.begin.nfiles = HIVE_MIG_FILES_MAX + 1; } },
		{ "file kind 0", HIVE_MIG_FILE, [](Rec &x) { x.r.file.kind = 0; } },
		{ "unknown file kind", HIVE_MIG_FILE,
		  [](Rec &x) { x.r.file.kind = __HIVE_MIG_FILE_KIND_COUNT; } },
		{ "file without path", HIVE_MIG_FILE, [](Rec &x) {
			  if (x.r.file.kind == HIVE_MIG_FILE_FWD) {
				  x.r.file.kind = HIVE_MIG_FILE_CHR;
				  x.r.file.ino = 0;
			  }
			  x.path.clear();
			  x.r.file.path_len = 0;
		  } },
		{ "file path too long", HIVE_MIG_FILE, [](Rec &x) {
			  x.path = "/" + std::string(HIVE_MIG_PATH_MAX, 'a');
			  x.r.file.path_len = uint16_t(x.path.size());
		  } },
		{ "relative file path", HIVE_MIG_FILE, [](Rec &x) {
			  x.path = "tmp/x";
			  x.r.file.path_len = uint16_t(x.path.size());
		  }, kCopied },
		{ "unknown descriptor flag", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_REG;
			  x.r.file.fd_flags = 2;
		  } },
		{ "open flag not carried", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_REG;
			  x.r.file.flags = 0100;	// O_CREAT
		  } },
		{ "access mode 3", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_REG;
			  x.r.file.flags = 3;
		  } },
		{ "cwd with a descriptor", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CWD;
			  x.r.file.fd = 3;
		  } },
		{ "cwd with a descriptor flag", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CWD;
			  x.r.file.fd_flags = HIVE_MIG_FD_CLOEXEC;
		  } },
		{ "cwd with open flags", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CWD;
			  x.r.file.flags = 1;
		  } },
		{ "cwd with a position", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CWD;
			  x.r.file.pos = 1;
		  } },
		{ "cwd with an identity", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CWD;
			  x.r.file.ino = 2;
		  } },
		{ "device without a number", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CHR;
		  } },
		{ "device with a pos", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CHR;
			  x.r.file.dev = 0x103;
			  x.r.file.pos = 1;
		  } },
		{ "device with a ino", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CHR;
			  x.r.file.dev = 0x103;
			  x.r.file.ino = 1;
		  } },
		{ "device with a size", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CHR;
			  x.r.file.dev = 0x103;
			  x.r.file.size = 1;
		  } },
		{ "device with a mtime_ns", HIVE_MIG_FILE, [](Rec &x) {
			  x.r.file = hive_mig_file{};
			  x.r.file.path_len = uint16_t(x.path.size());
			  x.r.file.kind = HIVE_MIG_FILE_CHR;
			  x.r.file.dev = 0x103;
			  x.r.file.mtime_ns = 1;
		  } },
		{ "forwarded descriptor with a path", HIVE_MIG_FILE, [](Rec &x) {
			  make_fwd(x);
			  x.path = "/dev/pts/0";
			  x.r.file.path_len = uint16_t(x.path.size());
		  } },
		{ "forwarded descriptor of no type", HIVE_MIG_FILE, [](Rec &x) {
			  make_fwd(x);
			  x.r.file.dev = __HIVE_MIG_FWD_TYPE_COUNT;
		  } },
		{ "forwarded descriptor without a handle", HIVE_MIG_FILE, [](Rec &x) {
			  make_fwd(x);
			  x.r.file.ino = 0;
		  } },
		{ "forwarded descriptor served by no node", HIVE_MIG_FILE, [](Rec &x) {
			  make_fwd(x);
			  x.r.file.server = 0;
		  } },
		{ "forwarded descriptor served by a node past the last", HIVE_MIG_FILE, [](Rec &x) {
			  make_fwd(x);
			  x.r.file.server = HIVE_NODE_ID_MAX + 1;
		  } },
		{ "file not forwarded with a server", HIVE_MIG_FILE, [](Rec &x) {
			  if (x.r.file.kind == HIVE_MIG_FILE_FWD)
				  make_cwd(x);
			  x.r.file.server = 1;
		  } },
		{ "forwarded descriptor with a pos", HIVE_MIG_FILE, [](Rec &x) {
			  make_fwd(x);
			  x.r.file.pos = 1;
		  } },
		{ "forwarded descriptor read and write and more", HIVE_MIG_FILE, [](Rec &x) {
			  make_fwd(x);
			  x.r.file.flags = HIVE_MIG_FILE_ACCMODE;
		  } },
		{ "SIGKILL handled", HIVE_MIG_SIGNALS,
		  [](Rec &x) { x.r.signals.action[8].handler = 0x1000; } },
		{ "SIGSTOP with flags", HIVE_MIG_SIGNALS,
		  [](Rec &x) { x.r.signals.action[18].flags = 0x10000000; } },
		{ "SIGKILL in a handler's mask", HIVE_MIG_SIGNALS,
		  [](Rec &x) { x.r.signals.action[1].mask |= 1ull << 8; } },
		{ "unknown SA flag", HIVE_MIG_SIGNALS,
		  [](Rec &x) { x.r.signals.action[1].flags |= 0x20; } },
		{ "handler beyond user space", HIVE_MIG_SIGNALS,
		  [](Rec &x) { x.r.signals.action[1].handler = kUserEnd; } },
		{ "restorer without SA_RESTORER", HIVE_MIG_SIGNALS, [](Rec &x) {
			  x.r.signals.action[1].flags &= ~0x04000000ull;
			  x.r.signals.action[1].restorer = 0x1000;
		  } },
		{ "too many pending", HIVE_MIG_SIGNALS, [](Rec &x) {
			  x.pending.assign(HIVE_MIG_PENDING_MAX + 1, signal(1));
			  x.r.signals.npending = HIVE_MIG_PENDING_MAX + 1;
			  x.r.signals.pending = 1;
		  } },
		{ "pending signal 0", HIVE_MIG_SIGNALS, [](Rec &x) {
			  x.pending.assign(1, signal(0));
			  x.r.signals.npending = 1;
		  }, kEntries },
		{ "pending signal 65", HIVE_MIG_THREAD, [](Rec &x) {
			  x.pending.assign(2, signal(2));
			  x.pending[1].signo = 65;
			  x.r.thread.npending = 2;
			  x.r.thread.pending = ~0ull;
		  }, kEntries },
		{ "tid 0", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.tid = 0; } },
		{ "kernel cs", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.regs[HIVE_MIG_CS] = 0x10; } },
		{ "kernel ss", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.regs[HIVE_MIG_SS] = 0x18; } },
		{ "ring-0 ds", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.regs[HIVE_MIG_DS] = 0x10; } },
		{ "gs selector too big", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.regs[HIVE_MIG_GS] = 0x10003; } },
		{ "ip beyond user space", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.regs[HIVE_MIG_IP] = 0xffffffff81000000ull; } },
		{ "fs base beyond user space", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.regs[HIVE_MIG_FS_BASE] = kUserEnd; } },
		{ "gs base beyond user space", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.regs[HIVE_MIG_GS_BASE] = UINT64_MAX; } },
		{ "interrupts off", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.regs[HIVE_MIG_FLAGS] &= ~0x200ull; } },
		{ "IOPL 3", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.regs[HIVE_MIG_FLAGS] |= 0x3000; } },
		{ "nested task", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.regs[HIVE_MIG_FLAGS] |= 0x4000; } },
		{ "SIGSTOP blocked", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.blocked |= 1ull << 18; } },
		{ "SS_ONSTACK stored", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.sas_flags = 1; } },
		{ "altstack past user space", HIVE_MIG_THREAD, [](Rec &x) {
			  x.r.thread.sas_sp = kUserEnd - 4096;
			  x.r.thread.sas_size = 8192;
		  } },
		{ "clear_child_tid beyond user space", HIVE_MIG_THREAD,
		  [](Rec &x) { x.r.thread.clear_child_tid = kUserEnd; } },
		{ "robust list length", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.robust_len = 12; } },
		{ "SCHED_DEADLINE", HIVE_MIG_THREAD, [](Rec &x) {
			  x.r.thread.policy = 6;
			  x.r.thread.rt_priority = 0;
		  } },
		{ "nice 20", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.nice = 20; } },
		{ "nice -21", HIVE_MIG_THREAD, [](Rec &x) { x.r.thread.nice = -21; } },
		{ "FIFO priority 0", HIVE_MIG_THREAD, [](Rec &x) {
			  x.r.thread.policy = 1;
			  x.r.thread.rt_priority = 0;
		  } },
		{ "RR priority 100", HIVE_MIG_THREAD, [](Rec &x) {
			  x.r.thread.policy = 2;
			  x.r.thread.rt_priority = 100;
		  } },
		{ "priority without a real-time policy", HIVE_MIG_THREAD, [](Rec &x) {
			  x.r.thread.policy = 0;
			  x.r.thread.rt_priority = 5;
		  } },
		{ "xstate too short", HIVE_MIG_THREAD, [](Rec &x) {
			  x.xstate.resize(512);
			  x.r.thread.xstate_len = 512;
		  } },
		{ "xstate too long", HIVE_MIG_THREAD, [](Rec &x) {
			  x.xstate.resize(HIVE_MIG_XSTATE_MAX + 64);
			  x.r.thread.xstate_len = HIVE_MIG_XSTATE_MAX + 64;
		  } },
		{ "xstate not in 8s", HIVE_MIG_THREAD, [](Rec &x) {
			  x.xstate.resize(604);
			  x.r.thread.xstate_len = 604;
		  } },
		{ "queued signal not pending", HIVE_MIG_SIGNALS, [](Rec &x) {
			  x.pending.assign(1, signal(10));
			  x.r.signals.npending = 1;
			  x.r.signals.pending = 1ull << 8;
		  }, kEntries },
		{ "thread's queued signal not pending", HIVE_MIG_THREAD, [](Rec &x) {
			  x.pending.assign(1, signal(12));
			  x.r.thread.npending = 1;
			  x.r.thread.pending = 0;
		  }, kEntries },
	};
	return rules;
}

TEST(MigrateCodec, EveryRuleBrokenIsRefusedBothWays)
{
	std::mt19937_64 rng(6);

	for (const Broken &rule : broken_rules()) {
		for (int i = 0; i < 20; i++) {
			Rec x = random_record(rng, rule.type);
			hive_mig_record r, d;
			Bytes b(1 << 21, 0x5a), bytes;

			rule.breaks(x);
			r = to_encode(x);
			bytes = wire(x);
			if (rule.where == kFields) {
				ASSERT_EQ(-EINVAL, hive_mig_record_len(&r)) << rule.what;
			}
			if (rule.where != kEntries) {
				ASSERT_EQ(-EINVAL, hive_mig_encode(&r, b.data(), b.size())) << rule.what;
				ASSERT_EQ(0x5a, b[0]) << rule.what;
			}
			int rc = hive_mig_decode(bytes.data(), bytes.size(), &d);
			ASSERT_TRUE(rc == -EBADMSG || (rc == -EAGAIN && rule.type == HIVE_MIG_END))
				<< rule.what << ": " << rc;
		}
	}
}

TEST(MigrateCodec, ReservedFieldsMustBeZero)
{
	std::mt19937_64 rng(11);

	for (uint16_t type : kTypes) {
		for (int i = 0; i < 50; i++) {
			Rec x = random_record(rng, type);
			Bytes b = wire(x, 1 + rng() % 255);
			hive_mig_record d;

			ASSERT_EQ(-EBADMSG, hive_mig_decode(b.data(), b.size(), &d)) << type;
		}
	}
}

TEST(MigrateCodec, LengthsAreExact)
{
	std::mt19937_64 rng(12);

	for (int i = 0; i < 300; i++) {
		const Rec x = random_record(rng, kTypes[i % kNTypes]);
		Bytes b;
		hive_mig_record d;

		ASSERT_GT(encode(x, b), 0);
		// Fewer bytes than the record announces: too short, at every cut.
		for (size_t len = 0; len < b.size(); len += 1 + (b.size() > 4096 ? rng() % 97 : 0)) {
			Bytes cut(b.begin(), b.begin() + len);
			ASSERT_EQ(-EAGAIN, hive_mig_decode(cut.data(), cut.size(), &d)) << len;
		}
		// More: not one record.
		b.push_back(0);
		ASSERT_EQ(-EBADMSG, hive_mig_decode(b.data(), b.size(), &d));
		b.pop_back();
		// Too little room: -ENOSPC, nothing written.
		hive_mig_record r = to_encode(x);
		Bytes small(b.size() - 1, 0x5a);
		ASSERT_EQ(-ENOSPC, hive_mig_encode(&r, small.data(), small.size()));
		ASSERT_EQ(Bytes(b.size() - 1, 0x5a), small);
		// A path or XSAVE state of another length than announced.
		if (r.tail_len) {
			r.tail_len--;
			ASSERT_EQ(-EINVAL, hive_mig_encode(&r, b.data(), b.size()));
		}
	}
}

// A flipped bit is refused, or makes another valid record that encodes to
// exactly the flipped bytes.
TEST(MigrateCodec, EveryBitFlipIsRefusedOrFaithful)
{
	std::mt19937_64 rng(13);

	for (int i = 0; i < 60; i++) {
		Rec x = random_record(rng, kTypes[i % kNTypes]);
		Bytes good;

		if (x.r.head.type == HIVE_MIG_THREAD)
			x.xstate.resize(HIVE_MIG_XSTATE_MIN), x.r.thread.xstate_len = HIVE_MIG_XSTATE_MIN;
		if (x.pending.size() > 2) {
			x.pending.resize(2);
			if (x.r.head.type == HIVE_MIG_SIGNALS)
				x.r.signals.npending = 2;
			else
				x.r.thread.npending = 2;
		}
		if (x.groups.size() > 4) {
			x.groups.resize(4);
			x.r.begin.ngroups = 4;
		}
		ASSERT_GT(encode(x, good), 0);
		for (size_t bit = 0; bit < good.size() * 8; bit++) {
			Bytes b = good;
			hive_mig_record d;

			b[bit / 8] ^= uint8_t(1u << (bit % 8));
			int rc = hive_mig_decode(b.data(), b.size(), &d);
			if (rc < 0) {
				ASSERT_TRUE(rc == -EBADMSG || rc == -EAGAIN) << bit;
				continue;
			}
			Bytes again;
			ASSERT_GT(encode(from_decoded(d), again), 0) << bit;
			ASSERT_EQ(b, again) << "type " << x.r.head.type << " bit " << bit;
		}
	}
}

TEST(MigrateCodec, TailAccessorsStayInTheirRecord)
{
	std::mt19937_64 rng(14);
	Rec x = random_record(rng, HIVE_MIG_BEGIN);
	Bytes b;

	x.groups = { 1, 2, 3 };
	x.r.begin.ngroups = 3;
	ASSERT_GT(encode(x, b), 0);
	hive_mig_record r = x.r;
	EXPECT_EQ(-EINVAL, hive_mig_put_group(&r, b.data(), b.size(), 3, 9));
	EXPECT_EQ(-EINVAL, hive_mig_put_group(&r, b.data(), b.size() - 1, 0, 9));
	hive_mig_siginfo si = random_siginfo(rng);
	EXPECT_EQ(-EINVAL, hive_mig_put_siginfo(&r, b.data(), b.size(), 0, &si));
	hive_mig_record d;
	ASSERT_EQ(0, hive_mig_decode(b.data(), b.size(), &d));
	EXPECT_EQ(3u, hive_mig_get_group(&d, 2));
	EXPECT_EQ(0u, hive_mig_get_group(&d, 3));
	EXPECT_EQ(-EINVAL, hive_mig_get_siginfo(&d, 0, &si));

	Rec t = random_record(rng, HIVE_MIG_THREAD);
	t.pending.assign(2, random_siginfo(rng));
	t.r.thread.npending = 2;
	t.r.thread.pending = ~0ull;
	ASSERT_GT(encode(t, b), 0);
	r = to_encode(t);
	si.signo = 0;
	EXPECT_EQ(-EINVAL, hive_mig_put_siginfo(&r, b.data(), b.size(), 1, &si));
	si.signo = 64;
	EXPECT_EQ(-EINVAL, hive_mig_put_siginfo(&r, b.data(), b.size(), 2, &si));
	EXPECT_EQ(0, hive_mig_put_siginfo(&r, b.data(), b.size(), 1, &si));
	EXPECT_EQ(-EINVAL, hive_mig_put_group(&r, b.data(), b.size(), 0, 1));
	ASSERT_EQ(0, hive_mig_decode(b.data(), b.size(), &d));
	hive_mig_siginfo got;
	ASSERT_EQ(0, hive_mig_get_siginfo(&d, 1, &got));
	EXPECT_EQ(64u, got.signo);
	EXPECT_EQ(0, memcmp(si.fields, got.fields, sizeof(si.fields)));
	EXPECT_EQ(-EINVAL, hive_mig_get_siginfo(&d, 2, &got));
	EXPECT_EQ(0, memcmp(t.xstate.data(), d.tail, t.xstate.size()));
}

TEST(MigrateRestart, ACallTheKernelWouldRestartIsMadeAgain)
{
	for (int64_t code : { -512, -513, -514 }) {
		uint64_t regs[HIVE_MIG_NREGS] = {};

		regs[HIVE_MIG_ORIG_AX] = 230;	// clock_nanosleep
		regs[HIVE_MIG_AX] = uint64_t(code);
		regs[HIVE_MIG_IP] = 0x401002;
		hive_mig_restart(regs);
		EXPECT_EQ(230u, regs[HIVE_MIG_AX]) << code;
		EXPECT_EQ(0x401000u, regs[HIVE_MIG_IP]) << code;
		EXPECT_EQ(230u, regs[HIVE_MIG_ORIG_AX]) << code;
	}
}

TEST(MigrateRestart, ARestartBlockBecomesEintr)
{
	uint64_t regs[HIVE_MIG_NREGS] = {};

	regs[HIVE_MIG_ORIG_AX] = 35;	// nanosleep
	regs[HIVE_MIG_AX] = uint64_t(-516);
	regs[HIVE_MIG_IP] = 0x401002;
	hive_mig_restart(regs);
	EXPECT_EQ(uint64_t(-4), regs[HIVE_MIG_AX]);
	EXPECT_EQ(0x401002u, regs[HIVE_MIG_IP]);
	EXPECT_EQ(uint64_t(-1), regs[HIVE_MIG_ORIG_AX]);
}

TEST(MigrateRestart, PollWithoutATimeoutIsMadeAgain)
{
	for (uint64_t timeout : { uint64_t(-1), uint64_t(0xffffffff), uint64_t(0x80000000) }) {
		uint64_t regs[HIVE_MIG_NREGS] = {};

		regs[HIVE_MIG_ORIG_AX] = 7;	// poll
		regs[HIVE_MIG_AX] = uint64_t(-516);
		regs[HIVE_MIG_DX] = timeout;	// int timeout_msecs < 0
		regs[HIVE_MIG_IP] = 0x401002;
		hive_mig_restart(regs);
		EXPECT_EQ(7u, regs[HIVE_MIG_AX]) << timeout;
		EXPECT_EQ(0x401000u, regs[HIVE_MIG_IP]) << timeout;
	}
	// With a timeout, the time left stays behind: EINTR.
	uint64_t regs[HIVE_MIG_NREGS] = {};

	regs[HIVE_MIG_ORIG_AX] = 7;
	regs[HIVE_MIG_AX] = uint64_t(-516);
	regs[HIVE_MIG_DX] = 0xffffffff00000064ull;	// 100 ms, whatever the upper half
	regs[HIVE_MIG_IP] = 0x401002;
	hive_mig_restart(regs);
	EXPECT_EQ(uint64_t(-4), regs[HIVE_MIG_AX]);
	EXPECT_EQ(uint64_t(-1), regs[HIVE_MIG_ORIG_AX]);
}

TEST(MigrateRestart, EverythingElseIsLeftAlone)
{
	std::mt19937_64 rng(17);

	for (int i = 0; i < 10000; i++) {
		uint64_t regs[HIVE_MIG_NREGS], before[HIVE_MIG_NREGS];

		for (auto &r : regs)
			r = rng();
		if (i % 2) {
			// Not in a system call, whatever ax holds.
			regs[HIVE_MIG_ORIG_AX] = uint64_t(-1 - int64_t(rng() % 4));
			regs[HIVE_MIG_AX] = uint64_t(-512 - int64_t(rng() % 5));
		} else {
			// In one, with anything but a restart code (-515 is none).
			regs[HIVE_MIG_ORIG_AX] = rng() % 512;
			if (rng() % 2)
				regs[HIVE_MIG_AX] = uint64_t(-515);
			else if (int64_t(regs[HIVE_MIG_AX]) >= -516 &&
				 int64_t(regs[HIVE_MIG_AX]) <= -512)
				regs[HIVE_MIG_AX] = 0;
		}
		memcpy(before, regs, sizeof(regs));
		hive_mig_restart(regs);
		ASSERT_EQ(0, memcmp(before, regs, sizeof(regs))) << i;
	}
}

// ---- The receiver's order ----

// A valid stream of records: BEGIN, MM, VMAs, FILEs, SIGNALS, THREADs, END.
std::vector<Rec> random_stream(std::mt19937_64 &rng)
{
	std::vector<Rec> s;
	const uint64_t id = 1 + rng() % UINT64_MAX;
	Rec begin = random_begin(rng, false);

	begin.r.begin.nthreads = uint32_t(1 + rng() % 5);
	begin.r.begin.nvmas = uint32_t(rng() % 5);
	begin.r.begin.nfiles = uint16_t(rng() % 5);
	begin.groups.clear();
	begin.r.begin.ngroups = 0;
	s.push_back(begin);
	s.push_back(random_mm(rng));
	uint64_t at = 0;
	for (uint32_t i = 0; i < begin.r.begin.nvmas; i++) {
		Rec v = random_vma(rng, false);
		uint64_t pages = 1 + rng() % 16;

		at += (rng() % 2 ? 0 : 1 + rng() % 16) * kPage;
		v.r.vma.start = at;
		v.r.vma.end = at += pages * kPage;
		v.r.vma.pgoff = rng() % 1000;
		s.push_back(v);
	}
	// The working directory now and then, then ascending descriptors.
	uint32_t fd = uint32_t(rng() % 3);
	for (uint32_t i = 0; i < begin.r.begin.nfiles; i++) {
		Rec f = random_file(rng, false);

		if (i > 0 || rng() % 2) {
			while (f.r.file.kind == HIVE_MIG_FILE_CWD)
				f = random_file(rng, false);
			f.r.file.fd = fd;
			fd += uint32_t(1 + rng() % 3);
		} else {
			make_cwd(f);
		}
		s.push_back(f);
	}
	s.push_back(random_signals(rng, false));
	uint32_t tid = begin.r.begin.pid;
	std::vector<uint32_t> tids;
	for (uint32_t i = 1; i < begin.r.begin.nthreads; i++)
		tids.push_back(uint32_t(1 + rng() % (HIVE_PID_LIMIT - 1)));
	std::sort(tids.begin(), tids.end());
	tids.erase(std::unique(tids.begin(), tids.end()), tids.end());
	tids.erase(std::remove(tids.begin(), tids.end(), tid), tids.end());
	s[0].r.begin.nthreads = uint32_t(1 + tids.size());
	tids.insert(tids.begin(), tid);
	for (uint32_t t : tids) {
		Rec th = random_thread(rng, false);
		th.r.thread.tid = t;
		s.push_back(th);
	}
	s.push_back(random_record(rng, HIVE_MIG_END));
	for (uint32_t i = 0; i < s.size(); i++) {
		s[i].r.head.migration = id;
		s[i].r.head.seq = i;
	}
	return s;
}

// The order, written out from the header: how many records a stream of
// this BEGIN has, and whether record @i may be @r given those before it.
struct RxModel {
	hive_mig_record begin{};
	uint64_t vma_end = 0;
	int64_t prev_fd = -2;		// the working directory is fd -1 here
	uint32_t prev_tid = 0;
	size_t taken = 0;
	bool broken = false;

	uint16_t type_at(size_t i) const
	{
		const size_t vmas = begin.begin.nvmas, files = begin.begin.nfiles,
			     threads = begin.begin.nthreads;

		if (i == 0)
			return HIVE_MIG_BEGIN;
		if (i == 1)
			return HIVE_MIG_MM;
		if (i < 2 + vmas)
			return HIVE_MIG_VMA;
		if (i < 2 + vmas + files)
			return HIVE_MIG_FILE;
		if (i == 2 + vmas + files)
			return HIVE_MIG_SIGNALS;
		if (i < 3 + vmas + files + threads)
			return HIVE_MIG_THREAD;
		if (i == 3 + vmas + files + threads)
			return HIVE_MIG_END;
		return 0;
	}

	bool take(const hive_mig_record &r)
	{
		if (broken)
			return false;
		if (taken == 0)
			begin = r;
		bool ok = r.head.type == type_at(taken) && r.head.seq == taken &&
			  r.head.migration == begin.head.migration;
		if (ok && r.head.type == HIVE_MIG_VMA) {
			ok = r.vma.start >= vma_end;
			vma_end = r.vma.end;
		}
		if (ok && r.head.type == HIVE_MIG_FILE) {
			const int64_t fd = r.file.kind == HIVE_MIG_FILE_CWD ? -1 : int64_t(r.file.fd);

			ok = fd > prev_fd;
			prev_fd = fd;
		}
		if (ok && r.head.type == HIVE_MIG_THREAD) {
			const size_t first = 3 + begin.begin.nvmas + begin.begin.nfiles;
			ok = taken == first ? r.thread.tid == begin.begin.pid :
			     r.thread.tid != begin.begin.pid && r.thread.tid > prev_tid;
			if (taken != first)
				prev_tid = r.thread.tid;
		}
		broken = !ok;
		taken++;
		return ok;
	}

	bool done() const
	{
		return !broken &&
		       taken == 4 + begin.begin.nvmas + begin.begin.nfiles + begin.begin.nthreads;
	}
};

TEST(MigrateRx, TakesAWholeStreamInOrder)
{
	std::mt19937_64 rng(15);

	for (int i = 0; i < 500; i++) {
		std::vector<Rec> s = random_stream(rng);
		hive_mig_rx rx;

		hive_mig_rx_init(&rx);
		for (const Rec &x : s) {
			Bytes b;
			hive_mig_record d;

			ASSERT_FALSE(hive_mig_rx_done(&rx));
			ASSERT_GT(encode(x, b), 0);
			ASSERT_EQ(0, hive_mig_decode(b.data(), b.size(), &d));
			ASSERT_EQ(0, hive_mig_rx_step(&rx, &d)) << "record " << x.r.head.seq;
		}
		ASSERT_TRUE(hive_mig_rx_done(&rx));
		ASSERT_EQ(-EPROTO, hive_mig_rx_step(&rx, &s.back().r));
		ASSERT_FALSE(hive_mig_rx_done(&rx));
	}
}

// Streams with one or two faults each: the receiver takes exactly what
// the model takes, fails from the first record the model refuses on, and
// is done exactly when the model is.
// The fuzz target's seeds are what userland/fuzz/corpus says they are: one
// valid record of each type, and a whole stream the receiver takes to END.
std::vector<uint8_t> seed(const char *name)
{
	std::ifstream f(std::string(HIVE_FUZZ_CORPUS) + "/" + name, std::ios::binary);

	return { std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>() };
}

TEST(MigrateRx, TheFuzzSeedsAreValid)
{
	static hive_mig_record rec;

	for (const char *name : { "mig-begin", "mig-mm", "mig-vma-file", "mig-vma-stack",
				  "mig-file", "mig-file-cwd", "mig-signals", "mig-thread",
				  "mig-end" }) {
		const std::vector<uint8_t> b = seed(name);

		ASSERT_FALSE(b.empty()) << name;
		EXPECT_EQ(hive_mig_decode(b.data(), uint32_t(b.size()), &rec), 0) << name;
	}
	const std::vector<uint8_t> s = seed("mig-stream");
	hive_mig_rx rx;
	size_t at = 0;

	hive_mig_rx_init(&rx);
	while (at + 2 <= s.size()) {
		const size_t n = size_t(s[at]) << 8 | s[at + 1];

		ASSERT_LE(at + 2 + n, s.size());
		ASSERT_EQ(hive_mig_decode(&s[at + 2], uint32_t(n), &rec), 0) << "at " << at;
		ASSERT_EQ(hive_mig_rx_step(&rx, &rec), 0) << "at " << at;
		at += 2 + n;
	}
	EXPECT_EQ(at, s.size());
	EXPECT_TRUE(hive_mig_rx_done(&rx));
}

TEST(MigrateRx, FollowsTheModelOnBrokenStreams)
{
	std::mt19937_64 rng(16);
	int refused = 0, whole = 0;

	for (int i = 0; i < 20000; i++) {
		std::vector<Rec> s = random_stream(rng);
		const uint32_t pid = s[0].r.begin.pid;
		const uint64_t id = s[0].r.head.migration;

		for (int faults = 1 + int(rng() % 2); faults > 0; faults--) {
			size_t k = rng() % s.size();
			switch (rng() % 8) {
			case 0:
				s.erase(s.begin() + long(k));
				break;
			case 1:
				s.insert(s.begin() + long(k), s[k]);
				break;
			case 2:
				if (k + 1 < s.size())
					std::swap(s[k], s[k + 1]);
				break;
			case 3:
				s[k].r.head.seq += uint32_t(1 + rng() % 3);
				break;
			case 4:
				s[k].r.head.migration ^= 1ull << (rng() % 64);
				if (!s[k].r.head.migration)
					s[k].r.head.migration = 1;
				break;
			case 5:
				if (s[k].r.head.type != HIVE_MIG_THREAD)
					break;
				if (rng() % 3 == 0 && k > 0 && s[k - 1].r.head.type == HIVE_MIG_THREAD)
					s[k].r.thread.tid = s[k - 1].r.thread.tid;
				else
					s[k].r.thread.tid = rng() % 2 ? pid : uint32_t(1 + rng() % 8);
				break;
			case 6:
				if (s[k].r.head.type == HIVE_MIG_VMA && s[k].r.vma.start >= kPage)
					s[k].r.vma.start -= kPage;
				// A descriptor out of order, or a second working directory.
				if (s[k].r.head.type == HIVE_MIG_FILE && rng() % 2) {
					make_cwd(s[k]);
				} else if (s[k].r.head.type == HIVE_MIG_FILE &&
					   s[k].r.file.kind != HIVE_MIG_FILE_CWD) {
					s[k].r.file.fd = uint32_t(rng() % 3);
				}
				break;
			default:
				s.push_back(random_record(rng, kTypes[rng() % kNTypes], false));
				s.back().r.head.migration = id;
				s.back().r.head.seq = uint32_t(s.size() - 1);
			}
			if (s.empty())
				s.push_back(random_record(rng, HIVE_MIG_BEGIN));
		}
		hive_mig_rx rx;
		RxModel model;
		hive_mig_rx_init(&rx);
		for (const Rec &x : s) {
			Bytes b;
			hive_mig_record d;

			ASSERT_GT(encode(x, b), 0) << "type " << x.r.head.type;
			ASSERT_EQ(0, hive_mig_decode(b.data(), b.size(), &d));
			bool want = model.take(d);
			ASSERT_EQ(want ? 0 : -EPROTO, hive_mig_rx_step(&rx, &d))
				<< "stream " << i << " record " << x.r.head.seq << " type " << x.r.head.type;
			ASSERT_EQ(model.done(), hive_mig_rx_done(&rx));
		}
		(model.done() ? whole : refused)++;
	}
	// Both outcomes are explored.
	EXPECT_GT(refused, 10000);
	EXPECT_GT(whole, 100);
}

} // namespace
