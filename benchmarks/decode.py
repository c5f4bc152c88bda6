#!/usr/bin/env python3
"""Full-dataset decode and cached-reload times of `cifake.data.load_split`.

    python benchmarks/decode.py [DATA]        # DATA: CIFAKE folder (default: the data rule, env CIFAKE_DATA)

Targets on the 2-core machine: full 120k decode <= 15 s, cached reload <= 2 s.
Uses a fresh, temporary cache folder so the first load really decodes. Writes benchmarks/results/decode.json.
"""
import json, os, platform, sys, tempfile, time
from pathlib import Path

def main():
    data = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
    os.environ['CIFAKE_CACHE'] = tempfile.mkdtemp(prefix='cifake-bench-cache-')
    from cifake.data import load_split, data_path, write_json
    root = data_path(data)
    rows = []
    for split in ('train', 'test'):
        t0 = time.perf_counter(); s = load_split(root, split, show_progress=False); t1 = time.perf_counter()
        s2 = load_split(root, split, show_progress=False); t2 = time.perf_counter()
        assert len(s2) == len(s)
        rows.append(dict(split=split, images=len(s), decode_s=round(t1 - t0, 2), cached_reload_s=round(t2 - t1, 2)))
    tot = dict(split='all', images=sum(r['images'] for r in rows), decode_s=round(sum(r['decode_s'] for r in rows), 2),
               cached_reload_s=round(sum(r['cached_reload_s'] for r in rows), 2))
    rows.append(tot)
    print(f"{'split':<6} {'images':>8} {'decode s':>9} {'cached s':>9} {'img/s':>9}")
    for r in rows: print(f"{r['split']:<6} {r['images']:>8,} {r['decode_s']:>9.2f} {r['cached_reload_s']:>9.2f} {r['images']/r['decode_s']:>9,.0f}")
    print(f"targets (full data): decode <= 15 s, cached reload <= 2 s -> "
          f"{'met' if tot['decode_s'] <= 15 and tot['cached_reload_s'] <= 2 else 'NOT met'}")
    out = Path(__file__).parent/'results'/'decode.json'; out.parent.mkdir(exist_ok=True)
    res = dict(data=str(root), cpus=os.cpu_count(), machine=platform.machine(), python=platform.python_version(), rows=rows,
               command='python benchmarks/decode.py ' + (data or ''))
    write_json(res, out)

if __name__ == '__main__': main()
