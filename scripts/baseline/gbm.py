"""Gradient boosting on clip-level MFCC statistics (clip-stats.ts): the simple baseline the DS-CNN must beat.

Prints average precision and F1 at 0.5 for leave-one-source-out (UrbanSound8K, forest, Kaggle) and for
UrbanSound8K's 8 folds (trained on US8K alone, and on US8K plus every other set).
Needs Debian's python3-sklearn (not used by the tests). Usage: /usr/bin/python3 scripts/baseline/gbm.py stats.jsonl
"""
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, f1_score

rows = [json.loads(line) for line in open(sys.argv[1])]
X = np.array([r["f"] for r in rows])
y = np.array([r["label"] for r in rows])
sets = np.array([r["set"] for r in rows])
folds = np.array([r["fold"] for r in rows])


def fit(train):
    share = y[train].mean()
    weights = np.where(y[train], 0.5 / share, 0.5 / (1 - share))
    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=0)
    return model.fit(X[train], y[train], sample_weight=weights)


def report(name, test, p):
    truth, decided = y[test], p >= 0.5
    ap = average_precision_score(truth, p) if 0 < truth.sum() < len(truth) else float("nan")
    print(f"{name:14s} clips {test.sum():5d} gunshots {truth.sum():4d} found {(decided & truth).sum():4d} "
          f"false alarms {(decided & ~truth).sum():4d} F1 {f1_score(truth, decided):.3f} AP {ap:.3f}")


pooled = np.zeros(len(y))
held = np.zeros(len(y), bool)
for source in ["us8k", "elp", "kaggle-gunshots"]:
    test = sets == source
    pooled[test] = fit(~test).predict_proba(X[test])[:, 1]
    held |= test
    report(source, test, pooled[test])
report("pooled", held, pooled[held])
us8k = sets == "us8k"
for name, others in [("us8k-8fold", False), ("us8k-8fold+all", True)]:
    p = np.zeros(len(y))
    for k in range(1, 9):
        test = us8k & (folds == k)
        train = (~test) if others else (us8k & (folds != k))
        p[test] = fit(train).predict_proba(X[test])[:, 1]
    report(name, us8k, p[us8k])
