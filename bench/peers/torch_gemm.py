#!/usr/bin/env python3
"""Peer for bench/gemm.js's bf16 rows: PyTorch's bf16 matmul (Debian python3-torch, oneDNN on AVX512_BF16 CPUs).

    /usr/bin/python3 bench/peers/torch_gemm.py --threads 1 [--shapes 1024x1024x1024,128x512x784:nt,...]
        [--seconds S] [--clock wall|cpu] [--inputs bf16|fp32]

Shapes as numpy_gemm.py (MxNxK, :tn/:nt/:tt = transposed views); A and B are bfloat16 tensors (--inputs bf16, the
default), or float32 tensors converted to bfloat16 inside every timed call (--inputs fp32: what nnkit's gemmBf16 is
handed, and what autocast does to an activation); C is written in place (out=, bf16 as torch's bf16 matmul returns). GFLOP/s = 2·M·N·K·calls / elapsed / 1e9. Prints one JSON line:
{ runner, version, threads, results: [{ shape, gflops, calls, seconds }] }.
"""
import argparse
import json
import time

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--shapes', default='1024x1024x1024')
    p.add_argument('--seconds', type=float, default=0.5)
    p.add_argument('--clock', choices=['wall', 'cpu'], default='wall')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--inputs', choices=['bf16', 'fp32'], default='bf16')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    results = []
    for shape in a.shapes.split(','):
        dims, _, trans = shape.partition(':')
        m, n, k = (int(v) for v in dims.split('x'))
        ta, tb = trans[:1] == 't', trans[1:2] == 't'
        bf = torch.bfloat16
        dt = bf if a.inputs == 'bf16' else torch.float32
        A = torch.randn(k, m, dtype=dt).t() if ta else torch.randn(m, k, dtype=dt)
        B = torch.randn(n, k, dtype=dt).t() if tb else torch.randn(k, n, dtype=dt)
        C = torch.empty(m, n, dtype=bf)

        def call():
            torch.matmul(A.to(bf), B.to(bf), out=C)  # .to is a no-op on bf16 inputs

        for _ in range(3):
            call()
        clock = time.process_time if a.clock == 'cpu' else time.perf_counter
        calls, t0 = 0, clock()
        while calls < 3 or clock() - t0 < a.seconds:
            call()
            calls += 1
        elapsed = clock() - t0
        results.append({'shape': shape, 'gflops': 2 * m * n * k * calls / elapsed / 1e9, 'calls': calls,
                        'seconds': elapsed})
    print(json.dumps({'runner': 'torch-bf16', 'version': torch.__version__, 'threads': a.threads, 'inputs': a.inputs,
                      'results': results}))


if __name__ == '__main__':
    main()
