#!/usr/bin/env python3
"""Short training probes of recipe variants, compared on the validation split only: which regulariser is worth the headline run?

    python experiments/probes.py --data ~/data/cifake --epochs 5 --parallel 3 --out results/probes \\
        --variant base= --variant shift2='--shift 2' --variant shift2_ls='--shift 2 --label-smoothing 0.1'

Every variant is one `cifake-train` run of the same base command (`--base`, default: ResNet-9 width 32, peak lr 5e-3, batch 256, seed 42,
no early stopping) plus its own options, into <out>/<name>/. With `--parallel N`, N runs share the machine, one thread each
(epoch times are then not comparable with a lone run). A finished run is not trained again (delete its folder to redo it).
Writes <out>/probes.csv (rows of earlier probes in <out> are kept): per variant, the best epoch, its validation loss, the validation accuracy (at the threshold chosen on validation)
and AUROC from the run's metrics.json, and training seconds. The test split is not touched.
"""
import argparse, json, os, shlex, subprocess, sys, time
from pathlib import Path

BASE = "--arch resnet9 --hparams '{\"width\": 32}' --lr 5e-3 --bs 256 --seed 42 --patience 100"

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', required=True); ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--variant', action='append', required=True, help="NAME='extra cifake-train options' (repeatable)")
    ap.add_argument('--base', default=BASE, help=f'options shared by every run (default: {BASE})')
    ap.add_argument('--parallel', type=int, default=1, help='runs at once, one thread each when above 1')
    ap.add_argument('--out', default='results/probes')
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    exe = str(Path(sys.executable).parent/'cifake-train')
    todo, running, t0 = [], [], time.perf_counter()
    variants = [v.split('=', 1) for v in a.variant]
    for name, extra in variants:
        if (out/name/'metrics.json').exists(): print(f"{name}: done already", flush=True); continue
        cmd = [exe, *shlex.split(a.base), *shlex.split(extra), '--data', a.data, '--epochs', str(a.epochs), '--out', str(out/name), '--resume', '--quiet']
        todo.append((name, cmd))
    env = dict(os.environ, **({'OMP_NUM_THREADS': '1'} if a.parallel > 1 else {}))
    while todo or running:
        while todo and len(running) < a.parallel:
            name, cmd = todo.pop(0); print(f"start {name}: {shlex.join(cmd)}", flush=True)
            log = open(out/f'{name}.log', 'a')
            running.append((name, subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)))
        time.sleep(10)
        for r in list(running):
            if r[1].poll() is not None:
                running.remove(r); print(f"{r[0]} ended ({r[1].returncode}) at {time.perf_counter() - t0:.0f} s", flush=True)
    import pandas as pd
    rows = []
    for name, extra in variants:
        d = out/name
        if not (d/'metrics.json').exists(): print(f"{name}: no result (see {out/name}.log)"); continue
        cfg, m = json.loads((d/'config.json').read_text()), json.loads((d/'metrics.json').read_text())
        rows.append(dict(variant=name, arch=cfg['arch'], hparams=json.dumps(cfg['hparams']), options=extra, epochs=cfg['epochs_run'], best_epoch=cfg['best_epoch'], best_valid_loss=round(cfg['best_valid_loss'], 5),
                         valid_accuracy=m['accuracy'], valid_auroc=m['auroc'], train_seconds=cfg['train_seconds'], threads=cfg['threads']))
    df = pd.DataFrame(rows)
    if (out/'probes.csv').exists():  # keep the rows of earlier probes into the same folder; a variant run again replaces its row
        old = pd.read_csv(out/'probes.csv', keep_default_na=False)
        old = old[~old.variant.isin(df.variant if len(df) else [])].copy()
        df = pd.concat([old, df], ignore_index=True)[df.columns if len(df) else old.columns]
    from cifake.data import atomic_path
    with atomic_path(out/'probes.csv') as tmp: df.to_csv(tmp, index=False)
    print(df.to_string(index=False))

if __name__ == '__main__': main()
