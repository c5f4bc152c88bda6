#!/usr/bin/env python3
"""The CIFAKE paper's 36 topologies on the full data: 12 feature extractors (filters x conv layers, one dense layer of 64), then 24 dense heads.

    python experiments/paper_table.py --data ~/data/cifake --protocol paper --epochs 3                 # the 12 extractors
    python experiments/paper_table.py --data ~/data/cifake --protocol ours  --epochs 3
    python experiments/paper_table.py --data ~/data/cifake --protocol paper --epochs 3 --sweep dense   # 1-3 dense layers x 32..4096 neurons

--sweep dense keeps the paper's best extractor (128 filters x 2 conv layers) and varies the dense layers: 1, 2 or 3 layers of 32, 64, ..., 4096
neurons (3 x 8 = 24 heads; with the 12 extractors, the paper's 36). The head of one layer of 64 is the extractor table's 128x2 row, reused.

protocol `paper`: as far as the paper tells it: Adam (lr 1e-3), sigmoid output + binary cross-entropy, no augmentation,
a fixed number of epochs (no early stopping). The package's loop always uses a one-cycle schedule and bf16 autocast: said in the table.
protocol `ours`: the package's recipe: AdamW one-cycle at lr 3e-3, horizontal flips, early stopping on validation loss.
Every choice comes from the validation split; each row is then scored once on the official test split.
Resumable: finished rows are skipped, an interrupted row resumes from its checkpoint. Writes results/paper_table/<protocol>.csv.
"""
import argparse, json, os, shutil, time
from pathlib import Path
import pandas as pd

root = Path(__file__).resolve().parents[1]
PAPER = {(16, 1): 90.06, (16, 2): 91.46, (16, 3): 91.63, (32, 1): 90.38, (32, 2): 92.93, (32, 3): 92.54,
         (64, 1): 90.94, (64, 2): 92.71, (64, 3): 92.38, (128, 1): 91.39, (128, 2): 92.98, (128, 3): 92.07}
DENSE = (32, 64, 128, 256, 512, 1024, 2048, 4096)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--protocol', choices=['paper', 'ours'], default='paper')
    ap.add_argument('--epochs', type=int, default=3); ap.add_argument('--out', default=str(root/'results'/'paper_table'))
    ap.add_argument('--sweep', choices=['extractor', 'dense'], default='extractor')
    a = ap.parse_args()
    from cifake.data import load_split, write_json, data_path, atomic_path
    def save_csv(rows):
        with atomic_path(csv) as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
    from cifake.train import train, evaluate_split
    data, out = data_path(a.data), Path(a.out)
    tst = load_split(data, 'test', show_progress=False)
    kw = dict(lr=1e-3, flip=False, patience=a.epochs + 1) if a.protocol == 'paper' else dict(lr=3e-3, flip=True, patience=2)
    if a.sweep == 'extractor': grid = [(f, l, (64,), PAPER[f, l] / 100, f'f{f}_l{l}') for f, l in PAPER]
    else: grid = [(128, 2, (n,) * k, None, 'f128_l2' if (k, n) == (1, 64) else f'f128_l2_d{k}x{n}') for k in (1, 2, 3) for n in DENSE]
    rows, csv = [], out/(f'{a.protocol}.csv' if a.sweep == 'extractor' else f'dense_{a.protocol}.csv')
    for f, l, dense, paper_acc, name in grid:
        run = out/a.protocol/name
        if (run/'test_metrics.json').exists():
            rows.append({**dict(filters=f, conv_layers=l, dense_layers=len(dense), neurons=dense[0]), **json.loads((run/'test_metrics.json').read_text())['row']}); continue
        t0 = time.perf_counter()
        model, cfg = train('paper', data, run, epochs=a.epochs, bs=256, resume=(run/'checkpoint').exists(), verbose=False,
                           filters=f, conv_layers=l, dense=dense, **kw)
        m = evaluate_split(model, cfg, tst, ci=True)
        hist = pd.read_csv(run/'history.csv')
        row = dict(filters=f, conv_layers=l, dense_layers=len(dense), neurons=dense[0], params=cfg['n_params'], epochs=int(len(hist)), best_epoch=cfg['best_epoch'],
                   train_s=round(float(hist.seconds.sum()), 1),
                   valid_acc=round(json.loads((run/'metrics.json').read_text())['accuracy'], 4),
                   test_acc=round(m['accuracy'], 4), test_acc_ci=f"{m['ci95']['accuracy'][0]:.4f}-{m['ci95']['accuracy'][1]:.4f}",
                   test_auroc=round(m['auroc'], 4), f1_fake=round(m['FAKE']['f1'], 4), paper_acc=paper_acc)
        write_json(dict(row=row, test=m), run/'test_metrics.json')
        if (run/'checkpoint').exists(): shutil.rmtree(run/'checkpoint')  # 3x the weights; the row is done
        rows.append(row)
        print(f"{a.protocol} {name}: test acc {row['test_acc']:.4f}" + (f" (paper {paper_acc:.4f})" if paper_acc else "") + f", AUROC {row['test_auroc']:.4f}, "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
        save_csv(rows)
    save_csv(rows)
    print(pd.DataFrame(rows).to_string(index=False))

if __name__ == '__main__': main()
