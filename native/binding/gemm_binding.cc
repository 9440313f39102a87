// gemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc), gemmAsync(...) → Promise<void>, and
// gemmBf16(...): the same product with A and B rounded to bf16 and fp32 accumulation (kernels/gemm.h); there A and
// B may also be Uint16Arrays of bf16 bits, used as they are.
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
  ArrayArg<uint16_t> a_bits, b_bits;  // gemmBf16's operands given as bf16 bits (then a / b are empty)
  bool a_is_bits = false, b_is_bits = false;
};

// Checks all 13 arguments against BLAS rules: ld ≥ max(1, stored width), arrays long enough, C apart from A, B.
// bf16_bits: A and B may be Uint16Arrays of bf16 bits (gemmBf16).
GemmCall parse(const Args& args, bool bf16_bits = false) {
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
  const size_t a_needed = uses_ab ? matrix_extent(args, a_rows, a_cols, g.lda, "A") : 0;
  const size_t b_needed = uses_ab ? matrix_extent(args, b_rows, b_cols, g.ldb, "B") : 0;
  if (bf16_bits) {
    const Args::F32OrBf16 a = args.f32_or_bf16(6, "A", a_needed), b = args.f32_or_bf16(8, "B", b_needed);
    g.a = a.f32, g.a_bits = a.u16, g.a_is_bits = a.bits;
    g.b = b.f32, g.b_bits = b.u16, g.b_is_bits = b.bits;
  } else {
    g.a = args.f32(6, "A", a_needed);
    g.b = args.f32(8, "B", b_needed);
  }
  g.c = args.f32(11, "C", matrix_extent(args, g.m, g.n, g.ldc, "C"));
  args.disjoint(g.c, g.a);
  args.disjoint(g.c, g.b);
  args.disjoint(g.c, g.a_bits);
  args.disjoint(g.c, g.b_bits);
  return g;
}

Napi::Value Gemm(const Napi::CallbackInfo& info) {
  const GemmCall g = parse(Args(info, "gemm", 13));
  gemm_f32(g.trans_a, g.trans_b, g.m, g.n, g.k, g.alpha, g.a.data, g.lda, g.b.data, g.ldb, g.beta, g.c.data, g.ldc);
  return info.Env().Undefined();
}

// gemm_bf16 on A and B as their element types: fp32 (rounded while packed) or bf16 bits.
template <typename TA, typename TB>
void gemm_bf16_on(const GemmCall& g, const TA* a, const TB* b) {
  gemm_bf16(g.trans_a, g.trans_b, g.m, g.n, g.k, g.alpha, a, g.lda, b, g.ldb, g.beta, g.c.data, g.ldc);
}

Napi::Value GemmBf16(const Napi::CallbackInfo& info) {
  const GemmCall g = parse(Args(info, "gemmBf16", 13), true);
  if (g.a_is_bits && g.b_is_bits)
    gemm_bf16_on(g, g.a_bits.data, g.b_bits.data);
  else if (g.a_is_bits)
    gemm_bf16_on(g, g.a_bits.data, g.b.data);
  else if (g.b_is_bits)
    gemm_bf16_on(g, g.a.data, g.b_bits.data);
  else
    gemm_bf16_on(g, g.a.data, g.b.data);
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
