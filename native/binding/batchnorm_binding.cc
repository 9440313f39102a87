// batchNormForwardTrain(N, C, S, x, gamma, beta, eps, y, mean, variance, invStd),
// batchNormForwardInfer(N, C, S, x, gamma, beta, runningMean, runningVar, eps, y),
// batchNormBackward(N, C, S, x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
// fused with ReLU: batchNormReluForwardTrain and batchNormReluForwardInfer (the same arguments, y = max(0, BN(x))),
// batchNormReluBackward(N, C, S, x, y, dy, gamma, mean, invStd, dx, dgamma, dbeta) with y the fused forward's output.
#include "../kernels/batchnorm.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

struct Dims {
  size_t n, c, s, total;
};

Dims dims(const Args& args) {
  Dims d;
  d.n = args.size(0, "N");
  d.c = args.size(1, "C");
  d.s = args.size(2, "S");
  if (d.n == 0 || d.c == 0 || d.s == 0) throw args.range_error("N, C and S must be at least 1");
  d.total = args.product(d.n, d.c, d.s, "N·C·S");
  return d;
}

float eps_arg(const Args& args, size_t i) {
  const float eps = args.number(i, "eps");
  if (!(eps > 0.0f)) throw args.range_error("eps must be > 0");
  return eps;
}

using ForwardTrainKernel = void(size_t, size_t, size_t, const float*, const float*, const float*, float, float*, float*,
                                float*, float*);
using ForwardInferKernel = void(size_t, size_t, size_t, const float*, const float*, const float*, const float*,
                                const float*, float, float*);

Napi::Value ForwardTrainWith(const Napi::CallbackInfo& info, const char* name, ForwardTrainKernel* kernel) {
  Args args(info, name, 11);
  const Dims d = dims(args);
  const auto x = args.f32(3, "x", d.total);
  const auto gamma = args.f32(4, "gamma", d.c);
  const auto beta = args.f32(5, "beta", d.c);
  const float eps = eps_arg(args, 6);
  const auto y = args.f32(7, "y", d.total);
  const auto mean = args.f32(8, "mean", d.c);
  const auto var = args.f32(9, "variance", d.c);
  const auto invstd = args.f32(10, "invStd", d.c);
  // Not in place: the layer keeps x for backward, and vectorized kernels may interleave channels.
  args.disjoint(y, x);
  for (const auto* out : {&mean, &var, &invstd}) {
    args.disjoint(*out, x);
    args.disjoint(*out, y);
    args.disjoint(*out, gamma);
    args.disjoint(*out, beta);
  }
  args.disjoint(mean, var);
  args.disjoint(mean, invstd);
  args.disjoint(var, invstd);
  kernel(d.n, d.c, d.s, x.data, gamma.data, beta.data, eps, y.data, mean.data, var.data, invstd.data);
  return info.Env().Undefined();
}

Napi::Value ForwardTrain(const Napi::CallbackInfo& info) {
  return ForwardTrainWith(info, "batchNormForwardTrain", batchnorm_forward_train_f32);
}
Napi::Value ReluForwardTrain(const Napi::CallbackInfo& info) {
  return ForwardTrainWith(info, "batchNormReluForwardTrain", batchnorm_relu_forward_train_f32);
}

Napi::Value ForwardInferWith(const Napi::CallbackInfo& info, const char* name, ForwardInferKernel* kernel) {
  Args args(info, name, 10);
  const Dims d = dims(args);
  const auto x = args.f32(3, "x", d.total);
  const auto gamma = args.f32(4, "gamma", d.c);
  const auto beta = args.f32(5, "beta", d.c);
  const auto rmean = args.f32(6, "runningMean", d.c);
  const auto rvar = args.f32(7, "runningVar", d.c);
  const float eps = eps_arg(args, 8);
  const auto y = args.f32(9, "y", d.total);
  args.same_or_disjoint(y, x);
  args.disjoint(y, gamma);
  args.disjoint(y, beta);
  args.disjoint(y, rmean);
  args.disjoint(y, rvar);
  kernel(d.n, d.c, d.s, x.data, gamma.data, beta.data, rmean.data, rvar.data, eps, y.data);
  return info.Env().Undefined();
}

Napi::Value ForwardInfer(const Napi::CallbackInfo& info) {
  return ForwardInferWith(info, "batchNormForwardInfer", batchnorm_forward_infer_f32);
}
Napi::Value ReluForwardInfer(const Napi::CallbackInfo& info) {
  return ForwardInferWith(info, "batchNormReluForwardInfer", batchnorm_relu_forward_infer_f32);
}

// relu: the fused variant, which takes y (the fused forward's output) after x; every later index shifts by one.
Napi::Value BackwardWith(const Napi::CallbackInfo& info, bool relu) {
  Args args(info, relu ? "batchNormReluBackward" : "batchNormBackward", relu ? 12 : 11);
  const Dims d = dims(args);
  const size_t o = relu ? 1 : 0;
  const auto x = args.f32(3, "x", d.total);
  const auto y = relu ? args.f32(4, "y", d.total) : ArrayArg<float>();
  const auto dy = args.f32(4 + o, "dy", d.total);
  const auto gamma = args.f32(5 + o, "gamma", d.c);
  const auto mean = args.f32(6 + o, "mean", d.c);
  const auto invstd = args.f32(7 + o, "invStd", d.c);
  const auto dx = args.f32(8 + o, "dx", d.total);
  const auto dgamma = args.f32(9 + o, "dgamma", d.c);
  const auto dbeta = args.f32(10 + o, "dbeta", d.c);
  args.disjoint(dx, x);
  args.disjoint(dx, dy);
  args.disjoint(dx, y);
  for (const auto* out : {&dx, &dgamma, &dbeta}) {
    args.disjoint(*out, gamma);
    args.disjoint(*out, mean);
    args.disjoint(*out, invstd);
  }
  for (const auto* out : {&dgamma, &dbeta}) {
    args.disjoint(*out, x);
    args.disjoint(*out, y);
    args.disjoint(*out, dy);
    args.disjoint(*out, dx);
  }
  args.disjoint(dgamma, dbeta);
  if (relu)
    batchnorm_relu_backward_f32(d.n, d.c, d.s, x.data, y.data, dy.data, gamma.data, mean.data, invstd.data, dx.data,
                                dgamma.data, dbeta.data);
  else
    batchnorm_backward_f32(d.n, d.c, d.s, x.data, dy.data, gamma.data, mean.data, invstd.data, dx.data, dgamma.data,
                           dbeta.data);
  return info.Env().Undefined();
}

Napi::Value Backward(const Napi::CallbackInfo& info) { return BackwardWith(info, false); }
Napi::Value ReluBackward(const Napi::CallbackInfo& info) { return BackwardWith(info, true); }

}  // namespace

void register_batchnorm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNormForwardTrain", Napi::Function::New(env, ForwardTrain, "batchNormForwardTrain"));
  exports.Set("batchNormForwardInfer", Napi::Function::New(env, ForwardInfer, "batchNormForwardInfer"));
  exports.Set("batchNormBackward", Napi::Function::New(env, Backward, "batchNormBackward"));
  exports.Set("batchNormReluForwardTrain", Napi::Function::New(env, ReluForwardTrain, "batchNormReluForwardTrain"));
  exports.Set("batchNormReluForwardInfer", Napi::Function::New(env, ReluForwardInfer, "batchNormReluForwardInfer"));
  exports.Set("batchNormReluBackward", Napi::Function::New(env, ReluBackward, "batchNormReluBackward"));
}

}  // namespace nnkit::binding
