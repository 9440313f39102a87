// One registration function per kernel family; addon.cc calls them all.
#pragma once
#include <napi.h>

namespace nnkit::binding {

void register_gemm(Napi::Env env, Napi::Object exports);
void register_activations(Napi::Env env, Napi::Object exports);
void register_batchnorm(Napi::Env env, Napi::Object exports);
void register_softmax(Napi::Env env, Napi::Object exports);
void register_elementwise(Napi::Env env, Napi::Object exports);
void register_linear(Napi::Env env, Napi::Object exports);
void register_window2d(Napi::Env env, Napi::Object exports);

}  // namespace nnkit::binding
