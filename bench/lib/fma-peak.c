/* FMA peak probe for bench/lib/fma-peak.js: independent FMA chains, enough of them to hide the FMA latency on
 * every pipe, no memory traffic; each thread timed in its own CPU time, summed over threads (so the figure is the
 * machine's, not the moment's load). Prints one JSON line {"isa","threads","gflops"}. Compiled at bench time with
 * function-level target attributes (never -march=native):   cc -O2 -pthread fma-peak.c -o fma-peak
 * usage: fma-peak avx512|avx2|avx512bf16 THREADS SECONDS
 * avx512bf16: vdpbf16ps chains (2 bf16 products and 2 adds per fp32 lane, counted as 4 flops), the peak of the
 * bf16 GEMM. */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 12 independent chains × FMA latency 4 covers 2 FMA pipes with room to spare */
#define CHAINS 12

__attribute__((target("avx512f,fma"))) static double run_avx512(long iters) {
  /* named accumulators, not an array: an array would live in memory and time the loads */
  __m512 a0 = _mm512_set1_ps(0.0f), a1 = _mm512_set1_ps(1.0f), a2 = _mm512_set1_ps(2.0f), a3 = _mm512_set1_ps(3.0f);
  __m512 a4 = _mm512_set1_ps(4.0f), a5 = _mm512_set1_ps(5.0f), a6 = _mm512_set1_ps(6.0f), a7 = _mm512_set1_ps(7.0f);
  __m512 a8 = _mm512_set1_ps(8.0f), a9 = _mm512_set1_ps(9.0f), a10 = _mm512_set1_ps(10.0f), a11 = _mm512_set1_ps(11.0f);
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (long i = 0; i < iters; ++i) {
    a0 = _mm512_fmadd_ps(a0, x, y);
    a1 = _mm512_fmadd_ps(a1, x, y);
    a2 = _mm512_fmadd_ps(a2, x, y);
    a3 = _mm512_fmadd_ps(a3, x, y);
    a4 = _mm512_fmadd_ps(a4, x, y);
    a5 = _mm512_fmadd_ps(a5, x, y);
    a6 = _mm512_fmadd_ps(a6, x, y);
    a7 = _mm512_fmadd_ps(a7, x, y);
    a8 = _mm512_fmadd_ps(a8, x, y);
    a9 = _mm512_fmadd_ps(a9, x, y);
    a10 = _mm512_fmadd_ps(a10, x, y);
    a11 = _mm512_fmadd_ps(a11, x, y);
  }
  float out[16], sum = 0;
  __m512 t = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)), _mm512_add_ps(a4, a5));
  t = _mm512_add_ps(
      t, _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a6, a7), _mm512_add_ps(a8, a9)), _mm512_add_ps(a10, a11)));
  _mm512_storeu_ps(out, t);
  sum = out[0];
  return sum;
}

__attribute__((target("avx2,fma"))) static double run_avx2(long iters) {
  /* named accumulators, not an array: an array would live in memory and time the loads */
  __m256 a0 = _mm256_set1_ps(0.0f), a1 = _mm256_set1_ps(1.0f), a2 = _mm256_set1_ps(2.0f), a3 = _mm256_set1_ps(3.0f);
  __m256 a4 = _mm256_set1_ps(4.0f), a5 = _mm256_set1_ps(5.0f), a6 = _mm256_set1_ps(6.0f), a7 = _mm256_set1_ps(7.0f);
  __m256 a8 = _mm256_set1_ps(8.0f), a9 = _mm256_set1_ps(9.0f), a10 = _mm256_set1_ps(10.0f), a11 = _mm256_set1_ps(11.0f);
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (long i = 0; i < iters; ++i) {
    a0 = _mm256_fmadd_ps(a0, x, y);
    a1 = _mm256_fmadd_ps(a1, x, y);
    a2 = _mm256_fmadd_ps(a2, x, y);
    a3 = _mm256_fmadd_ps(a3, x, y);
    a4 = _mm256_fmadd_ps(a4, x, y);
    a5 = _mm256_fmadd_ps(a5, x, y);
    a6 = _mm256_fmadd_ps(a6, x, y);
    a7 = _mm256_fmadd_ps(a7, x, y);
    a8 = _mm256_fmadd_ps(a8, x, y);
    a9 = _mm256_fmadd_ps(a9, x, y);
    a10 = _mm256_fmadd_ps(a10, x, y);
    a11 = _mm256_fmadd_ps(a11, x, y);
  }
  float out[8], sum = 0;
  __m256 t = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)), _mm256_add_ps(a4, a5));
  t = _mm256_add_ps(
      t, _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a6, a7), _mm256_add_ps(a8, a9)), _mm256_add_ps(a10, a11)));
  _mm256_storeu_ps(out, t);
  sum = out[0];
  return sum;
}

/* vdpbf16ps: acc += x.bf16[2i]·y.bf16[2i] + x.bf16[2i+1]·y.bf16[2i+1] per fp32 lane. Its latency is longer than
 * the FMA's: 24 chains (measured on Zen 5: 540 GFLOP/s against 504 with 12). */
