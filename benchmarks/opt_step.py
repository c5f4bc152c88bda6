#!/usr/bin/env python3
"""Time of one optimizer step per architecture on this CPU: fastai's Adam against torch's AdamW (single-tensor, foreach, fused) under fastai's OptimWrapper.

    python benchmarks/opt_step.py [--threads 2] [--steps 10] [--archs vgg,resnet50,...]

Every optimizer gets the same hyper-parameters (fastai's Adam defaults: betas 0.9/0.99, eps 1e-5, decoupled weight decay 0.01) and the same
random gradients; 3 untimed steps, then `--steps` timed ones, median of 3 rounds. Writes benchmarks/results/opt_step.json.
"""
import argparse, json, os, platform, statistics, sys, time, warnings
from pathlib import Path

ARCHS = {'paper': ('paper', {}), 'resnet9w32': ('resnet9', dict(width=32)), 'resnet9': ('resnet9', {}), 'resnet18': ('resnet18', {}),
         'resnet50': ('resnet50', {}), 'vgg': ('vgg', {})}
KINDS = ('fastai Adam', 'AdamW', 'AdamW foreach', 'AdamW fused')

def make(kind, params):
    "The optimizer `kind` over `params`"
    import torch
    from fastai.optimizer import Adam
    from cifake.train import adamw
    if kind == 'fastai Adam': return Adam(params, lr=1e-3)
    extra = {'AdamW': dict(fused=False, foreach=False), 'AdamW foreach': dict(fused=False, foreach=True), 'AdamW fused': {}}[kind]
    return adamw(params, lr=1e-3, **extra)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--archs', default=','.join(ARCHS))
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'opt_step.json'))
    a = ap.parse_args()
    warnings.filterwarnings('ignore', category=FutureWarning)
    import torch, fastai
    torch.set_num_threads(a.threads)
    from cifake.models import build_model, param_count
    from cifake.data import write_json
    rows = []
    print(f"{'arch':<11} {'params':>11} " + ' '.join(f'{k:>14}' for k in KINDS) + '   (ms per step)', flush=True)
    for name in a.archs.split(','):
        arch, hp = ARCHS[name]
        torch.manual_seed(0); m = build_model(arch, **hp); ps = list(m.parameters())
        for p in ps: p.grad = torch.randn_like(p) * 1e-3
        ms = {}
        for kind in KINDS:
            o, rounds = make(kind, ps), []
            for _ in range(3): o.step()
            for _ in range(3):
                t = time.perf_counter()
                for _ in range(a.steps): o.step()
                rounds.append((time.perf_counter() - t) / a.steps * 1000)
            ms[kind] = round(statistics.median(rounds), 2)
        rows.append(dict(arch=name, params=param_count(m), ms=ms))
        print(f"{name:<11} {rows[-1]['params']:>11,} " + ' '.join(f'{ms[k]:>14.1f}' for k in KINDS), flush=True)
    res = dict(command=' '.join([Path(sys.argv[0]).name] + sys.argv[1:]), threads=a.threads, steps=a.steps, cpus=os.cpu_count(),
               python=platform.python_version(), torch=torch.__version__, fastai=fastai.__version__, rows=rows)
    print(f"wrote {write_json(res, a.out)}")

if __name__ == '__main__': main()
