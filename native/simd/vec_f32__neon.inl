// VecF32 on AArch64 NEON (the ARMv8 baseline): 4 floats in a float32x4_t, masks as all-ones/all-zeros lanes in a
// uint32x4_t. Same semantics as vec_f32__scalar.inl (which documents them): max/min are written as compare-and-
// select, because NEON's FMAX/FMIN return NaN when either operand is NaN, not the second operand.
struct VecF32 {
  using T = float32x4_t;
  using M = uint32x4_t;
  static constexpr size_t lanes = 4;
  static T load(const float* p) { return vld1q_f32(p); }
  static T load_tail(const float* p, size_t n, float fill) {
    float buf[4] = {fill, fill, fill, fill};
    for (size_t i = 0; i < n; ++i) buf[i] = p[i];
    return vld1q_f32(buf);
  }
  static void store(float* p, T v) { vst1q_f32(p, v); }
  static void store_tail(float* p, T v, size_t n) {
    float buf[4];
    vst1q_f32(buf, v);
    for (size_t i = 0; i < n; ++i) p[i] = buf[i];
  }
  static T set1(float v) { return vdupq_n_f32(v); }
  static T add(T a, T b) { return vaddq_f32(a, b); }
  static T sub(T a, T b) { return vsubq_f32(a, b); }
  static T mul(T a, T b) { return vmulq_f32(a, b); }
  static T div(T a, T b) { return vdivq_f32(a, b); }
  static T sqrt(T a) { return vsqrtq_f32(a); }
  static T fmadd(T a, T b, T c) { return vfmaq_f32(c, a, b); }
  static T fnmadd(T a, T b, T c) { return vfmsq_f32(c, a, b); }
  static T max(T a, T b) { return vbslq_f32(vcgtq_f32(a, b), a, b); }
  static T min(T a, T b) { return vbslq_f32(vcltq_f32(a, b), a, b); }
  static M lt(T a, T b) { return vcltq_f32(a, b); }
  static M gt(T a, T b) { return vcgtq_f32(a, b); }
  static T select(M m, T a, T b) { return vbslq_f32(m, a, b); }
  static T abs(T a) { return vabsq_f32(a); }
  static T copysign(T mag, T sign) { return vbslq_f32(vdupq_n_u32(0x80000000u), sign, mag); }
  static T ldexp(T p, T n) {
    const int32x4_t ni = vcvtnq_s32_f32(n), n1 = vshrq_n_s32(ni, 1), n2 = vsubq_s32(ni, n1);
    const T r = vmulq_f32(vmulq_f32(p, pow2(n1)), pow2(n2));
    return vbslq_f32(vceqq_f32(n, n), r, vaddq_f32(p, n));  // NaN n: p + n (NaN), as the scalar variant
  }
  static float sum(T a) { return vaddvq_f32(a); }
  static float hmax(T a) {  // in the order and with the NaN rule of the SSE2 variant
    const T b = max(a, vcombine_f32(vget_high_f32(a), vget_high_f32(a)));
    return vgetq_lane_f32(max(b, vdupq_laneq_f32(b, 1)), 0);
  }

 private:
  static T pow2(int32x4_t k) { return vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(k, vdupq_n_s32(127)), 23)); }
};
