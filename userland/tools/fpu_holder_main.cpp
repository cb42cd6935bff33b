// SPDX-License-Identifier: GPL-2.0
// hive-fpu-holder ROUNDS: holds known values in every SSE register, the
// upper halves of the AVX registers (where the CPU has AVX) and MXCSR
// across ROUNDS 20 ms sleeps made with the syscall instruction itself, so
// no library code touches them between; after each sleep it compares
// them, prints the round on its own line and exits 1 at the first
// difference, naming it.  A migration test moves it while it sleeps: its
// FPU state must arrive as the kernel left it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <sys/syscall.h>

namespace {

constexpr int kRegs = 16;
constexpr uint32_t kMxcsr = 0x1f80 | (3u << 13) | (1u << 15);	// round to zero, FZ
const uint32_t kMxcsrDefault = 0x1f80;

struct Bank {
	alignas(32) uint8_t ymm[kRegs][32];
	uint32_t mxcsr;
};

// Sleeps 20 ms with @in loaded into xmm0-15 and MXCSR; stores them to @out.
void hold_sse(const Bank &in, Bank &out, const timespec &ts)
{
	asm volatile(
#define LOAD(n) "movdqu " #n "*32(%[in]), %%xmm" #n "\n\t"
#define STORE(n) "movdqu %%xmm" #n ", " #n "*32(%[out])\n\t"
		LOAD(0) LOAD(1) LOAD(2) LOAD(3) LOAD(4) LOAD(5) LOAD(6) LOAD(7)
		LOAD(8) LOAD(9) LOAD(10) LOAD(11) LOAD(12) LOAD(13) LOAD(14) LOAD(15)
		"ldmxcsr %[mxin]\n\t"
		"mov %[nr], %%eax\n\t"
		"mov %[ts], %%rdi\n\t"
		"xor %%esi, %%esi\n\t"
		"syscall\n\t"
		"stmxcsr %[mxout]\n\t"
		STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5) STORE(6) STORE(7)
		STORE(8) STORE(9) STORE(10) STORE(11) STORE(12) STORE(13) STORE(14) STORE(15)
		"ldmxcsr %[mxdef]\n\t"
		: [mxout] "=m"(out.mxcsr)
		: [in] "r"(in.ymm), [out] "r"(out.ymm), [mxin] "m"(in.mxcsr), [nr] "i"(SYS_nanosleep),
		  [ts] "r"(&ts), [mxdef] "m"(kMxcsrDefault)
		: "rax", "rcx", "rdx", "rdi", "rsi", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3",
		  "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
		  "xmm13", "xmm14", "xmm15");
}

// The same with the whole ymm0-15.
__attribute__((target("avx"))) void hold_avx(const Bank &in, Bank &out, const timespec &ts)
{
	asm volatile(
#undef LOAD
#undef STORE
#define LOAD(n) "vmovdqu " #n "*32(%[in]), %%ymm" #n "\n\t"
#define STORE(n) "vmovdqu %%ymm" #n ", " #n "*32(%[out])\n\t"
		LOAD(0) LOAD(1) LOAD(2) LOAD(3) LOAD(4) LOAD(5) LOAD(6) LOAD(7)
		LOAD(8) LOAD(9) LOAD(10) LOAD(11) LOAD(12) LOAD(13) LOAD(14) LOAD(15)
		"ldmxcsr %[mxin]\n\t"
		"mov %[nr], %%eax\n\t"
		"mov %[ts], %%rdi\n\t"
		"xor %%esi, %%esi\n\t"
		"syscall\n\t"
		"stmxcsr %[mxout]\n\t"
		STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5) STORE(6) STORE(7)
		STORE(8) STORE(9) STORE(10) STORE(11) STORE(12) STORE(13) STORE(14) STORE(15)
		"ldmxcsr %[mxdef]\n\t"
		"vzeroupper\n\t"
		: [mxout] "=m"(out.mxcsr)
		: [in] "r"(in.ymm), [out] "r"(out.ymm), [mxin] "m"(in.mxcsr), [nr] "i"(SYS_nanosleep),
		  [ts] "r"(&ts), [mxdef] "m"(kMxcsrDefault)
		: "rax", "rcx", "rdx", "rdi", "rsi", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3",
		  "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
		  "xmm13", "xmm14", "xmm15");
#undef LOAD
#undef STORE
}

// Round @round's values: every byte differs between rounds and registers.
void fill(Bank &b, unsigned int round)
{
	for (int r = 0; r < kRegs; r++)
		for (int i = 0; i < 32; i++)
			b.ymm[r][i] = uint8_t(round * 131 + r * 17 + i * 7 + 1);
	b.mxcsr = kMxcsr;
}

} // namespace

int main(int argc, char **argv)
{
	const int rounds = argc == 2 ? std::atoi(argv[1]) : 0;
	const bool avx = __builtin_cpu_supports("avx");
	const int width = avx ? 32 : 16;
	const timespec ts = { 0, 20 * 1000 * 1000 };

	if (rounds < 1) {
		std::fprintf(stderr, "usage: hive-fpu-holder ROUNDS\n");
		return 2;
	}
	for (int round = 0; round < rounds; round++) {
		Bank in, out;

		fill(in, unsigned(round));
		std::memset(&out, 0, sizeof(out));
		if (avx)
			hold_avx(in, out, ts);
		else
			hold_sse(in, out, ts);
		for (int r = 0; r < kRegs; r++) {
			if (std::memcmp(in.ymm[r], out.ymm[r], size_t(width))) {
				std::printf("round %d: %s%d changed\n", round, avx ? "ymm" : "xmm", r);
				return 1;
			}
		}
		if (out.mxcsr != kMxcsr) {
			std::printf("round %d: MXCSR 0x%x, not 0x%x\n", round, out.mxcsr, kMxcsr);
			return 1;
		}
		std::printf("%d\n", round);
		std::fflush(stdout);
	}
	return 0;
}
