// Names the generic kernels of f32_ukernels.inl as <op>_f32__<NNKIT_ISA> (external linkage), inside the includer's
// target region. The includer defines NNKIT_ISA (avx512, avx2_fma, sse2, neon or scalar) first.
#define NNKIT_CAT2(a, b) a##b
#define NNKIT_CAT(a, b) NNKIT_CAT2(a, b)
#define NNKIT_VARIANT(op) NNKIT_CAT(op##_f32__, NNKIT_ISA)

void NNKIT_VARIANT(exp)(size_t n, const float* x, float* y, float p) { exp_fwd(n, x, y, p); }
void NNKIT_VARIANT(relu)(size_t n, const float* x, float* y, float p) { relu_fwd(n, x, y, p); }
void NNKIT_VARIANT(leaky_relu)(size_t n, const float* x, float* y, float p) { leaky_relu_fwd(n, x, y, p); }
void NNKIT_VARIANT(sigmoid)(size_t n, const float* x, float* y, float p) { sigmoid_fwd(n, x, y, p); }
void NNKIT_VARIANT(tanh)(size_t n, const float* x, float* y, float p) { tanh_fwd(n, x, y, p); }
void NNKIT_VARIANT(elu)(size_t n, const float* x, float* y, float p) { elu_fwd(n, x, y, p); }

#define NNKIT_BACKWARD(op)                                                                                           \
  void NNKIT_VARIANT(op##_backward)(size_t n, const float* x, const float* y, const float* dy, float* dx, float p) { \
    op##_bwd(n, x, y, dy, dx, p);                                                                                    \
  }
NNKIT_BACKWARD(relu)
NNKIT_BACKWARD(leaky_relu)
NNKIT_BACKWARD(sigmoid)
NNKIT_BACKWARD(tanh)
NNKIT_BACKWARD(elu)
#undef NNKIT_BACKWARD

void NNKIT_VARIANT(prelu)(size_t rows, size_t cols, const float* x, const float* slope, size_t channels, float* y) {
  prelu_fwd(rows, cols, x, slope, channels, y);
}
void NNKIT_VARIANT(prelu_backward)(size_t rows, size_t cols, const float* x, const float* dy, const float* slope,
                                   size_t channels, float* dx, float* dslope) {
  prelu_bwd(rows, cols, x, dy, slope, channels, dx, dslope);
}

void NNKIT_VARIANT(batchnorm_moments)(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x,
                                      const float* shift, double* sum1, double* sum2) {
  bn_moments(n, c, s, c0, c1, x, shift, sum1, sum2);
}
void NNKIT_VARIANT(batchnorm_affine)(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x,
                                     const float* mean, const float* scale, const float* beta, float* y) {
  bn_affine<false>(n, c, s, c0, c1, x, mean, scale, beta, y);
}
void NNKIT_VARIANT(batchnorm_affine_relu)(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x,
                                          const float* mean, const float* scale, const float* beta, float* y) {
  bn_affine<true>(n, c, s, c0, c1, x, mean, scale, beta, y);
}
void NNKIT_VARIANT(batchnorm_backward_sums)(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x,
                                            const float* y, const float* dy, const float* mean, double* sum_g,
                                            double* sum_gx, float* acc) {
  bn_backward_sums<false>(n, c, s, c0, c1, x, y, dy, mean, sum_g, sum_gx, acc);
}
void NNKIT_VARIANT(batchnorm_relu_backward_sums)(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x,
                                                 const float* y, const float* dy, const float* mean, double* sum_g,
                                                 double* sum_gx, float* acc) {
  bn_backward_sums<true>(n, c, s, c0, c1, x, y, dy, mean, sum_g, sum_gx, acc);
}
void NNKIT_VARIANT(batchnorm_backward_dx)(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x,
                                          const float* y, const float* dy, const float* mean, const float* a,
                                          const float* b, const float* k, float* dx) {
  bn_backward_dx<false>(n, c, s, c0, c1, x, y, dy, mean, a, b, k, dx);
}
void NNKIT_VARIANT(batchnorm_relu_backward_dx)(size_t n, size_t c, size_t s, size_t c0, size_t c1, const float* x,
                                               const float* y, const float* dy, const float* mean, const float* a,
                                               const float* b, const float* k, float* dx) {
  bn_backward_dx<true>(n, c, s, c0, c1, x, y, dy, mean, a, b, k, dx);
}

void NNKIT_VARIANT(softmax)(size_t n, size_t c, const float* z, float* p) { softmax_rows(n, c, z, p); }
double NNKIT_VARIANT(softmax_cross_entropy)(size_t n, size_t c, const float* z, const int* labels, float* dlogits,
                                            float inv_total) {
  return softmax_cross_entropy_rows(n, c, z, labels, dlogits, inv_total);
}

void NNKIT_VARIANT(add_bias)(size_t rows, size_t cols, float* y, const float* b) { add_bias_rows(rows, cols, y, b); }
void NNKIT_VARIANT(sum_rows)(size_t rows, size_t cols, const float* x, float* out, bool accumulate) {
  sum_rows_cols(rows, cols, x, out, accumulate);
}
void NNKIT_VARIANT(axpy)(size_t n, float alpha, const float* x, float* y) { axpy_n(n, alpha, x, y); }
void NNKIT_VARIANT(scale)(size_t n, float alpha, float* x) { scale_n(n, alpha, x); }
void NNKIT_VARIANT(sgd_step)(size_t n, float* w, const float* grad, float* velocity, float lr, float momentum,
                             float weight_decay, bool nesterov, bool first) {
  sgd_step_n(n, w, grad, velocity, lr, momentum, weight_decay, nesterov, first);
}
void NNKIT_VARIANT(adam_step)(size_t n, float* w, const float* grad, float* m, float* v, float beta1, float beta2,
                              float eps, float weight_decay, float step_size, float bc2_sqrt) {
  adam_step_n(n, w, grad, m, v, beta1, beta2, eps, weight_decay, step_size, bc2_sqrt);
}

#undef NNKIT_VARIANT
#undef NNKIT_CAT
#undef NNKIT_CAT2
