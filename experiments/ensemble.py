#!/usr/bin/env python3
"""Small ensembles of trained models: average P(FAKE) over every subset of the given model folders; choose on validation, report test.

    python experiments/ensemble.py --data ~/data/cifake --models cifake/detector,results/models/vgg,results/models/resnet50 --out results/ensemble

Each model scores its own validation split (the seeded 10 % of train it never trained on; all models here share seed 42, checked) and the
official test split once, with its own normalisation and flip averaging as its config says. For every subset, the mean probability gets its
threshold from validation (`choose_threshold`); the subset with the best validation accuracy is the choice. Test numbers are written for all,
to show how far validation ranks them right. Writes <out>/ensembles.csv and <out>/run.json.
"""
import argparse, itertools, json, time
from pathlib import Path
import numpy as np, pandas as pd
import torch

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', required=True); ap.add_argument('--models', required=True, help='comma-separated model folders or shipped detector names')
    ap.add_argument('--out', default='results/ensemble'); ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from cifake.models import load_model, detector_dir, predict_probs
    from cifake.evaluate import model_split
    from cifake.metrics import compute_metrics, choose_threshold
    from cifake.data import write_json
    names, probs, split_key = [], {}, None
    for spec in a.models.split(','):
        mdir = detector_dir(spec); net, cfg = load_model(mdir)
        key = (cfg.get('valid_pct', 0.1), cfg.get('seed', 42))
        if split_key not in (None, key): raise SystemExit(f"{mdir}: validation split {key} differs from {split_key}; ensembles need one split")
        split_key = key
        t0 = time.perf_counter()
        for split in ('valid', 'test'):
            sp = model_split(cfg, a.data, split)
            probs[(spec, split)] = predict_probs(net, sp.images, cfg['stats'], bs=256, tta=cfg.get('tta', False))
            probs[('y', split)] = sp.labels.numpy()
        names.append(spec)
        print(f"{spec}: scored valid + test in {time.perf_counter() - t0:.0f} s", flush=True)
    rows = []
    for k in range(1, len(names) + 1):
        for sub in itertools.combinations(names, k):
            pv, pt = (np.mean([probs[(n, s)] for n in sub], axis=0) for s in ('valid', 'test'))
            thr = choose_threshold(probs[('y', 'valid')], pv)
            mv = compute_metrics(probs[('y', 'valid')], pv, thr)
            mt = compute_metrics(probs[('y', 'test')], pt, thr, ci=True)
            rows.append(dict(models=' + '.join(Path(n).name for n in sub), n=k, threshold=round(thr, 4), valid_acc=round(mv['accuracy'], 4),
                             valid_auroc=round(mv['auroc'], 4), test_acc=round(mt['accuracy'], 4),
                             test_acc_ci=f"{mt['ci95']['accuracy'][0]:.4f}-{mt['ci95']['accuracy'][1]:.4f}", test_auroc=round(mt['auroc'], 4)))
    df = pd.DataFrame(rows)
    best = df.sort_values(['valid_acc', 'valid_auroc'], ascending=False).iloc[0]
    df['chosen_on_valid'] = df.models == best.models
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out/'ensembles.csv', index=False)
    write_json(dict(command='python experiments/ensemble.py ' + ' '.join(f'--{k} {v}' for k, v in vars(a).items() if k != 'threads'),
                    models=names, valid_split=dict(valid_pct=split_key[0], seed=split_key[1]), chosen=best.to_dict()), out/'run.json')
    print(df.to_string(index=False))

if __name__ == '__main__': main()
