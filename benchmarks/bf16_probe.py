#!/usr/bin/env python3
"""Does `cifake.models.bf16_pays` (the probe `cifake-train` runs before training) choose the faster precision on this CPU, run after run?

    python benchmarks/bf16_probe.py [--archs paper32,resnet9w32,...] [--runs 5] [--bs 256] [--threads 2] [--out FILE]

For each architecture (the configs of `train_speed.py`) it first measures the answer at length with the probe's own timer (`cifake.models.precision_step_times`):
a training step (forward, backward, fused AdamW) in float32 and in bf16 autocast, both channels_last, on a random batch: `--ref-warmup` steps of each (timed apart: the first steps, while oneDNN builds its kernels), then
at least `--ref-steps` interleaved pairs and `--ref-seconds` of float32 steps; the median step times give the reference ratio bf16 / float32 and the reference choice
(bf16 if the ratio is below 0.9, the probe's own rule). Then it runs the probe `--runs` times, each in a fresh Python process
(the probe remembers its answer per process), with two settings: the first version (one warm-up step, two rounds) and the
current default (three warm-up steps, three rounds). The table gives how often each agreed with the reference, and how long it took.
Run it on a quiet machine; writes benchmarks/results/bf16_probe.json.
"""
import argparse, json, platform, subprocess, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from train_speed import CONFIGS

PROBE = """
import json, sys, time, torch
torch.set_num_threads({threads})
from cifake.models import build_model, bf16_pays
m = build_model({arch!r}, **{hp!r})
t = time.perf_counter(); pays = bf16_pays(m, ({bs}, 3, 32, 32), warmup={warmup}, rounds={rounds})
print(json.dumps(dict(pays=pays, seconds=time.perf_counter() - t)))
"""
SETTINGS = {'first version (1 warm-up, 2 rounds)': (1, 2), 'current (3 warm-ups, 3 rounds)': (3, 3)}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--archs', default='paper32,resnet9w32,resnet9w24_white,resnet9w16_white', help='comma-separated: ' + ', '.join(CONFIGS))
    ap.add_argument('--runs', type=int, default=5, help='fresh processes per architecture and probe setting')
    ap.add_argument('--bs', type=int, default=256, help='batch size (cifake-train uses 256)')
    ap.add_argument('--threads', type=int, default=2, help='torch threads (default 2, the whole machine: run it quiet)')
    ap.add_argument('--ref-warmup', type=int, default=5, help='untimed steps of each precision before the reference measurement')
    ap.add_argument('--ref-steps', type=int, default=12, help='interleaved float32/bf16 step pairs of the reference measurement, at least')
    ap.add_argument('--ref-seconds', type=float, default=8.0, help='seconds of float32 steps in the reference measurement, at least (small nets take many steps)')
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'bf16_probe.json'))
    a = ap.parse_args()
    import numpy as np, torch
    from cifake.models import bf16_native, build_model, cpu_name, precision_step_times
    from cifake.data import write_json
    torch.set_num_threads(a.threads)
    if not bf16_native(): sys.exit(f"{cpu_name()}: no native bf16, so the probe answers float32 without measuring; nothing to check here")
    rows = []
    for name in a.archs.split(','):
        if name not in CONFIGS: sys.exit(f"unknown architecture {name!r}: choose from {', '.join(CONFIGS)}")
        arch, hp = CONFIGS[name]
        wu, ts = precision_step_times(build_model(arch, **hp), (a.bs, 3, 32, 32), warmup=a.ref_warmup, rounds=a.ref_steps, seconds=a.ref_seconds)
        f32, b16 = (float(v) for v in np.median(ts, axis=0)); wu = np.round(wu, 3).T.tolist()
        row = dict(config=name, f32_step_s=round(f32, 4), bf16_step_s=round(b16, 4), ratio=round(b16 / f32, 3), reference='bf16' if b16 < 0.9 * f32 else 'float32',
                   warmup_f32_s=wu[0], warmup_bf16_s=wu[1])
        for label, (w, r) in SETTINGS.items():
            got = []
            for _ in range(a.runs):
                p = subprocess.run([sys.executable, '-c', PROBE.format(threads=a.threads, arch=arch, hp=hp, bs=a.bs, warmup=w, rounds=r)], capture_output=True, text=True)
                if p.returncode: sys.exit(f"probe failed for {name}: {p.stderr[-2000:]}")
                got.append(json.loads(p.stdout.strip().splitlines()[-1]))
            choices = ['bf16' if g['pays'] else 'float32' for g in got]
            row[label] = dict(choices=choices, agree=sum(c == row['reference'] for c in choices), seconds=round(sorted(g['seconds'] for g in got)[len(got) // 2], 2))
        rows.append(row)
        print(f"{name:18s} float32 {f32:.3f} s  bf16 {b16:.3f} s  ratio {b16 / f32:.2f} -> {row['reference']:7s} | first steps float32 {wu[0]} bf16 {wu[1]} | "
              + ' | '.join(f"{k}: {row[k]['agree']}/{a.runs} agree, {row[k]['seconds']} s" for k in SETTINGS), flush=True)
    out = dict(command='bf16_probe.py ' + ' '.join(sys.argv[1:]), processor=cpu_name(), threads=a.threads, bs=a.bs, runs=a.runs,
               ref_warmup=a.ref_warmup, ref_steps=a.ref_steps, ref_seconds=a.ref_seconds, python=platform.python_version(), torch=torch.__version__, rows=rows)
    print(f"wrote {write_json(out, a.out)}")

if __name__ == '__main__': main()
