/**
 * int8 MEAN over axes [1, 2] of an NHWC tensor when input and output share scale and zero point — the
 * branch TFLite Micro takes then (`EvalIntegerMean` → `reference_ops::Mean<int8_t, int32_t>`): sum the raw
 * int8 values in int32 and divide by the element count with C++ integer division (truncation toward zero).
 * The exporter always gives MEAN's output the input's quantisation so this branch is the one that runs.
 */
export function meanOverHeightWidth(inputShape: number[], input: Int8Array, output: Int8Array, rounding: 'truncate' | 'nearest' = 'truncate'): void {
  const [batches, h, w, c] = inputShape;
  const count = h * w;
  for (let b = 0; b < batches; b++) {
    for (let ch = 0; ch < c; ch++) {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += input[(b * count + i) * c + ch];
      // 'nearest' (half away from zero) is how TFLite's optimised MEAN rounds; TFLM truncates (default).
      output[b * c + ch] = rounding === 'nearest' ? Math.sign(sum) * Math.floor(Math.abs(sum) / count + 0.5) : Math.trunc(sum / count);
    }
  }
}
