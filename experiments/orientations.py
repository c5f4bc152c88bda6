#!/usr/bin/env python3
"""How well does each model do on its validation images shown in each of the eight orientations of the square? Validation only.

    python experiments/orientations.py --data ~/data/cifake MODEL [MODEL ...] [--out results/orientations]

MODEL: a model folder (cifake-train output) or a shipped detector's name. The eight views are the symmetries of the square that
`tta='dihedral'` averages over (the image, its mirror, upside down, turned 180 degrees, and the transposes of those four). Each
view alone is scored at the model's own threshold (accuracy) and by AUROC. A model is invariant to a symmetry when its row
matches the image's; training flips and transpositions (cifake-train --vflip --transpose) are what should make it so.
Writes <out>/orientations.csv and <out>/run.json; the official test split is not touched.
"""
import argparse
from pathlib import Path
import pandas as pd, torch

NAMES = ['image', 'mirror', 'upside down', 'turned 180°', 'transposed', 'quarter turn left', 'quarter turn right', 'anti-transposed']  # the order of tta_views(x, 'dihedral')

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('models', nargs='+'); ap.add_argument('--data', required=True); ap.add_argument('--out', default='results/orientations')
    a = ap.parse_args()
    from cifake.models import load_detector, predict_probs, tta_views
    from cifake.evaluate import model_split
    from cifake.metrics import compute_metrics
    from cifake.data import write_json
    x = torch.arange(3 * 4 * 4, dtype=torch.uint8).reshape(1, 3, 4, 4)
    v = tta_views(x, 'dihedral')
    assert torch.equal(v[3], torch.rot90(x, 2, (-2, -1))) and torch.equal(v[5], torch.rot90(x, 1, (-2, -1))) and torch.equal(v[6], torch.rot90(x, -1, (-2, -1))), "NAMES do not match tta_views"
    rows = []
    for model in a.models:
        net, cfg = load_detector(model)
        va = model_split(cfg, a.data, 'valid'); y = va.labels.numpy()
        for name, view in zip(NAMES, tta_views(va.images, 'dihedral')):
            m = compute_metrics(y, predict_probs(net, view.contiguous(), cfg['stats'], bs=500), cfg['threshold'])
            rows.append(dict(model=Path(model).name, trained_with=' + '.join(['mirror'] * cfg.get('flip', True) + ['upside down'] * cfg.get('vflip', False) + ['transposed'] * cfg.get('transpose', False)),
                             view=name, valid_acc=round(m['accuracy'], 4), valid_auroc=round(m['auroc'], 5)))
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out/'orientations.csv', index=False)
    write_json(dict(command='python experiments/orientations.py --data DATA ' + ' '.join(a.models), models=a.models, n_valid=len(y)), out/'run.json')
    print(df.pivot(index='view', columns='model', values='valid_acc').loc[NAMES].to_string())

if __name__ == '__main__': main()
