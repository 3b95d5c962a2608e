"""Models on log-mel statistics (window-stats.ts): what a window carries, with trees and a small MLP.

For each input (whole-clip statistics; the loudest window; every window, the clip scored by its maximum,
as a board does) and each model (gradient boosting; an MLP 32-16 on standardised inputs), prints AP on
UrbanSound8K folds 1-2 trained on folds 3-8 alone and with every other set, and leave-one-source-out
(UrbanSound8K, forest, Kaggle) pooled F1 at 0.5 and AP. Training windows: a positive clip's loudest window,
three random windows of a negative clip. Needs Debian's python3-sklearn (not used by the tests).
Usage: /usr/bin/python3 scripts/baseline/window-models.py wins.jsonl
"""
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, f1_score
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

rows = [json.loads(line) for line in open(sys.argv[1])]
y = np.array([r["label"] for r in rows])
sets = np.array([r["set"] for r in rows])
folds = np.array([r["fold"] for r in rows])


def examples(clips, inputs, rng):
    X, Y = [], []
    for i in clips:
        r = rows[i]
        if inputs == "clip":
            X.append(r["clip"]), Y.append(r["label"])
        elif r["label"] or inputs == "peak":
            X.append(r["wins"][r["peak"]]), Y.append(r["label"])
        else:
            for k in rng.choice(len(r["wins"]), min(3, len(r["wins"])), replace=False):
                X.append(r["wins"][k]), Y.append(False)
    return np.array(X), np.array(Y)


def scores(train, test, inputs, kind):
    rng = np.random.default_rng(0)
    X, Y = examples(np.where(train)[0], inputs, rng)
    if kind == "trees":
        share = Y.mean()
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=0)
        model.fit(X, Y, sample_weight=np.where(Y, 0.5 / share, 0.5 / (1 - share)))
    else:
        pos, neg = np.where(Y)[0], np.where(~Y)[0]
        n = max(len(pos), len(neg))
        pick = np.concatenate([rng.choice(pos, n), rng.choice(neg, n)])
        model = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(32, 16), alpha=1e-2, max_iter=300,
                                                              early_stopping=True, random_state=0))
        model.fit(X[pick], Y[pick])
    out = np.zeros(len(y))
    for i in np.where(test)[0]:
        r = rows[i]
        x = [r["clip"]] if inputs == "clip" else [r["wins"][r["peak"]]] if inputs == "peak" else r["wins"]
        out[i] = model.predict_proba(np.array(x))[:, 1].max()
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
