// SGEMM driver, Goto/BLIS structure (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication",
// TOMS 2008; BLIS's five loops), row-major: C[M,N] = alpha · op(A)[M,K] · op(B)[K,N] + beta · C.
//
//   for ic in M step MC:                 op(A) block [MC, KC] packed once, reused across all of N
//     for pc in K step KC:
//       pack A → MR-row micro-panels
//       for jc in N step NC:             op(B) block [KC, NC] packed, sized to stay in L2
//         pack B → NR-column micro-panels (skipped for small M with B stored [K, N]: read in place)
//         for ir in MC step MR:          A micro-panel [KC × MR] stays in L1 ...
//           for jr in NC step NR:        ... while B micro-panels stream from L2
//             micro-kernel: C[MR, NR] (+)= alpha · A-panel · B-panel
//
// The tile (MR × NR) and kernel come from the ISA table (simd/gemm_microkernels.h), chosen once. The first K
// block applies the caller's beta, later ones accumulate (beta = 1). Threads: the product is split into column
// ranges (two per pool thread, taken by whichever thread is free), with each block of A packed once, its panels
// shared out among the pool (or into row ranges for tall products, each thread packing its own); small products
// stay on the calling thread.
// The bf16 product runs the same driver with the kernel of simd/gemm_bf16_microkernels.h, whose packers round to
// bf16: a micro-panel of kc values then holds ⌈kc/kpack⌉ words per lane (words(), 2 values per word for pairs).
// Operands given as bf16 bits are the driver's TA / TB = uint16_t: indexed in 16-bit elements, packed by the
// kernel's *_bits packers (gemm_pack_bf16.h), never read in place.
#include "gemm.h"
#include "kernel_assert.h"

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "../runtime/thread_pool.h"
#include "../simd/bf16.h"
#include "../simd/gemm_bf16_microkernels.h"
#include "../simd/gemm_microkernels.h"
#include "gemm_pack.h"
#include "skinny_gemm.h"

namespace nnkit {
namespace {

constexpr size_t kMaxTile = 512;  // MR·NR of the largest kernel (14·32 = 448), for the edge scratch tile

// Products with fewer multiply-adds than this stay on one thread. Measured on 2 cores (C++ loop over n³, best of
// 200): at 96³ two threads take 16.7 µs against 17.2 µs on one; at 128³ 26.7 against 39.7 µs (the pool's bounded
// spin keeps the hand-off to a few µs; with a plain condition-variable wake-up 128³ was slower on two threads).
constexpr double kParallelMinMacs = 96.0 * 96.0 * 96.0;

size_t cache_size(int name, size_t fallback) {
#if defined(_SC_LEVEL1_DCACHE_SIZE)
  const long v = sysconf(name);
  if (v > 4096 && v < (1L << 30)) return static_cast<size_t>(v);
#endif
  return fallback;
}

// When B (stored [K, N]) is read in place instead of packed, if the kernel can: each B element is used only
// ⌈M/MR⌉ times, so for few rows the copy costs more than it saves. Measured on one AVX-512 thread (same-process
// A/B, CPU time): M = 32…96 gains 4–15 % (96 × 784 × 512, 64 × 4096 × 1024, 32 × 512 × 784); M = 128 gains 2 % at
// N = 784 but loses 4 % at N = 4096 (rows 16 KB apart thrash the TLB and L2 sets); M = 256 loses 7 %.
bool read_b_in_place(size_t m, size_t ldb) { return m <= 96 || (m <= 128 && ldb <= 1024); }

// 32-bit words per lane of a packed micro-panel of kc values.
size_t words(const GemmMicrokernelInfo& uk, size_t kc) { return (kc + uk.kpack - 1) / uk.kpack; }

struct Blocking {
  size_t mc, kc, nc;
};

// KC: the A micro-panel (KC × MR) takes 7/8 of L1 (7 of 8 ways; B's row stream passes through the eighth), at
// most 512. NC: the B block (KC × NC) about half of L2. Measured on AVX-512 (14 × 32, 32 KB L1, 1 MB L2; KC × NC
// swept with the same build): 512 × 256 beat the earlier half-of-L1 choice 288 × 448 by 3–4 % at 1024³ and 2048³
// on 1 and 2 threads, and by 6 % on dW (512 × 784 × 128) on 2 threads; other shapes within ±1 %.
// MC: the A block (MC × KC) 8 MB (from L3 or memory, A's traffic is small: each A micro-panel is used NC / NR
// times per load), so M up to 4088 (AVX-512) is not split and B is packed once per K block (with 4 MB, 2048³
// had a second, 4-row A block that packed all of B again: 1.7 % slower on one thread).
// All three budgets are in packed 32-bit words, so a bf16-pair kernel (kpack = 2) gets twice the k values per block.
Blocking blocking_for(const GemmMicrokernelInfo& uk) {
  static const size_t l1 = [] {
#if defined(_SC_LEVEL1_DCACHE_SIZE)
    return cache_size(_SC_LEVEL1_DCACHE_SIZE, 32 * 1024);
#else
    return size_t{32 * 1024};
#endif
  }();
  static const size_t l2 = [] {
#if defined(_SC_LEVEL2_CACHE_SIZE)
    return cache_size(_SC_LEVEL2_CACHE_SIZE, 512 * 1024);
#else
    return size_t{512 * 1024};
#endif
  }();
  Blocking b;
  const size_t kw = std::clamp<size_t>(l1 / 8 * 7 / (uk.mr * sizeof(float)), 64, 512) / 8 * 8;  // words per lane
  b.kc = kw * uk.kpack;
  b.nc = std::max(uk.nr, std::clamp<size_t>(l2 / 2 / (kw * sizeof(float)), uk.nr, 4096) / uk.nr * uk.nr);
  b.mc = std::max(uk.mr, (size_t{8} << 20) / (kw * sizeof(float)) / uk.mr * uk.mr);
  return b;
}

// Per-thread, 64-byte aligned packing buffers, grown on demand and kept (no allocation once warm).
class PackBuffer {
 public:
  ~PackBuffer() { std::free(data_); }
  float* get(size_t floats) {
    if (floats > capacity_) {
      std::free(data_);
      const size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
      data_ = static_cast<float*>(std::aligned_alloc(64, bytes));
      capacity_ = data_ ? floats : 0;
    }
    return data_;
  }

