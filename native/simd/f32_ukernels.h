// The f32 elementwise / BatchNorm / softmax micro-kernels, one variant per ISA, and the table dispatch picks from.
// Variants are named <op>_f32__<isa> (relu_f32__avx512, sigmoid_backward_f32__avx2_fma, …); every op has a __scalar
// variant. The generic bodies are in f32_ukernels.inl, the vectorized exp in exp_f32.inl (its error bound there).
//
// Contracts (the bindings have checked everything; nothing here allocates or throws):
//   unary forward      (n, x, y, param)              y[0..n) = f(x); y may be x. param: slope / alpha / unused.
//   unary backward     (n, x, y, dy, dx, param)      dx = dy·f'(x) from x and/or y = f(x); dx may be dy.
//   prelu              x, y [rows, cols], slope [channels], channels = 1 or cols; y may be x.
//   prelu_backward     dx may be dy; dslope [channels] accumulates Σ_{x ≤ 0} dy·x.
//   batchnorm_*        x [n, c, s] row-major, only channels [c0, c1) touched, so callers can split channels over
//                      threads; per-channel arrays are indexed by absolute channel. Sums accumulate (+=) into double.
//   softmax            z, p [n, c], c ≥ 1, p may be z.
//   softmax_cross_entropy  n ≥ 1, labels in [0, c); dlogits [n, c] or null, scaled by inv_total (1/N of the whole
//                      batch, so row blocks can be separate calls); returns the SUM of the n rows' losses.
//   add_bias, sum_rows, axpy, scale, sgd_step, adam_step: kernels/elementwise.h (axpy: y may be x).
// Any length (including 0 and sizes that are not a multiple of the vector width) is handled inside; unaligned
// pointers are fine; NaN propagates through every forward op.
#pragma once
#include <cstddef>

#include "cpu.h"

