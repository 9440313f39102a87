// Standalone check of the f32 micro-kernels (not part of the addon): every op of the variant the dispatch picks
// (NNKIT_SIMD caps it) against the scalar variant, on random data with lengths around every vector width and
// tail, values that reach exp's overflow and underflow range, and NaN. test/backend/f32-neon.test.ts cross-compiles
// it for AArch64 and runs it under qemu-user, which is how the NEON variants are tested on an x86 machine:
//   aarch64-linux-gnu-g++ -std=c++17 -O2 -static native/simd/f32_check_main.cc native/simd/f32_ukernels*.cc
//     native/simd/cpu.cc -o f32-check && qemu-aarch64 ./f32-check
// Prints one line: {"isa":"neon","ops":N,"cases":N,"failures":F[,"first":"op n=…"]}; exit status 1 on failure.
// Tolerance (the variants share the algorithms and the exp polynomial, not the FMA contraction or the order of lane
// sums): 4e-6 relative for the activations, plus 1e-6 absolute for the other elementwise ops, 1e-4 relative for the
// reductions.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "f32_ukernels.h"

namespace {

using nnkit::F32Ukernels;

unsigned state = 12345;
float uniform(float lo, float hi) {
  state = state * 1664525u + 1013904223u;
  return lo + (hi - lo) * static_cast<float>(state >> 8) / static_cast<float>(1u << 24);
}
std::vector<float> randoms(size_t n, float lo, float hi) {
  std::vector<float> v(n);
  for (float& x : v) x = uniform(lo, hi);
  return v;
}

size_t cases = 0, failures = 0;
std::string first;

bool near(double a, double b, double rtol, double atol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= rtol * std::fabs(b) + atol;
}
template <typename A, typename B>
void expect_close(const char* op, size_t n, const A& got, const B& want, double rtol, double atol = 1e-30) {
  ++cases;
  for (size_t i = 0; i < want.size(); ++i) {
    if (!near(got[i], want[i], rtol, atol)) {
      if (failures++ == 0) first = std::string(op) + " n=" + std::to_string(n) + " i=" + std::to_string(i);
      std::fprintf(stderr, "%s n=%zu i=%zu: %.9g vs %.9g\n", op, n, i, static_cast<double>(got[i]),
                   static_cast<double>(want[i]));
      return;
    }
  }
}

// kAbs: the ops below the activations mix products and sums of O(1) values, where one variant's FMA and another's
// multiply-then-add differ by an ulp of the terms after cancellation (|diff| ~ 3e-8 seen), not of the result.
constexpr double kElem = 4e-6, kSum = 1e-4, kAbs = 1e-6;

void check(const F32Ukernels& k, const F32Ukernels& ref) {
  const size_t lengths[] = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 1000};
  for (size_t n : lengths) {
    auto x = randoms(n, -90.0f, 90.0f), dy = randoms(n, -1.0f, 1.0f);
    if (n > 2) x[n / 2] = NAN;
    const struct {
      const char* name;
      nnkit::UnaryF32 *f, *g;
      float p;
    } unary[] = {{"exp", k.exp, ref.exp, 0},
                 {"relu", k.relu, ref.relu, 0},
                 {"leaky_relu", k.leaky_relu, ref.leaky_relu, 0.1f},
                 {"sigmoid", k.sigmoid, ref.sigmoid, 0},
                 {"tanh", k.tanh, ref.tanh, 0},
                 {"elu", k.elu, ref.elu, 1.0f}};
    for (const auto& u : unary) {
      std::vector<float> a(n), b(n);
      u.f(n, x.data(), a.data(), u.p);
      u.g(n, x.data(), b.data(), u.p);
      expect_close(u.name, n, a, b, kElem);
    }
    const struct {
      const char* name;
      nnkit::UnaryF32* fwd;
      nnkit::UnaryBackwardF32 *f, *g;
      float p;
    } backward[] = {{"relu_backward", ref.relu, k.relu_backward, ref.relu_backward, 0},
                    {"leaky_relu_backward", ref.leaky_relu, k.leaky_relu_backward, ref.leaky_relu_backward, 0.1f},
                    {"sigmoid_backward", ref.sigmoid, k.sigmoid_backward, ref.sigmoid_backward, 0},
                    {"tanh_backward", ref.tanh, k.tanh_backward, ref.tanh_backward, 0},
                    {"elu_backward", ref.elu, k.elu_backward, ref.elu_backward, 1.0f}};
    for (const auto& u : backward) {
      std::vector<float> y(n), a(n), b(n);
      u.fwd(n, x.data(), y.data(), u.p);
      u.f(n, x.data(), y.data(), dy.data(), a.data(), u.p);
      u.g(n, x.data(), y.data(), dy.data(), b.data(), u.p);
      expect_close(u.name, n, a, b, kElem);
    }
    // Elementwise: axpy, scale, sgd_step (plain, momentum, Nesterov), adam_step.
    {
      auto y0 = randoms(n, -1, 1), a = y0, b = y0;
      k.axpy(n, 0.3f, dy.data(), a.data());
      ref.axpy(n, 0.3f, dy.data(), b.data());
      expect_close("axpy", n, a, b, kElem, kAbs);
      k.scale(n, -1.5f, a.data());
      ref.scale(n, -1.5f, b.data());
      expect_close("scale", n, a, b, kElem, kAbs);
    }
    for (int variant = 0; variant < 3; ++variant) {
      auto w0 = randoms(n, -1, 1), v0 = randoms(n, -1, 1), wa = w0, wb = w0, va = v0, vb = v0;
      k.sgd_step(n, wa.data(), dy.data(), va.data(), 0.1f, variant ? 0.9f : 0.0f, 5e-4f, variant == 2, false);
      ref.sgd_step(n, wb.data(), dy.data(), vb.data(), 0.1f, variant ? 0.9f : 0.0f, 5e-4f, variant == 2, false);
      expect_close("sgd_step w", n, wa, wb, kElem, kAbs);
      expect_close("sgd_step velocity", n, va, vb, kElem, kAbs);
    }
    {
      auto w0 = randoms(n, -1, 1), m0 = randoms(n, -0.1f, 0.1f), v0 = randoms(n, 0, 0.01f);
      auto wa = w0, wb = w0, ma = m0, mb = m0, va = v0, vb = v0;
      k.adam_step(n, wa.data(), dy.data(), ma.data(), va.data(), 0.9f, 0.999f, 1e-8f, 1e-4f, 0.01f, 0.3f);
      ref.adam_step(n, wb.data(), dy.data(), mb.data(), vb.data(), 0.9f, 0.999f, 1e-8f, 1e-4f, 0.01f, 0.3f);
      expect_close("adam_step w", n, wa, wb, kElem, kAbs);
      expect_close("adam_step m", n, ma, mb, kElem, kAbs);
      expect_close("adam_step v", n, va, vb, kElem, kAbs);
    }
  }
  // Row-wise and per-channel ops over [rows, cols] (and BatchNorm's [n, c, s]).
  const size_t shapes[][2] = {{1, 1}, {3, 5}, {4, 16}, {5, 17}, {2, 33}, {7, 64}, {9, 100}};
  for (const auto& shape : shapes) {
    const size_t rows = shape[0], cols = shape[1], n = rows * cols;
    auto x = randoms(n, -3, 3), dy = randoms(n, -1, 1), slope = randoms(cols, 0, 0.5f), bias = randoms(cols, -1, 1);
    for (size_t channels : {size_t{1}, cols}) {
      std::vector<float> a(n), b(n), da(n), db(n), sa(channels, 0.0f), sb(channels, 0.0f);
      k.prelu(rows, cols, x.data(), slope.data(), channels, a.data());
      ref.prelu(rows, cols, x.data(), slope.data(), channels, b.data());
      expect_close("prelu", n, a, b, kElem, kAbs);
      k.prelu_backward(rows, cols, x.data(), dy.data(), slope.data(), channels, da.data(), sa.data());
      ref.prelu_backward(rows, cols, x.data(), dy.data(), slope.data(), channels, db.data(), sb.data());
      expect_close("prelu_backward dx", n, da, db, kElem, kAbs);
      expect_close("prelu_backward dslope", n, sa, sb, kSum, kAbs);
    }
    {
      auto a = x, b = x;
      k.add_bias(rows, cols, a.data(), bias.data());
      ref.add_bias(rows, cols, b.data(), bias.data());
      expect_close("add_bias", n, a, b, kElem, kAbs);
      std::vector<float> sa(cols, 1.0f), sb(cols, 1.0f);
      k.sum_rows(rows, cols, x.data(), sa.data(), true);
      ref.sum_rows(rows, cols, x.data(), sb.data(), true);
      expect_close("sum_rows", n, sa, sb, kSum, kAbs);
    }
    {
      auto z = randoms(n, -20, 20);
      std::vector<float> a(n), b(n), da(n), db(n);
      std::vector<int> labels(rows);
      for (size_t i = 0; i < rows; ++i) labels[i] = static_cast<int>((i * 7) % cols);
      k.softmax(rows, cols, z.data(), a.data());
      ref.softmax(rows, cols, z.data(), b.data());
      expect_close("softmax", n, a, b, kElem, kAbs);
      const double la = k.softmax_cross_entropy(rows, cols, z.data(), labels.data(), da.data(), 0.25f);
      const double lb = ref.softmax_cross_entropy(rows, cols, z.data(), labels.data(), db.data(), 0.25f);
      expect_close("softmax_cross_entropy loss", n, std::vector<double>{la}, std::vector<double>{lb}, kSum, kAbs);
      expect_close("softmax_cross_entropy dlogits", n, da, db, kElem, kAbs);
    }
    for (size_t s : {size_t{1}, size_t{3}}) {  // BatchNorm over [rows, cols, s], every channel
      const size_t c = cols, m = rows * c * s;
      auto bx = randoms(m, -2, 5), bdy = randoms(m, -1, 1), shift = randoms(c, -1, 1), scale = randoms(c, 0.5f, 2),
           beta = randoms(c, -1, 1), mean = randoms(c, 0, 2), ka = randoms(c, -1, 1), kb = randoms(c, -1, 1),
           kk = randoms(c, -1, 1);
      std::vector<double> s1a(c, 0), s2a(c, 0), s1b(c, 0), s2b(c, 0);
      std::vector<float> acc(2 * c), ya(m), yb(m), yr(m), dxa(m), dxb(m);
      k.batchnorm_moments(rows, c, s, 0, c, bx.data(), shift.data(), s1a.data(), s2a.data());
      ref.batchnorm_moments(rows, c, s, 0, c, bx.data(), shift.data(), s1b.data(), s2b.data());
      expect_close("batchnorm_moments sum1", m, s1a, s1b, kSum, kAbs);
      expect_close("batchnorm_moments sum2", m, s2a, s2b, kSum, kAbs);
      for (int relu = 0; relu < 2; ++relu) {
        (relu ? k.batchnorm_affine_relu : k.batchnorm_affine)(rows, c, s, 0, c, bx.data(), mean.data(), scale.data(),
                                                              beta.data(), ya.data());
        (relu ? ref.batchnorm_affine_relu : ref.batchnorm_affine)(rows, c, s, 0, c, bx.data(), mean.data(),
                                                                  scale.data(), beta.data(), yb.data());
        expect_close(relu ? "batchnorm_affine_relu" : "batchnorm_affine", m, ya, yb, kElem, kAbs);
        yr = yb;
        std::fill(s1a.begin(), s1a.end(), 0.0), std::fill(s2a.begin(), s2a.end(), 0.0);
        std::fill(s1b.begin(), s1b.end(), 0.0), std::fill(s2b.begin(), s2b.end(), 0.0);
        (relu ? k.batchnorm_relu_backward_sums : k.batchnorm_backward_sums)(
            rows, c, s, 0, c, bx.data(), yr.data(), bdy.data(), mean.data(), s1a.data(), s2a.data(), acc.data());
        (relu ? ref.batchnorm_relu_backward_sums : ref.batchnorm_backward_sums)(
            rows, c, s, 0, c, bx.data(), yr.data(), bdy.data(), mean.data(), s1b.data(), s2b.data(), acc.data());
        expect_close("batchnorm_backward_sums g", m, s1a, s1b, kSum, kAbs);
        expect_close("batchnorm_backward_sums gx", m, s2a, s2b, kSum, kAbs);
        (relu ? k.batchnorm_relu_backward_dx : k.batchnorm_backward_dx)(rows, c, s, 0, c, bx.data(), yr.data(),
                                                                        bdy.data(), mean.data(), ka.data(), kb.data(),
                                                                        kk.data(), dxa.data());
        (relu ? ref.batchnorm_relu_backward_dx : ref.batchnorm_backward_dx)(rows, c, s, 0, c, bx.data(), yr.data(),
                                                                            bdy.data(), mean.data(), ka.data(),
                                                                            kb.data(), kk.data(), dxb.data());
        expect_close("batchnorm_backward_dx", m, dxa, dxb, kElem, kAbs);
      }
    }
  }
}

}  // namespace

int main() {
  size_t count = 0;
  const F32Ukernels* all = nnkit::f32_ukernel_variants(&count);
  const F32Ukernels& chosen = nnkit::f32_ukernels();
  const F32Ukernels& scalar = all[count - 1];  // the table ends with the scalar variant
  check(chosen, scalar);
  std::printf("{\"isa\":\"%s\",\"cases\":%zu,\"failures\":%zu%s%s%s}\n", chosen.isa, cases, failures,
              failures ? ",\"first\":\"" : "", first.c_str(), failures ? "\"" : "");
  return failures == 0 ? 0 : 1;
}
