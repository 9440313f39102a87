// Convolution and pooling exports; the window geometry comes first as whole numbers
// (N, C, H, W, kernelH, kernelW, strideH, strideW, padH, padW; convolutions add dilationH, dilationW):
//   conv2dForward(…12, outChannels, x, weight, bias | null, y)
//   conv2dBackwardData(…12, outChannels, dy, weight, dx)
//   conv2dBackwardFilter(…12, outChannels, x, dy, dweight, dbias | null)
//   maxPool2dForward(…10, x, y, argmax)      maxPool2dBackward(…10, dy, argmax, dx)
//   avgPool2dForward(…10, x, y)              avgPool2dBackward(…10, dy, dx)
// The rules (and messages) match src/backend/window2d.ts; argmax is read once into a checked copy.
#include <string>

#include "../kernels/conv2d.h"
#include "../kernels/pool2d.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

constexpr int64_t kMaxSize = 2147483647;

std::string pair(size_t a, size_t b) { return std::to_string(a) + "×" + std::to_string(b); }

// Reads and checks the geometry; `pool` adds dilation 1 and 2·pad ≤ kernel.
Window2d window(const Args& args, bool pool) {
  static const char* const kNames[] = {"N",       "C",       "H",    "W",    "kernelH",   "kernelW",
                                       "strideH", "strideW", "padH", "padW", "dilationH", "dilationW"};
  size_t v[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  for (size_t i = 0; i < (pool ? 10u : 12u); ++i) v[i] = args.integer(i, kNames[i], i == 8 || i == 9 ? 0 : 1, kMaxSize);
  Window2d g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  if (pool && (2 * g.ph > g.kh || 2 * g.pw > g.kw))
    throw args.range_error("padding (" + std::to_string(g.ph) + ", " + std::to_string(g.pw) +
                           ") must be at most half the kernel (" + std::to_string(g.kh) + ", " + std::to_string(g.kw) +
                           ")");
  g.oh = window2d_output(g.h, g.kh, g.sh, g.ph, g.dh);
  g.ow = window2d_output(g.w, g.kw, g.sw, g.pw, g.dw);
  if (g.oh == 0 || g.ow == 0)
    throw args.range_error("the " + pair(g.kh, g.kw) + " kernel (dilation " + pair(g.dh, g.dw) + ", extent " +
                           pair(g.dh * (g.kh - 1) + 1, g.dw * (g.kw - 1) + 1) + ") is larger than the padded input " +
                           pair(g.h + 2 * g.ph, g.w + 2 * g.pw));
  const size_t in = args.product(g.n, g.c, g.plane(), "N·C·H·W"),
               out = args.product(g.n, g.c, g.out_plane(), "N·C·H·W");
  if (in > static_cast<size_t>(kMaxSize) || out > static_cast<size_t>(kMaxSize))
    throw args.range_error("N·C·H·W = " + std::to_string(std::max(in, out)) + " exceeds " + std::to_string(kMaxSize) +
                           " elements");
  return g;
}

struct ConvArgs {
  Window2d g;
  size_t oc, x_size, w_size, y_size;
};

ConvArgs conv_args(const Args& args) {
  ConvArgs a;
  a.g = window(args, false);
  a.oc = args.integer(12, "outChannels", 1, kMaxSize);
  const size_t k = args.product(a.g.c, a.g.kh, a.g.kw, "C·kernelH·kernelW");
  a.x_size = a.g.n * a.g.c * a.g.plane();
  a.w_size = args.product(a.oc, k, "weight size");
  a.y_size = args.product(a.g.n, a.oc, a.g.out_plane(), "output size");
  if (a.w_size > static_cast<size_t>(kMaxSize) || a.y_size > static_cast<size_t>(kMaxSize) ||
      args.product(k, a.g.out_plane(), "column size") > static_cast<size_t>(kMaxSize))
    throw args.range_error("weight, column or output size exceeds 2^31 − 1 elements");
  return a;
}

void allocated(const Args& args, bool ok) {
  if (!ok) throw args.range_error("could not allocate the im2col column buffer");
}

Napi::Value ConvForward(const Napi::CallbackInfo& info) {
  Args args(info, "conv2dForward", 17);
  const ConvArgs a = conv_args(args);
  const auto x = args.f32(13, "x", a.x_size);
  const auto w = args.f32(14, "weight", a.w_size);
  const auto b = args.optional_f32(15, "bias", a.oc);
  const auto y = args.f32(16, "y", a.y_size);
  args.disjoint(y, x);
  args.disjoint(y, w);
  args.disjoint(y, b);
  allocated(args, conv2d_forward_f32(a.g, a.oc, x.data, w.data, b.data, y.data));
  return info.Env().Undefined();
}

Napi::Value ConvBackwardData(const Napi::CallbackInfo& info) {
  Args args(info, "conv2dBackwardData", 16);
  const ConvArgs a = conv_args(args);
  const auto dy = args.f32(13, "dy", a.y_size);
  const auto w = args.f32(14, "weight", a.w_size);
  const auto dx = args.f32(15, "dx", a.x_size);
  args.disjoint(dx, dy);
  args.disjoint(dx, w);
  allocated(args, conv2d_backward_data_f32(a.g, a.oc, dy.data, w.data, dx.data));
  return info.Env().Undefined();
}

Napi::Value ConvBackwardFilter(const Napi::CallbackInfo& info) {
  Args args(info, "conv2dBackwardFilter", 17);
  const ConvArgs a = conv_args(args);
  const auto x = args.f32(13, "x", a.x_size);
  const auto dy = args.f32(14, "dy", a.y_size);
  const auto dw = args.f32(15, "dweight", a.w_size);
  const auto db = args.optional_f32(16, "dbias", a.oc);
  for (const auto* in : {&x, &dy}) {
    args.disjoint(dw, *in);
    args.disjoint(db, *in);
  }
  args.disjoint(db, dw);
  allocated(args, conv2d_backward_filter_f32(a.g, a.oc, x.data, dy.data, dw.data, db.data));
  return info.Env().Undefined();
}

Napi::Value MaxPoolForward(const Napi::CallbackInfo& info) {
  Args args(info, "maxPool2dForward", 13);
  const Window2d g = window(args, true);
  const auto x = args.f32(10, "x", g.n * g.c * g.plane());
  const auto y = args.f32(11, "y", g.n * g.c * g.out_plane());
  const auto argmax = args.i32(12, "argmax", g.n * g.c * g.out_plane());
  args.disjoint(y, x);
  args.disjoint(argmax, x);
  args.disjoint(argmax, y);
  max_pool2d_forward_f32(g, x.data, y.data, argmax.data);
  return info.Env().Undefined();
}

Napi::Value MaxPoolBackward(const Napi::CallbackInfo& info) {
  Args args(info, "maxPool2dBackward", 13);
  const Window2d g = window(args, true);
  const size_t outs = g.n * g.c * g.out_plane();
  const auto dy = args.f32(10, "dy", outs);
  const int32_t* argmax = args.indices(11, "argmax", outs, g.plane(), "H·W");
  const auto dx = args.f32(12, "dx", g.n * g.c * g.plane());
  args.disjoint(dx, dy);
  max_pool2d_backward_f32(g, dy.data, argmax, dx.data);
  return info.Env().Undefined();
}

Napi::Value AvgPoolForward(const Napi::CallbackInfo& info) {
  Args args(info, "avgPool2dForward", 12);
  const Window2d g = window(args, true);
  const auto x = args.f32(10, "x", g.n * g.c * g.plane());
  const auto y = args.f32(11, "y", g.n * g.c * g.out_plane());
  args.disjoint(y, x);
  avg_pool2d_forward_f32(g, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value AvgPoolBackward(const Napi::CallbackInfo& info) {
  Args args(info, "avgPool2dBackward", 12);
  const Window2d g = window(args, true);
  const auto dy = args.f32(10, "dy", g.n * g.c * g.out_plane());
  const auto dx = args.f32(11, "dx", g.n * g.c * g.plane());
  args.disjoint(dx, dy);
  avg_pool2d_backward_f32(g, dy.data, dx.data);
  return info.Env().Undefined();
}

}  // namespace

void register_window2d(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2dForward", Napi::Function::New(env, ConvForward, "conv2dForward"));
  exports.Set("conv2dBackwardData", Napi::Function::New(env, ConvBackwardData, "conv2dBackwardData"));
  exports.Set("conv2dBackwardFilter", Napi::Function::New(env, ConvBackwardFilter, "conv2dBackwardFilter"));
  exports.Set("maxPool2dForward", Napi::Function::New(env, MaxPoolForward, "maxPool2dForward"));
  exports.Set("maxPool2dBackward", Napi::Function::New(env, MaxPoolBackward, "maxPool2dBackward"));
  exports.Set("avgPool2dForward", Napi::Function::New(env, AvgPoolForward, "avgPool2dForward"));
  exports.Set("avgPool2dBackward", Napi::Function::New(env, AvgPoolBackward, "avgPool2dBackward"));
}

}  // namespace nnkit::binding
