/**
 * `model_settings.h`: every constant a board needs to feed and read the model, as named macros — input
 * shape, int8 scale/zero point of input and output, the threshold in both domains, the sliding window,
 * every MFCC parameter of the feature spec, the normalisation clip, and the model hash (sha256 of the
 * weights; its first 8 bytes are what the board reports in HELLO). Nothing board-specific.
 */
import type { ModelMeta } from '../../trainer/model-meta.ts';
import type { QModel } from '../qmodel.ts';
import type { ModelBudget } from '../budget.ts';
import { cFloat32, cString, GENERATED_NOTICE } from './c-format.ts';

export interface ModelSettingsInput {
  qmodel: QModel;
  meta: ModelMeta;
  modelHash: string;
  thresholdInt8: number;
  budget: ModelBudget;
}

export function generateModelSettings(s: ModelSettingsInput): string {
  const { qmodel: q, meta, modelHash } = s;
  const inT = q.tensors[q.inputs[0]];
  const outT = q.tensors[q.outputs[0]];
  const f = meta.featureSpec;
  const hashBytes = modelHash.match(/../g)!.map((h) => `0x${h}`);
  const lines = [
    GENERATED_NOTICE(`Settings of model ${JSON.stringify(meta.name)}: shapes, quantisation, window, MFCC spec, hash.`),
    '#ifndef GUNSHOT_MODEL_SETTINGS_H',
    '#define GUNSHOT_MODEL_SETTINGS_H',
    '',
    `#define GS_MODEL_NAME ${cString(meta.name)}`,
    '',
    '/* Model input: one window of normalised MFCCs, NHWC [1, frames, coeffs, 1], int8. */',
    `#define GS_INPUT_FRAMES ${inT.shape[1]}`,
    `#define GS_INPUT_COEFFS ${inT.shape[2]}`,
    `#define GS_INPUT_ELEMENTS ${inT.shape[1] * inT.shape[2]}`,
    '/* q = clamp(round_half_away(x / scale) + zero_point, -128, 127), x the normalised coefficient. */',
    `#define GS_INPUT_SCALE ${cFloat32(inT.scale[0])}`,
    `#define GS_INPUT_ZERO_POINT ${inT.zeroPoint[0]}`,
    '',
    '/* Model output: P(gunshot) = scale * (q - zero_point), int8 [1, 1]. */',
    `#define GS_OUTPUT_SCALE ${cFloat32(outT.scale[0])}`,
    `#define GS_OUTPUT_ZERO_POINT ${outT.zeroPoint[0]}`,
    '/* Decision: a window (and a clip, by max over windows) is a gunshot when q >= GS_THRESHOLD_INT8,',
    ' * i.e. exactly when the dequantised probability >= GS_THRESHOLD. */',
    `#define GS_THRESHOLD ${cFloat32(meta.threshold)}`,
    `#define GS_THRESHOLD_INT8 ${s.thresholdInt8}`,
    '',
    '/* Sliding window over the MFCC frame stream. */',
    `#define GS_WINDOW_FRAMES ${meta.window.frames}`,
    `#define GS_WINDOW_HOP_FRAMES ${meta.window.hopFrames}`,
    '',
    `/* Feature spec version ${f.version} (common/features/spec.ts). */`,
    `#define GS_SAMPLE_RATE_HZ ${f.sampleRateHz}`,
    `#define GS_N_FFT ${f.nFft}`,
    `#define GS_WIN_LENGTH ${f.winLength}`,
    `#define GS_HOP_LENGTH ${f.hopLength}`,
    '#define GS_WINDOW_HANN_PERIODIC 1',
    `#define GS_CENTER ${f.center ? 1 : 0}`,
    `#define GS_N_MELS ${f.nMels}`,
    `#define GS_FMIN_HZ ${cFloat32(f.fminHz)}`,
    `#define GS_FMAX_HZ ${cFloat32(f.fmaxHz)}`,
    `#define GS_MEL_HTK ${f.htk ? 1 : 0}`,
    '#define GS_MEL_NORM_SLANEY 1',
    `#define GS_POWER ${f.power}`,
    `#define GS_AMIN ${cFloat32(f.amin)}`,
    `#define GS_TOP_DB_ENABLED ${f.topDb === null ? 0 : 1}`,
    `#define GS_TOP_DB ${cFloat32(f.topDb ?? 0)}`,
    `#define GS_DCT_TYPE ${f.dctType ?? 0} /* 0: no DCT, the features are the log-mel energies */`,
    `#define GS_DCT_ORTHO ${f.dctNorm === 'ortho' ? 1 : 0}`,
    `#define GS_N_MFCC ${f.nMfcc}`,
    `#define GS_PRE_EMPHASIS ${cFloat32(f.preEmphasis)}`,
    `/* Normalisation x' = clamp((x - mean[c]) / std[c], -clip, clip); mean/std are in mfcc_tables.c. */`,
    `#define GS_NORM_CLIP ${cFloat32(meta.norm.clip)}`,
    '',
    '/* Cost per window (exporter/budget.ts). */',
    `#define GS_MACS_PER_WINDOW ${s.budget.macs}u`,
    `#define GS_PEAK_ACTIVATION_BYTES ${s.budget.peakActivationBytes}u`,
    `#define GS_WEIGHT_BYTES ${s.budget.weightBytes}u`,
    '',
    '/* sha256 over the model\'s constant tensors (exporter/model-hash.ts). */',
    `#define GS_MODEL_HASH_HEX ${cString(modelHash)}`,
    `#define GS_MODEL_HASH_INIT { ${hashBytes.join(', ')} }`,
    '',
    '#endif /* GUNSHOT_MODEL_SETTINGS_H */',
    '',
  ];
  return lines.join('\n');
}
