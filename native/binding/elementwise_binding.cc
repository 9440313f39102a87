// addBias(rows, cols, y, b), sumRows(rows, cols, x, out, accumulate), axpy(n, alpha, x, y), scale(n, alpha, x),
// fillZero(n, x), sgdStep(n, w, grad, velocity, lr, momentum, weightDecay, nesterov, first), adamStep(n, w, grad, m, v,
// lr, beta1, beta2, eps, weightDecay, step), gatherRows(rows, cols, src, srcRows, index, dst).
#include "../kernels/elementwise.h"
#include "../kernels/gather_rows.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

Napi::Value AddBias(const Napi::CallbackInfo& info) {
  Args args(info, "addBias", 4);
  const size_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  const auto y = args.f32(2, "y", args.product(rows, cols, "rows·cols"));
  const auto b = args.f32(3, "b", cols);
  args.disjoint(y, b);
  add_bias_f32(rows, cols, y.data, b.data);
  return info.Env().Undefined();
}

Napi::Value SumRows(const Napi::CallbackInfo& info) {
  Args args(info, "sumRows", 5);
  const size_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  const auto x = args.f32(2, "x", args.product(rows, cols, "rows·cols"));
  const auto out = args.f32(3, "out", cols);
  const bool accumulate = args.boolean(4, "accumulate");
  args.disjoint(out, x);
  sum_rows_f32(rows, cols, x.data, out.data, accumulate);
  return info.Env().Undefined();
}

Napi::Value Axpy(const Napi::CallbackInfo& info) {
  Args args(info, "axpy", 4);
  const size_t n = args.size(0, "n");
  const float alpha = args.number(1, "alpha");
  const auto x = args.f32(2, "x", n);
  const auto y = args.f32(3, "y", n);
  args.same_or_disjoint(y, x);
  axpy_f32(n, alpha, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value Scale(const Napi::CallbackInfo& info) {
  Args args(info, "scale", 3);
  const size_t n = args.size(0, "n");
  const float alpha = args.number(1, "alpha");
  const auto x = args.f32(2, "x", n);
  scale_f32(n, alpha, x.data);
  return info.Env().Undefined();
}

// fillZero(n, x): x's first n values = 0.
Napi::Value FillZero(const Napi::CallbackInfo& info) {
  Args args(info, "fillZero", 2);
  const size_t n = args.size(0, "n");
  const auto x = args.f32(1, "x", n);
  fill_zero_f32(n, x.data);
  return info.Env().Undefined();
}

// firstNonFinite(n, x): the index of the first NaN or ±Inf among x's first n values, or -1.
Napi::Value FirstNonFinite(const Napi::CallbackInfo& info) {
  Args args(info, "firstNonFinite", 2);
  const size_t n = args.size(0, "n");
  const auto x = args.f32(1, "x", n);
  const size_t i = first_non_finite_f32(n, x.data);
  return Napi::Number::New(info.Env(), i == n ? -1.0 : static_cast<double>(i));
}

Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  Args args(info, "sgdStep", 9);
  const size_t n = args.size(0, "n");
  const auto w = args.f32(1, "w", n);
  const auto grad = args.f32(2, "grad", n);
  const auto velocity = args.f32(3, "velocity", n);
  const float lr = args.number(4, "lr"), momentum = args.number(5, "momentum");
  const float weight_decay = args.number(6, "weightDecay");
  const bool nesterov = args.boolean(7, "nesterov"), first = args.boolean(8, "first");
  args.disjoint(w, grad);
  args.disjoint(w, velocity);
  args.disjoint(velocity, grad);
  sgd_step_f32(n, w.data, grad.data, velocity.data, lr, momentum, weight_decay, nesterov, first);
  return info.Env().Undefined();
}

Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  Args args(info, "adamStep", 11);
  const size_t n = args.size(0, "n");
  const auto w = args.f32(1, "w", n);
  const auto grad = args.f32(2, "grad", n);
  const auto m = args.f32(3, "m", n);
  const auto v = args.f32(4, "v", n);
  const float lr = args.number(5, "lr"), beta1 = args.number(6, "beta1"), beta2 = args.number(7, "beta2");
  const float eps = args.number(8, "eps"), weight_decay = args.number(9, "weightDecay");
  const double step = static_cast<double>(args.integer(10, "step", 1, 2147483647));
  if (!(beta1 >= 0.0f && beta1 < 1.0f)) throw args.range_error("beta1 must be in [0, 1)");
  if (!(beta2 >= 0.0f && beta2 < 1.0f)) throw args.range_error("beta2 must be in [0, 1)");
  args.disjoint(w, grad);
  args.disjoint(w, m);
  args.disjoint(w, v);
  args.disjoint(m, v);
  args.disjoint(m, grad);
  args.disjoint(v, grad);
  adam_step_f32(n, w.data, grad.data, m.data, v.data, lr, beta1, beta2, eps, weight_decay, step);
  return info.Env().Undefined();
}

Napi::Value GatherRows(const Napi::CallbackInfo& info) {
  Args args(info, "gatherRows", 6);
  const size_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  const size_t src_rows = args.size(3, "srcRows");
  const auto src = args.f32(2, "src", args.product(src_rows, cols, "srcRows·cols"));
  const auto dst = args.f32(5, "dst", args.product(rows, cols, "rows·cols"));
  args.disjoint(dst, src);
  const int32_t* index = args.indices(4, "index", rows, src_rows, "srcRows");  // copied once, each checked
  gather_rows_f32(rows, cols, src.data, index, dst.data);
  return info.Env().Undefined();
}

}  // namespace

void register_elementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("addBias", Napi::Function::New(env, AddBias, "addBias"));
  exports.Set("sumRows", Napi::Function::New(env, SumRows, "sumRows"));
  exports.Set("axpy", Napi::Function::New(env, Axpy, "axpy"));
  exports.Set("scale", Napi::Function::New(env, Scale, "scale"));
  exports.Set("fillZero", Napi::Function::New(env, FillZero, "fillZero"));
  exports.Set("firstNonFinite", Napi::Function::New(env, FirstNonFinite, "firstNonFinite"));
  exports.Set("sgdStep", Napi::Function::New(env, SgdStep, "sgdStep"));
  exports.Set("adamStep", Napi::Function::New(env, AdamStep, "adamStep"));
  exports.Set("gatherRows", Napi::Function::New(env, GatherRows, "gatherRows"));
}

}  // namespace nnkit::binding
