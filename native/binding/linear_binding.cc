// linearForward(M, N, K, x, w, wOutIn, bias, kind, y): y [M,N] = act(x [M,K] · op(w) + bias [N]), w [N,K] when wOutIn
// (op(w) = wᵀ) else [K,N]; bias may be null; kind is the Activation enum's integer, identity (0) or relu (3) only
// (src/backend/native.ts maps the names).
#include "../kernels/activations.h"
#include "../kernels/linear.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

Napi::Value LinearForward(const Napi::CallbackInfo& info) {
  Args args(info, "linearForward", 9);
  const size_t m = args.size(0, "M"), n = args.size(1, "N"), k = args.size(2, "K");
  const auto x = args.f32(3, "x", args.product(m, k, "M·K"));
  const auto w = args.f32(4, "w", args.product(n, k, "N·K"));
  const bool w_out_in = args.boolean(5, "wOutIn");
  const auto bias = args.optional_f32(6, "bias", n);
  const int64_t kind = args.integer(7, "kind", 0, static_cast<int64_t>(Activation::elu));
  if (kind != static_cast<int64_t>(Activation::identity) && kind != static_cast<int64_t>(Activation::relu))
    throw args.range_error("kind must be identity or relu (other activations run as their own step)");
  const auto y = args.f32(8, "y", args.product(m, n, "M·N"));
  args.disjoint(y, x);
  args.disjoint(y, w);
  args.disjoint(y, bias);
  linear_forward_f32(m, n, k, x.data, w.data, w_out_in, bias.data, kind == static_cast<int64_t>(Activation::relu),
                     y.data);
  return info.Env().Undefined();
}

}  // namespace

void register_linear(Napi::Env env, Napi::Object exports) {
  exports.Set("linearForward", Napi::Function::New(env, LinearForward, "linearForward"));
}

}  // namespace nnkit::binding
