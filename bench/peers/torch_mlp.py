#!/usr/bin/env python3
"""Peer: PyTorch (Debian python3-torch 1.13, CPU) training the recipe's MLP (bench/peers/recipe.json).

    /usr/bin/python3 bench/peers/torch_mlp.py --threads 1|2 [--seconds S] [--max-steps N] [--coretype SkylakeX]

With --threads N it runs every split of torch intra-op threads t and OpenBLAS threads b with t, b in 1..N, each in
a fresh process (OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS when it loads), and prints one JSON line
with each split and the best one: `train` from the split with the highest training samples/s, `infer` the highest
inference samples/s of any split (the best each could get). OPENBLAS_CORETYPE=SkylakeX is the default because
the Debian OpenBLAS otherwise picks a slower kernel on this CPU; --coretype '' keeps its own choice.
--torch-threads T --blas-threads B runs one split in this process (what the parent spawns).
--profile STEPS prints where one split's training step spends its time (torch.profiler, self CPU time per kernel
family: gemm, batchnorm, activations, softmax + loss, optimizer, other ops); bench/profile-step.js shows it beside nnkit.

Model: Linear(784,512,no bias) BatchNorm1d ReLU Linear(512,256,no bias) BatchNorm1d ReLU Linear(256,10), He (kaiming_normal_)
init, F.cross_entropy, torch.optim.SGD(lr, momentum, weight_decay). Same timing protocol as measure.js.
glibc is told to keep freed memory (keep_freed_heap), as a tuned PyTorch deployment would.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, 'recipe.json')) as f:
    RECIPE = json.load(f)


def find_fashion_mnist():
    candidates = [os.path.join(os.environ['NNKIT_DATA'], 'fashion-mnist') if os.environ.get('NNKIT_DATA') else None,
                  os.environ.get('NNKIT_DATA'),
                  os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'fashion-mnist'),
                  '/usr/share/dataset-fashion-mnist', '/usr/share/datasets/fashion-mnist']
    for d in candidates:
        if d and os.path.exists(os.path.join(d, 'train-images-idx3-ubyte.gz')):
            return d
    raise SystemExit('torch_mlp: Fashion-MNIST not found (set NNKIT_DATA)')


def load_fashion_mnist(limit):
    """x [N, 784] float32 standardized per pixel over these rows (from [0, 1]; std < 1e-8 → 1), as
    fashion-mnist.js feeds the other runners; y [N] int64. IDX: big-endian header, then unsigned bytes."""
    import numpy as np
    d = find_fashion_mnist()
    with gzip.open(os.path.join(d, 'train-images-idx3-ubyte.gz')) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(os.path.join(d, 'train-labels-idx1-ubyte.gz')) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    x = images[:limit].astype(np.float64) / 255
    std = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(std < 1e-8, 1, std)
    return x.astype(np.float32), labels[:limit].astype(np.int64)


def measure(step, seconds, max_steps):
    """Warm up, then time steps until `seconds` or `max_steps`, never fewer than minSteps (as measure.js)."""
    t0 = time.perf_counter()
    for i in range(RECIPE['warmupSteps']):
        step(i)
        if time.perf_counter() - t0 > RECIPE['warmupSeconds']:
            break
    steps, elapsed = 0, 0.0
    t0 = time.perf_counter()
    while steps < RECIPE['minSteps'] or (steps < max_steps and elapsed < seconds):
        step(steps)
        steps += 1
        elapsed = time.perf_counter() - t0
    return {'steps': steps, 'seconds': elapsed, 'samplesPerSec': steps * RECIPE['batch'] / elapsed}


def blas_info():
    import ctypes
    try:
        lib = ctypes.CDLL('libblas.so.3')
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return {'blas': 'OpenBLAS', 'core': lib.openblas_get_corename().decode(),
                'blasThreads': lib.openblas_get_num_threads()}
    except (OSError, AttributeError):
        return {'blas': 'unknown'}


def build(torch_threads, autocast=None):
    """The recipe's model, optimizer and cycled batches; returns (model, train_step, infer_step, losses).
    autocast 'bf16': forward and loss under torch.cpu.amp.autocast(dtype=torch.bfloat16) (oneDNN bf16 matmuls)."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.set_num_threads(torch_threads)
    torch.manual_seed(RECIPE['seed'])
    i, h1, h2, c = RECIPE['sizes']
    bn = lambda n: nn.BatchNorm1d(n, eps=RECIPE['bnEps'], momentum=RECIPE['bnMomentum'])
    lin = lambda a, b, bias=False: nn.Linear(a, b, bias=bias)  # no bias before a BatchNorm (recipe.json)
    model = nn.Sequential(lin(i, h1), bn(h1), nn.ReLU(), lin(h1, h2), bn(h2), nn.ReLU(), lin(h2, c, True))
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    opt = torch.optim.SGD(model.parameters(), lr=RECIPE['lr'], momentum=RECIPE['momentum'],
                          weight_decay=RECIPE['weightDecay'])
    B = RECIPE['batch']
    x, y = load_fashion_mnist(min(RECIPE['trainRows'], 64 * B))
    xs = [torch.from_numpy(x[k:k + B]) for k in range(0, len(x) - B + 1, B)]
    ys = [torch.from_numpy(y[k:k + B]) for k in range(0, len(y) - B + 1, B)]
    losses = []
    import contextlib
    cast = (lambda: torch.cpu.amp.autocast(dtype=torch.bfloat16)) if autocast == 'bf16' else contextlib.nullcontext

    def train_step(k):
        with torch.autograd.profiler.record_function('recipe.optimizer'):
            opt.zero_grad(set_to_none=True)
        with cast():
            loss = F.cross_entropy(model(xs[k % len(xs)]), ys[k % len(ys)])
        loss.backward()
        with torch.autograd.profiler.record_function('recipe.optimizer'):
            opt.step()
        losses.append(loss.item())

    def infer_step(k):
        with torch.no_grad(), cast():
            model(xs[k % len(xs)])

    return model, train_step, infer_step, losses


