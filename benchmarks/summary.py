#!/usr/bin/env python3
"""Collect every benchmark result of benchmarks/results/ and the training histories of results/models/ into one markdown page.

    python benchmarks/summary.py          # prints it and writes benchmarks/results/SUMMARY.md

Each table names the command that regenerates it. Nothing is measured here: run the benchmark scripts first.
"""
import json
from pathlib import Path
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RES, MODELS, PAPER_BEST = ROOT/'benchmarks'/'results', ROOT/'results'/'models', 0.9298

def load(name):
    p = RES/f'{name}.json'
    return json.loads(p.read_text()) if p.exists() else None

def md(df):
    from cifake.reproduce import md_table
    return md_table(df.astype(object).where(df.notna(), ''), index=False)

def time_to_target():
    "Per trained model: wall time until validation accuracy first reached the paper's 92.98 %, and the whole run"
    rows = []
    for d in sorted(MODELS.iterdir()):
        if not (d/'history.csv').exists() or not (d/'config.json').exists(): continue
        h, cfg = pd.read_csv(d/'history.csv'), json.loads((d/'config.json').read_text())
        h['cum_min'] = h.seconds.cumsum() / 60
        hit = h[h.valid_accuracy >= PAPER_BEST]
        ev = ROOT/'results'/'evaluate'/d.name/'metrics.json'  # cifake-evaluate's test metrics where ship_detector.py was not run
        tm = json.loads((d/'test_metrics.json').read_text())['test'] if (d/'test_metrics.json').exists() else json.loads(ev.read_text()) if ev.exists() else {}
        rows.append(dict(model=d.name, arch=f"{cfg['arch']} {cfg['hparams']}", epochs=cfg['epochs_run'],
                         minutes_to_9298_valid=round(float(hit.cum_min.iloc[0]), 1) if len(hit) else None, epoch_reached=int(hit.epoch.iloc[0]) if len(hit) else None,
                         train_minutes=round(cfg['train_seconds'] / 60, 1), wall_minutes=round(cfg['wall_seconds'] / 60, 1),
                         test_accuracy=tm.get('accuracy'), test_auroc=tm.get('auroc')))
    return pd.DataFrame(rows)

def main():
    parts = ["# Benchmarks", "Measured on this project's machine (2 CPU cores, no GPU). Regenerate each table with the command under it."]
    if d := load('decode'):
        parts += ["## Decoding the dataset", md(pd.DataFrame(d['rows'])), f"`{d['command']}`"]
    if d := load('train_speed'):
        t = pd.DataFrame(d['rows'])
        t = t[t.loop.isin(['fastai', 'torch']) & (t.bf16 == t.channels_last)]
        piv = t.pivot_table(index=['config', 'params', 'bf16'], columns='loop', values='img_per_s').reset_index()
        piv['torch / fastai'] = (piv['torch'] / piv['fastai']).round(3)
        if 'spread' in t: piv['spread (worse loop)'] = t.pivot_table(index=['config', 'params', 'bf16'], values='spread', aggfunc='max').spread.values
        how = f"median of {d['repeats']} interleaved rounds" if 'repeats' in d else "one measurement each"
        parts += [f"## Training speed (images/s, {d['threads']} thread(s), batch {d['bs']}, {how}; fastai Learner vs a plain torch loop)", md(piv), f"`python benchmarks/{d['command']}`"]
    if d := load('predict_speed'):
        parts += [f"## Inference speed of the shipped detector (goal {d['goal_img_per_s']:,} images/s from files)", md(pd.DataFrame(d['rows'])), f"`{d['command']}`"]
    if d := load('peak_memory'):
        parts += ["## Peak memory (maximum resident set size, /usr/bin/time -v)", md(pd.DataFrame(d['rows'])), f"`{d['command']}`"]
    tt = time_to_target()
    if len(tt):
        parts += ["## Time to the paper's 92.98 % and full training runs (validation accuracy per epoch from each run's history.csv; test from its test_metrics.json)",
                  md(tt), "`cifake-train …` (each run's command is in its config.json); `python benchmarks/summary.py`"]
    txt = "\n\n".join(parts) + "\n"
    (RES/'SUMMARY.md').write_text(txt); print(txt)

if __name__ == '__main__': main()
