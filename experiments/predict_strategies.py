#!/usr/bin/env python3
"""Which view strategy `cifake-predict` should use for images larger than 32x32, measured.

    python experiments/predict_strategies.py --data ~/data/cifake [--n 4000] [--model fast]

Builds large images from a seeded, balanced subset of the official test split (upscaled x2 and x4 bicubic; 4x4 mosaics
of same-label images, aligned and shifted by 16 px) and scores each with every strategy (crops, center, resize) using the
detector `--model` (default: the shipped `fast` detector, the paper CNN, with which the committed results were made) at its validation threshold. Writes results/predict/strategies.json.
"""
import argparse, json
from pathlib import Path
import numpy as np

root = Path(__file__).resolve().parents[1]

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--n', type=int, default=4000); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--model', default='fast')
    a = ap.parse_args()
    from cifake.data import load_split, CifakeSplit, write_json, data_path
    from cifake.predict import strategy_study
    tst = load_split(data_path(a.data), 'test', show_progress=False)
    rng = np.random.default_rng(a.seed)
    y = tst.labels.numpy()
    idx = np.sort(np.concatenate([rng.choice(np.flatnonzero(y == c), min(a.n // 2, int((y == c).sum())), replace=False) for c in (0, 1)]))
    sub = CifakeSplit(tst.images[idx], tst.labels[idx], tst.classes[idx], [tst.paths[i] for i in idx])
    res = strategy_study(sub, a.model)
    write_json(dict(data=str(data_path(a.data)), n_source_images=len(idx), seed=a.seed, rows=res,
                    model=a.model, command=f"python experiments/predict_strategies.py --data DATA --n {a.n} --model {a.model}"), root/'results'/'predict'/'strategies.json')
    for k, v in res.items(): print(f"{k:<22} n={v['n']:>5}  accuracy {v['accuracy']:.4f}  AUROC {v['auroc']:.4f}")

if __name__ == '__main__': main()
