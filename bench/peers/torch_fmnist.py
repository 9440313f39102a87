#!/usr/bin/env python3
"""PyTorch reference for nnkit's Fashion-MNIST accuracy targets (Debian python3-torch 1.13, CPU).

    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/peers/torch_fmnist.py --epochs 5 --seeds 0,1,2 \
        [--schedule constant|cosine] [--threads 2] [--model mlp|cnn]

The recipe nnkit's `nnkit train --data fashion-mnist` runs by default:
  784-512-256-10 MLP: Linear (no bias) → BatchNorm1d → ReLU (×2) → Linear; He init (kaiming_normal_, fan_in) on the hidden
  layers, N(0, 1/fan_in) ("xavier", the lecture's form) on the output layer, zero biases;
  inputs scaled to [0, 1], then standardized per pixel with the training set's mean and std (std < 1e-8 → 1);
  F.cross_entropy, torch.optim.SGD(lr 0.1, momentum 0.9, weight_decay 5e-4 on every parameter), batch 128,
  reshuffled every epoch (last batch smaller); schedule per step: constant, or cosine lr·½(1 + cos(π t / T)).
--model cnn: nnkit's default CNN (`nnkit train --model cnn`, src/recipes/cnn.ts):
  Conv2d(1,32,3,pad 1,no bias) BatchNorm2d ReLU MaxPool2d(2), Conv2d(32,64,3,pad 1,no bias) BatchNorm2d ReLU
  MaxPool2d(2), Flatten, Linear(3136,128) BatchNorm1d ReLU Dropout(0.25), Linear(128,10); He init on the convolutions
  and the hidden Linear, N(0, 1/fan_in) on the output; inputs [N, 1, 28, 28] standardized per channel (one mean, std).
--autocast bf16: forward passes and the loss under torch.cpu.amp.autocast(dtype=torch.bfloat16) (mixed precision).
Test accuracy is measured after every epoch (eval mode, running BatchNorm estimates).
Prints one JSON line: {"recipe": ..., "runs": [{"seed", "testAccuracy": [per epoch], "seconds"}], "mean": [per epoch]}.
"""
import argparse
import contextlib
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def find_dir(arg):
    cands = [arg, os.environ.get('NNKIT_DATA'), os.environ.get('NNKIT_DATA') and os.path.join(os.environ['NNKIT_DATA'], 'fashion-mnist'),
             '/usr/share/datasets/fashion-mnist', os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'fashion-mnist')]
    for c in cands:
        if c and os.path.exists(os.path.join(c, 'train-images-idx3-ubyte.gz')):
            return c
    sys.exit('Fashion-MNIST not found in: ' + ', '.join(c for c in cands if c))


def idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack('>HBB', data[:4])
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(d, per_channel=False):
    xtr = idx(os.path.join(d, 'train-images-idx3-ubyte.gz')).reshape(-1, 784).astype(np.float32) / 255
    ytr = idx(os.path.join(d, 'train-labels-idx1-ubyte.gz')).astype(np.int64)
    xte = idx(os.path.join(d, 't10k-images-idx3-ubyte.gz')).reshape(-1, 784).astype(np.float32) / 255
    yte = idx(os.path.join(d, 't10k-labels-idx1-ubyte.gz')).astype(np.int64)
    axis = None if per_channel else 0
    mean = np.atleast_1d(xtr.astype(np.float64).mean(axis))
    std = np.atleast_1d(xtr.astype(np.float64).std(axis))
    std[std < 1e-8] = 1
    shape = (-1, 1, 28, 28) if per_channel else (-1, 784)
    norm = lambda x: ((x - mean) / std).astype(np.float32).reshape(shape)
    return torch.from_numpy(norm(xtr)), torch.from_numpy(ytr), torch.from_numpy(norm(xte)), torch.from_numpy(yte)


def he(layer):
    nn.init.kaiming_normal_(layer.weight, mode='fan_in', nonlinearity='relu')
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer


def cnn():
    out = nn.Linear(128, 10)
    nn.init.normal_(out.weight, 0, 1 / math.sqrt(128))
    nn.init.zeros_(out.bias)
    return nn.Sequential(
        he(nn.Conv2d(1, 32, 3, padding=1, bias=False)), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        he(nn.Conv2d(32, 64, 3, padding=1, bias=False)), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), he(nn.Linear(64 * 7 * 7, 128)), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.25), out)


def model():
    layers = []
    width = 784
    for h in (512, 256):
        lin = nn.Linear(width, h, bias=False)  # a BatchNorm follows (as nnkit's recipe)
        nn.init.kaiming_normal_(lin.weight, mode='fan_in', nonlinearity='relu')
        layers += [lin, nn.BatchNorm1d(h), nn.ReLU()]
        width = h
    out = nn.Linear(width, 10)
    nn.init.normal_(out.weight, 0, 1 / math.sqrt(width))
    nn.init.zeros_(out.bias)
    return nn.Sequential(*layers, out)


CAST = contextlib.nullcontext  # main() sets torch.cpu.amp.autocast(dtype=torch.bfloat16) for --autocast bf16


def accuracy(m, x, y):
    m.eval()
    with torch.no_grad(), CAST():
        correct = sum((m(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(x), 1000))
    m.train()
    return correct / len(x)


def run(seed, data, epochs, schedule, batch, arch):
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    m = cnn() if arch == 'cnn' else model()
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    steps_per_epoch = math.ceil(len(xtr) / batch)
    total = epochs * steps_per_epoch
    step = 0
    accs = []
    t0 = time.time()
    for _ in range(epochs):
        perm = torch.randperm(len(xtr))
        for b in range(steps_per_epoch):
            idx_b = perm[b * batch:(b + 1) * batch]
            for g in opt.param_groups:
                g['lr'] = 0.1 * (0.5 * (1 + math.cos(math.pi * step / total)) if schedule == 'cosine' else 1)
            with CAST():
                loss = F.cross_entropy(m(xtr[idx_b]), ytr[idx_b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        accs.append(accuracy(m, xte, yte))
        print(f'seed {seed} epoch {len(accs)}: test accuracy {100 * accs[-1]:.2f} %', file=sys.stderr, flush=True)
    return {'seed': seed, 'testAccuracy': accs, 'seconds': time.time() - t0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--seeds', default='0,1,2')
    ap.add_argument('--schedule', choices=['constant', 'cosine'], default='constant')
    ap.add_argument('--batch-size', type=int, default=128)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--data-dir')
    ap.add_argument('--autocast', choices=['bf16'])
    ap.add_argument('--model', choices=['mlp', 'cnn'], default='mlp')
    a = ap.parse_args()
    global CAST
    if a.autocast:
        CAST = lambda: torch.cpu.amp.autocast(dtype=torch.bfloat16)
    torch.set_num_threads(a.threads)
    data = load(find_dir(a.data_dir), per_channel=a.model == 'cnn')
    runs = [run(int(s), data, a.epochs, a.schedule, a.batch_size, a.model) for s in a.seeds.split(',')]
    mean = [sum(r['testAccuracy'][e] for r in runs) / len(runs) for e in range(a.epochs)]
    print(json.dumps({'peer': f'pytorch {torch.__version__}' + (' autocast bf16' if a.autocast else ''), 'recipe': {'model': a.model, 'epochs': a.epochs, 'schedule': a.schedule, 'batchSize': a.batch_size,
                      'lr': 0.1, 'momentum': 0.9, 'weightDecay': 5e-4}, 'runs': runs, 'mean': mean}))


if __name__ == '__main__':
    main()