namespace nnkit {

using UnaryF32 = void(size_t n, const float* x, float* y, float param);
using UnaryBackwardF32 = void(size_t n, const float* x, const float* y, const float* dy, float* dx, float param);
using PreluF32 = void(size_t rows, size_t cols, const float* x, const float* slope, size_t channels, float* y);
using PreluBackwardF32 = void(size_t rows, size_t cols, const float* x, const float* dy, const float* slope,
                              size_t channels, float* dx, float* dslope);
// sum1 += Σ (x − shift_c), sum2 += Σ (x − shift_c)²
using BnMomentsF32 = void(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* shift,
                          double* sum1, double* sum2);
// y = (x − mean_c)·scale_c + beta_c  (and max(0, ·) for the _relu variant); y may be x
using BnAffineF32 = void(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* mean,
                         const float* scale, const float* beta, float* y);
// g = dy (or dy·1[y > 0] for _relu, y the fused forward's output): sum_g += Σ g, sum_gx += Σ g·(x − mean_c)
using BnBackwardSumsF32 = void(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* y,
                               const float* dy, const float* mean, double* sum_g, double* sum_gx, float* acc);
// dx = a_c·(g − b_c) + (x − mean_c)·k_c
using BnBackwardDxF32 = void(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x, const float* y,
                             const float* dy, const float* mean, const float* a, const float* b, const float* k,
                             float* dx);
using SoftmaxF32 = void(size_t n, size_t c, const float* z, float* p);
using SoftmaxCrossEntropyF32 = double(size_t n, size_t c, const float* z, const int* labels, float* dlogits,
                                      float inv_total);

using AddBiasF32 = void(size_t rows, size_t cols, float* y, const float* b);
using SumRowsF32 = void(size_t rows, size_t cols, const float* x, float* out, bool accumulate);
using AxpyF32 = void(size_t n, float alpha, const float* x, float* y);
using ScaleF32 = void(size_t n, float alpha, float* x);
using SgdStepF32 = void(size_t n, float* w, const float* grad, float* velocity, float lr, float momentum,
                        float weight_decay, bool nesterov, bool first);
// step_size = lr/(1 − β1^t), bc2_sqrt = sqrt(1 − β2^t): the bias corrections, computed once per step by the caller
using AdamStepF32 = void(size_t n, float* w, const float* grad, float* m, float* v, float beta1, float beta2, float eps,
                         float weight_decay, float step_size, float bc2_sqrt);

// clang-format off
// X(type, op): every op of the table, in order.
#define NNKIT_F32_UKERNELS(X)                                                                                     \
  X(UnaryF32, exp) X(UnaryF32, relu) X(UnaryF32, leaky_relu) X(UnaryF32, sigmoid) X(UnaryF32, tanh)              \
  X(UnaryF32, elu) X(UnaryBackwardF32, relu_backward) X(UnaryBackwardF32, leaky_relu_backward)                   \
  X(UnaryBackwardF32, sigmoid_backward) X(UnaryBackwardF32, tanh_backward) X(UnaryBackwardF32, elu_backward)     \
  X(PreluF32, prelu) X(PreluBackwardF32, prelu_backward) X(BnMomentsF32, batchnorm_moments)                      \
  X(BnAffineF32, batchnorm_affine) X(BnAffineF32, batchnorm_affine_relu)                                          \
  X(BnBackwardSumsF32, batchnorm_backward_sums) X(BnBackwardSumsF32, batchnorm_relu_backward_sums)                \
  X(BnBackwardDxF32, batchnorm_backward_dx) X(BnBackwardDxF32, batchnorm_relu_backward_dx)                        \
  X(SoftmaxF32, softmax) X(SoftmaxCrossEntropyF32, softmax_cross_entropy) X(AddBiasF32, add_bias)              \
  X(SumRowsF32, sum_rows) X(AxpyF32, axpy) X(ScaleF32, scale) X(SgdStepF32, sgd_step) X(AdamStepF32, adam_step)
// clang-format on

struct F32Ukernels {
  const char* isa;  // "avx512", "avx2_fma", "sse2", "neon", "scalar"
  SimdLevel level;  // the SIMD level the CPU must have (and NNKIT_SIMD allow)
#define NNKIT_F32_FIELD(type, op) type* op;
  NNKIT_F32_UKERNELS(NNKIT_F32_FIELD)
#undef NNKIT_F32_FIELD
};

// Declares <op>_f32__<isa> for every op.
#define NNKIT_F32_DECLARE(type, op, isa) type op##_f32__##isa;
#define NNKIT_F32_DECLARE_AVX512(type, op) NNKIT_F32_DECLARE(type, op, avx512)
#define NNKIT_F32_DECLARE_AVX2(type, op) NNKIT_F32_DECLARE(type, op, avx2_fma)
#define NNKIT_F32_DECLARE_SSE2(type, op) NNKIT_F32_DECLARE(type, op, sse2)
#define NNKIT_F32_DECLARE_SCALAR(type, op) NNKIT_F32_DECLARE(type, op, scalar)
#define NNKIT_F32_DECLARE_NEON(type, op) NNKIT_F32_DECLARE(type, op, neon)
#if defined(__x86_64__) || defined(_M_X64)
NNKIT_F32_UKERNELS(NNKIT_F32_DECLARE_AVX512)
NNKIT_F32_UKERNELS(NNKIT_F32_DECLARE_AVX2)
NNKIT_F32_UKERNELS(NNKIT_F32_DECLARE_SSE2)
#endif
#if defined(__aarch64__)
NNKIT_F32_UKERNELS(NNKIT_F32_DECLARE_NEON)
#endif
NNKIT_F32_UKERNELS(NNKIT_F32_DECLARE_SCALAR)

// Every variant compiled for this architecture, best first; the last is the scalar one.
const F32Ukernels* f32_ukernel_variants(size_t* count);
// The best variant simd_level() allows, chosen once.
const F32Ukernels& f32_ukernels();

}  // namespace nnkit
