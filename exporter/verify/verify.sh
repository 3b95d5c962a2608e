#!/bin/sh
# Cross-checks the TS int8 reference against TensorFlow's TFLite interpreter (reference kernels and the
# default optimized kernels with and without the XNNPACK delegate). Needs Python TensorFlow; on this project's machines it
# installs from the local wheel mirror into a throwaway venv. Manual: not part of `npm test`.
set -eu
cd "$(dirname "$0")/../.."
venv=${VENV:-/tmp/ge-tf-venv}
out=${OUT:-/tmp/ge-tflite-cases}
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q --no-index --find-links /opt/pypi/files tensorflow_cpu; }
node --import tsx exporter/verify/write-op-cases.ts "$out"
"$venv/bin/python" exporter/verify/check-tflite.py "$out" 2>/dev/null
