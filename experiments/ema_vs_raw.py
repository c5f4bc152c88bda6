#!/usr/bin/env python3
"""What the weight average (cifake-train --ema) adds: the trained weights of the last epoch against the averaged weights, on validation.

    python experiments/ema_vs_raw.py results/models/resnet9w32_ema --data ~/data/cifake

A run trained with --ema saves the average (of its best epoch by validation loss); its last checkpoint also holds the trained
weights (`model.*`) and the average (`ema.module.*`) after the last epoch. All three are scored on the run's validation split,
single view and with the run's chosen test-time flips, at the run's threshold. Writes RUN/ema_vs_raw.json and prints a table.
"""
import argparse, json
from pathlib import Path
import pandas as pd

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('run'); ap.add_argument('--data', required=True)
    a = ap.parse_args()
    from cifake.models import load_model, build_model, predict_probs
    from cifake.evaluate import model_split
    from cifake.metrics import compute_metrics
    from cifake.train import read_checkpoint
    from cifake.data import write_json
    run = Path(a.run)
    saved, cfg = load_model(run)
    if not cfg.get('ema'): raise SystemExit(f"{run} was trained without --ema")
    st, t = read_checkpoint(run/'checkpoint')
    nets = {f"average, best epoch {cfg['best_epoch']} (saved)": saved}
    for name, prefix in ((f"average, last epoch {st['epochs_done']}", 'ema.module.'), (f"trained weights, last epoch {st['epochs_done']}", 'model.')):
        n = build_model(cfg['arch'], **cfg['hparams']); n.load_state_dict({k[len(prefix):]: v for k, v in t.items() if k.startswith(prefix)}); nets[name] = n.eval()
    va = model_split(cfg, a.data, 'valid'); y = va.labels.numpy()
    rows = []
    for name, net in nets.items():
        for tta in dict.fromkeys([False, cfg.get('tta', False)]):
            m = compute_metrics(y, predict_probs(net, va.images, cfg['stats'], tta=tta), cfg['threshold'])
            rows.append(dict(weights=name, tta=str(tta), accuracy=m['accuracy'], auroc=round(m['auroc'], 5)))
    write_json(dict(command=f"python experiments/ema_vs_raw.py {run} --data DATA", run=str(run), ema=cfg['ema'], threshold=cfg['threshold'], rows=rows), run/'ema_vs_raw.json')
    print(pd.DataFrame(rows).to_string(index=False))

if __name__ == '__main__': main()
