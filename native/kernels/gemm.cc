// Reference SGEMM: plain loops, i-k-j order so the inner loop streams rows of B and C.
// The packed, register-blocked version replaces this body; the contract in gemm.h stays.
#include "gemm.h"

namespace nnkit {

void gemm_f32(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a,
              size_t lda, const float* b, size_t ldb, float beta, float* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    float* ci = c + i * ldc;
    if (beta == 0.0f) {
      for (size_t j = 0; j < n; ++j) ci[j] = 0.0f;
    } else if (beta != 1.0f) {
      for (size_t j = 0; j < n; ++j) ci[j] *= beta;
    }
    for (size_t p = 0; p < k; ++p) {
      const float aip = alpha * (trans_a ? a[p * lda + i] : a[i * lda + p]);
      if (trans_b) {
        for (size_t j = 0; j < n; ++j) ci[j] += aip * b[j * ldb + p];
      } else {
        const float* bp = b + p * ldb;
        for (size_t j = 0; j < n; ++j) ci[j] += aip * bp[j];
      }
    }
  }
}

}  // namespace nnkit
