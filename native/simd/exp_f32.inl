// Vectorized e^x and e^x − 1 over a VecF32 (included inside each ISA's region and anonymous namespace).
//
// Method (Cephes expf, S. L. Moshier): x = n·ln2 + r with n = round(x·log2 e), |r| ≤ ln2/2, ln2 split in two
// (Cody–Waite) so n·ln2_hi is exact; e^r = 1 + r + r²·q(r), q a degree-5 minimax polynomial; e^x = e^r·2^n, the
// scaling done in two exact halves (VecF32::ldexp) so results down to the subnormal range and the overflow to +inf
// come out right. x is clamped to [−104, 89] first: below, e^x < 2^−150 rounds to 0; above, e^x is +inf.
//
// Accuracy against double-precision exp, over every 61st float bit pattern in [−104, 89] (35 M values), the same
// on all four variants: max relative error 8.3e−8 (0.7 ulp) wherever e^x is a normal float; below 2^−126 the
// absolute error is ≤ 1.1e−45 (one subnormal step). test/backend/exp.test.ts asserts 1e−7 on a dense grid.
// exp(+inf) = +inf, exp(x > 88.72) = +inf, exp(−inf) = 0, exp(NaN) = NaN. Derived kernels, same measurement:
// sigmoid 1.9e−7, tanh 2.3e−7, expm1 (ELU, x < 0) 1.4e−7 max relative error (for |x| < ln2/2 expm1 is
// r + r²·q(r) directly, so there is no cancellation near 0).

template <class V>
struct ExpParts {
  typename V::T n, r, q;  // x = n·ln2 + r, e^r = 1 + r + r²·q
};

template <class V>
inline ExpParts<V> exp_parts(typename V::T x) {
  using T = typename V::T;
  // max(−104, x) then min(89, ·): a NaN x is the second operand both times, so it passes through.
  x = V::min(V::set1(89.0f), V::max(V::set1(-104.0f), x));
  const T magic = V::set1(12582912.0f);  // 1.5·2^23: adding and subtracting it rounds to an integer
  const T n = V::sub(V::fmadd(x, V::set1(1.44269504088896341f), magic), magic);
  T r = V::fnmadd(n, V::set1(0.693359375f), x);   // ln2_hi: 9 significant bits, n·ln2_hi is exact
  r = V::fnmadd(n, V::set1(-2.12194440e-4f), r);  // ln2_lo = ln2 − ln2_hi
  T q = V::set1(1.9875691500e-4f);
  q = V::fmadd(q, r, V::set1(1.3981999507e-3f));
  q = V::fmadd(q, r, V::set1(8.3334519073e-3f));
  q = V::fmadd(q, r, V::set1(4.1665795894e-2f));
  q = V::fmadd(q, r, V::set1(1.6666665459e-1f));
  q = V::fmadd(q, r, V::set1(5.0000001201e-1f));
  return {n, r, q};
}

// e^x
template <class V>
inline typename V::T exp_f32(typename V::T x) {
  const ExpParts<V> e = exp_parts<V>(x);
  const typename V::T er = V::add(V::fmadd(V::mul(e.r, e.r), e.q, e.r), V::set1(1.0f));
  return V::ldexp(er, e.n);
}

// e^x − 1
template <class V>
inline typename V::T expm1_f32(typename V::T x) {
  using T = typename V::T;
  const ExpParts<V> e = exp_parts<V>(x);
  const T small = V::fmadd(V::mul(e.r, e.r), e.q, e.r);  // e^r − 1, exact form when n = 0 (r = x)
  const T big = V::sub(V::ldexp(V::add(small, V::set1(1.0f)), e.n), V::set1(1.0f));
  return V::select(V::lt(V::abs(e.n), V::set1(0.5f)), small, big);
}
