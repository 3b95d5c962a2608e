"""Trees against a small MLP on one window's log-mel statistics, under both of crossval's protocols.

Reads window-stats.ts output. Each model scores a clip by its highest window, as a board does. It is
trained on a positive clip's loudest window and three random windows of every negative clip, with the
classes balanced. Two protocols are run:
  - UrbanSound8K's folds, two at a time (1,2 / 3,4 / 5,6 / 7,8). Training uses the other six folds plus
    every other set. The script prints the AP of each pair and pooled over the 1 024 clips.
  - Leave-one-source-out (UrbanSound8K, forest, Kaggle). For each source it prints the AP, or the share
    of gunshots found at 0.5 for Kaggle, which has only gunshots. It also prints the pooled AP.
The models are gradient boosting ("trees") and an MLP 32-16 on standardised inputs, with L2 1.0 ("mlp").
The seed sets the MLP's initial weights and every window draw.
Needs Debian's python3-sklearn; not used by the tests.
Usage: /usr/bin/python3 scripts/baseline/protocols.py wins.jsonl [SEED]
"""
import sys

import numpy as np
from sklearn.metrics import average_precision_score

from window_fit import clip_score, fit, load, training_windows

rows, y, sets, folds = load(sys.argv[1])
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0


def held_out_scores(kind, tests, rng):
    """One model per held-out set; every clip's highest window score."""
    scores = np.zeros(len(y))
    for test in tests:
        model = fit(kind, *training_windows(rows, np.where(~test)[0], "max", rng), rng, alpha=1.0, seed=seed)
        for i in np.where(test)[0]:
            scores[i] = clip_score(model, rows[i], "max")
    return scores


def figure(test, scores):
    if y[test].all():
        return f"found {np.mean(scores[test] >= 0.5):.3f}"
    return f"AP {average_precision_score(y[test], scores[test]):.3f}"


us8k = sets == "us8k"
for kind in ["trees", "mlp"]:
    rng = np.random.default_rng(seed)
    pairs = [us8k & ((folds == a) | (folds == a + 1)) for a in (1, 3, 5, 7)]
    p = held_out_scores(kind, pairs, rng)
    line = [f"{kind:5s} us8k folds {' '.join(figure(t, p)[3:] for t in pairs)} pooled {figure(us8k, p)}"]
    sources = [sets == s for s in ("us8k", "elp", "kaggle-gunshots")]
    p = held_out_scores(kind, sources, rng)
    held = np.any(sources, axis=0)
    line.append(f"LOSO us8k {figure(sources[0], p)}, elp {figure(sources[1], p)}, kaggle {figure(sources[2], p)}, pooled {figure(held, p)}")
    print(" | ".join(line), flush=True)
