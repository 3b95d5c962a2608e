"""What window-models.py and protocols.py share: the rows of window-stats.ts, the training windows, the two
models (gradient boosting, an MLP 32-16 on standardised inputs) and a clip's score.
"""
import json

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def load(path):
    """The rows of window-stats.ts output, and their labels, sets and folds as arrays."""
    rows = [json.loads(line) for line in open(path)]
    return (rows, np.array([r["label"] for r in rows]), np.array([r["set"] for r in rows]),
            np.array([int(r["fold"]) for r in rows]))


def training_windows(rows, clips, inputs, rng):
    """'clip': each clip's whole-clip statistics. 'peak': each clip's loudest window. 'max': a positive's
    loudest window and three random windows of a negative."""
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


def fit(kind, X, Y, rng, alpha, seed=0):
    """'trees': gradient boosting with the classes weighted equally. Otherwise an MLP 32-16 with L2 `alpha`,
    on classes balanced by resampling with `rng`."""
    if kind == "trees":
        share = Y.mean()
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=seed)
        return model.fit(X, Y, sample_weight=np.where(Y, 0.5 / share, 0.5 / (1 - share)))
    pos, neg = np.where(Y)[0], np.where(~Y)[0]
    n = max(len(pos), len(neg))
    pick = np.concatenate([rng.choice(pos, n), rng.choice(neg, n)])
    model = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(32, 16), alpha=alpha, max_iter=300,
                                                          early_stopping=True, random_state=seed))
    return model.fit(X[pick], Y[pick])


def clip_score(model, row, inputs):
    """A clip's score: of its whole-clip statistics, its loudest window, or ('max') its highest window."""
    x = [row["clip"]] if inputs == "clip" else [row["wins"][row["peak"]]] if inputs == "peak" else row["wins"]
    return model.predict_proba(np.array(x))[:, 1].max()
