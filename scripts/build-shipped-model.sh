#!/usr/bin/env bash
# Rebuilds models/tiny/ from the real-audio corpus (CORPUS, default ../shared/corpus: UrbanSound8K folds
# 1–8, forest recorders, Kaggle weapons, ESC-50, glass, misc), the Debian starter corpus (downloaded with
# apt-get download, ~1.7 GB, cached) and a synthetic corpus; holds out whole Debian packages (folds 0 and 2:
# nexuiz-data, boswars-data) for testing; trains, exports int8 and writes test vectors.
# How well the recipe does on sources it never heard is measured by crossval (docs/METHOD.md), not here.
# Usage: [CORPUS=DIR] bash scripts/build-shipped-model.sh [WORK_DIR]   (default WORK_DIR: .cache/ship)
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-.cache/ship}
C=${CORPUS:-../shared/corpus}
GE="node bin/gunshot-edge.js"
SETS="us8k elp kaggle-gunshots esc50 glass misc"
for s in $SETS; do
  if [ ! -f "$C/$s.csv" ] || [ ! -d "$C/audio/$s" ]; then
    echo "build-shipped-model: $C/$s.csv or $C/audio/$s/ not found: the shipped model trains on the real-audio corpus; set CORPUS=DIR to its folder (README: 'The shipped model')" >&2
    exit 2
  fi
done
mkdir -p "$W"
[ -f "$W/debian/corpus.csv" ] || $GE data debian --out "$W/debian"
$GE data split --csv "$W/debian/corpus.csv" --test-folds 0,2 --out "$W/debian-split"
[ -f "$W/synth/train.csv" ] || $GE data synth --out "$W/synth" --clips 3000 --positive-ratio 0.1 --seed ship
[ -f "$W/holdout-disturbed/disturbed.csv" ] || $GE data disturb --csv "$W/debian-split/test.csv" \
  --audio-dir "$W/debian/audio" --out "$W/holdout-disturbed" --backgrounds "$W/debian/backgrounds" --seed ship
[ -f "$W/calib/disturbed.csv" ] || $GE data disturb --csv "$W/debian-split/train.csv" \
  --audio-dir "$W/debian/audio" --out "$W/calib" --backgrounds "$W/debian/backgrounds" --seed calib --per-snr one
rm -rf models/tiny
REAL=()
for s in $SETS; do REAL+=(--data "$C/$s.csv:$C/audio/$s"); done
$GE train --name tiny --data "$W/synth/train.csv" --data "$W/debian-split/train.csv:$W/debian/audio" "${REAL[@]}" \
  --test "$W/debian-split/test.csv:$W/debian/audio" --disturbed "$W/holdout-disturbed/disturbed.csv" \
  --backgrounds "$W/debian/backgrounds" --epochs 12 --examples-per-epoch 8192 --time-budget 2400 --out models/tiny
$GE export --model models/tiny --calibration-csv "$W/calib/disturbed.csv" --calibration-audio-dir "$W/calib/audio" \
  --test-csv "$W/debian-split/test.csv" --test-audio-dir "$W/debian/audio" \
  --disturbed-csv "$W/holdout-disturbed/disturbed.csv" --disturbed-audio-dir "$W/holdout-disturbed/audio"
# Test vectors: every held-out gunshot and the first 13 held-out hard negatives (small enough to ship).
T="$W/debian-split/test.csv"
{ head -1 "$T"; awk -F, 'NR>1 && $4=="True"' "$T"; awk -F, 'NR>1 && $4=="False" && $7=="True" && n++ < 13' "$T"; } > "$W/vectors.csv"
$GE vectors --model models/tiny --csv "$W/vectors.csv" --audio-dir "$W/debian/audio" --out models/tiny/export/vectors
