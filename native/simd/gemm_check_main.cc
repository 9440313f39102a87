// Standalone check of the SGEMM driver, every micro-kernel and every skinny-GEMM variant compiled for this
// architecture, against a float64 reference: edge tiles, transposes, alpha/beta, bias and ReLU epilogues, padded
// leading dimensions (whose padding must stay untouched); and the packers against their layout.
// Not part of the addon (not in sources.gypi). test/backend/gemm-neon.test.ts cross-compiles it for AArch64 and
// runs it under qemu-user, which is how the NEON kernel is tested on an x86 machine:
//   aarch64-linux-gnu-g++ -std=c++17 -O2 -static -pthread native/simd/gemm_check_main.cc native/kernels/gemm.cc
//     native/kernels/gemm_pack.cc native/kernels/skinny_gemm.cc native/simd/gemm_f32_*.cc
//     native/simd/skinny_gemm_f32*.cc native/simd/gemm_microkernels.cc native/simd/cpu.cc
//     native/runtime/thread_pool.cc -o gemm-check && qemu-aarch64 ./gemm-check
// Prints one line: {"simd":"neon","kernel":"gemm_f32_8x8__neon","skinny":"skinny_gemm_nt_f32__neon","cases":N,
// "failures":F}; exit status 1 on failure.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../kernels/gemm.h"
#include "../kernels/gemm_pack.h"
#include "cpu.h"
#include "gemm_microkernels.h"
#include "skinny_gemm_f32.h"

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

// One skinny variant: y = act(alpha·x·wᵀ + beta·y + bias) against float64, y's padding and guard untouched; w is
// stored [n, k] (the nt form) or, for the nn form, [k, n]; w starts `shift` floats past a 64-byte boundary, with rows
// ld_nn apart in the nn form when given.
bool check_skinny(nnkit::SkinnyGemmNtF32* fn, bool nn, size_t m, size_t n, size_t k, float alpha, float beta, bool bias,
                  bool relu, size_t pad, size_t shift = 0, size_t ld_nn = 0) {
  const size_t ldx = k + pad, ldw = nn ? (ld_nn > 0 ? ld_nn : n + pad + 1) : k + pad + 1, ldy = n + pad;
  std::vector<float> x(m * ldx + 1), storage((nn ? k : n) * ldw + 1 + 32), b(n), y(m * ldy + 8, 777.0f);
  float* w = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) / 4 % 16) % 16 + shift;
  for (float& v : x) v = next();
  for (size_t i = 0; i < (nn ? k : n) * ldw; ++i) w[i] = next();
  for (float& v : b) v = next();
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) y[i * ldy + j] = beta == 0.0f ? NAN : next();  // beta = 0 must not read y
  const std::vector<float> y0 = y;
  fn(m, n, k, x.data(), ldx, w, ldw, y.data(), ldy,
     nnkit::SkinnyEpilogue{alpha, beta, bias ? b.data() : nullptr, relu});
  for (size_t i = 0; i < y.size(); ++i) {
    const size_t r = i / ldy, j = i % ldy;
    if (r >= m || j >= n) {
      if (y[i] != 777.0f) return false;
      continue;
    }
    double s = 0;
    for (size_t p = 0; p < k; ++p) s += static_cast<double>(x[r * ldx + p]) * w[nn ? p * ldw + j : j * ldw + p];
    double want = alpha * s + (beta == 0.0f ? 0.0 : beta * y0[i]) + (bias ? b[j] : 0.0);
    if (relu && want < 0) want = 0;
    if (!(std::fabs(y[i] - want) <= 1e-5 * std::sqrt(k + 1.0) * 8 + 1e-5 * std::fabs(want))) return false;
  }
  return true;
}

// Every skinny variant this CPU (and NNKIT_SIMD) allows, both forms, over row counts 1..17, weight-row tails,
// column tails past the nn form's 8- and 4-vector tiles (up to 128 + 1 columns) and K tails.
void check_skinny_variants(size_t& cases, size_t& failures) {
  size_t count = 0;
  const nnkit::SkinnyGemmVariant* table = nnkit::skinny_gemm_variants(&count);
  for (size_t v = 0; v < count; ++v) {
    if (!nnkit::simd_allows(table[v].level)) continue;
    int t = 0;
    for (size_t m = 1; m <= 17; ++m)
      for (size_t n : {1, 3, 4, 5, 7, 8, 9, 17, 33, 65, 129})
        for (size_t k : {1, 3, 4, 8, 15, 16, 17, 33, 70})
          for (bool nn : {false, true}) {
            ++t;
            ++cases;
            if (!check_skinny(nn ? table[v].nn : table[v].fn, nn, m, n, k, t % 3 == 0 ? -0.5f : 1.0f,
                              t % 2 ? 0.0f : 0.5f, t % 4 < 2, t % 5 < 2, t % 3))
              ++failures;
          }
    for (size_t m : {1, 2, 5, 8})  // the nn form on misaligned weights
      for (size_t n : {5, 40, 64, 200})
        for (size_t shift : {1, 3, 4, 8, 15}) {
          ++cases;
          if (!check_skinny(table[v].nn, true, m, n, 33, 1.0f, 0.0f, true, true, 1, shift, (n + 15) / 16 * 16 + 16))
            ++failures;
        }
  }
}

