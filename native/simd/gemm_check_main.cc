// Standalone check of the SGEMM driver and every micro-kernel compiled for this architecture, against a float64
// reference: edge tiles, transposes, alpha/beta, padded leading dimensions (whose padding must stay untouched).
// Not part of the addon (not in sources.gypi). test/backend/gemm-neon.test.ts cross-compiles it for AArch64 and
// runs it under qemu-user, which is how the NEON kernel is tested on an x86 machine:
//   aarch64-linux-gnu-g++ -std=c++17 -O2 -static -pthread native/simd/gemm_check_main.cc native/kernels/gemm.cc
//     native/kernels/gemm_pack.cc native/simd/gemm_f32_*.cc native/simd/gemm_microkernels.cc native/simd/cpu.cc
//     native/runtime/thread_pool.cc -o gemm-check && qemu-aarch64 ./gemm-check
// Prints one line: {"simd":"neon","kernel":"gemm_f32_8x8__neon","cases":N,"failures":F}; exit status 1 on failure.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../kernels/gemm.h"
#include "cpu.h"
#include "gemm_microkernels.h"

namespace {

unsigned state = 12345;
float next() {
  state = state * 1664525u + 1013904223u;
  return static_cast<float>(state >> 8) / static_cast<float>(1u << 24) * 2.0f - 1.0f;
}

// One gemm_f32 call against a float64 reference; returns false on a wrong element or a touched pad/guard.
bool check_gemm(bool ta, bool tb, size_t m, size_t n, size_t k, float alpha, float beta, size_t pad) {
  const size_t lda = (ta ? m : k) + pad + 1, ldb = (tb ? k : n) + pad + 1, ldc = n + pad;
  std::vector<float> a((ta ? k : m) * lda), b((tb ? n : k) * ldb), c(m * ldc + 8);
  for (float& x : a) x = next();
  for (float& x : b) x = next();
  for (float& x : c) x = 777.0f;
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) c[i * ldc + j] = next();
  const std::vector<float> c0 = c;
  nnkit::gemm_f32(ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < ldc; ++j) {
      const float got = c[i * ldc + j];
      if (j >= n) {
        if (got != 777.0f) return false;
        continue;
      }
      double s = 0;
      for (size_t p = 0; p < k; ++p)
        s += static_cast<double>(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
      const double want = alpha * s + (beta == 0.0f ? 0.0 : beta * c0[i * ldc + j]);
      if (!(std::fabs(got - want) <= 1e-5 * std::sqrt(k + 1.0) * 8 + 1e-5 * std::fabs(want))) return false;
    }
  }
  for (size_t g = m * ldc; g < c.size(); ++g)
    if (c[g] != 777.0f) return false;
  return true;
}

// x86 levels nest (scalar ⊂ sse2 ⊂ avx2 ⊂ avx512); NEON is the AArch64 level.
bool runs_here(nnkit::SimdLevel level) {
  const nnkit::SimdLevel have = nnkit::simd_level();
  if (level == nnkit::SimdLevel::scalar || level == have) return true;
  if (level == nnkit::SimdLevel::neon || have == nnkit::SimdLevel::neon) return false;
  return static_cast<int>(level) <= static_cast<int>(have);
}

}  // namespace

int main() {
  size_t cases = 0, failures = 0;
  for (size_t m : {1, 2, 3, 5, 7, 8, 9, 13, 14, 15, 17, 28, 33})
    for (size_t n : {1, 3, 4, 5, 8, 9, 15, 16, 17, 31, 32, 33, 47})
      for (int t = 0; t < 4; ++t) {
        const size_t k = (m + n + t) % 3 == 0 ? 1 : (m * 7 + n) % 40 + 1;
        ++cases;
        if (!check_gemm(t & 1, t & 2, m, n, k, t == 3 ? -0.5f : 1.0f, t == 1 ? 0.0f : 0.5f, (m + n) % 3)) ++failures;
      }
  for (int t = 0; t < 4; ++t) {  // past one K block and one N block
    ++cases;
    if (!check_gemm(t & 1, t & 2, 37, 530, 700, 1.5f, t % 2 ? 0.0f : 1.0f, 2)) ++failures;
  }
  // Every micro-kernel compiled for this architecture, on one full tile: C = 2·A·B + 0.5·C.
  size_t count = 0;
  const nnkit::GemmMicrokernelInfo* table = nnkit::gemm_microkernels(&count);
  for (size_t u = 0; u < count; ++u) {
    const nnkit::GemmMicrokernelInfo& uk = table[u];
    if (!runs_here(uk.level)) continue;  // the CPU (or NNKIT_SIMD) does not allow this ISA
    const size_t kc = 19;
    float* a = static_cast<float*>(std::aligned_alloc(64, (uk.mr * kc * sizeof(float) + 63) / 64 * 64));
    float* b = static_cast<float*>(std::aligned_alloc(64, (uk.nr * kc * sizeof(float) + 63) / 64 * 64));
    for (size_t i = 0; i < uk.mr * kc; ++i) a[i] = next();
    for (size_t i = 0; i < uk.nr * kc; ++i) b[i] = next();
    std::vector<float> c(uk.mr * uk.nr), c0;
    for (float& x : c) x = next();
    c0 = c;
    uk.fn(kc, a, b, c.data(), uk.nr, 2.0f, 0.5f);
    ++cases;
    bool ok = true;
    for (size_t i = 0; i < uk.mr; ++i)
      for (size_t j = 0; j < uk.nr; ++j) {
        double s = 0;
        for (size_t p = 0; p < kc; ++p) s += static_cast<double>(a[p * uk.mr + i]) * b[p * uk.nr + j];
        const double want = 2.0 * s + 0.5 * c0[i * uk.nr + j];
        if (!(std::fabs(c[i * uk.nr + j] - want) <= 1e-4)) ok = false;
      }
    if (!ok) ++failures;
    std::free(a);
    std::free(b);
  }
  std::printf("{\"simd\":\"%s\",\"kernel\":\"%s\",\"cases\":%zu,\"failures\":%zu}\n",
              nnkit::simd_level_name(nnkit::simd_level()), nnkit::gemm_microkernel().name, cases, failures);
  return failures == 0 ? 0 : 1;
}
