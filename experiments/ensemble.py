#!/usr/bin/env python3
"""Small ensembles of trained models: average P(FAKE), or its log-odds, over every subset of the given model folders; choose on validation, report test.

    python experiments/ensemble.py --data ~/data/cifake --models cifake/detector,results/models/vgg,results/models/resnet50 --out results/ensemble

Each model scores its own validation split (the seeded 10 % of train it never trained on; the models must share one split, i.e. valid_pct and seed, checked;
their training seeds, `--train-seed`, may differ) and the official test split once, with its own normalisation and flip averaging as its config says.
The scores are kept in <out>/probs.npz, keyed by the weights' SHA-256, so a second run with more models or another combination scores only what is new.
For every subset and both ways of combining (`prob`: the mean probability; `logit`: the mean log-odds, which lets a confident member outvote an unsure one),
the combined score gets its threshold from validation (`choose_threshold`); the row with the best validation accuracy is the choice. Test numbers are written
for all, to show how far validation ranks them right. Writes <out>/ensembles.csv and <out>/run.json.
"""
import argparse, itertools, json, time
from pathlib import Path
import numpy as np, pandas as pd
from scipy.special import expit, logit
import torch

COMBINE = dict(prob=lambda ps: np.mean(ps, axis=0),
               logit=lambda ps: expit(np.mean(logit(np.clip(np.asarray(ps, dtype=np.float64), 1e-7, 1 - 1e-7)), axis=0)))

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', required=True); ap.add_argument('--models', required=True, help='comma-separated model folders or shipped detector names')
    ap.add_argument('--out', default='results/ensemble'); ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from cifake.models import load_model, detector_dir, predict_probs
    from cifake.evaluate import model_split
    from cifake.metrics import compute_metrics, choose_threshold
    from cifake.data import write_json, atomic_path
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    cache_f = out/'probs.npz'
    cache = dict(np.load(cache_f)) if cache_f.exists() else {}
    names, probs, split_key = [], {}, None
    for spec in a.models.split(','):
        mdir = detector_dir(spec); cfg = json.loads((mdir/'config.json').read_text())
        key = (cfg.get('valid_pct', 0.1), cfg.get('seed', 42))
        if split_key not in (None, key): raise SystemExit(f"{mdir}: validation split {key} differs from {split_key}; ensembles need one split")
        split_key, sha = key, cfg.get('weights_sha256', str(mdir))
        t0, net = time.perf_counter(), None
        for split in ('valid', 'test'):
            if f'{sha}:{split}' not in cache:
                if net is None: net, cfg = load_model(mdir)
                sp = model_split(cfg, a.data, split)
                cache[f'{sha}:{split}'], cache[f'y:{split}'] = predict_probs(net, sp.images, cfg['stats'], bs=256, tta=cfg.get('tta', False)), sp.labels.numpy()
                with atomic_path(cache_f) as tmp: np.savez(tmp, **cache)
            probs[(spec, split)] = cache[f'{sha}:{split}']
        names.append(spec)
        print(f"{spec}: valid + test {'scored in ' + format(time.perf_counter() - t0, '.0f') + ' s' if net is not None else 'from ' + str(cache_f)}", flush=True)
    y = {s: cache[f'y:{s}'] for s in ('valid', 'test')}
    rows = []
    for k in range(1, len(names) + 1):
        for sub in itertools.combinations(names, k):
            for how, f in list(COMBINE.items())[:1 if k == 1 else None]:  # one model alone: the two ways agree
                pv, pt = (f([probs[(n, s)] for n in sub]) for s in ('valid', 'test'))
                thr = choose_threshold(y['valid'], pv)
                mv = compute_metrics(y['valid'], pv, thr)
                mt = compute_metrics(y['test'], pt, thr, ci=True)
                rows.append(dict(models=' + '.join(Path(n).name for n in sub), n=k, combine=how, threshold=round(thr, 4), valid_acc=round(mv['accuracy'], 4),
                                 valid_auroc=round(mv['auroc'], 4), test_acc=round(mt['accuracy'], 4),
                                 test_acc_ci=f"{mt['ci95']['accuracy'][0]:.4f}-{mt['ci95']['accuracy'][1]:.4f}", test_auroc=round(mt['auroc'], 4)))
    df = pd.DataFrame(rows)
    best = df.sort_values(['valid_acc', 'valid_auroc'], ascending=False).iloc[0]
    df['chosen_on_valid'] = (df.models == best.models) & (df.combine == best.combine)
    df.to_csv(out/'ensembles.csv', index=False)
    write_json(dict(command='python experiments/ensemble.py ' + ' '.join(f'--{k} {v}' for k, v in vars(a).items() if k != 'threads'),
                    models=names, valid_split=dict(valid_pct=split_key[0], seed=split_key[1]), chosen=best.to_dict()), out/'run.json')
    print(df.to_string(index=False))

if __name__ == '__main__': main()
