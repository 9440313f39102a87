// VecF32 for the scalar variant: one float per "vector". Included by f32_ukernels__scalar.cc inside an anonymous
// namespace; the generic kernels (f32_ukernels.inl) are written against this interface. Semantics every VecF32
// shares: max(a, b) = a > b ? a : b and min(a, b) = a < b ? a : b (so with a NaN the second operand wins, as the
// x86 MAXPS/MINPS instructions do); fmadd(a, b, c) = a·b + c; ldexp(p, n) = p·2^n for integer-valued n in
// [−150, 128]; load_tail/store_tail touch only the first n < lanes floats (load_tail fills the rest with `fill`).
struct VecF32 {
  using T = float;
  using M = bool;
  static constexpr size_t lanes = 1;
  static T load(const float* p) { return *p; }
  static T load_tail(const float* p, size_t n, float fill) { return n > 0 ? *p : fill; }
  static void store(float* p, T v) { *p = v; }
  static void store_tail(float* p, T v, size_t n) {
    if (n > 0) *p = v;
  }
  static T set1(float v) { return v; }
  static T add(T a, T b) { return a + b; }
  static T sub(T a, T b) { return a - b; }
  static T mul(T a, T b) { return a * b; }
  static T div(T a, T b) { return a / b; }
  static T sqrt(T a) { return __builtin_sqrtf(a); }
  static T fmadd(T a, T b, T c) { return a * b + c; }
  static T fnmadd(T a, T b, T c) { return c - a * b; }
  static T max(T a, T b) { return a > b ? a : b; }
  static T min(T a, T b) { return a < b ? a : b; }
  static M lt(T a, T b) { return a < b; }
  static M gt(T a, T b) { return a > b; }
  static T select(M m, T a, T b) { return m ? a : b; }
  static T abs(T a) { return bits_to_float(float_to_bits(a) & 0x7fffffffu); }
  static T copysign(T mag, T sign) {
    return bits_to_float((float_to_bits(mag) & 0x7fffffffu) | (float_to_bits(sign) & 0x80000000u));
  }
  static T ldexp(T p, T n) {
    if (n != n) return p + n;
    const int32_t ni = static_cast<int32_t>(n), n1 = ni >> 1, n2 = ni - n1;  // each half keeps 2^k normal
    return p * pow2(n1) * pow2(n2);
  }
  static float sum(T a) { return a; }
  static float hmax(T a) { return a; }

 private:
  static uint32_t float_to_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
  }
  static float bits_to_float(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
  }
  static float pow2(int32_t k) { return bits_to_float(static_cast<uint32_t>(k + 127) << 23); }
};
