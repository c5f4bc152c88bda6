#!/usr/bin/env python3
"""Training speed (images/s) of every registered architecture on this CPU: fastai Learner vs a plain torch loop, bf16 + channels_last on and off.

    python benchmarks/train_speed.py [--threads 2] [--bs 256] [--min-batches 10] [--seconds 5] [--repeats 3] [--ablation | --compile-only] [--archs paper,vgg,...]

Both loops train on the same tensors, the embedded sample's decoded training images (uint8), with the same per-batch work:
scale to 0..1, random horizontal flip, normalise, forward, BCE-with-logits on the single logit, backward, the same optimizer step
(torch's fused AdamW with fastai's Adam defaults, `cifake.train.adamw`, which `cifake-train` uses).
- `fastai`: `cifake.train`'s setup: `get_dls` batches (`BatchFlip`, `Normalize`), `Learner` + `BCEWithLogitsLossFlat` + `adamw` (through fastai's `OptimWrapper`),
  `FastCPU` callback when fast; validation is skipped.
- `torch`: a bare loop over random index batches, `torch.flip` on a random half, `torch.optim.AdamW` (same settings, fused); `--ablation` adds bf16 alone and channels_last alone.
- `torch.compile`: with `--compile-only` (and nothing else), the same loop with the model compiled by `torch.compile` (inductor, default mode), channels_last, bf16 where the CPU has it natively;
  against the same loop run eagerly (`torch (eager)`), back to back; compilation happens in the untimed warm-up batches.
Each measurement runs `--warmup` batches untimed, then at least `--min-batches` batches and at least `--seconds` seconds.
The measurements of one architecture run in `--repeats` interleaved rounds (fastai, torch, fastai, torch, ...), so a slow spell of the machine
hits both loops alike; the table gives the median of the rounds and `spread` = (max - min) / median.
All architectures run at their full default size (vgg ~22M parameters, resnet50 ~23.5M); `paper32` is the paper CNN with 32 filters.
Finally it records, per architecture, what `cifake.models.bf16_pays` (the probe `cifake-train` runs before training) chooses on this CPU at this batch size.
Run it on a quiet machine; writes benchmarks/results/train_speed.json.
"""
import argparse, json, os, platform, sys, time, warnings
from pathlib import Path

CONFIGS = {'paper': ('paper', {}), 'paper32': ('paper', dict(filters=32)), 'vgg': ('vgg', {}),
           'resnet9w32': ('resnet9', dict(width=32)), 'resnet9w24_white': ('resnet9', dict(width=24, whiten=2)), 'resnet9w16_white': ('resnet9', dict(width=16, whiten=2)), 'resnet9': ('resnet9', {}), 'resnet9dct_w32': ('resnet9dct', dict(width=32)),
           'resnet18': ('resnet18', {}), 'resnet50': ('resnet50', {})}

def sample_tensors(bs):
    "The embedded sample as `cifake-train` batches it (`get_dls`, `BatchFlip`), and its decoded training images and labels as tensors"
    import torch
    from cifake.data import SAMPLE_DIR, get_dls
    from cifake.train import BatchFlip
    dls = get_dls(SAMPLE_DIR, bs=bs, batch_tfms=[BatchFlip()], with_test=False, show_progress=False)
    trn, tr = dls.splits['train'], torch.as_tensor(dls.splits['train_idx'])
    return dls, trn.images[tr], trn.labels[tr]

def median_spread(xs):
    "Median of repeated measurements, and their spread (max - min) / median"
    import statistics
    med = statistics.median(xs)
    return med, (max(xs) - min(xs)) / med

def measure_torch(arch, hp, imgs, labels, stats, bs, bf16, cl, warmup, min_batches, seconds, compiled=False):
    "img/s of a plain torch training loop (the model compiled by `torch.compile` if `compiled`)"
    import torch, torch.nn.functional as F
    from cifake.models import build_model
    torch.manual_seed(0)
    m = build_model(arch, **hp).train()
    if cl: m = m.to(memory_format=torch.channels_last)
    opt_params = list(m.parameters())
    if compiled: m = torch.compile(m)
    from cifake.train import ADAMW_DEFAULTS
    opt = torch.optim.AdamW(opt_params, lr=1e-3, **ADAMW_DEFAULTS, fused=True)
    mean, std = (s.reshape(1, 3, 1, 1) for s in stats)
    n, done, t0, i = 0, 0, None, 0
    while True:
        idx = torch.randint(0, len(imgs), (bs,))
        x = imgs[idx].float() / 255
        flip = torch.rand(bs) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(-1), x)
        x = (x - mean) / std
        if cl: x = x.contiguous(memory_format=torch.channels_last)
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16): p = m(x)
        loss = F.binary_cross_entropy_with_logits(p.float(), labels[idx].float())
        opt.zero_grad(); loss.backward(); opt.step()
        i += 1
        if i == warmup: t0 = time.perf_counter()
        elif i > warmup:
            n += bs; done += 1
            if done >= min_batches and time.perf_counter() - t0 >= seconds: return n / (time.perf_counter() - t0), done

