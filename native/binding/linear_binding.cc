// linearForward(M, N, K, x, w, wOutIn, bias, kind, y): y [M,N] = act(x [M,K] · op(w) + bias [N]), w [N,K] when wOutIn
// (op(w) = wᵀ) else [K,N]; bias may be null; kind is the Activation enum's integer, identity (0) or relu (3) only
// (src/backend/native.ts maps the names).
// linearForwardPanels(M, N, K, x, w, panel, bias, kind, y): the same with w in full-K panels, [⌈N/panel⌉, K, panel]
// (kernels/linear.h); panel must be this addon's width, info().panel.
// packBf16Panels(N, K, w, panel, out): w [N,K] (Float32Array) → out (Uint16Array, ⌈N/32⌉·2⌈K/2⌉·32 values), full-K
// panels of bf16 pairs; linearForwardPanelsBf16(M, N, K, x, w, panel, bias, kind, y): linearForwardPanels with w
// such panels (kernels/linear_bf16.h); panel must be 32 (kBf16Panel) in both.
#include "../kernels/activations.h"
#include "../kernels/gemm.h"
#include "../kernels/linear.h"
#include "../kernels/linear_bf16.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

// The activation argument (identity or relu only): true for relu.
bool relu_kind(const Args& args, size_t index) {
  const int64_t kind = args.integer(index, "kind", 0, static_cast<int64_t>(Activation::elu));
  if (kind != static_cast<int64_t>(Activation::identity) && kind != static_cast<int64_t>(Activation::relu))
    throw args.range_error("kind must be identity or relu (other activations run as their own step)");
  return kind == static_cast<int64_t>(Activation::relu);
}

// The arguments after w of every linear binding: bias [N] or null (6), kind (7), y [M, N] (8), y apart from x, w, bias.
struct Epilogue {
  ArrayArg<float> bias;
  bool relu;
  ArrayArg<float> y;
};
template <typename W>
Epilogue epilogue(const Args& args, size_t m, size_t n, const ArrayArg<float>& x, const ArrayArg<W>& w) {
  Epilogue e{args.optional_f32(6, "bias", n), relu_kind(args, 7), args.f32(8, "y", args.product(m, n, "M·N"))};
  args.disjoint(e.y, x);
  args.disjoint(e.y, w);
  args.disjoint(e.y, e.bias);
  return e;
}

Napi::Value LinearForward(const Napi::CallbackInfo& info) {
  Args args(info, "linearForward", 9);
  const size_t m = args.size(0, "M"), n = args.size(1, "N"), k = args.size(2, "K");
  const auto x = args.f32(3, "x", args.product(m, k, "M·K"));
  const auto w = args.f32(4, "w", args.product(n, k, "N·K"));
  const bool w_out_in = args.boolean(5, "wOutIn");
  const auto out = epilogue(args, m, n, x, w);
  linear_forward_f32(m, n, k, x.data, w.data, w_out_in, out.bias.data, out.relu, out.y.data);
  return info.Env().Undefined();
}

Napi::Value LinearForwardPanels(const Napi::CallbackInfo& info) {
  Args args(info, "linearForwardPanels", 9);
  const size_t m = args.size(0, "M"), n = args.size(1, "N"), k = args.size(2, "K");
  const auto x = args.f32(3, "x", args.product(m, k, "M·K"));
  const size_t width = gemm_f32_panel_width();
  const int64_t panel = args.integer(5, "panel", 1, 1 << 20);
  if (static_cast<size_t>(panel) != width)
    throw args.range_error("panel must be " + std::to_string(width) + " (info().panel), got " + std::to_string(panel));
  const size_t panels = n / width + (n % width != 0 ? 1 : 0);
  const auto w = args.f32(4, "w", args.product(panels, k, width, "⌈N/panel⌉·K·panel"));
  const auto out = epilogue(args, m, n, x, w);
  linear_forward_panels_f32(m, n, k, x.data, w.data, width, out.bias.data, out.relu, out.y.data);
  return info.Env().Undefined();
}

// The bf16 panel width argument (32 only) and the values its panels take for N × K weights.
size_t bf16_panel_values(const Args& args, size_t index, size_t n, size_t k) {
  const int64_t panel = args.integer(index, "panel", 1, 1 << 20);
  if (static_cast<size_t>(panel) != kBf16Panel)
    throw args.range_error("panel must be " + std::to_string(kBf16Panel) + ", got " + std::to_string(panel));
  const size_t panels = n / kBf16Panel + (n % kBf16Panel != 0 ? 1 : 0), pair_values = (k + 1) / 2 * 2;
  return args.product(panels, pair_values, kBf16Panel, "⌈N/32⌉·2⌈K/2⌉·32");
}

Napi::Value PackBf16Panels(const Napi::CallbackInfo& info) {
  Args args(info, "packBf16Panels", 5);
  const size_t n = args.size(0, "N"), k = args.size(1, "K");
  const auto w = args.f32(2, "w", args.product(n, k, "N·K"));
  const size_t values = bf16_panel_values(args, 3, n, k);
  const auto out = args.u16(4, "out", values);
  args.disjoint(out, w);
  if (values > 0) pack_bf16_panels(n, k, w.data, kBf16Panel, out.data);
  return info.Env().Undefined();
}

Napi::Value LinearForwardPanelsBf16(const Napi::CallbackInfo& info) {
  Args args(info, "linearForwardPanelsBf16", 9);
  const size_t m = args.size(0, "M"), n = args.size(1, "N"), k = args.size(2, "K");
  const auto x = args.f32(3, "x", args.product(m, k, "M·K"));
  const auto w = args.u16(4, "w", bf16_panel_values(args, 5, n, k));
  const auto out = epilogue(args, m, n, x, w);
  linear_forward_panels_bf16(m, n, k, x.data, w.data, kBf16Panel, out.bias.data, out.relu, out.y.data);
  return info.Env().Undefined();
}

}  // namespace

void register_linear(Napi::Env env, Napi::Object exports) {
  exports.Set("linearForward", Napi::Function::New(env, LinearForward, "linearForward"));
  exports.Set("linearForwardPanels", Napi::Function::New(env, LinearForwardPanels, "linearForwardPanels"));
  exports.Set("packBf16Panels", Napi::Function::New(env, PackBf16Panels, "packBf16Panels"));
  exports.Set("linearForwardPanelsBf16", Napi::Function::New(env, LinearForwardPanelsBf16, "linearForwardPanelsBf16"));
}

}  // namespace nnkit::binding
