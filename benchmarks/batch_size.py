#!/usr/bin/env python3
"""Training speed (images/s) of one architecture at several batch sizes on this CPU: would another `cifake-train --bs` fit more epochs into #8's hour?

    python benchmarks/batch_size.py [--arch resnet9w16_white] [--sizes 64,128,256,512,1024] [--threads 2] [--repeats 4] [--seconds 8] [--out PATH]

Each measurement is `train_speed.py`'s plain torch loop (the same per-batch work as `cifake-train`: flips, normalisation, forward, BCE, backward, fused AdamW step)
in the precision `cifake-train` uses on a CPU without native bf16, float32 + channels_last, on the embedded sample's decoded training images.
The batch sizes run in `--repeats` interleaved rounds (64, 128, ..., 64, 128, ...), so a slow spell of the machine hits them alike; the table gives the median and the spread.
It times the training step alone: fastai's loop, the weight average and validation add per-batch and per-epoch costs on top (see `train_speed.py`).
Run it on a quiet machine; writes benchmarks/results/batch_size.json.
"""
import argparse, platform, sys, time, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from train_speed import CONFIGS, measure_torch, median_spread, sample_tensors

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--arch', default='resnet9w16_white', help='one of: ' + ', '.join(CONFIGS))
    ap.add_argument('--sizes', default='64,128,256,512,1024', help='comma-separated batch sizes')
    ap.add_argument('--threads', type=int, default=2, help='torch threads (default 2, the whole machine: run it quiet)')
    ap.add_argument('--repeats', type=int, default=4, help='interleaved rounds; the median is reported')
    ap.add_argument('--seconds', type=float, default=8.0, help='timed seconds per measurement, at least')
    ap.add_argument('--min-batches', type=int, default=6, help='timed batches per measurement, at least')
    ap.add_argument('--warmup', type=int, default=3, help='untimed batches first')
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'batch_size.json'))
    a = ap.parse_args()
    warnings.filterwarnings('ignore', category=FutureWarning)
    import torch
    torch.set_num_threads(a.threads)
    from cifake.data import write_json
    from cifake.models import cpu_name
    dls, imgs, labels = sample_tensors(256)
    arch, hp = CONFIGS[a.arch]
    sizes, t0 = [int(s) for s in a.sizes.split(',')], time.perf_counter()
    runs = {bs: [] for bs in sizes}
    for _ in range(a.repeats):
        for bs in sizes: runs[bs].append(measure_torch(arch, hp, imgs, labels, dls.stats, bs, False, True, a.warmup, a.min_batches, a.seconds)[0])
    stats = {bs: median_spread(v) for bs, v in runs.items()}
    ref = stats[256][0] if 256 in stats else None
    rows = [dict(config=a.arch, bs=bs, img_per_s=round(med, 1), vs_256=round(med / ref, 2) if ref else None, spread=round(spread, 3), runs=[round(x, 1) for x in runs[bs]])
            for bs, (med, spread) in stats.items()]
    for r in rows: print(r, flush=True)
    res = dict(command=' '.join(['batch_size.py', *sys.argv[1:]]), processor=cpu_name(), threads=a.threads, precision='float32 + channels_last', loop='plain torch',
               repeats=a.repeats, seconds=a.seconds, torch=torch.__version__, machine=platform.machine(), rows=rows, total_s=round(time.perf_counter() - t0))
    print(f"wrote {write_json(res, a.out)} in {res['total_s']} s")

if __name__ == '__main__': main()