def measure_fastai(arch, hp, dls, fast, warmup, min_batches, seconds):
    "img/s of cifake.train's fastai Learner setup"
    import torch
    import fastai.callback.progress
    from fastai.learner import Learner
    from fastai.losses import BCEWithLogitsLossFlat
    from fastai.callback.core import Callback, CancelFitException, CancelValidException
    from cifake.models import build_model
    from cifake.train import FastCPU, adamw, binary_accuracy
    class Timer(Callback):
        order = 100
        def before_fit(self): self.i, self.n, self.t0 = 0, 0, None
        def before_validate(self): raise CancelValidException
        def after_batch(self):
            if not self.training: return
            self.i += 1
            if self.i == warmup: self.t0 = time.perf_counter()
            elif self.i > warmup:
                self.n += len(self.yb[0])
                if self.i - warmup >= min_batches and time.perf_counter() - self.t0 >= seconds:
                    self.dt = time.perf_counter() - self.t0; raise CancelFitException
    torch.manual_seed(0)
    timer, fastcb = Timer(), FastCPU(bf16=True)
    learn = Learner(dls, build_model(arch, **hp), opt_func=adamw, loss_func=BCEWithLogitsLossFlat(), metrics=[binary_accuracy],
                    cbs=[timer] + ([fastcb] if fast else []))
    try:
        with learn.no_bar(), learn.no_logging(): learn.fit(10_000, 1e-3)
    finally: fastcb.restore() if fast else None
    return timer.n / timer.dt, timer.i - warmup

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--threads', type=int, default=2, help='torch threads (default 2, the whole machine: run it quiet)')
    ap.add_argument('--bs', type=int, default=256, help='batch size (cifake-train uses 256)')
    ap.add_argument('--min-batches', type=int, default=10, help='timed batches per measurement, at least')
    ap.add_argument('--seconds', type=float, default=5.0, help='timed seconds per measurement, at least')
    ap.add_argument('--warmup', type=int, default=4, help='untimed batches first')
    ap.add_argument('--repeats', type=int, default=3, help='interleaved rounds per architecture; the median is reported')
    ap.add_argument('--ablation', action='store_true', help='also time the torch loop with bf16 alone and channels_last alone')
    ap.add_argument('--compile-only', action='store_true', help='time only torch.compile against the same eager loop')
    ap.add_argument('--archs', default=','.join(CONFIGS), help='comma-separated: ' + ', '.join(CONFIGS))
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'train_speed.json'))
    a = ap.parse_args()
    warnings.filterwarnings('ignore', category=FutureWarning)
    import torch, fastai
    torch.set_num_threads(a.threads)
    from cifake.models import build_model, param_count
    dls, imgs, labels = sample_tensors(a.bs)
    rows, t_all = [], time.perf_counter()
    modes = [('fastai', False, False), ('torch', False, False), ('fastai', True, True), ('torch', True, True)]
    if a.ablation: modes += [('torch', True, False), ('torch', False, True)]
    if a.compile_only:
        from cifake.models import bf16_native
        modes = [('torch (eager)', bf16_native(), True), ('torch.compile', bf16_native(), True)]  # back to back: the eager loop and its compiled twin
    print(f"{'config':<16} {'params':>11} {'loop':<15} {'bf16':<5} {'ch_last':<7} {'img/s':>8} {'spread':>6} {'batches':>7}", flush=True)
    for name in a.archs.split(','):
        arch, hp = CONFIGS[name]
        n_params = param_count(build_model(arch, **hp))
        runs = {m: [] for m in modes}
        for _ in range(a.repeats):
            for loop, bf16, cl in modes:
                if loop == 'fastai': r = measure_fastai(arch, hp, dls, bf16, a.warmup, a.min_batches, a.seconds)
                else: r = measure_torch(arch, hp, imgs, labels, dls.stats, a.bs, bf16, cl, a.warmup, a.min_batches, a.seconds, compiled=loop == 'torch.compile')
                runs[(loop, bf16, cl)].append(r)
        for (loop, bf16, cl), rs in runs.items():
            ips = [x[0] for x in rs]; med, spread = median_spread(ips)
            rows.append(dict(config=name, arch=arch, hparams=hp, params=n_params, loop=loop, bf16=bf16, channels_last=cl, img_per_s=round(med, 1),
                             spread=round(spread, 3), runs=[round(x, 1) for x in ips], batches=sum(x[1] for x in rs)))
            print(f"{name:<16} {n_params:>11,} {loop:<15} {str(bf16):<5} {str(cl):<7} {med:>8,.0f} {spread:>6.1%} {rows[-1]['batches']:>7}", flush=True)
    from cifake.models import bf16_pays, cpu_name
    chosen = {name: bf16_pays(build_model(CONFIGS[name][0], **CONFIGS[name][1]), (a.bs, 3, 32, 32)) for name in a.archs.split(',')}  # what cifake-train's probe picks here
    print('bf16_pays (cifake-train\'s choice):', chosen, flush=True)
    speedup = {}
    for name in a.archs.split(','):
        r = {(x['loop'], x['bf16'], x['channels_last']): x['img_per_s'] for x in rows if x['config'] == name}
        if ('fastai', True, True) not in r: continue
        speedup[name] = dict(fastai_fast_vs_fp32=round(r[('fastai', True, True)] / r[('fastai', False, False)], 2),
                             torch_fast_vs_fp32=round(r[('torch', True, True)] / r[('torch', False, False)], 2),
                             fastai_vs_torch_fast=round(r[('fastai', True, True)] / r[('torch', True, True)], 2))
    print("\nspeed-ups:", json.dumps(speedup, indent=1))
    print(f"total {time.perf_counter() - t_all:.0f} s")
    res = dict(command=' '.join([Path(sys.argv[0]).name] + sys.argv[1:]), optimizer='adamw-fused', threads=a.threads, bs=a.bs, seconds=a.seconds, warmup=a.warmup,
               min_batches=a.min_batches, repeats=a.repeats,
               cpus=os.cpu_count(), machine=platform.machine(), processor=cpu_name(), python=platform.python_version(),
               torch=torch.__version__, fastai=fastai.__version__, data='embedded sample, 1,800 training images', rows=rows, speedup=speedup, bf16_pays=chosen)
    from cifake.data import write_json
    out = write_json(res, a.out)
    print(f"wrote {out}")

if __name__ == '__main__': main()
