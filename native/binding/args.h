// Argument checking for every native export. Each check throws a JavaScript TypeError or RangeError whose
// message names the function, the argument and what was expected; kernels only ever see validated input.
// Errors are Napi::Error C++ exceptions (NAPI_CPP_EXCEPTIONS), which node-addon-api turns into JS exceptions
// at the boundary: none reaches Node as a C++ exception.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nnkit::binding {

// A checked typed-array argument: its data pointer and element count, and its byte range for overlap checks.
template <typename T>
struct ArrayArg {
  T* data = nullptr;
  size_t length = 0;
  const char* name = "";
  uintptr_t begin() const { return reinterpret_cast<uintptr_t>(data); }
  uintptr_t end() const { return begin() + length * sizeof(T); }
};

class Args {
 public:
  // Checks the argument count.
  Args(const Napi::CallbackInfo& info, const char* function, size_t count);

  Napi::Env env() const { return info_.Env(); }
  // A whole number in [0, 2^31 − 1].
  size_t size(size_t i, const char* name) const;
  // A whole number in [lo, hi].
  int64_t integer(size_t i, const char* name, int64_t lo, int64_t hi) const;
  // A finite number.
  float number(size_t i, const char* name) const;
  bool boolean(size_t i, const char* name) const;
  // A Float32Array with at least `needed` elements (a detached buffer counts as length 0).
  ArrayArg<float> f32(size_t i, const char* name, size_t needed) const;
  // Same, but `null` and `undefined` give an empty ArrayArg with data == nullptr.
  ArrayArg<float> optional_f32(size_t i, const char* name, size_t needed) const;
  ArrayArg<int32_t> i32(size_t i, const char* name, size_t needed) const;
  ArrayArg<uint16_t> u16(size_t i, const char* name, size_t needed) const;  // bf16 values
  // A Float32Array, or a Uint16Array of bf16 bits (the upper halves of fp32 values), with at least `needed`
  // elements: `bits` tells which of f32 / u16 holds it.
  struct F32OrBf16 {
    ArrayArg<float> f32;
    ArrayArg<uint16_t> u16;
    bool bits = false;
  };
  F32OrBf16 f32_or_bf16(size_t i, const char* name, size_t needed) const;
  // An Int32Array of `needed` indices, each in [0, limit), copied out in one read of each element. Kernels that
  // index with it get the copy: a SharedArrayBuffer that another thread rewrites after the check cannot steer a
  // read or write out of bounds (never validate JS memory and then let a kernel read it again). The copy lives in a
  // buffer of this thread, reused by every call (a training step copies megabytes of pooling argmax: no allocation
  // per step); it is valid until the next indices() call on this thread, so one binding takes at most one.
  const int32_t* indices(size_t i, const char* name, size_t needed, size_t limit, const char* bound) const;

  // Outputs must not share memory with the given other array.
  template <typename A, typename B>
  void disjoint(const ArrayArg<A>& out, const ArrayArg<B>& other) const {
    if (out.length == 0 || other.length == 0) return;
    if (out.begin() < other.end() && other.begin() < out.end())
      throw range_error(std::string(out.name) + " must not overlap " + other.name);
  }
  // In-place use is allowed (the same memory exactly); a partial overlap is not.
  template <typename A, typename B>
  void same_or_disjoint(const ArrayArg<A>& out, const ArrayArg<B>& other) const {
    if (out.begin() == other.begin() && out.length == other.length) return;
    disjoint(out, other);
  }
  // a·b (·c), or a RangeError naming `what` when the product exceeds 2^53.
  size_t product(size_t a, size_t b, const char* what) const;
  size_t product(size_t a, size_t b, size_t c, const char* what) const;

  Napi::Error type_error(const std::string& message) const;
  Napi::Error range_error(const std::string& message) const;

 private:
  // A typed array of element type T (napi `type`, described as `what` in errors) with at least `needed` elements.
  template <typename T>
  ArrayArg<T> typed(size_t i, const char* name, size_t needed, napi_typedarray_type type, const char* what) const;

  const Napi::CallbackInfo& info_;
  const char* function_;
};

// Elements a row-major [rows, cols] matrix with leading dimension ld needs: (rows−1)·ld + cols, or 0 if empty.
size_t matrix_extent(const Args& args, size_t rows, size_t cols, size_t ld, const char* what);

}  // namespace nnkit::binding
