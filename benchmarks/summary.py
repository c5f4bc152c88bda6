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
                         cpu=f"{cfg['processor'].replace('(R)', '').replace(' Processor', '')}, {'bf16' if cfg.get('bf16') else 'float32'}" if 'processor' in cfg else f"{cfg['cpu_capability']}{', bf16' if cfg.get('bf16') else ''}" if 'cpu_capability' in cfg else None, n_train=cfg.get('n_train'),
                         test_accuracy=tm.get('accuracy'), test_auroc=tm.get('auroc')))
    return pd.DataFrame(rows)

def main():
    parts = ["# Benchmarks", "Measured on this project's machines (2 CPU cores, no GPU; the processor is named where it matters: with or without native bf16). Regenerate each table with the command under it."]
    if d := load('decode'):
        parts += ["## Decoding the dataset", md(pd.DataFrame(d['rows'])), f"`{d['command']}`"]
    for name in ('train_speed', 'train_speed_avx2', 'train_compile_avx2', 'train_speed_xeon'):  # avx2: a machine without native bf16; xeon: one with it where bf16 rarely pays
        if not (d := load(name)): continue
        rows = pd.DataFrame(d['rows'])
        t = rows[rows.loop.isin(['fastai', 'torch']) & (rows.bf16 == rows.channels_last)]
        how = f"median of {d['repeats']} interleaved rounds" if d.get('repeats', 1) > 1 else "one measurement each"
        if not len(t):  # torch.compile only
            parts += [f"## torch.compile on {d['processor']} (images/s, {d['threads']} thread(s), batch {d['bs']}, {how})"]
        else:
            piv = t.pivot_table(index=['config', 'params', 'bf16'], columns='loop', values='img_per_s').reset_index()
            piv['torch / fastai'] = (piv['torch'] / piv['fastai']).round(3)
            if 'spread' in t: piv['spread (worse loop)'] = t.pivot_table(index=['config', 'params', 'bf16'], values='spread', aggfunc='max').spread.values
            parts += [f"## Training speed on {d['processor']} (images/s, {d['threads']} thread(s), batch {d['bs']}, {how}; fastai Learner vs a plain torch loop)", md(piv)]
        ab = rows[(rows.loop == 'torch') & (rows.bf16 != rows.channels_last)]
        if len(ab): parts += ["bf16 alone and channels_last alone (plain torch loop):", md(ab[['config', 'bf16', 'channels_last', 'img_per_s']])]
        co = rows[rows.loop.isin(['torch (eager)', 'torch.compile'])]
        if len(co):
            cp = co.pivot_table(index=['config', 'bf16', 'channels_last'], columns='loop', values='img_per_s').reset_index()
            cp['compiled / eager'] = (cp['torch.compile'] / cp['torch (eager)']).round(3)
            cp['spread (worse loop)'] = co.pivot_table(index=['config', 'bf16', 'channels_last'], values='spread', aggfunc='max').spread.values
            parts += ["torch.compile (inductor) against the same plain torch loop run eagerly, back to back:", md(cp)]
        if 'bf16_pays' in d: parts += ["What `cifake-train` chooses there (`bf16_pays`, its probe before training, batch %d): " % d['bs'] + ', '.join(f"{k} {'bf16' if v else 'float32'}" for k, v in d['bf16_pays'].items())]
        parts += [f"`python benchmarks/{d['command']}`"]
    if d := load('batch_size'):
        parts += [f"## Training speed by batch size on {d['processor']} ({d['loop']} loop, {d['precision']}, {d['threads']} thread(s), median of {d['repeats']} interleaved rounds)",
                  md(pd.DataFrame(d['rows']).drop(columns='runs')), f"`python benchmarks/{d['command']}`"]
    for d in filter(None, map(load, ('bf16_probe', 'bf16_probe_xeon'))):
        rows = [dict(config=r['config'], **{'float32 step (s)': r['f32_step_s'], 'bf16 step (s)': r['bf16_step_s'], 'bf16 / float32': r['ratio'], 'faster (reference)': r['reference'], **({'first steps, float32 (s)': ', '.join(map(str, r['warmup_f32_s'])), 'first steps, bf16 (s)': ', '.join(map(str, r['warmup_bf16_s']))} if 'warmup_f32_s' in r else {})},
                     **{f"{k}: agreed": f"{v['agree']}/{d['runs']}" for k, v in r.items() if isinstance(v, dict)}, **{f"{k}: seconds": v['seconds'] for k, v in r.items() if isinstance(v, dict)}) for r in d['rows']]
        parts += [f"## Does the bf16 probe choose the faster precision? ({d['processor']}, batch {d['bs']}, {d['threads']} threads; reference: median of at least {d['ref_steps']} interleaved training steps and {d.get('ref_seconds', 0):g} s after {d['ref_warmup']} warm-ups; each probe in a fresh process, {d['runs']} times)",
                  md(pd.DataFrame(rows)), f"`python benchmarks/{d['command']}`"]
    for name in ('predict_speed', 'predict_speed_avx2', 'predict_speed_xeon'):
        if not (d := load(name)): continue
        parts += [f"## Inference speed of the shipped detectors{' on ' + d['processor'] if 'processor' in d else ''} (goal {d['goal_img_per_s']:,} images/s from files)", md(pd.DataFrame(d['rows'])), f"`{d['command']}`"]
    if d := load('peak_memory'):
        parts += ["## Peak memory (maximum resident set size, /usr/bin/time -v)", md(pd.DataFrame(d['rows'])), f"`{d['command']}`"]
    tt = time_to_target()
    if len(tt):
        parts += ["## Time to the paper's 92.98 % and full training runs (validation accuracy per epoch from each run's history.csv; test from its test_metrics.json; cpu where the run recorded it: runs before the column existed trained in bf16 on an AVX-512 machine, a refit has no validation)",
                  md(tt), "`cifake-train …` (each run's command is in its config.json); `python benchmarks/summary.py`"]
    txt = "\n\n".join(parts) + "\n"
    (RES/'SUMMARY.md').write_text(txt); print(txt)

if __name__ == '__main__': main()
