// Check program for the kernels' debug-build preconditions (kernel_assert.h), run by
// test/hardening/kernel-asserts.test.ts. Built with NNKIT_DEBUG_CHECKS, `valid` calls every asserted kernel with
// correct arguments (must exit 0 and print "ok"), and every other case breaks one precondition (must abort with
// the condition on stderr). Built without it, `gemm-ldc-one-row` (a too-small ldc that one row never reads past)
// must run to "ok": the checks are compiled out of release builds.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "activations.h"
#include "batchnorm.h"
#include "conv2d.h"
#include "elementwise.h"
#include "gemm.h"
#include "gemm_pack_bf16.h"
#include "linear.h"
#include "pool2d.h"
#include "skinny_gemm.h"
#include "softmax.h"
#include "window2d.h"

using namespace nnkit;

namespace {

// x [1, 2, 4, 4] with a 3 × 3 kernel, stride 1, padding 1: a 4 × 4 output.
Window2d conv_geometry() {
  Window2d g{1, 2, 4, 4, 3, 3, 1, 1, 1, 1};
  g.oh = window2d_output(g.h, g.kh, g.sh, g.ph, g.dh);
  g.ow = window2d_output(g.w, g.kw, g.sw, g.pw, g.dw);
  return g;
}

// x [1, 2, 4, 4], 2 × 2 windows, stride 2: a 2 × 2 output.
Window2d pool_geometry() {
  Window2d g{1, 2, 4, 4, 2, 2, 2, 2, 0, 0};
  g.oh = g.ow = 2;
  return g;
}

std::vector<float> buf(size_t n, float v = 0.5f) { return std::vector<float>(n, v); }

void valid_calls() {
  auto a = buf(64), b = buf(64), c = buf(64), d = buf(64), e = buf(64), f = buf(64), g = buf(64), h = buf(64);
  gemm_f32(false, false, 4, 4, 4, 1.0f, a.data(), 4, b.data(), 4, 0.0f, c.data(), 4);
  skinny_gemm_f32(2, 4, 4, a.data(), 4, b.data(), 4, c.data(), 4, SkinnyEpilogue{1.0f, 0.0f, nullptr, false});
  skinny_gemm_nn_f32(2, 4, 4, a.data(), 4, b.data(), 4, c.data(), 4, SkinnyEpilogue{1.0f, 0.0f, nullptr, false});
  linear_forward_f32(2, 4, 4, a.data(), b.data(), true, d.data(), true, c.data());
  linear_forward_f32(2, 4, 4, a.data(), b.data(), false, d.data(), true, c.data());
  gemm_pack_a_bf16_rounded(false, 4, 4, a.data(), 4, 4, c.data());
  gemm_pack_b_bf16_rounded(false, 4, 4, b.data(), 4, 4, c.data());
  const Window2d cg = conv_geometry();
  std::vector<float> x = buf(32), w = buf(3 * 2 * 9), y = buf(3 * 16), dw = buf(3 * 2 * 9), db = buf(3);
  conv2d_forward_f32(cg, 3, x.data(), w.data(), nullptr, y.data());
  conv2d_backward_data_f32(cg, 3, y.data(), w.data(), x.data());
  conv2d_backward_filter_f32(cg, 3, x.data(), y.data(), dw.data(), db.data());
  const Window2d pg = pool_geometry();
  std::vector<int32_t> at(8);
  max_pool2d_forward_f32(pg, x.data(), y.data(), at.data());
  max_pool2d_backward_f32(pg, y.data(), at.data(), x.data());
  avg_pool2d_forward_f32(pg, x.data(), y.data());
  avg_pool2d_backward_f32(pg, y.data(), x.data());
  batchnorm_forward_train_f32(4, 2, 1, a.data(), b.data(), c.data(), 1e-5f, d.data(), e.data(), f.data(), g.data());
  batchnorm_backward_f32(4, 2, 1, a.data(), b.data(), c.data(), e.data(), g.data(), h.data(), d.data(), f.data());
  batchnorm_forward_infer_f32(4, 2, 1, a.data(), b.data(), c.data(), e.data(), f.data(), 1e-5f, d.data());
  std::vector<int> labels = {0, 2, 1}, arg(6);
  softmax_f32(3, 4, a.data(), b.data());
  softmax_cross_entropy_f32(3, 4, a.data(), labels.data(), b.data());
  activation_forward_f32(Activation::tanh, 8, a.data(), b.data(), 0.0f);
  exp_f32(8, a.data(), b.data());
  max_groups_forward_f32(2, 3, 2, a.data(), b.data(), arg.data());
  max_groups_backward_f32(2, 3, 2, b.data(), arg.data(), c.data());
  add_bias_f32(2, 4, a.data(), b.data());
  sum_rows_f32(2, 4, a.data(), b.data(), false);
  axpy_f32(8, 2.0f, a.data(), b.data());
  scale_f32(8, 2.0f, a.data());
  sgd_step_f32(8, a.data(), b.data(), c.data(), 0.1f, 0.9f, 0.0f, false, true);
  adam_step_f32(8, a.data(), b.data(), c.data(), d.data(), 1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f, 1.0);
}

// One broken precondition per case; the test names the condition text it expects on stderr.
const std::map<std::string, std::function<void()>> kViolations = {
    {"gemm-ldc",
     [] {
       auto a = buf(16), b = buf(16), c = buf(16);
       gemm_f32(false, false, 4, 4, 4, 1.0f, a.data(), 4, b.data(), 4, 0.0f, c.data(), 3);
     }},
    {"skinny-ldx",
     [] {
       auto a = buf(16), b = buf(16), c = buf(16);
       skinny_gemm_f32(2, 4, 4, a.data(), 3, b.data(), 4, c.data(), 4, SkinnyEpilogue{1.0f, 0.0f, nullptr, false});
     }},
    {"linear-null-weights",
     [] {
       auto a = buf(16), c = buf(16);
       linear_forward_f32(2, 4, 4, a.data(), nullptr, false, nullptr, false, c.data());
     }},
    {"skinny-nn-ldw",
     [] {
       auto a = buf(16), b = buf(16), c = buf(16);
       skinny_gemm_nn_f32(2, 4, 4, a.data(), 4, b.data(), 3, c.data(), 4, SkinnyEpilogue{1.0f, 0.0f, nullptr, false});
     }},
    {"bf16-pack-lda",
     [] {
       auto a = buf(16), out = buf(64);
       gemm_pack_a_bf16_rounded(false, 4, 4, a.data(), 2, 4, out.data());
     }},
    {"conv-output-size",
     [] {
       Window2d g = conv_geometry();
       g.oh += 1;  // not what window2d_output gives: the kernel would write past y
       auto x = buf(32), w = buf(54), y = buf(64);
       conv2d_forward_f32(g, 3, x.data(), w.data(), nullptr, y.data());
     }},
    {"pool-dilation",
     [] {
       Window2d g = pool_geometry();
       g.dh = 2;
       auto x = buf(32), y = buf(8);
       avg_pool2d_forward_f32(g, x.data(), y.data());
     }},
    {"max-groups-argmax",
     [] {
       auto dy = buf(2), dx = buf(4);
       std::vector<int> arg = {0, 2};  // k = 2: index 2 is outside its group
       max_groups_backward_f32(1, 2, 2, dy.data(), arg.data(), dx.data());
     }},
    {"softmax-label",
     [] {
       auto z = buf(8), dz = buf(8);
       std::vector<int> labels = {0, 4};
       softmax_cross_entropy_f32(2, 4, z.data(), labels.data(), dz.data());
     }},
    {"batchnorm-eps",
     [] {
       auto a = buf(8), b = buf(8);
       batchnorm_forward_infer_f32(4, 2, 1, a.data(), b.data(), b.data(), b.data(), b.data(), 0.0f, a.data());
     }},
    {"adam-step-zero",
     [] {
       auto a = buf(4), b = buf(4), c = buf(4), d = buf(4);
       adam_step_f32(4, a.data(), b.data(), c.data(), d.data(), 1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f, 0.0);
     }},
    {"axpy-null",
     [] {
       auto y = buf(4);
       axpy_f32(4, 1.0f, nullptr, y.data());
     }},
    {"gemm-ldc-one-row",
     [] {
       auto a = buf(4), b = buf(8), c = buf(4);
       gemm_f32(false, false, 1, 4, 2, 1.0f, a.data(), 2, b.data(), 4, 0.0f, c.data(), 3);
     }},
};

}  // namespace

int main(int argc, char** argv) {
  const std::string which = argc > 1 ? argv[1] : "valid";
  if (which == "valid") {
    valid_calls();
  } else {
    const auto it = kViolations.find(which);
    if (it == kViolations.end()) {
      std::fprintf(stderr, "unknown case %s\n", which.c_str());
      return 2;
    }
    it->second();
  }
  std::printf("ok\n");
  return 0;
}
