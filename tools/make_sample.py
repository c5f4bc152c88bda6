#!/usr/bin/env python3
"""Make the embedded CIFAKE sample: a deterministic, stratified subset of the real files, bytes unchanged.

    python tools/make_sample.py /path/to/full/cifake [--train 100] [--test 25]

Per split, label and CIFAR class it keeps the first N files in the order of sha256(file name):
deterministic, independent of any random generator, and balanced by label and class.
Defaults: 100 per class and label in train (2,000 images), 25 in test (500 images).
The sample goes to cifake/sample/ with its SHA256SUMS and NOTICE (licence and citation).
"""
import argparse, hashlib, re, shutil
from pathlib import Path

NOTICE = """CIFAKE sample shipped with the cifake package
=============================================

These {n} JPEG files are an unmodified, deterministic, stratified subset of the CIFAKE dataset
(made by tools/make_sample.py: {train} per CIFAR class and label in train, {test} in test).

CIFAKE: Bird, J.J. and Lotfi, A. (2024). "CIFAKE: Image Classification and Explainable
Identification of AI-Generated Synthetic Images." IEEE Access 12, 15642-15650.
REAL images: CIFAR-10, Krizhevsky, A. and Hinton, G. (2009). "Learning multiple layers of
features from tiny images." FAKE images: generated with Stable Diffusion 1.4 by Bird and Lotfi.

The dataset's README states that it is published under the same MIT licence as CIFAR-10 and asks
users to cite both works above.

MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

def cls(name):
    m = re.match(r'^\d+(?: \((\d+)\))?$', Path(name).stem)
    return int(m.group(1) or 1) - 1 if m else -1

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('src'); ap.add_argument('--train', type=int, default=100); ap.add_argument('--test', type=int, default=25)
    ap.add_argument('--out', default=str(Path(__file__).resolve().parents[1]/'cifake'/'sample'))
    a = ap.parse_args()
    src, out = Path(a.src), Path(a.out)
    if out.exists(): shutil.rmtree(out)
    sums = []
    for split, k in (('train', a.train), ('test', a.test)):
        for lbl in ('REAL', 'FAKE'):
            names = sorted(p.name for p in (src/split/lbl).iterdir() if p.suffix.lower() in ('.jpg', '.jpeg', '.png'))
            for c in range(10):
                pick = sorted((n for n in names if cls(n) == c), key=lambda n: hashlib.sha256(n.encode()).hexdigest())[:k]
                assert len(pick) == k, (split, lbl, c, len(pick))
                (out/split/lbl).mkdir(parents=True, exist_ok=True)
                for n in pick:
                    shutil.copyfile(src/split/lbl/n, out/split/lbl/n)
                    sums.append(f"{hashlib.sha256((src/split/lbl/n).read_bytes()).hexdigest()}  {split}/{lbl}/{n}")
    (out/'SHA256SUMS').write_text('\n'.join(sorted(sums, key=lambda l: l[66:])) + '\n')
    (out/'NOTICE').write_text(NOTICE.format(n=len(sums), train=a.train, test=a.test))
    print(f"{len(sums)} files written to {out}")

if __name__ == '__main__': main()
