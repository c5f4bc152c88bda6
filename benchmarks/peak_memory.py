#!/usr/bin/env python3
"""Peak memory (maximum resident set size, from /usr/bin/time -v) and wall time of training and prediction, run as users run them.

    python benchmarks/peak_memory.py DATA        # DATA: a CIFAKE folder (the full dataset for real figures)

Rows: `cifake-train` for one epoch of the paper CNN (128 x 2) and of resnet9 (width 32) on DATA's train split (decode cache warm),
and `cifake-predict` (shipped detector, float32) on DATA's test folder. Writes benchmarks/results/peak_memory.json.
"""
import json, os, re, subprocess, sys, tempfile, time, shutil
from pathlib import Path

def run(cmd):
    "(seconds, peak MB) of a command under /usr/bin/time -v"
    t0 = time.perf_counter(); r = subprocess.run(['/usr/bin/time', '-v'] + cmd, capture_output=True, text=True); dt = time.perf_counter() - t0
    if r.returncode not in (0, 3): raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', r.stderr)
    return round(dt, 1), round(int(m[1]) / 1024)

def main():
    if not Path('/usr/bin/time').exists(): raise SystemExit("needs /usr/bin/time (Debian package `time`)")
    data = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get('CIFAKE_DATA', ''))
    from cifake.data import write_json, load_split
    load_split(data, 'train'); load_split(data, 'test')  # warm the decode cache: measure training, not decoding
    bin_, tmp = Path(sys.executable).parent, Path(tempfile.mkdtemp())
    jobs = {'cifake-train paper 128x2, 1 epoch': [str(bin_/'cifake-train'), '--data', str(data), '--epochs', '1', '--filters', '128', '--out', str(tmp/'a'), '--quiet'],
            'cifake-train resnet9 width 32, 1 epoch': [str(bin_/'cifake-train'), '--arch', 'resnet9', '--hparams', '{"width": 32}', '--data', str(data),
                                                       '--epochs', '1', '--out', str(tmp/'b'), '--quiet'],
            'cifake-predict test folder (shipped detector)': [str(bin_/'cifake-predict'), str(data/'test'), '--out', str(tmp/'p.csv'), '--quiet']}
    rows = []
    for what, cmd in jobs.items():
        s, mb = run(cmd)
        rows.append(dict(what=what, seconds=s, peak_mb=mb)); print(f"{what:<48} {s:>8.1f} s {mb:>7,} MB", flush=True)
    shutil.rmtree(tmp)
    write_json(dict(rows=rows, data=str(data), cpus=os.cpu_count(), command='python benchmarks/peak_memory.py DATA'),
               Path(__file__).parent/'results'/'peak_memory.json')

if __name__ == '__main__': main()
