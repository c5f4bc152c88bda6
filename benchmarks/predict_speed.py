#!/usr/bin/env python3
"""Inference speed of the shipped detectors: from files on disk to probabilities, and from decoded tensors.

    python benchmarks/predict_speed.py DATA [--out=FILE.json]   # DATA: a CIFAKE folder; uses its 20,000 test files

For each shipped detector (`default`: ResNet-9 with flip averaging; `fast`: the paper's 128x2 CNN), rows for: `cifake-predict` as a user runs it
(process start-up, file discovery, reading every file through the reader, scoring, writing the CSV), the `Detector` API on the same paths in-process,
and `predict_probs` on decoded tensors; in float32 and with --fast (channels_last, plus bf16 where it pays: `cifake.models.bf16_pays`). Peak memory of the CLI from /usr/bin/time -v where it exists.
Goal (issue #6): >= 4,000 img/s from files. Writes benchmarks/results/predict_speed.json.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--out=')]
    data = Path(args[0] if args else os.environ.get('CIFAKE_DATA', ''))
    out = Path(next((a[6:] for a in sys.argv[1:] if a.startswith('--out=')), Path(__file__).parent/'results'/'predict_speed.json'))
    from cifake.data import cifake_files, load_split, write_json
    from cifake.predict import Detector
    from cifake.models import predict_probs, cpu_name
    files = [str(data/r) for r, *_ in cifake_files(data, 'test')]
    rows, tmp = [], Path(tempfile.mkdtemp())
    exe = str(Path(sys.executable).parent/'cifake-predict')
    timev = ['/usr/bin/time', '-v'] if Path('/usr/bin/time').exists() else []
    tst = load_split(data, 'test', show_progress=False)
    for model in ('default', 'fast'):
        for fast in (False, True):
            cmd = [exe, str(data/'test'), '--model', model, '--out', str(tmp/f'p{model}{fast}.csv'), '--bs', '1024'] + (['--fast'] if fast else [])
            t0 = time.perf_counter(); r = subprocess.run(timev + cmd, capture_output=True, text=True); dt = time.perf_counter() - t0
            m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', r.stderr)
            rows.append(dict(detector=model, what=f"cifake-predict CLI{' --fast' if fast else ''}, files -> CSV (incl. start-up)", images=len(files),
                             seconds=round(dt, 2), img_per_s=round(len(files) / dt), peak_mb=round(int(m[1]) / 1024) if m else None))
            s = float(re.search(r'scored .* in ([\d.]+) s', r.stderr)[1])  # the CLI's own clock: first file read to last row written
            rows.append(dict(detector=model, what=f"  the same, after start-up (Python, torch, model load)", images=len(files),
                             seconds=round(s, 2), img_per_s=round(len(files) / s)))
            det = Detector(model, fast=fast)
            t0 = time.perf_counter(); det.predict(files); dt = time.perf_counter() - t0
            rows.append(dict(detector=model, what=f"Detector(fast={fast}).predict(paths), in-process", images=len(files), seconds=round(dt, 2), img_per_s=round(len(files) / dt)))
            t0 = time.perf_counter(); predict_probs(det.model, tst.images, det.config['stats'], fast=fast, tta=det.tta); dt = time.perf_counter() - t0
            rows.append(dict(detector=model, what=f"predict_probs(fast={fast}, tta={det.tta}) on decoded tensors", images=len(tst), seconds=round(dt, 2),
                             img_per_s=round(len(tst) / dt)))
            for x in rows[-4:]: print(f"{x['detector']:<8} {x['what']:<62} {x['images']:>7,} {x['seconds']:>7.2f} s {x['img_per_s']:>7,} img/s {str(x.get('peak_mb') or ''):>6}", flush=True)
    shutil.rmtree(tmp)
    write_json(dict(rows=rows, cpus=os.cpu_count(), processor=cpu_name(), goal_img_per_s=4000,
                    command='python benchmarks/predict_speed.py DATA' + ''.join(' ' + a for a in sys.argv[1:] if a.startswith('--out='))), out)

if __name__ == '__main__': main()
