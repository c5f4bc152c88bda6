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

VIEWS = {'image': lambda x: x, 'mirror': lambda x: x.flip(-1), 'upside down': lambda x: x.flip(-2), 'turned 180°': lambda x: torch.rot90(x, 2, (-2, -1)),
         'transposed': lambda x: x.transpose(-2, -1), 'quarter turn left': lambda x: torch.rot90(x, 1, (-2, -1)),
         'quarter turn right': lambda x: torch.rot90(x, -1, (-2, -1)), 'anti-transposed': lambda x: torch.rot90(x, 2, (-2, -1)).transpose(-2, -1)}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('models', nargs='+'); ap.add_argument('--data', required=True); ap.add_argument('--out', default='results/orientations')
    a = ap.parse_args()
    from cifake.models import load_detector, predict_probs, tta_views
    from cifake.evaluate import model_split
    from cifake.metrics import compute_metrics
    from cifake.data import write_json
    x = torch.arange(2 * 3 * 4 * 4, dtype=torch.uint8).reshape(2, 3, 4, 4)
    ours, theirs = [f(x) for f in VIEWS.values()], tta_views(x, 'dihedral')
    assert len(theirs) == 8 and all(any(torch.equal(o, t) for t in theirs) for o in ours) and len({tuple(o.flatten().tolist()) for o in ours}) == 8, "the eight views are not the dihedral ones"
    rows = []
    for model in a.models:
        net, cfg = load_detector(model)
        va = model_split(cfg, a.data, 'valid'); y = va.labels.numpy()
        for name, f in VIEWS.items():
            m = compute_metrics(y, predict_probs(net, f(va.images).contiguous(), cfg['stats'], bs=500), cfg['threshold'])
            rows.append(dict(model=Path(model).name, trained_with=' + '.join(['mirror'] * cfg.get('flip', True) + ['upside down'] * cfg.get('vflip', False) + ['transposed'] * cfg.get('transpose', False)),
                             view=name, valid_acc=round(m['accuracy'], 4), valid_auroc=round(m['auroc'], 5)))
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out/'orientations.csv', index=False)
    write_json(dict(command='python experiments/orientations.py --data DATA ' + ' '.join(a.models), models=a.models, n_valid=len(y)), out/'run.json')
    print(df.pivot(index='view', columns='model', values='valid_acc').loc[list(VIEWS)].to_string())

if __name__ == '__main__': main()