 private:
  float* data_ = nullptr;
  size_t capacity_ = 0;
};

thread_local PackBuffer t_pack_a, t_pack_b;
thread_local PackBuffer t_pack_shared_a;  // the calling thread's, read by the pool's tasks (gemm_pool_columns)

// C[M,N] ← beta · C (beta = 0 writes zeros without reading).
void scale_c(size_t m, size_t n, float beta, float* c, size_t ldc) {
  if (beta == 1.0f) return;
  for (size_t i = 0; i < m; ++i) {
    float* ci = c + i * ldc;
    if (beta == 0.0f)
      std::memset(ci, 0, n * sizeof(float));
    else
      for (size_t j = 0; j < n; ++j) ci[j] *= beta;
  }
}

// An operand element as fp32: itself, or the value bf16 bits stand for.
inline float value_of(float x) { return x; }
inline float value_of(uint16_t bits) { return bf16_value(bits); }

// Packing op(A) / op(B) of element type float or uint16_t (bf16 bits) with the kernel's packer for it.
void pack_a(const GemmMicrokernelInfo& uk, bool trans, size_t m, size_t kc, const float* a, size_t lda, float* out) {
  uk.pack_a(trans, m, kc, a, lda, uk.mr, out);
}
void pack_a(const GemmMicrokernelInfo& uk, bool trans, size_t m, size_t kc, const uint16_t* a, size_t lda, float* out) {
  uk.pack_a_bits(trans, m, kc, a, lda, uk.mr, out);
}
void pack_b(const GemmMicrokernelInfo& uk, bool trans, size_t kc, size_t n, const float* b, size_t ldb, float* out) {
  uk.pack_b(trans, kc, n, b, ldb, uk.nr, out);
}
void pack_b(const GemmMicrokernelInfo& uk, bool trans, size_t kc, size_t n, const uint16_t* b, size_t ldb, float* out) {
  uk.pack_b_bits(trans, kc, n, b, ldb, uk.nr, out);
}

// The plain i-p-j loop, only for when packing buffers cannot be allocated.
template <typename TA, typename TB>
void gemm_unpacked(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const TA* a, size_t lda,
                   const TB* b, size_t ldb, float beta, float* c, size_t ldc) {
  scale_c(m, n, beta, c, ldc);
  for (size_t i = 0; i < m; ++i)
    for (size_t p = 0; p < k; ++p) {
      const float aip = alpha * value_of(trans_a ? a[p * lda + i] : a[i * lda + p]);
      for (size_t j = 0; j < n; ++j) c[i * ldc + j] += aip * value_of(trans_b ? b[j * ldb + p] : b[p * ldb + j]);
    }
}

// Macro-kernel: C[mcb, ncb] (+)= alpha · packed A block [mcb × kcb] · B block [kcb × ncb], where B is either packed
// (pb, direct == false; ldb: words per lane from one micro-panel to the next, words(kcb) when packed per block,
// K in prepacked full-K panels) or read in place from row-major [K, N] storage (b with leading dimension ldb).
void gemm_macro(const GemmMicrokernelInfo& uk, size_t mcb, size_t ncb, size_t kcb, const float* pa, const float* pb,
                bool direct, size_t ldb, float* c, size_t ldc, float alpha, float beta) {
  const size_t mr = uk.mr, nr = uk.nr, kw = words(uk, kcb);
  if (direct) {
    for (size_t ir = 0; ir < mcb; ir += mr)
      for (size_t jr = 0; jr < ncb; jr += nr)
        uk.direct(std::min(mr, mcb - ir), std::min(nr, ncb - jr), kcb, pa + ir * kw, pb + jr, ldb, c + ir * ldc + jr,
                  ldc, alpha, beta);
    return;
  }
  alignas(64) float tile[kMaxTile];
  for (size_t ir = 0; ir < mcb; ir += mr) {
    const size_t mt = std::min(mr, mcb - ir);
    const float* ap = pa + ir * kw;
    for (size_t jr = 0; jr < ncb; jr += nr) {
      const size_t nt = std::min(nr, ncb - jr);
      const float* bp = pb + jr * ldb;
      float* ct = c + ir * ldc + jr;
      if (mt == mr && nt == nr) {
        uk.fn(kcb, ap, bp, ct, ldc, alpha, beta);
        continue;
      }
      if (uk.edge != nullptr) {
        uk.edge(mt, nt, kcb, ap, bp, ct, ldc, alpha, beta);
        continue;
      }
      // Edge tile: the kernel fills a scratch tile; only the m × n corner inside C is merged.
      uk.fn(kcb, ap, bp, tile, nr, 1.0f, 0.0f);
      for (size_t i = 0; i < mt; ++i) {
        float* ci = ct + i * ldc;
        const float* ti = tile + i * nr;
        if (beta == 0.0f)
          for (size_t j = 0; j < nt; ++j) ci[j] = alpha * ti[j];
        else
          for (size_t j = 0; j < nt; ++j) ci[j] = alpha * ti[j] + beta * ci[j];
      }
    }
  }
}

// The jc loop for one packed A block: C[mcb, n] (+)= A block · op(B)[pc : pc + kcb, 0 : n], B packed per NC block
// into pb (or read in place when direct, fp32 B only).
template <typename TB>
void gemm_columns(const GemmMicrokernelInfo& uk, const Blocking& bl, bool trans_b, bool direct, size_t mcb, size_t n,
                  size_t pc, size_t kcb, const float* pa, float* pb, const TB* b, size_t ldb, float* c, size_t ldc,
                  float alpha, float beta) {
  for (size_t jc = 0; jc < n; jc += bl.nc) {
    const size_t ncb = std::min(bl.nc, n - jc);
    if constexpr (std::is_same_v<TB, float>) {
      if (direct) {
        gemm_macro(uk, mcb, ncb, kcb, pa, b + pc * ldb + jc, true, ldb, c + jc, ldc, alpha, beta);
        continue;
      }
    }
    pack_b(uk, trans_b, kcb, ncb, trans_b ? b + jc * ldb + pc : b + pc * ldb + jc, ldb, pb);
    gemm_macro(uk, mcb, ncb, kcb, pa, pb, false, words(uk, kcb), c + jc, ldc, alpha, beta);
  }
}

size_t packed_a_floats(const GemmMicrokernelInfo& uk, const Blocking& bl, size_t m, size_t k) {
  return (std::min(bl.mc, m) + uk.mr - 1) / uk.mr * uk.mr * std::min(bl.kc, k);
}
size_t packed_b_floats(const GemmMicrokernelInfo& uk, const Blocking& bl, size_t n, size_t k) {
  return (std::min(bl.nc, n) + uk.nr - 1) / uk.nr * uk.nr * std::min(bl.kc, k);
}

// B (stored [K, N], fp32) is read in place instead of packed when the kernel can and M is small (read_b_in_place).
template <typename TB>
bool direct_b(const GemmMicrokernelInfo& uk, bool trans_b, size_t m, size_t ldb) {
  return std::is_same_v<TB, float> && uk.direct != nullptr && !trans_b && read_b_in_place(m, ldb);
}

// One thread's share: the full five-loop product on op(A)[m, k] · op(B)[k, n] into C.
template <typename TA, typename TB>
void gemm_serial(const GemmMicrokernelInfo& uk, const Blocking& bl, bool trans_a, bool trans_b, size_t m, size_t n,
                 size_t k, float alpha, const TA* a, size_t lda, const TB* b, size_t ldb, float beta, float* c,
                 size_t ldc) {
  float* pa = t_pack_a.get(packed_a_floats(uk, bl, m, k));
  float* pb = t_pack_b.get(packed_b_floats(uk, bl, n, k));
  if (pa == nullptr || pb == nullptr) {  // no memory for a few MB of panels: slow but correct, never abort
    return gemm_unpacked(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
  const bool direct = direct_b<TB>(uk, trans_b, m, ldb);
  for (size_t ic = 0; ic < m; ic += bl.mc) {
    const size_t mcb = std::min(bl.mc, m - ic);
    for (size_t pc = 0; pc < k; pc += bl.kc) {
      const size_t kcb = std::min(bl.kc, k - pc);
      pack_a(uk, trans_a, mcb, kcb, trans_a ? a + pc * lda + ic : a + ic * lda + pc, lda, pa);
      gemm_columns(uk, bl, trans_b, direct, mcb, n, pc, kcb, pa, pb, b, ldb, c + ic * ldc, ldc, alpha,
                   pc == 0 ? beta : 1.0f);
    }
  }
}

// Column ranges per thread in gemm_pool_columns: with more ranges than threads, a worker that wakes late takes fewer.
constexpr size_t kRangesPerThread = 2;

// Column split on the pool that never waits for a late worker: per (ic, pc) block of op(A), its micro-panels are
// packed by parallel_for tasks, then the whole-tile column ranges run as parallel_for tasks, each packing its own
// part of B. parallel_for returns once every task is done and leaves the tasks of a worker that has not woken to
// the caller, where a barrier-synchronised team (the earlier scheme) waited for it: in a training step the worker
// has often gone to sleep during the caller's serial work before the product (futex wake-up: tens of µs on a VM),
// and on a loaded machine it may not run for milliseconds (docs/bf16.md, session 14).
// One A buffer suffices: the next block is packed after every range is done with this one.
template <typename TA, typename TB>
void gemm_pool_columns(const GemmMicrokernelInfo& uk, const Blocking& bl, size_t threads, bool trans_a, bool trans_b,
                       size_t m, size_t n, size_t k, float alpha, const TA* a, size_t lda, const TB* b, size_t ldb,
                       float beta, float* c, size_t ldc) {
  float* pa = t_pack_shared_a.get(packed_a_floats(uk, bl, m, k));
  if (pa == nullptr) return gemm_serial(uk, bl, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  const bool direct = direct_b<TB>(uk, trans_b, m, ldb);
  const size_t units = (n + uk.nr - 1) / uk.nr, ranges = std::min(units, threads * kRangesPerThread);
  for (size_t ic = 0; ic < m; ic += bl.mc) {
    const size_t mcb = std::min(bl.mc, m - ic), panels = (mcb + uk.mr - 1) / uk.mr;
    const size_t pack_tasks = std::min(threads, panels);
    for (size_t pc = 0; pc < k; pc += bl.kc) {
      const size_t kcb = std::min(bl.kc, k - pc);
      const float beta_block = pc == 0 ? beta : 1.0f;
      parallel_for(pack_tasks, [&](size_t t) {
        const size_t r0 = panels * t / pack_tasks * uk.mr, r1 = std::min(mcb, panels * (t + 1) / pack_tasks * uk.mr);
        if (r1 > r0)
          pack_a(uk, trans_a, r1 - r0, kcb, trans_a ? a + pc * lda + ic + r0 : a + (ic + r0) * lda + pc, lda,
                 pa + r0 * words(uk, kcb));
      });
      parallel_for(ranges, [&](size_t t) {
        const size_t lo = units * t / ranges * uk.nr, hi = std::min(n, units * (t + 1) / ranges * uk.nr);
        if (hi <= lo) return;
        const TB* bt = trans_b ? b + lo * ldb : b + lo;
        float* pb = direct ? nullptr : t_pack_b.get(packed_b_floats(uk, bl, hi - lo, k));
        if (!direct && pb == nullptr)  // no memory for B panels: this block of this range unpacked
          return gemm_unpacked(trans_a, trans_b, mcb, hi - lo, kcb, alpha,
                               trans_a ? a + pc * lda + ic : a + ic * lda + pc, lda, trans_b ? bt + pc : bt + pc * ldb,
                               ldb, beta_block, c + ic * ldc + lo, ldc);
        gemm_columns(uk, bl, trans_b, direct, mcb, hi - lo, pc, kcb, pa, pb, bt, ldb, c + ic * ldc + lo, ldc, alpha,
                     beta_block);
      });
    }
  }
}

// The product with kernel uk (fp32 or bf16): the thread split, then gemm_serial or gemm_pool_columns.
template <typename TA, typename TB>
void gemm_with(const GemmMicrokernelInfo& uk, bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha,
               const TA* a, size_t lda, const TB* b, size_t ldb, float beta, float* c, size_t ldc) {
  // BLAS: ld ≥ the stored width (A [M,K] or [K,M], B [K,N] or [N,K], C [M,N]); C apart from A and B.
  NNKIT_ASSERT(lda >= (trans_a ? m : k) && ldb >= (trans_b ? k : n) && ldc >= n);
  NNKIT_ASSERT(m == 0 || n == 0 || c != nullptr);
  NNKIT_ASSERT(m == 0 || n == 0 || k == 0 || (a != nullptr && b != nullptr));
  if (m == 0 || n == 0) return;
  if (k == 0 || alpha == 0.0f) return scale_c(m, n, beta, c, ldc);
  const Blocking bl = blocking_for(uk);

  // Split columns when N ≥ M (the pool shares A's packing: gemm_pool_columns), rows otherwise (each thread packs
  // all of B; tall products are rare in training). Ranges are whole tiles so only the last one has edges.
  const bool split_n = n >= m;
  const size_t unit = split_n ? uk.nr : uk.mr, extent = split_n ? n : m;
  const size_t units = (extent + unit - 1) / unit;
  size_t tasks = std::min(thread_count(), units);
  if (static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) < kParallelMinMacs) tasks = 1;
  if (tasks <= 1) return gemm_serial(uk, bl, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

  if (split_n) return gemm_pool_columns(uk, bl, tasks, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  parallel_for(tasks, [&](size_t t) {
    const size_t lo = units * t / tasks * unit, hi = std::min(extent, units * (t + 1) / tasks * unit);
    if (lo < hi)
      gemm_serial(uk, bl, trans_a, trans_b, hi - lo, n, k, alpha, trans_a ? a + lo : a + lo * lda, lda, b, ldb, beta,
                  c + lo * ldc, ldc);
  });
}

// One thread's C[m, n] = A[m, k] · B with B in full-K panels (gemm_f32_panels, gemm_bf16_panels: words(uk, k) words
// per lane): A packed per (MC, KC) block, B's micro-panels read where they are, NC columns at a time (the block of B
// the A panels sweep stays in L2). False, nothing written: no memory for the A panels.
bool gemm_panels_serial(const GemmMicrokernelInfo& uk, const Blocking& bl, size_t m, size_t n, size_t k, const float* a,
                        size_t lda, const float* panels, float* c, size_t ldc) {
  float* pa = t_pack_a.get(packed_a_floats(uk, bl, m, k));
  if (pa == nullptr) return false;
  const size_t kw = words(uk, k);
  for (size_t ic = 0; ic < m; ic += bl.mc) {
    const size_t mcb = std::min(bl.mc, m - ic);
    for (size_t pc = 0; pc < k; pc += bl.kc) {  // pc is a multiple of kpack: a block starts on a whole word
      const size_t kcb = std::min(bl.kc, k - pc);
      uk.pack_a(false, mcb, kcb, a + ic * lda + pc, lda, uk.mr, pa);
      for (size_t jc = 0; jc < n; jc += bl.nc)
        gemm_macro(uk, mcb, std::min(bl.nc, n - jc), kcb, pa, panels + jc * kw + words(uk, pc) * uk.nr, false, kw,
                   c + ic * ldc + jc, ldc, 1.0f, pc == 0 ? 0.0f : 1.0f);
    }
  }
  return true;
}

// gemm_panels_serial split over the pool: rows when every thread gets several A micro-panels (B needs no packing,
// so threads share it for free), else whole panels of columns (each thread packs the few rows of A).
bool gemm_panels_with(const GemmMicrokernelInfo& uk, size_t m, size_t n, size_t k, const float* a, size_t lda,
                      const float* panels, float* c, size_t ldc) {
  NNKIT_ASSERT(lda >= k && ldc >= n && reinterpret_cast<uintptr_t>(panels) % 64 == 0);
  if (m == 0 || n == 0) return true;
  if (k == 0) {
    scale_c(m, n, 0.0f, c, ldc);
    return true;
  }
  const Blocking bl = blocking_for(uk);
  size_t tasks = thread_count();
  if (static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) < kParallelMinMacs) tasks = 1;
  if (tasks <= 1) return gemm_panels_serial(uk, bl, m, n, k, a, lda, panels, c, ldc);
  const bool split_m = m >= tasks * 4 * uk.mr;
  const size_t unit = split_m ? uk.mr : uk.nr, units = ((split_m ? m : n) + unit - 1) / unit;
  tasks = std::min(tasks, units);
  std::atomic<bool> packed{true};
  parallel_for(tasks, [&](size_t t) {
    const size_t lo = units * t / tasks * unit, hi = std::min(split_m ? m : n, units * (t + 1) / tasks * unit);
    if (lo >= hi) return;
    const bool ok = split_m
                        ? gemm_panels_serial(uk, bl, hi - lo, n, k, a + lo * lda, lda, panels, c + lo * ldc, ldc)
                        : gemm_panels_serial(uk, bl, m, hi - lo, k, a, lda, panels + lo * words(uk, k), c + lo, ldc);
    if (!ok) packed = false;
  });
  return packed;
}

}  // namespace

size_t gemm_f32_panel_width() { return gemm_microkernel().nr; }

void gemm_f32_panels(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* panels, float* c,
                     size_t ldc) {
  if (gemm_panels_with(gemm_microkernel(), m, n, k, a, lda, panels, c, ldc)) return;
  // No memory for the A panels: each panel of B is a [k, nr] row-major matrix.
  const size_t nr = gemm_microkernel().nr;
  for (size_t j = 0; j < n; j += nr)
    gemm_unpacked(false, false, m, std::min(nr, n - j), k, 1.0f, a, lda, panels + j * k, nr, 0.0f, c + j, ldc);
}

bool gemm_bf16_panels(size_t m, size_t n, size_t k, const float* a, size_t lda, const uint16_t* panels, float* c,
                      size_t ldc) {
  const GemmMicrokernelInfo& uk = gemm_bf16_microkernel();
  NNKIT_ASSERT(uk.kpack == 2 && uk.nr == 32);  // the vdpbf16ps kernel: only where cpu_has_bf16()
  return gemm_panels_with(uk, m, n, k, a, lda, reinterpret_cast<const float*>(panels), c, ldc);
}

void gemm_f32(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
              const float* b, size_t ldb, float beta, float* c, size_t ldc) {
  // A few rows times weights stored [N, K] (a dense layer's forward at small batch): no packing, dot products.
  if (m > 0 && n > 0 && k > 0 && alpha != 0.0f && !trans_a && trans_b && m <= kSkinnyMaxRows)
    return skinny_gemm_f32(m, n, k, a, lda, b, ldb, c, ldc, SkinnyEpilogue{alpha, beta, nullptr, false});
  gemm_with(gemm_microkernel(), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
               const float* b, size_t ldb, float beta, float* c, size_t ldc) {
  gemm_with(gemm_bf16_microkernel(), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const uint16_t* a, size_t lda,
               const float* b, size_t ldb, float beta, float* c, size_t ldc) {
  gemm_with(gemm_bf16_microkernel(), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
               const uint16_t* b, size_t ldb, float beta, float* c, size_t ldc) {
  gemm_with(gemm_bf16_microkernel(), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void gemm_bf16(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const uint16_t* a, size_t lda,
               const uint16_t* b, size_t ldb, float beta, float* c, size_t ldc) {
  gemm_with(gemm_bf16_microkernel(), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm_f32_serial(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a, size_t lda,
                     const float* b, size_t ldb, float beta, float* c, size_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0 || alpha == 0.0f) return scale_c(m, n, beta, c, ldc);
  const GemmMicrokernelInfo& uk = gemm_microkernel();
  gemm_serial(uk, blocking_for(uk), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace nnkit