// The full-K panel form (kernels/gemm.h, linear.h) with P = gemm_f32_panel_width(): gemm_f32_panels and every
// allowed skinny variant's panels form against float64, on 64-byte aligned panels zero-padded past n.
bool check_panels(nnkit::SkinnyGemmNtF32* skinny, size_t m, size_t n, size_t k) {
  const size_t P = nnkit::gemm_f32_panel_width(), floats = (n + P - 1) / P * P * k;
  float* w = static_cast<float*>(std::aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64));
  std::vector<float> x(m * k), y(m * n + 8, 777.0f);
  for (size_t i = 0; i < floats; ++i) w[i] = next();
  for (size_t i = 0; i < floats; ++i)
    if ((i / (P * k)) * P + i % P >= n) w[i] = 0.0f;  // padding columns
  for (float& v : x) v = next();
  if (skinny != nullptr)
    skinny(m, n, k, x.data(), k, w, P, y.data(), n, nnkit::SkinnyEpilogue{1.0f, 0.0f, nullptr, false});
  else
    nnkit::gemm_f32_panels(m, n, k, x.data(), k, w, y.data(), n);
  bool ok = true;
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      double s = 0;
      for (size_t p = 0; p < k; ++p) s += static_cast<double>(x[i * k + p]) * w[j / P * P * k + p * P + j % P];
      if (!(std::fabs(y[i * n + j] - s) <= 1e-5 * std::sqrt(k + 1.0) * 8 + 1e-5 * std::fabs(s))) ok = false;
    }
  for (size_t g = m * n; g < y.size(); ++g)
    if (y[g] != 777.0f) ok = false;
  std::free(w);
  return ok;
}

void check_panel_forms(size_t& cases, size_t& failures) {
  size_t count = 0;
  const nnkit::SkinnyGemmVariant* table = nnkit::skinny_gemm_variants(&count);
  for (size_t m : {1, 2, 3, 5, 8, 9, 15, 33})
    for (size_t n : {1, 5, 8, 9, 17, 33, 70, 129})
      for (size_t k : {1, 7, 33, 600}) {
        ++cases;
        if (!check_panels(nullptr, m, n, k)) ++failures;
        for (size_t v = 0; v < count && m <= 8; ++v) {
          if (!nnkit::simd_allows(table[v].level)) continue;
          ++cases;
          if (!check_panels(table[v].panels, m, n, k)) ++failures;
        }
      }
}

// gemm_pack_a / gemm_pack_b (both transposes: the straight copy and the transposing pack of every SIMD level) into
// exactly the documented ⌈lanes/width⌉·width·kc floats, against the layout formula of gemm_pack.h; 16 guard floats
// after the buffer must stay untouched (a transposing block writes at most `width` lanes of each row).
bool check_pack(bool pack_a, bool trans, size_t lanes, size_t kc, size_t width) {
  const size_t ld = (trans == pack_a ? lanes : kc) + 3, panels = (lanes + width - 1) / width;
  std::vector<float> src((trans == pack_a ? kc : lanes) * ld), out(panels * width * kc + 16, 777.0f);
  for (float& x : src) x = next();
  if (pack_a)
    nnkit::gemm_pack_a(trans, lanes, kc, src.data(), ld, width, out.data());
  else
    nnkit::gemm_pack_b(trans, kc, lanes, src.data(), ld, width, out.data());
  // Lane l of row p: op(A)[l, p] = trans ? a[p·ld + l] : a[l·ld + p]; op(B)[p, l] = trans ? b[l·ld + p] : b[p·ld + l].
  const bool lane_major = pack_a != trans;
  bool ok = true;
  for (size_t i = 0; i < panels; ++i)
    for (size_t p = 0; p < kc; ++p)
      for (size_t l = 0; l < width; ++l) {
        const size_t lane = i * width + l;
        const float want = lane >= lanes ? 0.0f : src[lane_major ? lane * ld + p : p * ld + lane];
        if (out[(i * kc + p) * width + l] != want) ok = false;
      }
  for (size_t g = panels * width * kc; g < out.size(); ++g)
    if (out[g] != 777.0f) ok = false;
  return ok;
}

void check_packers(size_t& cases, size_t& failures) {
  for (size_t width : {4, 6, 8, 14, 16, 32})
    for (size_t lanes : {1, 2, 5, 14, 15, 16, 17, 31, 33})
      for (size_t kc : {1, 3, 15, 16, 17, 40})
        for (int t = 0; t < 4; ++t) {
          ++cases;
          if (!check_pack(t & 1, t & 2, lanes, kc, width)) ++failures;
        }
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
    if (!nnkit::simd_allows(uk.level)) continue;  // the CPU (or NNKIT_SIMD) does not allow this ISA
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
  check_skinny_variants(cases, failures);
  check_panel_forms(cases, failures);
  check_packers(cases, failures);
  std::printf("{\"simd\":\"%s\",\"kernel\":\"%s\",\"skinny\":\"%s\",\"cases\":%zu,\"failures\":%zu}\n",
              nnkit::simd_level_name(nnkit::simd_level()), nnkit::gemm_microkernel().name,
              nnkit::skinny_gemm_variant().name, cases, failures);
  return failures == 0 ? 0 : 1;
}
