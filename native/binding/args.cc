#include "args.h"

#include <cmath>

namespace nnkit::binding {
namespace {

constexpr double kMaxSize = 2147483647.0;           // 2^31 − 1: every index fits int32 and every product of two fits
constexpr double kMaxProduct = 9007199254740992.0;  // 2^53

std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsNumber()) return "number " + v.ToString().Utf8Value();
  if (v.IsBoolean()) return "boolean";
  if (v.IsString()) return "string";
  if (v.IsTypedArray()) {
    switch (v.As<Napi::TypedArray>().TypedArrayType()) {
      case napi_float32_array: return "Float32Array";
      case napi_float64_array: return "Float64Array";
      case napi_int32_array: return "Int32Array";
      case napi_uint16_array: return "Uint16Array";
      case napi_uint8_array: return "Uint8Array";
      default: return "another typed array";
    }
  }
  if (v.IsArray()) return "Array";
  if (v.IsArrayBuffer()) return "ArrayBuffer";
  if (v.IsFunction()) return "function";
  return "object";
}

}  // namespace

Args::Args(const Napi::CallbackInfo& info, const char* function, size_t count) : info_(info), function_(function) {
  if (info.Length() != count)
    throw type_error("expected " + std::to_string(count) + " arguments, got " + std::to_string(info.Length()));
}

Napi::Error Args::type_error(const std::string& message) const {
  return Napi::TypeError::New(info_.Env(), std::string(function_) + ": " + message);
}

Napi::Error Args::range_error(const std::string& message) const {
  return Napi::RangeError::New(info_.Env(), std::string(function_) + ": " + message);
}

size_t Args::size(size_t i, const char* name) const {
  return static_cast<size_t>(integer(i, name, 0, static_cast<int64_t>(kMaxSize)));
}

int64_t Args::integer(size_t i, const char* name, int64_t lo, int64_t hi) const {
  const Napi::Value v = info_[i];
  if (!v.IsNumber()) throw type_error(std::string(name) + " must be a number, got " + describe(v));
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
    throw range_error(std::string(name) + " must be a whole number in [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "], got " + v.ToString().Utf8Value());
  return static_cast<int64_t>(d);
}

float Args::number(size_t i, const char* name) const {
  const Napi::Value v = info_[i];
  if (!v.IsNumber()) throw type_error(std::string(name) + " must be a number, got " + describe(v));
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::fabs(d) > 3.4028234663852886e38)
    throw range_error(std::string(name) + " must be a finite float32 number, got " + v.ToString().Utf8Value());
  return static_cast<float>(d);
}

bool Args::boolean(size_t i, const char* name) const {
  const Napi::Value v = info_[i];
  if (!v.IsBoolean()) throw type_error(std::string(name) + " must be a boolean, got " + describe(v));
  return v.As<Napi::Boolean>().Value();
}

template <typename T>
ArrayArg<T> Args::typed(size_t i, const char* name, size_t needed, napi_typedarray_type type, const char* what) const {
  const Napi::Value v = info_[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    throw type_error(std::string(name) + " must be " + what + ", got " + describe(v));
  Napi::TypedArrayOf<T> a = v.As<Napi::TypedArrayOf<T>>();
  ArrayArg<T> out;
  out.name = name;
  out.length = a.ElementLength();
  out.data = out.length == 0 ? nullptr : a.Data();  // a detached buffer reports length 0
  if (out.length < needed)
    throw range_error(std::string(name) + " needs at least " + std::to_string(needed) + " elements, has " +
                      std::to_string(out.length));
  return out;
}

ArrayArg<float> Args::f32(size_t i, const char* name, size_t needed) const {
  return typed<float>(i, name, needed, napi_float32_array, "a Float32Array");
}

ArrayArg<float> Args::optional_f32(size_t i, const char* name, size_t needed) const {
  const Napi::Value v = info_[i];
  if (v.IsNull() || v.IsUndefined()) {
    ArrayArg<float> none;
    none.name = name;
    return none;
  }
  return f32(i, name, needed);
}

ArrayArg<int32_t> Args::i32(size_t i, const char* name, size_t needed) const {
  return typed<int32_t>(i, name, needed, napi_int32_array, "an Int32Array");
}

ArrayArg<uint16_t> Args::u16(size_t i, const char* name, size_t needed) const {
  return typed<uint16_t>(i, name, needed, napi_uint16_array, "a Uint16Array");
}

Args::F32OrBf16 Args::f32_or_bf16(size_t i, const char* name, size_t needed) const {
  const Napi::Value v = info_[i];
  const napi_typedarray_type type = v.IsTypedArray() ? v.As<Napi::TypedArray>().TypedArrayType() : napi_int8_array;
  F32OrBf16 out;
  if (type == napi_float32_array) {
    out.f32 = f32(i, name, needed);
    return out;
  }
  if (!v.IsTypedArray() || type != napi_uint16_array)
    throw type_error(std::string(name) + " must be a Float32Array or a Uint16Array of bf16 bits, got " + describe(v));
  out.bits = true;
  out.u16 = u16(i, name, needed);
  return out;
}

const int32_t* Args::indices(size_t i, const char* name, size_t needed, size_t limit, const char* bound) const {
  const ArrayArg<int32_t> source = i32(i, name, needed);
  thread_local std::vector<int32_t> copy;
  if (copy.size() < needed) copy.resize(needed);
  for (size_t j = 0; j < needed; ++j) {
    const int32_t v = source.data[j];  // the one read of JS memory; the checks and the kernel use the copy
    if (v < 0 || static_cast<size_t>(v) >= limit)
      throw range_error(std::string(name) + "[" + std::to_string(j) + "] = " + std::to_string(v) + " is outside [0, " +
                        bound + " = " + std::to_string(limit) + ")");
    copy[j] = v;
  }
  return copy.data();
}

size_t Args::product(size_t a, size_t b, const char* what) const {
  if (static_cast<double>(a) * static_cast<double>(b) > kMaxProduct)
    throw range_error(std::string(what) + " is too large");
  return a * b;
}

size_t Args::product(size_t a, size_t b, size_t c, const char* what) const {
  return product(product(a, b, what), c, what);
}

size_t matrix_extent(const Args& args, size_t rows, size_t cols, size_t ld, const char* what) {
  if (rows == 0 || cols == 0) return 0;
  return args.product(rows - 1, ld, what) + cols;
}

}  // namespace nnkit::binding
