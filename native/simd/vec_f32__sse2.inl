// VecF32 on SSE2 (the x86-64 baseline): 4 floats in an __m128, masks as all-ones/all-zeros lanes. Same
// semantics as vec_f32__scalar.inl (which documents them). No FMA: fmadd is a multiply then an add.
struct VecF32 {
  using T = __m128;
  using M = __m128;
  static constexpr size_t lanes = 4;
  static T load(const float* p) { return _mm_loadu_ps(p); }
  static T load_tail(const float* p, size_t n, float fill) {
    float buf[4] = {fill, fill, fill, fill};
    for (size_t i = 0; i < n; ++i) buf[i] = p[i];
    return _mm_loadu_ps(buf);
  }
  static void store(float* p, T v) { _mm_storeu_ps(p, v); }
  static void store_tail(float* p, T v, size_t n) {
    float buf[4];
    _mm_storeu_ps(buf, v);
    for (size_t i = 0; i < n; ++i) p[i] = buf[i];
  }
  static T set1(float v) { return _mm_set1_ps(v); }
  static T add(T a, T b) { return _mm_add_ps(a, b); }
  static T sub(T a, T b) { return _mm_sub_ps(a, b); }
  static T mul(T a, T b) { return _mm_mul_ps(a, b); }
  static T div(T a, T b) { return _mm_div_ps(a, b); }
  static T sqrt(T a) { return _mm_sqrt_ps(a); }
  static T fmadd(T a, T b, T c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
  static T fnmadd(T a, T b, T c) { return _mm_sub_ps(c, _mm_mul_ps(a, b)); }
  static T max(T a, T b) { return _mm_max_ps(a, b); }
  static T min(T a, T b) { return _mm_min_ps(a, b); }
  static M lt(T a, T b) { return _mm_cmplt_ps(a, b); }
  static M gt(T a, T b) { return _mm_cmpgt_ps(a, b); }
  static T select(M m, T a, T b) { return _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b)); }
  static T abs(T a) { return _mm_andnot_ps(_mm_set1_ps(-0.0f), a); }
  static T copysign(T mag, T sign) {
    const T s = _mm_set1_ps(-0.0f);
    return _mm_or_ps(_mm_andnot_ps(s, mag), _mm_and_ps(s, sign));
  }
  static T ldexp(T p, T n) {
    const __m128i ni = _mm_cvtps_epi32(n), n1 = _mm_srai_epi32(ni, 1), n2 = _mm_sub_epi32(ni, n1);
    return _mm_mul_ps(_mm_mul_ps(p, pow2(n1)), pow2(n2));
  }
  static float sum(T a) {
    const T b = _mm_add_ps(a, _mm_movehl_ps(a, a));
    return _mm_cvtss_f32(_mm_add_ss(b, _mm_shuffle_ps(b, b, 1)));
  }
  static float hmax(T a) {
    const T b = _mm_max_ps(a, _mm_movehl_ps(a, a));
    return _mm_cvtss_f32(_mm_max_ss(b, _mm_shuffle_ps(b, b, 1)));
  }

 private:
  static T pow2(__m128i k) { return _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(k, _mm_set1_epi32(127)), 23)); }
};
