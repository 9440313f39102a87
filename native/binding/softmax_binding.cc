// softmax(N, C, z, p), softmaxCrossEntropy(N, C, z, labels, dlogits | null) → mean loss.
#include "../kernels/softmax.h"
#include "args.h"
#include "exports.h"

namespace nnkit::binding {
namespace {

Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Args args(info, "softmax", 4);
  const size_t n = args.size(0, "N");
  const size_t c = static_cast<size_t>(args.integer(1, "C", 1, 2147483647));
  const size_t total = args.product(n, c, "N·C");
  const auto z = args.f32(2, "z", total);
  const auto p = args.f32(3, "p", total);
  args.same_or_disjoint(p, z);
  softmax_f32(n, c, z.data, p.data);
  return info.Env().Undefined();
}

Napi::Value SoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  Args args(info, "softmaxCrossEntropy", 5);
  const size_t n = static_cast<size_t>(args.integer(0, "N", 1, 2147483647));
  const size_t c = static_cast<size_t>(args.integer(1, "C", 1, 2147483647));
  const size_t total = args.product(n, c, "N·C");
  const auto z = args.f32(2, "z", total);
  const int32_t* labels = args.indices(3, "labels", n, c, "C");  // class indices, copied once
  const auto dlogits = args.optional_f32(4, "dlogits", total);
  args.disjoint(dlogits, z);
  return Napi::Number::New(info.Env(), softmax_cross_entropy_f32(n, c, z.data, labels, dlogits.data));
}

}  // namespace

void register_softmax(Napi::Env env, Napi::Object exports) {
  exports.Set("softmax", Napi::Function::New(env, Softmax, "softmax"));
  exports.Set("softmaxCrossEntropy", Napi::Function::New(env, SoftmaxCrossEntropy, "softmaxCrossEntropy"));
}

}  // namespace nnkit::binding
