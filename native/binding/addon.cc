// Module init: registers the exports of each kernel family and `info()`. Nothing else happens here.
// Node-API addons are context-aware: this runs once per worker_thread that requires the module, and all
// process-wide state (SIMD level, thread pool) lives behind thread-safe statics in simd/ and runtime/.
#include <napi.h>

#include "../kernels/gemm.h"
#include "../runtime/thread_pool.h"
#include "../simd/cpu.h"
#include "exports.h"

#ifndef NNKIT_VERSION
#define NNKIT_VERSION "0.0.0"
#endif

namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("simd", nnkit::simd_level_name(nnkit::simd_level()));
  out.Set("bf16", nnkit::cpu_has_bf16());
  out.Set("panel", static_cast<double>(nnkit::gemm_f32_panel_width()));
  out.Set("threads", static_cast<double>(nnkit::thread_count()));
  out.Set("version", NNKIT_VERSION);
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  nnkit::binding::register_gemm(env, exports);
  nnkit::binding::register_activations(env, exports);
  nnkit::binding::register_batchnorm(env, exports);
  nnkit::binding::register_softmax(env, exports);
  nnkit::binding::register_elementwise(env, exports);
  nnkit::binding::register_linear(env, exports);
  nnkit::binding::register_window2d(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(nnkit, Init)
