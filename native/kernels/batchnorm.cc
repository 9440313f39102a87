#include "batchnorm.h"
#include "kernel_assert.h"

#include <cmath>
#include <vector>

#include "../runtime/thread_pool.h"
#include "../simd/f32_ukernels.h"

namespace nnkit {
namespace {

// Per-call scratch, indexed by channel; grows to the largest C seen on this thread and is then reused, so a
// training step allocates nothing after its first call.
struct Scratch {
  std::vector<double> d;
  std::vector<float> f;
  void reserve(size_t c, size_t doubles, size_t floats) {
    if (d.size() < c * doubles) d.resize(c * doubles);
    if (f.size() < c * floats) f.resize(c * floats);
  }
};
thread_local Scratch scratch;

// From kParallelMin values the channels are split over the pool (every piece takes a channel range [c0, c1) and
// per-channel results do not depend on the split: the same bits on any number of threads). One core runs these
// at ~1 cycle a value, not at copy speed, so a second core pays from the exp-based activations' size
// (measurements: docs/performance.md). For S = 1 a range is a whole number of 64-channel strips, so each thread reads
// whole cache lines of every row.
constexpr size_t kParallelMin = size_t{1} << 18;

template <class Fn>
void over_channels(size_t n, size_t c, size_t s, const Fn& fn) {
  const size_t align = s == 1 ? 64 : 1;
  split_ranges(c, n * c * s >= kParallelMin && c >= 2 * align, align, fn);
}

template <bool Relu>
void forward_train(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta, float eps,
                   float* y, float* mean, float* var, float* invstd) {
  NNKIT_ASSERT(n >= 1 && c >= 1 && s >= 1 && eps > 0.0f);
  NNKIT_ASSERT(x && gamma && beta && y && mean && var && invstd);
  const F32Ukernels& k = f32_ukernels();
  scratch.reserve(c, 2, 3);
  double *sum1 = scratch.d.data(), *sum2 = sum1 + c;
  float *shift = scratch.f.data(), *scale = shift + c, *bias = scale + c;
  const double m = static_cast<double>(n * s), inv_m = 1.0 / m;
  over_channels(n, c, s, [&](size_t c0, size_t c1) {
    // Shifted sums: K_c = the channel's first value, Σ(x − K) and Σ(x − K)² (see f32_ukernels.inl, bn_moments).
    for (size_t ch = c0; ch < c1; ++ch) {
      shift[ch] = x[ch * s];
      sum1[ch] = sum2[ch] = 0.0;
    }
    k.batchnorm_moments(n, c, s, c0, c1, x, shift, sum1, sum2);
    // Per channel: no double division or square root (each ~5-10 cycles, not pipelined on the x86 cores we
    // measured; they were ~10 ns a channel, 22 % of [128, 4096] forwardTrain). 1/M is one multiply; invstd is
    // stored as a float anyway, so it is computed in float from σ² + ε: ≤ 1.5 ulp instead of ≤ 0.5.
    for (size_t ch = c0; ch < c1; ++ch) {
      const double d = sum1[ch] * inv_m, v_raw = sum2[ch] * inv_m - d * d;  // d = μ − K
      const double v = v_raw < 0.0 ? 0.0 : v_raw;  // biased σ², the one that normalizes (NaN stays NaN)
      const float is_f = 1.0f / std::sqrt(static_cast<float>(v + eps));
      const double is = is_f, sc = gamma[ch] * is;
      mean[ch] = static_cast<float>(shift[ch] + d);
      var[ch] = static_cast<float>(v);
      invstd[ch] = is_f;
      scale[ch] = static_cast<float>(sc);
      // y = (x − K)·γ·invstd + (β − (μ − K)·γ·invstd): centred on K, which is exact, not on μ rounded to float
      // (that rounding alone would cost ulp(μ)/σ of relative error when |μ| ≫ σ).
      bias[ch] = static_cast<float>(beta[ch] - d * sc);
    }
    (Relu ? k.batchnorm_affine_relu : k.batchnorm_affine)(n, c, s, c0, c1, x, shift, scale, bias, y);
  });
}

template <bool Relu>
void backward(size_t n, size_t c, size_t s, const float* x, const float* y, const float* dy, const float* gamma,
              const float* mean, const float* invstd, float* dx, float* dgamma, float* dbeta) {
  NNKIT_ASSERT(n >= 1 && c >= 1 && s >= 1);
  NNKIT_ASSERT(x && (!Relu || y) && dy && gamma && mean && invstd && dx && dgamma && dbeta);
  const F32Ukernels& k = f32_ukernels();
  scratch.reserve(c, 2, 5);
  double *sum_g = scratch.d.data(), *sum_gx = sum_g + c;
  float *a = scratch.f.data(), *b = a + c, *kx = b + c, *acc = kx + c;  // acc: 2c
  const double inv_m = 1.0 / static_cast<double>(n * s);  // a multiply per channel instead of two divisions
  over_channels(n, c, s, [&](size_t c0, size_t c1) {
    for (size_t ch = c0; ch < c1; ++ch) sum_g[ch] = sum_gx[ch] = 0.0;
    (Relu ? k.batchnorm_relu_backward_sums : k.batchnorm_backward_sums)(n, c, s, c0, c1, x, y, dy, mean, sum_g, sum_gx,
                                                                        acc);
    for (size_t ch = c0; ch < c1; ++ch) {
      // dβ = Σ g, dγ = Σ g·x̂ = invstd·Σ g·(x − μ);  dx = γ·invstd·(g − dβ/M) − (x − μ)·γ·invstd²·dγ/M
      const double is = invstd[ch], kg = static_cast<double>(gamma[ch]) * is, dg = sum_gx[ch] * is;
      dbeta[ch] = static_cast<float>(sum_g[ch]);
      dgamma[ch] = static_cast<float>(dg);
      a[ch] = static_cast<float>(kg);
      b[ch] = static_cast<float>(sum_g[ch] * inv_m);
      kx[ch] = static_cast<float>(-kg * is * dg * inv_m);
    }
    (Relu ? k.batchnorm_relu_backward_dx : k.batchnorm_backward_dx)(n, c, s, c0, c1, x, y, dy, mean, a, b, kx, dx);
  });
}

template <bool Relu>
void forward_infer(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta,
                   const float* running_mean, const float* running_var, float eps, float* y) {
  NNKIT_ASSERT(n >= 1 && c >= 1 && s >= 1 && eps > 0.0f);
  NNKIT_ASSERT(x && gamma && beta && running_mean && running_var && y);
  const F32Ukernels& k = f32_ukernels();
  scratch.reserve(c, 0, 1);
  float* scale = scratch.f.data();
  // γ/sqrt(σ² + ε) in float (as forwardTrain's invstd, ≤ 2 ulp): a double square root and division cost ~4 ns a
  // channel, 16 µs of [128, 4096] forwardInfer.
  over_channels(n, c, s, [&](size_t c0, size_t c1) {
    for (size_t ch = c0; ch < c1; ++ch) {
      scale[ch] = gamma[ch] / std::sqrt(static_cast<float>(double{running_var[ch]} + eps));
    }
    (Relu ? k.batchnorm_affine_relu : k.batchnorm_affine)(n, c, s, c0, c1, x, running_mean, scale, beta, y);
  });
}

}  // namespace

void batchnorm_forward_train_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta,
                                 float eps, float* y, float* mean, float* var, float* invstd) {
  forward_train<false>(n, c, s, x, gamma, beta, eps, y, mean, var, invstd);
}

