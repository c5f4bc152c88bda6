#!/usr/bin/env python3
"""Score a trained model on the official test split and, optionally, ship it as the package's detector.

    python tools/ship_detector.py RUN_DIR --data ~/data/cifake [--ship [--as default|fast]]
    python tools/ship_detector.py RUN_DIR --data ~/data/cifake --paired OTHER_RUN_DIR

RUN_DIR is a `cifake-train` output folder. Writes RUN_DIR/test_metrics.json (compute_metrics with 95 % bootstrap
intervals, at the threshold chosen on validation, on the whole test split and on the test split without the
FAKE images that are byte-identical to training images, from results/audit/audit_full.json).
Before that it compares the model with the detector it would replace, on the validation split they share (paired): images only one of them gets right
(McNemar's exact test on those) and the AUROC difference with a paired bootstrap 95 % interval, into RUN_DIR/test_metrics.json under `vs_shipped`.
--ship then replaces the detector only if the model is better on validation by more than chance (McNemar p < 0.05) and its AUROC is not lower
(--force ships anyway). With --ship: copies model.safetensors + config.json to the shipped detector's folder (cifake/detector/, or cifake/detector_fast/ with
--as fast) and writes the model card (MODEL_CARD.md there and the `card` entry of its config.json).
--paired OTHER_RUN_DIR makes only the paired validation comparison, with another run instead of the shipped detector, into RUN_DIR/paired_valid.json.
A refit (cifake-train --refit RECIPE_RUN) has no validation split: the comparison that decides shipping is its recipe run's (computed again if
RECIPE_RUN's weights are there, else read from RECIPE_RUN/test_metrics.json), and the card says so.
"""
import argparse, json, os, platform, shutil, time
from pathlib import Path
import numpy as np

root = Path(__file__).resolve().parents[1]

def recipe_dir(refit_of) -> Path:
    "The folder of a refit's recipe run: as recorded, or inside the repository"
    return next((d for d in (Path(refit_of), root/refit_of) if (d/'config.json').exists()), Path(refit_of))

