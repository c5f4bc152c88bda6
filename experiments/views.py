#!/usr/bin/env python3
"""Which changes of an image that keep its JPEG blocks intact do the detectors ignore? Each model scored on its validation images under each view. Validation only.

    python experiments/views.py --data ~/data/cifake MODEL [MODEL ...] [--out results/views]

MODEL: a model folder (cifake-train output) or a shipped detector's name. CIFAKE's files are 4:2:0 JPEGs, so a 32x32 image is four 16x16
coding units (each one 8x8 block per chroma channel, four per luma). The views, all without the flips the model may have been trained with:
- cyclic shifts (torch.roll) by 16 pixels: every coding unit kept bit for bit, only their arrangement changes;
- cyclic shifts by 8 pixels: every luma block kept, the chroma blocks cut in half;
- a cyclic shift by 1 pixel: no block kept (for scale: the shifts that the probes in 05_train showed to hurt);
- colour changes: the negative (255 - x), the chroma negated (Cb and Cr mirrored about grey, luma kept; JFIF's formulas, clipped to 0-255), red and blue swapped.
A view the models already ignore is a candidate training augmentation (as the upside-down flip was); one they do not is a cue they use.
Each view alone is scored at the model's own threshold (accuracy) and by AUROC. Writes <out>/views.csv and <out>/run.json; the official test split is not touched.
"""
import argparse
from pathlib import Path
import pandas as pd, torch

def chroma_negated(x:torch.Tensor) -> torch.Tensor:
    "uint8 RGB images (N,3,H,W) with Cb and Cr negated about grey (JFIF YCbCr), luma kept"
    r, g, b = x.double().unbind(1)
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb, cr = -(-0.168736 * r - 0.331264 * g + 0.5 * b), -(0.5 * r - 0.418688 * g - 0.081312 * b)
    return torch.stack([y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb], 1).round().clamp(0, 255).to(torch.uint8)

VIEWS = {
    'image': lambda x: x,
    'roll 16 right': lambda x: x.roll(16, -1), 'roll 16 down': lambda x: x.roll(16, -2), 'roll 16 down and right': lambda x: x.roll((16, 16), (-2, -1)),
    'roll 8 right': lambda x: x.roll(8, -1), 'roll 8 down and right': lambda x: x.roll((8, 8), (-2, -1)),
    'roll 1 right': lambda x: x.roll(1, -1),
    'negative': lambda x: 255 - x, 'chroma negated': chroma_negated, 'red and blue swapped': lambda x: x[:, [2, 1, 0]],
}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('models', nargs='+'); ap.add_argument('--data', required=True); ap.add_argument('--out', default='results/views')
    a = ap.parse_args()
    from cifake.models import load_detector, predict_probs
    from cifake.evaluate import model_split
    from cifake.metrics import compute_metrics
    from cifake.data import write_json
    grey = torch.full((1, 3, 2, 2), 128, dtype=torch.uint8); px = torch.tensor([150, 120, 100], dtype=torch.uint8)[None, :, None, None].expand(1, 3, 2, 2)
    assert torch.equal(chroma_negated(grey), grey) and (chroma_negated(chroma_negated(px)).int() - px.int()).abs().max() <= 1, "chroma_negated is not an involution that keeps grey"
    rows = []
    for model in a.models:
        net, cfg = load_detector(model)
        va = model_split(cfg, a.data, 'valid'); y = va.labels.numpy()
        for name, view in VIEWS.items():
            m = compute_metrics(y, predict_probs(net, view(va.images).contiguous(), cfg['stats'], bs=500), cfg['threshold'])
            rows.append(dict(model=Path(model).name, view=name, valid_acc=round(m['accuracy'], 4), valid_auroc=round(m['auroc'], 5)))
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out/'views.csv', index=False)
    write_json(dict(command='python experiments/views.py --data DATA ' + ' '.join(a.models), models=a.models, n_valid=len(y)), out/'run.json')
    print(df.pivot(index='view', columns='model', values='valid_acc').loc[list(VIEWS)].to_string())

if __name__ == '__main__': main()
