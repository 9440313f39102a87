#!/usr/bin/env python3
"""Peer: PyTorch (Debian python3-torch 1.13, CPU; convolutions through oneDNN) training the CNN of
bench/peers/cnn-recipe.json, with the timing protocol of torch_mlp.py (whose data loader and measure() it reuses).

    OMP_NUM_THREADS=T /usr/bin/python3 bench/peers/torch_cnn.py --threads T [--seconds S] [--max-steps N]

Model: Conv2d(1,32,3,padding=1,bias=False) BatchNorm2d ReLU MaxPool2d(2) Conv2d(32,64,3,padding=1,bias=False)
BatchNorm2d ReLU MaxPool2d(2) Flatten Linear(3136,128) ReLU Linear(128,10), kaiming_normal_ init, F.cross_entropy,
torch.optim.SGD(lr, momentum, weight_decay). Prints one JSON line { runner, version, threads, train, infer, loss }.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import torch_mlp  # noqa: E402  (load_fashion_mnist, measure)

with open(os.path.join(HERE, 'cnn-recipe.json')) as f:
    RECIPE = json.load(f)
torch_mlp.RECIPE = {**torch_mlp.RECIPE, **RECIPE}  # measure() reads the timing keys from here


def build(threads):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    torch.manual_seed(RECIPE['seed'])
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    for m in model:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
    opt = torch.optim.SGD(model.parameters(), lr=RECIPE['lr'], momentum=RECIPE['momentum'],
                          weight_decay=RECIPE['weightDecay'])
    B = RECIPE['batch']
    x, y = torch_mlp.load_fashion_mnist(min(RECIPE['trainRows'], 32 * B))
    xs = [torch.from_numpy(x[k:k + B]).reshape(B, 1, 28, 28) for k in range(0, len(x) - B + 1, B)]
    ys = [torch.from_numpy(y[k:k + B]) for k in range(0, len(y) - B + 1, B)]
    losses = []

    def train_step(k):
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(xs[k % len(xs)]), ys[k % len(ys)])
        loss.backward()
        opt.step()
        losses.append(loss.item())

    def infer_step(k):
        with torch.no_grad():
            model(xs[k % len(xs)])

    return model, train_step, infer_step, losses


def main():
    torch_mlp.keep_freed_heap()
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--seconds', type=float, default=RECIPE['seconds'])
    p.add_argument('--max-steps', type=int, default=RECIPE['maxSteps'])
    a = p.parse_args()
    import torch
    model, train_step, infer_step, losses = build(a.threads)
    model.train()
    train = torch_mlp.measure(train_step, a.seconds, a.max_steps)
    model.eval()
    infer = torch_mlp.measure(infer_step, a.seconds, a.max_steps)
    print(json.dumps({'runner': 'torch', 'library': 'PyTorch', 'version': torch.__version__, 'threads': a.threads,
                      'mkldnn': torch.backends.mkldnn.is_available(), 'batch': RECIPE['batch'], 'train': train,
                      'infer': infer, 'loss': {'first': losses[0], 'last': losses[-1]}}), flush=True)


if __name__ == '__main__':
    main()
