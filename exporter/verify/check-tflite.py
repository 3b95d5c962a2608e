"""Runs the cases of write-op-cases.ts through TensorFlow's TFLite interpreter and prints, per case and
op resolver, the largest |TFLite - TS reference| in LSB and how many values differ."""
import json
import sys

import numpy as np
import tensorflow as tf

d = sys.argv[1]
cases = json.load(open(f"{d}/cases.json"))
for resolver in ["BUILTIN", "BUILTIN_REF", "BUILTIN_WITHOUT_DEFAULT_DELEGATES"]:
    for c in cases:
        it = tf.lite.Interpreter(model_path=f"{d}/{c['name']}.tflite",
                                 experimental_op_resolver_type=getattr(tf.lite.experimental.OpResolverType, resolver))
        it.allocate_tensors()
        i, o = it.get_input_details()[0], it.get_output_details()[0]
        ins = np.fromfile(f"{d}/{c['name']}.in", dtype=np.int8).reshape(c["n"], *i["shape"])
        exp = np.fromfile(f"{d}/{c['name']}.out", dtype=np.int8).reshape(c["n"], -1).astype(np.int32)
        worst, differing, total = 0, 0, 0
        for k in range(c["n"]):
            it.set_tensor(i["index"], ins[k])
            it.invoke()
            diff = np.abs(it.get_tensor(o["index"]).reshape(-1).astype(np.int32) - exp[k])
            worst, differing, total = max(worst, int(diff.max())), differing + int((diff > 0).sum()), total + diff.size
        print(f"{resolver:34s} {c['name']:24s} max {worst} LSB, {differing}/{total} values differ")
