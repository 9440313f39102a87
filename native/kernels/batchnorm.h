// Batch Normalization over x [N, C, S] (S = 1 for a dense layer's [N, C]; S = H·W for images).
// Statistics per channel c over the N·S values (Ioffe & Szegedy 2015, PyTorch BatchNorm1d/2d):
//   μ_c = (1/NS) Σ x        σ²_c = (1/NS) Σ (x − μ_c)²   (biased: the one used to normalize)
//   x̂ = (x − μ_c) · invstd_c,   invstd_c = 1/sqrt(σ²_c + ε)        y = γ_c x̂ + β_c
// The running-statistics update (momentum, unbiased variance) is the layer's job, not the kernel's.
// Each call runs the best SIMD variant simd_level() allows (simd/f32_ukernels.h): statistics from shifted float
// partial sums flushed to double every 64 rows; channels split over the thread pool from 2^18 values (batchnorm.cc).
// The _relu variants fuse y = max(0, BN(x)) (one pass over y less than BatchNorm then ReLU) and its backward,
// which masks dy with 1[y > 0] (y: the fused forward's output) on the fly.
#pragma once
#include <cstddef>

namespace nnkit {

// Writes y [N,C,S], mean [C], var [C] (biased), invstd [C].
void batchnorm_forward_train_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta,
                                 float eps, float* y, float* mean, float* var, float* invstd);
// The same, then y = max(0, y).
void batchnorm_relu_forward_train_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma,
                                      const float* beta, float eps, float* y, float* mean, float* var, float* invstd);

// y = γ (x − running_mean)/sqrt(running_var + ε) + β   (and max(0, y) for the _relu variant); y may be x.
void batchnorm_forward_infer_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma, const float* beta,
                                 const float* running_mean, const float* running_var, float eps, float* y);
void batchnorm_relu_forward_infer_f32(size_t n, size_t c, size_t s, const float* x, const float* gamma,
                                      const float* beta, const float* running_mean, const float* running_var, float eps,
                                      float* y);

// Fused backward, M = N·S:
//   dβ = Σ dy     dγ = Σ dy·x̂     dx = γ·invstd/M · (M·dy − dβ − x̂·dγ)
// dgamma/dbeta are overwritten (not accumulated).
void batchnorm_backward_f32(size_t n, size_t c, size_t s, const float* x, const float* dy, const float* gamma,
                            const float* mean, const float* invstd, float* dx, float* dgamma, float* dbeta);
// The same with g = dy·1[y > 0] in place of dy (y: the output of batchnorm_relu_forward_train_f32).
void batchnorm_relu_backward_f32(size_t n, size_t c, size_t s, const float* x, const float* y, const float* dy,
                                 const float* gamma, const float* mean, const float* invstd, float* dx, float* dgamma,
                                 float* dbeta);

}  // namespace nnkit