def run_split(torch_threads, seconds, max_steps, autocast=None):
    import torch
    model, train_step, infer_step, losses = build(torch_threads, autocast)
    model.train()
    train = measure(train_step, seconds, max_steps)
    model.eval()
    infer = measure(infer_step, seconds, max_steps)
    return {'torchThreads': torch_threads, **blas_info(), 'train': train, 'infer': infer,
            'loss': {'first': losses[0], 'last': losses[-1]}, 'version': torch.__version__}


def family_of(op, in_optimizer):
    """Kernel family of an ATen op, as bench/profile-step.js groups nnkit's kernels."""
    if in_optimizer:
        return 'optimizer'
    if op in ('aten::addmm', 'aten::mm', 'aten::bmm', 'aten::matmul', 'aten::linear'):
        return 'gemm'
    if 'batch_norm' in op:
        return 'batchnorm'
    if op in ('aten::relu', 'aten::relu_', 'aten::threshold_backward', 'aten::clamp_min'):
        return 'activations'
    if 'softmax' in op or 'nll_loss' in op or 'cross_entropy' in op:
        return 'softmax'
    return 'other ops'


def profile_split(torch_threads, steps):
    """Self CPU time per kernel family over `steps` training steps under torch.profiler (which adds its own
    per-op overhead), plus the step time without the profiler."""
    import torch
    from torch.profiler import ProfilerActivity, profile
    model, train_step, _, _ = build(torch_threads)
    model.train()
    for k in range(RECIPE['warmupSteps']):
        train_step(k)
    t0 = time.perf_counter()
    for k in range(steps):
        train_step(k)
    plain_ms = (time.perf_counter() - t0) * 1000 / steps
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        t0 = time.perf_counter()
        for k in range(steps):
            train_step(k)
        step_ms = (time.perf_counter() - t0) * 1000 / steps
    families = {}
    for e in prof.events():
        if e.name.startswith('recipe.'):
            continue
        a, in_opt = e.cpu_parent, False
        while a is not None and not in_opt:
            in_opt = a.name == 'recipe.optimizer'
            a = a.cpu_parent
        f = family_of(e.name, in_opt)
        families[f] = families.get(f, 0.0) + e.self_cpu_time_total / 1000 / steps
    families['outside ops'] = max(0.0, step_ms - sum(families.values()))
    return {'config': f'torch {torch.__version__} {torch_threads}t BLAS {blas_info().get("blasThreads")}t',
            'steps': steps, 'plainMsPerStep': plain_ms, 'stepMs': step_ms, **blas_info(),
            'families': [{'family': k, 'msPerStep': v, 'share': v / step_ms} for k, v in families.items()]}


