"""Models on log-mel statistics (window-stats.ts): what a window carries, with trees and a small MLP.

For each input (whole-clip statistics; the loudest window; every window, the clip scored by its maximum,
as a board does) and each model (gradient boosting; an MLP 32-16 on standardised inputs), prints AP on
UrbanSound8K folds 1-2 trained on folds 3-8 alone and with every other set, and leave-one-source-out
(UrbanSound8K, forest, Kaggle) pooled F1 at 0.5 and AP. Training windows: a positive clip's loudest window,
three random windows of a negative clip. Needs Debian's python3-sklearn (not used by the tests).
Usage: /usr/bin/python3 scripts/baseline/window-models.py wins.jsonl
"""
import sys

import numpy as np
from sklearn.metrics import average_precision_score, f1_score

from window_fit import clip_score, fit, load, training_windows

rows, y, sets, folds = load(sys.argv[1])


def scores(train, test, inputs, kind):
    rng = np.random.default_rng(0)
    model = fit(kind, *training_windows(rows, np.where(train)[0], inputs, rng), rng, alpha=1e-2)
    out = np.zeros(len(y))
    for i in np.where(test)[0]:
        out[i] = clip_score(model, rows[i], inputs)
    return out


us8k = sets == "us8k"
test = us8k & (folds <= 2)
for inputs in ["clip", "peak", "max"]:
    for kind in ["trees", "mlp"]:
        line = [f"{inputs:5s} {kind:5s}"]
        for name, train in [("us8k only", us8k & (folds >= 3)), ("every set", ~test)]:
            p = scores(train, test, inputs, kind)
            line.append(f"{name} AP {average_precision_score(y[test], p[test]):.3f}")
        pooled, held = np.zeros(len(y)), np.zeros(len(y), bool)
        for source in ["us8k", "elp", "kaggle-gunshots"]:
            out = sets == source
            pooled[out] = scores(~out, out, inputs, kind)[out]
            held |= out
        line.append(f"LOSO pooled F1 {f1_score(y[held], pooled[held] >= 0.5):.3f} AP {average_precision_score(y[held], pooled[held]):.3f}")
        print(" | ".join(line), flush=True)
