#!/bin/sh
# Regenerates exporter/tflite/generated/ (TypeScript reader/builder) from exporter/tflite/schema/schema.fbs.
# Needs `flatc` (Debian: apt-get install flatbuffers-compiler). The output is committed, so users and CI
# never need flatc; never edit it by hand.
set -eu
cd "$(dirname "$0")/.."
out=exporter/tflite/generated
rm -rf "$out"
mkdir -p "$out"
flatc --ts --ts-flat-files -o "$out" exporter/tflite/schema/schema.fbs
echo "generated $(find "$out" -name '*.ts' | wc -l) files into $out with $(flatc --version)"
