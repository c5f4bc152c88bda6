"""Robustness of trained detectors to degradations, before/after degradation training, and the cross-domain table.

    python experiments/robustness.py --data ~/data/cifake [--models NAME=DIR ...] [--skip-train] [--skip-cross]

Writes results/robustness/<name>.csv per model, robustness.png, and cross_domain/cross_domain.csv; models trained here go to
results/models/ (the degradation-trained twin of the shipped paper CNN) and results/robustness/cross_domain/.
"""
import argparse, json, time
from pathlib import Path
import pandas as pd
from cifake.data import save_fig, write_json, atomic_path
from cifake.train import train
from cifake.robustness import robustness, plot_robustness, cross_domain

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--data', required=True); ap.add_argument('--out', default='results/robustness')
ap.add_argument('--models', nargs='*', default=['resnet9w32=results/models/resnet9w32', 'paper128x2=results/models/paper128x2_ours',
                                                  'paper128x2_degrade=results/models/paper128x2_degrade'])
ap.add_argument('--skip-train', action='store_true'); ap.add_argument('--skip-cross', action='store_true')
a = ap.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
log = {}
# the twin of the shipped paper CNN (same recipe: paper 128x2, dense 64, lr 3e-3, 6 epochs), trained with degradations on half the images
twin = Path('results/models/paper128x2_degrade')
if not a.skip_train and not (twin/'config.json').exists():
    t = time.perf_counter()
    train('paper', a.data, twin, epochs=6, lr=3e-3, bs=256, degrade=0.5, patience=100, filters=128, conv_layers=2, dense=(64,))
    log['train_degrade_seconds'] = round(time.perf_counter() - t, 1)
tables = {}
for spec in a.models:
    name, d = spec.split('=', 1)
    if not (Path(d)/'config.json').exists(): print(f"skipping {name}: no model in {d}"); continue
    t = time.perf_counter()
    tables[name] = tb = robustness(d, a.data)
    log[f'robustness_{name}_seconds'] = round(time.perf_counter() - t, 1)
    with atomic_path(out/f'{name}.csv') as f: tb.round(5).to_csv(f, index=False)
    print(name); print(tb.round(4).to_string(index=False), flush=True)
if tables: save_fig(plot_robustness(tables), out/'robustness.png')
if not a.skip_cross:
    t = time.perf_counter()
    cd = cross_domain(a.data, out/'cross_domain', arch='paper', epochs=3, lr=3e-3, verbose=True, filters=128, conv_layers=2, dense=(64,))
    log['cross_domain_seconds'] = round(time.perf_counter() - t, 1)
    print(cd.round(4).to_string(index=False))
write_json(dict(log, command='python experiments/robustness.py --data DATA ' + ' '.join(f'--models {m}' for m in a.models)), out/'run.json')
