"""Grad-CAM over a whole split: map statistics per image, summary by label and outcome, average maps, examples.

    python experiments/cam_study.py --data ~/data/cifake --model results/models/paper128x2_ours --out results/explain/paper128x2
"""
import argparse, json, time
from pathlib import Path
import numpy as np
from cifake.data import save_fig, write_json, atomic_path
from cifake.models import load_model
from cifake.evaluate import model_split
from cifake.explain import cam_layer, cam_study, cam_summary, mean_maps, plot_mean_maps, plot_cam_grid

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--data', default=None); ap.add_argument('--model', required=True); ap.add_argument('--out', required=True)
ap.add_argument('--split', default='test'); ap.add_argument('--name', default=None)
ap.add_argument('--min-map', type=int, default=2, help='explain the last conv layer whose map is at least this many pixels wide')
a = ap.parse_args()
out, name = Path(a.out), a.name or Path(a.model).name
out.mkdir(parents=True, exist_ok=True)
net, cfg = load_model(a.model)
sp = model_split(cfg, a.data, a.split, show_progress=True)
t = time.perf_counter()
st, maps = cam_study(net, cfg, sp, min_map=a.min_map)
secs = time.perf_counter() - t
summ = cam_summary(st)
with atomic_path(out/'cam_stats.csv.gz') as f: st.round(5).to_csv(f, index=False, compression='gzip')
with atomic_path(out/'summary.csv') as f: summ.round(4).to_csv(f, index=False)
mm = mean_maps(st, maps)
np.savez_compressed(out/'mean_maps.npz', **{f"{l}_{o}": m for (l, o), m in mm.items()})
save_fig(plot_mean_maps(mm, f'{name}: average Grad-CAM map by true label and outcome ({a.split}, {len(sp):,} images)'), out/'mean_maps.png')
save_fig(plot_cam_grid(sp, st, maps, n=8, title=f'{name}: {a.split} images and Grad-CAM of the predicted label'), out/'examples.png')
write_json(dict(model=str(a.model), arch=cfg['arch'], split=a.split, n=len(sp), seconds=round(secs, 1),
                layer=next(f'{n}: {m!r}' for n, m in net.named_modules() if m is cam_layer(net, min_map=a.min_map)),
                command=f"python experiments/cam_study.py --data DATA --model {a.model} --out {a.out}" + (f' --min-map {a.min_map}' if a.min_map != 2 else '')), out/'run.json')
print(summ.round(4).to_string(index=False)); print(f"{len(sp):,} maps in {secs:.0f} s -> {out}")
