// gemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc), gemmAsync(...) → Promise<void>, and
// gemmBf16(...): the same product with A and B rounded to bf16 and fp32 accumulation (kernels/gemm.h).
#include <vector>

#include "../kernels/gemm.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

struct GemmCall {
  bool trans_a, trans_b;
  size_t m, n, k, lda, ldb, ldc;
  float alpha, beta;
  ArrayArg<float> a, b, c;
};

// Checks all 13 arguments against BLAS rules: ld ≥ max(1, stored width), arrays long enough, C apart from A, B.
GemmCall parse(const Args& args) {
  GemmCall g;
  g.trans_a = args.boolean(0, "transA");
  g.trans_b = args.boolean(1, "transB");
  g.m = args.size(2, "M");
  g.n = args.size(3, "N");
  g.k = args.size(4, "K");
  g.alpha = args.number(5, "alpha");
  g.lda = args.size(7, "lda");
  g.ldb = args.size(9, "ldb");
  g.beta = args.number(10, "beta");
  g.ldc = args.size(12, "ldc");
  // Stored shapes: A is [M,K] or, transposed, [K,M]; B is [K,N] or [N,K]; C is [M,N].
  const size_t a_rows = g.trans_a ? g.k : g.m, a_cols = g.trans_a ? g.m : g.k;
  const size_t b_rows = g.trans_b ? g.n : g.k, b_cols = g.trans_b ? g.k : g.n;
  auto check_ld = [&](size_t ld, size_t cols, const char* name, const char* stored) {
    const size_t min = cols > 1 ? cols : 1;
    if (ld < min)
      throw args.range_error(std::string(name) + " must be at least " + std::to_string(min) + " (the width of " +
                             stored + "), got " + std::to_string(ld));
  };
  check_ld(g.lda, a_cols, "lda", g.trans_a ? "A stored [K, M]" : "A stored [M, K]");
  check_ld(g.ldb, b_cols, "ldb", g.trans_b ? "B stored [N, K]" : "B stored [K, N]");
  check_ld(g.ldc, g.n, "ldc", "C [M, N]");
  const bool uses_ab = g.m > 0 && g.n > 0 && g.k > 0;
  g.a = args.f32(6, "A", uses_ab ? matrix_extent(args, a_rows, a_cols, g.lda, "A") : 0);
  g.b = args.f32(8, "B", uses_ab ? matrix_extent(args, b_rows, b_cols, g.ldb, "B") : 0);
  g.c = args.f32(11, "C", matrix_extent(args, g.m, g.n, g.ldc, "C"));
  args.disjoint(g.c, g.a);
  args.disjoint(g.c, g.b);
  return g;
}

Napi::Value Gemm(const Napi::CallbackInfo& info) {
  const GemmCall g = parse(Args(info, "gemm", 13));
  gemm_f32(g.trans_a, g.trans_b, g.m, g.n, g.k, g.alpha, g.a.data, g.lda, g.b.data, g.ldb, g.beta, g.c.data, g.ldc);
  return info.Env().Undefined();
}

Napi::Value GemmBf16(const Napi::CallbackInfo& info) {
  const GemmCall g = parse(Args(info, "gemmBf16", 13));
  gemm_bf16(g.trans_a, g.trans_b, g.m, g.n, g.k, g.alpha, g.a.data, g.lda, g.b.data, g.ldb, g.beta, g.c.data, g.ldc);
  return info.Env().Undefined();
}

// The async form copies A, B and C into a baton owned by the worker, so nothing the JavaScript side does while
// the product runs (writes, transfers, detaching) can reach the kernel; the result is copied back into C on the
// main thread, after checking C is still there.
class GemmWorker : public Napi::AsyncWorker {
 public:
  GemmWorker(Napi::Env env, const GemmCall& g, Napi::Float32Array c_ref)
      : Napi::AsyncWorker(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        g_(g),
        a_(g.a.data, g.a.data + g.a.length),
        b_(g.b.data, g.b.data + g.b.length),
        c_(g.c.data, g.c.data + g.c.length),
        c_ref_(Napi::Persistent(c_ref)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    gemm_f32(g_.trans_a, g_.trans_b, g_.m, g_.n, g_.k, g_.alpha, a_.data(), g_.lda, b_.data(), g_.ldb, g_.beta,
             c_.data(), g_.ldc);
  }

  void OnOK() override {
    Napi::Float32Array c = c_ref_.Value();
    if (c.ElementLength() < c_.size()) {
      deferred_.Reject(
          Napi::RangeError::New(Env(), "gemmAsync: C was detached or resized while the product ran").Value());
      return;
    }
    std::copy(c_.begin(), c_.end(), c.Data());
    deferred_.Resolve(Env().Undefined());
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  GemmCall g_;
  std::vector<float> a_, b_, c_;
  Napi::Reference<Napi::Float32Array> c_ref_;
};

Napi::Value GemmAsync(const Napi::CallbackInfo& info) {
  const GemmCall g = parse(Args(info, "gemmAsync", 13));
  auto* worker = new GemmWorker(info.Env(), g, info[11].As<Napi::Float32Array>());
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

}  // namespace

void register_gemm(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, Gemm, "gemm"));
  exports.Set("gemmAsync", Napi::Function::New(env, GemmAsync, "gemmAsync"));
  exports.Set("gemmBf16", Napi::Function::New(env, GemmBf16, "gemmBf16"));
}

}  // namespace nnkit::binding