def train_command(cfg:dict, run) -> str:
    "The cifake-train command line that reproduces the run of `cfg`"
    hp, flags = cfg['hparams'], ('filters', 'conv_layers', 'dense')
    arch = ' '.join(f"--{k.replace('_', '-')} {','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in hp.items() if k in flags)
    other = {k: v for k, v in hp.items() if k not in flags and k != 'pretrained'}
    if other: arch += f" --hparams '{json.dumps(other)}'"
    deg = f" --degrade {cfg['degrade']}" if cfg.get('degrade') else ''
    deg += (f" --shift {cfg['shift']}" if cfg.get('shift') else '') + (f" --label-smoothing {cfg['label_smoothing']}" if cfg.get('label_smoothing') else '')
    from cifake.train import OPTIMIZERS
    opt = cfg['optimizer'] if cfg.get('optimizer') in OPTIMIZERS else 'adamw'  # configs from before the choice: AdamW
    wd0 = OPTIMIZERS[opt][1]['weight_decay']  # the weight decay cifake-train gives this optimizer when --wd is not given
    deg += (f" --optimizer {opt}" if opt != 'adamw' else '') + (f" --wd {cfg['wd']}" if cfg.get('wd', wd0) != wd0 else '') + (f" --ema {cfg['ema']}" if cfg.get('ema') else '')
    if cfg.get('refit_of'): return f"{train_command(json.loads((recipe_dir(cfg['refit_of'])/'config.json').read_text()), cfg['refit_of'])}; cifake-train --refit {cfg['refit_of']} --data DATA --out {run}"
    tta = f"; cifake-evaluate --model {run} --data DATA --split valid --select-tta" if 'tta_choice' in cfg else ''
    steps = (f"--minutes {cfg['minutes']:g}" if cfg.get('minutes') else '') + (f" --epochs {cfg['epochs']}" if cfg.get('epochs') else '')  # a time budget, a number of epochs, or both
    return (f"cifake-train --arch {cfg['arch']} {arch} {steps.strip()} --lr {cfg['lr']} --bs {cfg['bs']} --seed {cfg['seed']}{' --train-seed ' + str(cfg['train_seed']) if cfg.get('train_seed') is not None else ''}"
            f"{'' if cfg.get('flip', True) else ' --no-flip'}{' --vflip' if cfg.get('vflip') else ''}{' --transpose' if cfg.get('transpose') else ''}{' --roll ' + str(cfg['roll']) if cfg.get('roll') else ''}{deg} --patience {cfg['patience']} --data DATA --out {run}{tta}")

def compare_on_valid(run, name:str, data, n_boot:int=1000, seed:int=0):
    "Paired validation comparison of the model in `run` with the shipped detector `name`: McNemar exact test, AUROC difference with a bootstrap CI; None if nothing is shipped"
    from scipy.stats import binomtest
    from sklearn.metrics import roc_auc_score
    from cifake.models import load_model, detector_dir, predict_probs, DETECTORS
    from cifake.evaluate import model_split
    from cifake.metrics import bootstrap_metrics
    sdir = detector_dir(name)
    if not (sdir/'model.safetensors').exists(): return None
    nets = {who: load_model(d) for who, d in (('model', run), ('shipped', sdir))}
    km, ks = ((c.get('valid_pct', 0.1), c.get('seed', 42)) for _, c in nets.values())
    shipped = name in DETECTORS
    if km != ks: raise SystemExit(f"{run} and {'the shipped detector' if shipped else sdir} have different validation splits ({km} vs {ks}): no paired comparison")
    va = model_split(nets['model'][1], data, 'valid')  # the same images for both: decoded once
    y = va.labels.numpy()
    m, s = ({'thr': c['threshold'], 'p': predict_probs(net, va.images, c['stats'], tta=c.get('tta', False))} for net, c in nets.values())
    rm, rs = (m['p'] >= m['thr']) == (y == 1), (s['p'] >= s['thr']) == (y == 1)
    b, c = int((rm & ~rs).sum()), int((~rm & rs).sum())
    p_mc = float(binomtest(b, b + c, 0.5).pvalue) if b + c else 1.0
    am, ash = roc_auc_score(y, m['p']), roc_auc_score(y, s['p'])
    boot = lambda r: bootstrap_metrics(y, r['p'], r['thr'], n_boot, seed)['auroc']  # the same seed: the same resamples for both, so paired
    diffs = boot(m) - boot(s)
    lo, hi = (float(v) for v in np.percentile(diffs, [2.5, 97.5]))
    better = b > c and p_mc < 0.05 and am >= ash
    summary = (f"validation vs {'shipped ' + name if shipped else Path(name).name}: accuracy {rm.mean():.4f} vs {rs.mean():.4f} (only this model right on {b}, only the {'shipped one' if shipped else 'other'} on {c}, "
               f"McNemar p = {p_mc:.3g}); AUROC {am:.5f} vs {ash:.5f} (difference {am - ash:+.5f}, 95 % CI [{lo:+.5f}, {hi:+.5f}]) -> "
               + ('better' if better else 'not better by the shipping rule'))
    return dict(shipped=str(sdir), n=len(y), accuracy=float(rm.mean()), accuracy_shipped=float(rs.mean()), only_model_right=b, only_shipped_right=c,
                mcnemar_p=p_mc, auroc=float(am), auroc_shipped=float(ash), auroc_diff_ci95=[lo, hi], better=bool(better),
                rule='McNemar p < 0.05 in the model\'s favour and AUROC not lower', summary=summary)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('run'); ap.add_argument('--data', default=None); ap.add_argument('--ship', action='store_true')
    ap.add_argument('--as', dest='name', default='default', choices=['default', 'fast'])
    ap.add_argument('--force', action='store_true', help='ship even if the validation comparison does not favour the model')
    ap.add_argument('--paired', metavar='OTHER_RUN', help='only compare with another run folder on validation (paired, as with the shipped detector) into RUN/paired_valid.json; no test')
    a = ap.parse_args()
    from cifake.data import load_split, data_path, write_json
    from cifake.models import load_model
    from cifake.train import predict_probs
    from cifake.metrics import compute_metrics
    from cifake.evaluate import TTA_VIEWS
    run, data = Path(a.run), data_path(a.data)
    recipe = json.loads((run/'config.json').read_text()).get('refit_of') if (run/'config.json').exists() else None
    if a.paired:
        if recipe: raise SystemExit(f"--paired: {run} is a refit of {recipe}, trained on every training image: it has no validation split to compare on")
        vs = compare_on_valid(run, a.paired, data)
        if vs is None: raise SystemExit(f"--paired: no model in {a.paired}")
        print(vs['summary'])
        f = run/'paired_valid.json'
        write_json({**(json.loads(f.read_text()) if f.exists() else {}), Path(a.paired).name: vs}, f)
        return
    model, cfg = load_model(run)
    if recipe:  # no validation split of its own: its recipe's comparison decides
        recipe = recipe_dir(recipe)
        rf = recipe/'test_metrics.json'
        vs = compare_on_valid(recipe, a.name, data) if (recipe/'model.safetensors').exists() else json.loads(rf.read_text()).get('vs_shipped') if rf.exists() else None
        if vs is None and a.ship and not a.force: raise SystemExit(f"not shipped: no validation comparison of the recipe run {recipe} with the shipped detector (its weights or test_metrics.json) (--force to ship anyway)")
        if vs: vs = dict(vs, recipe_run=str(recipe), summary=f"recipe run {recipe}, " + vs['summary'])
        else: print(f"no validation comparison: the recipe run {recipe} has neither weights nor test_metrics.json here")
    else: vs = compare_on_valid(run, a.name, data)
    if vs: print(vs['summary'])
    tst = load_split(data, 'test')
    tta = cfg.get('tta', False)  # test-time flips, if chosen on validation (cifake-evaluate --select-tta)
    t0 = time.perf_counter(); p = predict_probs(model, tst.images, cfg['stats'], tta=tta); t_pred = time.perf_counter() - t0
    y = tst.labels.numpy()
    res = dict(data=str(data), n=len(y), predict_seconds=round(t_pred, 2), tta=tta, **({'vs_shipped': vs} if vs else {}),
               test=compute_metrics(y, p, cfg['threshold'], ci=True))
    audit = root/'results'/'audit'/'audit_full.json'
    if audit.exists() and len(y) == 20000:
        leaked = {a for a, _ in json.loads(audit.read_text())['duplicates']['train_test']['list']}
        keep = np.array([os.path.relpath(q, data) not in leaked for q in tst.paths])
        res['test_without_train_copies'] = compute_metrics(y[keep], p[keep], cfg['threshold'], ci=True)
    write_json(res, run/'test_metrics.json')
    t = res['test']
    print(f"test accuracy {t['accuracy']:.4f} [{t['ci95']['accuracy'][0]:.4f}, {t['ci95']['accuracy'][1]:.4f}], AUROC {t['auroc']:.4f}, "
          f"F1 FAKE {t['FAKE']['f1']:.4f} ({len(y):,} images, {len(y) / t_pred:,.0f} img/s from tensors)")
    if not a.ship: return
    if vs and not vs['better'] and not a.force: raise SystemExit(f"not shipped: {vs['summary']} (--force to ship anyway)")
    dest = root/'cifake'/('detector' if a.name == 'default' else f'detector_{a.name}'); dest.mkdir(exist_ok=True)
    shutil.copyfile(run/'model.safetensors', dest/'model.safetensors')
    hp = ', '.join(f'{k}={v}' for k, v in cfg['hparams'].items())
    card = dict(arch=cfg['arch'], hparams=cfg['hparams'], n_params=cfg['n_params'], pretrained=cfg.get('pretrained', False),
                data=('CIFAKE (Bird & Lotfi 2024), official train split: all of it for training (a refit of ' + str(recipe) + ', whose 90% / 10% validation split chose the recipe, threshold and views); official test split for the metrics') if recipe else
                     'CIFAKE (Bird & Lotfi 2024), official train split: 90% train / 10% validation (seeded, stratified); official test split for the metrics',
                epochs_run=cfg.get('epochs_run'), best_epoch=cfg.get('best_epoch'), train_seconds=cfg.get('train_seconds'),
                machine=f"{os.cpu_count()} CPU cores ({platform.machine()}), no GPU", threshold=cfg['threshold'],
                test=dict(accuracy=t['accuracy'], auroc=t['auroc'], average_precision=t['average_precision'], f1_fake=t['FAKE']['f1'],
                          precision_fake=t['FAKE']['precision'], recall_fake=t['FAKE']['recall'], recall_real=t['REAL']['recall'], ci95=t['ci95']),
                command=train_command(cfg, run) + f"; python tools/ship_detector.py {run} --data DATA --ship --as {a.name}")
    cfg['card'] = card
    write_json(cfg, dest/'config.json')
    ci = t['ci95']
    tc = cfg.get('tta_choice')
    tta_line = (f"\n- **Test-time flips:** {TTA_VIEWS[tta][0]}, chosen on validation (AUROC / accuracy: "
                + '; '.join(f"{n} {tc[k]['auroc']:.5f} / {tc[k]['accuracy']:.4f}" for n, k in TTA_VIEWS.values() if k in tc) + ")." if tc else '')
    thr_src = "the recipe run's " if recipe else ''
    numerics = ('bf16 autocast + channels_last' if cfg.get('bf16', True) else 'float32 + channels_last') if cfg.get('fast', True) else 'float32'  # configs before `bf16` was recorded: bf16 whenever fast
    (dest/'MODEL_CARD.md').write_text(f"""# cifake detector `{a.name}` (shipped with the package)

- **Architecture:** `{cfg['arch']}` ({hp}), {cfg['n_params']:,} parameters, one FAKE logit; trained from scratch (no pretrained weights).
- **Data:** CIFAKE, official train split: {f"all {cfg['n_train']:,} images for training. This is a refit: the recipe, epochs, threshold and test-time views were chosen on the validation split (10 %, seeded, stratified by label and CIFAR class) of the run `{recipe}`, then trained once more on every training image." if recipe else "90,000 images for training, 10,000 for validation (seeded, stratified by label and CIFAR class)."} Test: the official 20,000-image test split, used once.
- **Training:** fastai one-cycle, {'SGD with Nesterov momentum 0.9 (L2 term' if cfg.get('optimizer') == 'sgd' else 'AdamW (weight decay'} {cfg.get('wd', 0.01)}), horizontal{' and upside-down' if cfg.get('vflip') else ''} flips,{' transpositions,' if cfg.get('transpose') else ''}{f" weights averaged (EMA, decay {cfg['ema']} per step)," if cfg.get('ema') else ''} {numerics}; {card['epochs_run']} epochs{f" (as many as a time budget of {cfg['minutes']:g} minutes held)" if cfg.get('minutes') else ''}, {'the last kept (no validation split)' if recipe else f"best epoch {card['best_epoch']} by validation loss"};
  {card['train_seconds']:.0f} s wall time on {card['machine']}.
- **Threshold:** {cfg['threshold']:.4f} on P(FAKE), chosen on {thr_src}validation (maximum accuracy).{tta_line}
- **Test metrics (official split, 20,000 images; 95 % bootstrap intervals):** accuracy {t['accuracy']:.4f} [{ci['accuracy'][0]:.4f}, {ci['accuracy'][1]:.4f}],
  AUROC {t['auroc']:.4f} [{ci['auroc'][0]:.4f}, {ci['auroc'][1]:.4f}], F1 (FAKE) {t['FAKE']['f1']:.4f}, precision (FAKE) {t['FAKE']['precision']:.4f},
  recall (FAKE) {t['FAKE']['recall']:.4f}, recall (REAL) {t['REAL']['recall']:.4f}.
- **Inputs:** 32×32 RGB; larger images need a cropping or resizing strategy (see `cifake-predict`).
- **Limits:** trained on one generator (Stable Diffusion 1.4) at one resolution; not a verdict on an image's origin, a score.
- **Made with:** `{card['command']}`
""")
    print(f"shipped to {dest}")

if __name__ == '__main__': main()