def keep_freed_heap():
    """Stop glibc from returning the heap's free top to the OS (M_TRIM_THRESHOLD, 128 KiB by default) and from
    mapping large blocks afresh (M_MMAP_THRESHOLD). PyTorch frees and re-allocates its MB-sized tensors every step,
    and with the defaults each step page-faults them in again: measured 2026-12-01 on the 2-core AMD EPYC VM,
    the MLP runner on 1 thread at 39-41k samples/s by default against 58-62k with the trim threshold raised. The
    peers get their best configuration (as OPENBLAS_CORETYPE), so this runs first in every PyTorch runner."""
    import ctypes
    try:
        libc = ctypes.CDLL('libc.so.6')
    except OSError:
        return  # not glibc: nothing to tune
    libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD: 1 GiB
    libc.mallopt(-3, 1 << 25)  # M_MMAP_THRESHOLD: 32 MiB, glibc's largest


def main():
    keep_freed_heap()
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--threads', type=int, help='try every torch/BLAS split up to this many threads; report the best')
    p.add_argument('--torch-threads', type=int)
    p.add_argument('--blas-threads', type=int)
    p.add_argument('--coretype', default='SkylakeX', help="OPENBLAS_CORETYPE ('' = OpenBLAS's own choice)")
    p.add_argument('--seconds', type=float, default=RECIPE['seconds'])
    p.add_argument('--max-steps', type=int, default=RECIPE['maxSteps'])
    p.add_argument('--autocast', choices=['bf16'], help='mixed precision: torch.cpu.amp.autocast(dtype=torch.bfloat16)')
    p.add_argument('--profile', type=int, metavar='STEPS',
                   help='profile STEPS training steps of one split (--torch-threads, default 1) instead of timing')
    a = p.parse_args()
    if a.profile:
        print(json.dumps(profile_split(a.torch_threads or 1, a.profile)), flush=True)
        return
    if a.torch_threads:
        print(json.dumps(run_split(a.torch_threads, a.seconds, a.max_steps, a.autocast)), flush=True)
        return
    n = a.threads or 1
    if n < 1:
        raise SystemExit('torch_mlp: --threads must be >= 1')
    splits = []
    for t in range(1, n + 1):
        for b in range(1, n + 1):
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(b), OMP_NUM_THREADS=str(t))
            if a.coretype:
                env['OPENBLAS_CORETYPE'] = a.coretype
            else:
                env.pop('OPENBLAS_CORETYPE', None)
            out = subprocess.run([sys.executable, __file__, '--torch-threads', str(t), '--blas-threads', str(b),
                                  '--seconds', str(a.seconds), '--max-steps', str(a.max_steps)]
                                 + (['--autocast', a.autocast] if a.autocast else []),
                                 env=env, capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit(f'torch_mlp: split torch {t} / BLAS {b} failed:\n{out.stderr}')
            splits.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f'torch_mlp: torch {t} / BLAS {b} threads: {splits[-1]["train"]["samplesPerSec"]:.0f} samples/s',
                  file=sys.stderr, flush=True)
    best = max(splits, key=lambda s: s['train']['samplesPerSec'])
    print(json.dumps({'runner': 'torch', 'library': 'PyTorch', 'version': best['version'], 'threads': n,
                      'autocast': a.autocast,
                      'coretype': a.coretype or None, 'batch': RECIPE['batch'],
                      'best': {'torchThreads': best['torchThreads'], 'blasThreads': best.get('blasThreads'),
                               'core': best.get('core')},
                      'train': best['train'], 'infer': max((s['infer'] for s in splits), key=lambda r: r['samplesPerSec']),
                      'loss': best['loss'], 'splits': splits}))


if __name__ == '__main__':
    main()