void batchnorm_relu_forward_train_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma,
                                      const float* beta, float eps, float* y, float* mean, float* var, float* invstd) {
  forward_train<true>(n, c, s, x, gamma, beta, eps, y, mean, var, invstd);
}

void batchnorm_forward_infer_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta,
                                 const float* running_mean, const float* running_var, float eps, float* y) {
  forward_infer<false>(n, c, s, x, gamma, beta, running_mean, running_var, eps, y);
}

void batchnorm_relu_forward_infer_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma,
                                      const float* beta, const float* running_mean, const float* running_var, float eps,
                                      float* y) {
  forward_infer<true>(n, c, s, x, gamma, beta, running_mean, running_var, eps, y);
}

void batchnorm_backward_f32(size_t n, size_t c, size_t s, const float* x, const float* dy, const float* gamma,
                            const float* mean, const float* invstd, float* dx, float* dgamma, float* dbeta) {
  backward<false>(n, c, s, x, nullptr, dy, gamma, mean, invstd, dx, dgamma, dbeta);
}

void batchnorm_relu_backward_f32(size_t n, size_t c, size_t s, const float* x, const float* y, const float* dy,
                                 const float* gamma, const float* mean, const float* invstd, float* dx, float* dgamma,
                                 float* dbeta) {
  backward<true>(n, c, s, x, y, dy, gamma, mean, invstd, dx, dgamma, dbeta);
}

}  // namespace nnkit
