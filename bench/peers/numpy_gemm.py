#!/usr/bin/env python3
"""Peer for bench/gemm.js: OpenBLAS sgemm through numpy (Debian python3-numpy), float32, row-major.

    OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/numpy_gemm.py \
        [--shapes 128x512x784,128x784x512,...] [--seconds S] [--clock wall|cpu]

Each shape MxNxK times C = A·B with A [M, K], B [K, N] (out= reuses C: no allocation in the loop), after a warm-up,
A suffix :tn, :nt or :tt stores A (t first) or B (t second) transposed, [K, M] or [N, K], and multiplies a
transposed view, which numpy hands to sgemm as a transpose flag (no copy): 128x512x784:nt is X·Wᵀ.
for about `seconds`; GFLOP/s = 2·M·N·K·calls / elapsed / 1e9. --clock cpu measures elapsed as this process's CPU
time (time.process_time, all threads): meant for one thread on a shared machine. Prints one JSON line:
{ runner, version, blas: {core, threads}, results: [{ shape, gflops, calls, seconds }] }.
"""
import argparse
import ctypes
import json
import time

import numpy as np

# The MLP's training shapes at batch 128 (forward X·Wᵀ, dX = dY·W, dW = dYᵀ·X for each layer) and a square one.
DEFAULT = '128x512x784,128x784x512,512x784x128,128x256x512,128x512x256,256x512x128,128x10x256,512x512x512'


def blas_info():
    try:
        lib = ctypes.CDLL('libblas.so.3')
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return {'core': lib.openblas_get_corename().decode(), 'threads': lib.openblas_get_num_threads()}
    except (OSError, AttributeError):
        return {'core': 'unknown'}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--shapes', default=DEFAULT)
    p.add_argument('--seconds', type=float, default=0.5)
    p.add_argument('--clock', choices=['wall', 'cpu'], default='wall')
    a = p.parse_args()
    rng = np.random.default_rng(1)
    results = []
    for shape in a.shapes.split(','):
        dims, _, trans = shape.partition(':')
        m, n, k = (int(v) for v in dims.split('x'))
        ta, tb = trans[:1] == 't', trans[1:2] == 't'
        A = rng.standard_normal((k, m), dtype=np.float32).T if ta else rng.standard_normal((m, k), dtype=np.float32)
        B = rng.standard_normal((n, k), dtype=np.float32).T if tb else rng.standard_normal((k, n), dtype=np.float32)
        C = np.empty((m, n), dtype=np.float32)
        for _ in range(3):
            np.matmul(A, B, out=C)
        clock = time.process_time if a.clock == 'cpu' else time.perf_counter
        calls, t0 = 0, clock()
        while calls < 3 or clock() - t0 < a.seconds:
            np.matmul(A, B, out=C)
            calls += 1
        elapsed = clock() - t0
        results.append({'shape': shape, 'gflops': 2 * m * n * k * calls / elapsed / 1e9, 'calls': calls,
                        'seconds': elapsed})
    print(json.dumps({'runner': 'numpy-openblas', 'version': np.__version__, 'blas': blas_info(), 'results': results}))


if __name__ == '__main__':
    main()
