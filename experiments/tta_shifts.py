#!/usr/bin/env python3
"""Test-time views beyond the mirror: does averaging over 1-pixel shifts help a model? Measured on its validation split only.

    python experiments/tta_shifts.py --data ~/data/cifake [--model default] [--out results/tta_shifts]

Views: the image, its mirror, and four 1-pixel shifts (reflect padding, then the 32x32 window moved right, left, down, up).
For each view and each average of views: validation accuracy at the threshold that maximises it on validation (optimistic for every row alike)
and AUROC. The official test split is not touched. Writes <out>/views.csv and <out>/run.json.
"""
import argparse, time
from pathlib import Path
import numpy as np, pandas as pd, torch

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', required=True); ap.add_argument('--model', default='default'); ap.add_argument('--out', default='results/tta_shifts')
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from cifake.models import load_detector, predict_probs
    from cifake.evaluate import model_split
    from cifake.metrics import compute_metrics, choose_threshold
    from cifake.data import write_json
    net, cfg = load_detector(a.model)
    va = model_split(cfg, a.data, 'valid'); y = va.labels.numpy()
    from cifake.train import reflect_index
    def shift(dx, dy): return lambda x: x[:, :, reflect_index(torch.arange(32) + dy, 32)][:, :, :, reflect_index(torch.arange(32) + dx, 32)]  # plain indexing: the views stay uint8
    views = {'image': lambda x: x, 'mirror': lambda x: x.flip(-1), 'right 1 px': shift(-1, 0), 'left 1 px': shift(1, 0), 'down 1 px': shift(0, -1), 'up 1 px': shift(0, 1)}
    P = {k: predict_probs(net, f(va.images), cfg['stats'], bs=500, fast=True) for k, f in views.items()}
    combos = {**{k: [k] for k in P}, 'image + mirror (shipped)': ['image', 'mirror'], 'image + 4 shifts': ['image', 'right 1 px', 'left 1 px', 'down 1 px', 'up 1 px'],
              'all 6 views': list(P)}
    rows = []
    for name, ks in combos.items():
        p = np.mean([P[k] for k in ks], 0); m = compute_metrics(y, p, choose_threshold(y, p))
        rows.append(dict(views=name, n_views=len(ks), valid_acc=round(m['accuracy'], 4), valid_auroc=round(m['auroc'], 5)))
    df = pd.DataFrame(rows); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out/'views.csv', index=False)
    write_json(dict(command=f'python experiments/tta_shifts.py --data DATA --model {a.model}', model=str(a.model), n_valid=len(y)), out/'run.json')
    print(df.to_string(index=False))

if __name__ == '__main__': main()
