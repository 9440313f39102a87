// Softmax and fused softmax cross-entropy over logits [N, C], stable through log-sum-exp:
//   p_ic = e^(z_ic − m_i) / Σ_c e^(z_ic − m_i),  m_i = max_c z_ic
//   loss = (1/N) Σ_i −log p_{i,t_i} = (1/N) Σ_i (m_i + log Σ_c e^(z_ic − m_i) − z_{i,t_i})
//   dlogits = (p − onehot(t)) / N
// Labels are already checked to lie in [0, C) by the binding.
#pragma once
#include <cstddef>

namespace nnkit {

void softmax_f32(size_t n, size_t c, const float* z, float* p);
// Returns the mean loss; writes dlogits [N, C] when it is not null.
double softmax_cross_entropy_f32(size_t n, size_t c, const float* z, const int* labels, float* dlogits);

}  // namespace nnkit
