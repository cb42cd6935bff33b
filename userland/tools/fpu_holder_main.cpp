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

// The 16 registers of a file, loaded from @in, kept across a 20 ms
// nanosleep made with the syscall instruction, stored to @out; MXCSR too.
// MOV and REG name the move and the register file: SSE's movdqu and xmm,
// or AVX's vmovdqu and ymm.
#define LOAD(MOV, REG, n) MOV " " #n "*32(%[in]), %%" REG #n "\n\t"
#define STORE(MOV, REG, n) MOV " %%" REG #n ", " #n "*32(%[out])\n\t"
#define LANES(F, MOV, REG)                                                               \
	F(MOV, REG, 0) F(MOV, REG, 1) F(MOV, REG, 2) F(MOV, REG, 3) F(MOV, REG, 4)         \
	F(MOV, REG, 5) F(MOV, REG, 6) F(MOV, REG, 7) F(MOV, REG, 8) F(MOV, REG, 9)         \
	F(MOV, REG, 10) F(MOV, REG, 11) F(MOV, REG, 12) F(MOV, REG, 13) F(MOV, REG, 14)    \
	F(MOV, REG, 15)
#define HOLD(MOV, REG)                                                                   \
	asm volatile(LANES(LOAD, MOV, REG) "ldmxcsr %[mxin]\n\t"                          \
		     "mov %[nr], %%eax\n\t"                                              \
		     "mov %[ts], %%rdi\n\t"                                              \
		     "xor %%esi, %%esi\n\t"                                              \
		     "syscall\n\t"                                                       \
		     "stmxcsr %[mxout]\n\t" LANES(STORE, MOV, REG) "ldmxcsr %[mxdef]\n\t" \
		     : [mxout] "=m"(out.mxcsr)                                           \
		     : [in] "r"(in.ymm), [out] "r"(out.ymm), [mxin] "m"(in.mxcsr),       \
		       [nr] "i"(SYS_nanosleep), [ts] "r"(&ts), [mxdef] "m"(kMxcsrDefault) \
		     : "rax", "rcx", "rdx", "rdi", "rsi", "r11", "memory", "xmm0", "xmm1", \
		       "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",     \
		       "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15")

void hold_sse(const Bank &in, Bank &out, const timespec &ts)
{
	HOLD("movdqu", "xmm");
}

__attribute__((target("avx"))) void hold_avx(const Bank &in, Bank &out, const timespec &ts)
{
	HOLD("vmovdqu", "ymm");
	asm volatile("vzeroupper");
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
