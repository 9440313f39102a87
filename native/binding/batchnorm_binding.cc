// batchNormForwardTrain(N, C, S, x, gamma, beta, eps, y, mean, variance, invStd),
// batchNormForwardInfer(N, C, S, x, gamma, beta, runningMean, runningVar, eps, y),
// batchNormBackward(N, C, S, x, dy, gamma, mean, invStd, dx, dgamma, dbeta).
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

Napi::Value ForwardTrain(const Napi::CallbackInfo& info) {
  Args args(info, "batchNormForwardTrain", 11);
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
  batchnorm_forward_train_f32(d.n, d.c, d.s, x.data, gamma.data, beta.data, eps, y.data, mean.data, var.data,
                              invstd.data);
  return info.Env().Undefined();
}

Napi::Value ForwardInfer(const Napi::CallbackInfo& info) {
  Args args(info, "batchNormForwardInfer", 10);
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
  batchnorm_forward_infer_f32(d.n, d.c, d.s, x.data, gamma.data, beta.data, rmean.data, rvar.data, eps, y.data);
  return info.Env().Undefined();
}

Napi::Value Backward(const Napi::CallbackInfo& info) {
  Args args(info, "batchNormBackward", 11);
  const Dims d = dims(args);
  const auto x = args.f32(3, "x", d.total);
  const auto dy = args.f32(4, "dy", d.total);
  const auto gamma = args.f32(5, "gamma", d.c);
  const auto mean = args.f32(6, "mean", d.c);
  const auto invstd = args.f32(7, "invStd", d.c);
  const auto dx = args.f32(8, "dx", d.total);
  const auto dgamma = args.f32(9, "dgamma", d.c);
  const auto dbeta = args.f32(10, "dbeta", d.c);
  args.disjoint(dx, x);
  args.disjoint(dx, dy);
  for (const auto* out : {&dx, &dgamma, &dbeta}) {
    args.disjoint(*out, gamma);
    args.disjoint(*out, mean);
    args.disjoint(*out, invstd);
  }
  for (const auto* out : {&dgamma, &dbeta}) {
    args.disjoint(*out, x);
    args.disjoint(*out, dy);
    args.disjoint(*out, dx);
  }
  args.disjoint(dgamma, dbeta);
  batchnorm_backward_f32(d.n, d.c, d.s, x.data, dy.data, gamma.data, mean.data, invstd.data, dx.data, dgamma.data,
                         dbeta.data);
  return info.Env().Undefined();
}

}  // namespace

void register_batchnorm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNormForwardTrain", Napi::Function::New(env, ForwardTrain, "batchNormForwardTrain"));
  exports.Set("batchNormForwardInfer", Napi::Function::New(env, ForwardInfer, "batchNormForwardInfer"));
  exports.Set("batchNormBackward", Napi::Function::New(env, Backward, "batchNormBackward"));
}

}  // namespace nnkit::binding
