// activationForward(kind, x, y, param), activationBackward(kind, x, y, dy, dx, param),
// preluForward(rows, cols, x, slope, y), preluBackward(rows, cols, x, dy, slope, dx, dslope),
// maxGroupsForward(rows, groups, k, x, y, argmax), maxGroupsBackward(rows, groups, k, dy, argmax, dx),
// expF32(x, y): y = e^x with the kernels' vectorized exp (not part of the Backend interface; for its accuracy tests).
// kind is the Activation enum's integer; `activationKinds` lists the names in that order (src/backend/native.ts maps
// TypeScript's names to codes from it at load time).
#include "../kernels/activations.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

Activation kind_arg(const Args& args) {
  return static_cast<Activation>(args.integer(0, "kind", 0, kActivationCount - 1));
}

Napi::Value ActivationForward(const Napi::CallbackInfo& info) {
  Args args(info, "activationForward", 4);
  const Activation kind = kind_arg(args);
  const auto x = args.f32(1, "x", 0);
  const auto y = args.f32(2, "y", x.length);
  const float param = args.number(3, "param");
  args.same_or_disjoint(y, x);
  activation_forward_f32(kind, x.length, x.data, y.data, param);
  return info.Env().Undefined();
}

Napi::Value ActivationBackward(const Napi::CallbackInfo& info) {
  Args args(info, "activationBackward", 6);
  const Activation kind = kind_arg(args);
  const auto x = args.f32(1, "x", 0);
  const auto y = args.f32(2, "y", x.length);
  const auto dy = args.f32(3, "dy", x.length);
  const auto dx = args.f32(4, "dx", x.length);
  const float param = args.number(5, "param");
  args.same_or_disjoint(dx, dy);
  args.same_or_disjoint(dx, x);
  args.same_or_disjoint(dx, y);
  activation_backward_f32(kind, x.length, x.data, y.data, dy.data, dx.data, param);
  return info.Env().Undefined();
}

Napi::Value ExpF32(const Napi::CallbackInfo& info) {
  Args args(info, "expF32", 2);
  const auto x = args.f32(0, "x", 0);
  const auto y = args.f32(1, "y", x.length);
  args.same_or_disjoint(y, x);
  exp_f32(x.length, x.data, y.data);
  return info.Env().Undefined();
}

size_t slope_channels(const Args& args, const ArrayArg<float>& slope, size_t cols) {
  if (slope.length != 1 && slope.length != cols)
    throw args.range_error("slope must have 1 element (shared) or cols = " + std::to_string(cols) +
                           " (per channel), has " + std::to_string(slope.length));
  return slope.length;
}

Napi::Value PreluForward(const Napi::CallbackInfo& info) {
  Args args(info, "preluForward", 5);
  const size_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  const size_t n = args.product(rows, cols, "rows·cols");
  const auto x = args.f32(2, "x", n);
  const auto slope = args.f32(3, "slope", 1);
  const auto y = args.f32(4, "y", n);
  const size_t channels = slope_channels(args, slope, cols);
  args.same_or_disjoint(y, x);
  args.disjoint(y, slope);
  prelu_forward_f32(rows, cols, x.data, slope.data, channels, y.data);
  return info.Env().Undefined();
}

Napi::Value PreluBackward(const Napi::CallbackInfo& info) {
  Args args(info, "preluBackward", 7);
  const size_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  const size_t n = args.product(rows, cols, "rows·cols");
  const auto x = args.f32(2, "x", n);
  const auto dy = args.f32(3, "dy", n);
  const auto slope = args.f32(4, "slope", 1);
  const auto dx = args.f32(5, "dx", n);
  const auto dslope = args.f32(6, "dslope", slope.length);
  const size_t channels = slope_channels(args, slope, cols);
  args.same_or_disjoint(dx, dy);
  args.disjoint(dx, x);
  args.disjoint(dx, slope);
  args.disjoint(dslope, x);
  args.disjoint(dslope, dy);
  args.disjoint(dslope, dx);
  args.disjoint(dslope, slope);
  prelu_backward_f32(rows, cols, x.data, dy.data, slope.data, channels, dx.data, dslope.data);
  return info.Env().Undefined();
}

Napi::Value MaxGroupsForward(const Napi::CallbackInfo& info) {
  Args args(info, "maxGroupsForward", 6);
  const size_t rows = args.size(0, "rows"), groups = args.size(1, "groups");
  const size_t k = static_cast<size_t>(args.integer(2, "k", 1, 2147483647));
  const auto x = args.f32(3, "x", args.product(rows, groups, k, "rows·groups·k"));
  const auto y = args.f32(4, "y", args.product(rows, groups, "rows·groups"));
  const auto argmax = args.i32(5, "argmax", rows * groups);
  args.disjoint(y, x);
  args.disjoint(argmax, x);
  args.disjoint(argmax, y);
  max_groups_forward_f32(rows, groups, k, x.data, y.data, argmax.data);
  return info.Env().Undefined();
}

Napi::Value MaxGroupsBackward(const Napi::CallbackInfo& info) {
  Args args(info, "maxGroupsBackward", 6);
  const size_t rows = args.size(0, "rows"), groups = args.size(1, "groups");
  const size_t k = static_cast<size_t>(args.integer(2, "k", 1, 2147483647));
  const size_t n = args.product(rows, groups, "rows·groups");
  const auto dy = args.f32(3, "dy", n);
  // The kernel writes dx at each argmax: it gets a checked copy, so no index outside [0, k) can reach it.
  const int32_t* argmax = args.indices(4, "argmax", n, k, "k");
  const auto dx = args.f32(5, "dx", args.product(rows, groups, k, "rows·groups·k"));
  args.disjoint(dx, dy);
  max_groups_backward_f32(rows, groups, k, dy.data, argmax, dx.data);
  return info.Env().Undefined();
}

}  // namespace

void register_activations(Napi::Env env, Napi::Object exports) {
  Napi::Array kinds = Napi::Array::New(env, kActivationCount);
  for (int i = 0; i < kActivationCount; i++) kinds.Set(static_cast<uint32_t>(i), kActivationNames[i]);
  exports.Set("activationKinds", kinds);
  exports.Set("activationForward", Napi::Function::New(env, ActivationForward, "activationForward"));
  exports.Set("activationBackward", Napi::Function::New(env, ActivationBackward, "activationBackward"));
  exports.Set("preluForward", Napi::Function::New(env, PreluForward, "preluForward"));
  exports.Set("preluBackward", Napi::Function::New(env, PreluBackward, "preluBackward"));
  exports.Set("maxGroupsForward", Napi::Function::New(env, MaxGroupsForward, "maxGroupsForward"));
  exports.Set("expF32", Napi::Function::New(env, ExpF32, "expF32"));
  exports.Set("maxGroupsBackward", Napi::Function::New(env, MaxGroupsBackward, "maxGroupsBackward"));
}

}  // namespace nnkit::binding