#define BF16_CHAINS 24
#define DP4(a, b, c, d)          \
  a = _mm512_dpbf16_ps(a, x, x); \
  b = _mm512_dpbf16_ps(b, x, x); \
  c = _mm512_dpbf16_ps(c, x, x); \
  d = _mm512_dpbf16_ps(d, x, x)
__attribute__((target("avx512f,avx512bf16"))) static double run_avx512bf16(long iters) {
  __m512 a0 = _mm512_set1_ps(0.0f), a1 = _mm512_set1_ps(1.0f), a2 = _mm512_set1_ps(2.0f), a3 = _mm512_set1_ps(3.0f);
  __m512 a4 = _mm512_set1_ps(4.0f), a5 = _mm512_set1_ps(5.0f), a6 = _mm512_set1_ps(6.0f), a7 = _mm512_set1_ps(7.0f);
  __m512 a8 = _mm512_set1_ps(8.0f), a9 = _mm512_set1_ps(9.0f), b0 = _mm512_set1_ps(10.0f), b1 = _mm512_set1_ps(11.0f);
  __m512 b2 = _mm512_set1_ps(12.0f), b3 = _mm512_set1_ps(13.0f), b4 = _mm512_set1_ps(14.0f), b5 = _mm512_set1_ps(15.0f);
  __m512 b6 = _mm512_set1_ps(16.0f), b7 = _mm512_set1_ps(17.0f), b8 = _mm512_set1_ps(18.0f), b9 = _mm512_set1_ps(19.0f);
  __m512 c0 = _mm512_set1_ps(20.0f), c1 = _mm512_set1_ps(21.0f), c2 = _mm512_set1_ps(22.0f), c3 = _mm512_set1_ps(23.0f);
  /* distinct starting values: identical chains would be merged into one by the compiler */
  const __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(1e-3f));
  for (long i = 0; i < iters; ++i) {
    DP4(a0, a1, a2, a3);
    DP4(a4, a5, a6, a7);
    DP4(a8, a9, b0, b1);
    DP4(b2, b3, b4, b5);
    DP4(b6, b7, b8, b9);
    DP4(c0, c1, c2, c3);
  }
  float out[16];
  __m512 t = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)), _mm512_add_ps(a4, a5));
  t = _mm512_add_ps(t, _mm512_add_ps(_mm512_add_ps(a6, a7), _mm512_add_ps(a8, a9)));
  t = _mm512_add_ps(t,
                    _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(b0, b1), _mm512_add_ps(b2, b3)), _mm512_add_ps(b4, b5)));
  t = _mm512_add_ps(t, _mm512_add_ps(_mm512_add_ps(b6, b7), _mm512_add_ps(b8, b9)));
  t = _mm512_add_ps(t, _mm512_add_ps(_mm512_add_ps(c0, c1), _mm512_add_ps(c2, c3)));
  _mm512_storeu_ps(out, t);
  return out[0];
}

enum { ISA_AVX2, ISA_AVX512, ISA_AVX512BF16 };
static int isa;
static long g_iters;
static volatile double sink;

static double thread_cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Each thread times itself in CPU time, so a loaded machine (other processes taking turns on the cores) lowers
 * how long the probe takes, not the peak it reports. */
static void* worker(void* arg) {
  double t0 = thread_cpu();
  sink += isa == ISA_AVX512BF16 ? run_avx512bf16(g_iters) : isa == ISA_AVX512 ? run_avx512(g_iters) : run_avx2(g_iters);
  *(double*)arg = thread_cpu() - t0;
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  isa = strcmp(argv[1], "avx512bf16") == 0 ? ISA_AVX512BF16 : strcmp(argv[1], "avx512") == 0 ? ISA_AVX512 : ISA_AVX2;
  int threads = atoi(argv[2]);
  const double seconds = atof(argv[3]);
  __builtin_cpu_init();
  const int supported = isa == ISA_AVX512BF16 ? __builtin_cpu_supports("avx512bf16")
                        : isa == ISA_AVX512   ? __builtin_cpu_supports("avx512f")
                                              : __builtin_cpu_supports("avx2");
  if (!supported) {
    printf("{\"isa\":\"%s\",\"threads\":%d,\"gflops\":null}\n", argv[1], threads);
    return 0;
  }
  const double flops_per_iter =
      (isa == ISA_AVX512BF16 ? BF16_CHAINS * 4.0 * 16 : CHAINS * (isa == ISA_AVX512 ? 2.0 * 16 : 2.0 * 8));
  /* calibrate on one thread, then run all threads for about `seconds` */
  g_iters = 1 << 20;
  double dt = 0;
  worker(&dt);
  g_iters = (long)(g_iters * seconds / (dt > 1e-6 ? dt : 1e-6));
  if (g_iters < 1) g_iters = 1;
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    pthread_t tid[256];
    double cpu[256];
    if (threads > 256) threads = 256;
    for (int t = 0; t < threads; ++t) pthread_create(&tid[t], NULL, worker, &cpu[t]);
    double g = 0;
    for (int t = 0; t < threads; ++t) {
      pthread_join(tid[t], NULL);
      g += flops_per_iter * g_iters / cpu[t] / 1e9;
    }
    if (g > best) best = g;
  }
  printf("{\"isa\":\"%s\",\"threads\":%d,\"gflops\":%.1f}\n", argv[1], threads, best);
  return 0;
}
