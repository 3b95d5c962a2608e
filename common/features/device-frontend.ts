/**
 * TypeScript twin of the firmware's float32 MFCC frontend (firmware-bridge/core/mfcc.c, fft.c, fastlog.c):
 * every arithmetic step is one IEEE-754 binary32 operation (Math.fround), in the C code's order, over the
 * same float32 tables (`buildDeviceTables`, which exporter/mfcc-tables.ts also writes as C). The int8
 * windows it returns are the board's, bit for bit; the host's float64 frontend (mfcc.ts) stays the
 * reference for training, this one is what a deployed board computes.
 *
 * Audio convention (PROTOCOL.md §4): the board hears int16; a float clip x ∈ [−1, 1] becomes
 * clamp(roundHalfAwayFromZero(x·32768), −32768, 32767) first, and int16 s enters the frontend as s/32768.
 */
import type { FeatureSpec } from './spec.ts';
import { periodicHann, windowOffset } from './window.ts';
import { melFilterbank, sparsifyFilterbank } from './mel.ts';
import { featureMatrix } from './dct.ts';
import { validateFeatureSpec } from './validate-spec.ts';
import { WINDOW_STATS, type FeatureNorm, type WindowSpec } from '../../trainer/model-meta.ts';
import { padClipForWindows } from '../../trainer/windows.ts';

const f = Math.fround;

/** The model input's int8 quantisation: real = scale·(q − zeroPoint). */
export interface InputQuant {
  /** > 0. */
  scale: number;
  /** −128..127. */
  zeroPoint: number;
}

/** The float32 tables of the device frontend; the C side gets exactly these values (mfcc-tables.ts). */
export interface DeviceTables {
  sampleRateHz: number;
  nFft: number;
  winLength: number;
  winOffset: number;
  hopLength: number;
  nMels: number;
  nMfcc: number;
  amin: number;
  /** Periodic Hann of winLength (applied at winOffset). */
  window: Float32Array;
  /** cos(2πk/nFft), sin(2πk/nFft), k < nFft/2. */
  twiddleCos: Float32Array;
  twiddleSin: Float32Array;
  /** Sparse mel filterbank: band m covers bins melStart[m] .. melStart[m] + melLen[m] − 1. */
  melStart: Uint16Array;
  melLen: Uint16Array;
  melOffset: Uint32Array;
  melWeights: Float32Array;
  /** nMfcc × nMels orthonormal DCT-II rows. */
  dct: Float32Array;
  normMean: Float32Array;
  normStd: Float32Array;
  normClip: number;
}

/** Largest FFT the firmware frontend accepts (GE_FFT_MAX_N in fft.h). */
export const DEVICE_MAX_NFFT = 1024;
/** GE_MFCC_MAX_MELS / GE_MFCC_MAX_COEFFS in mfcc.h. */
export const DEVICE_MAX_MELS = 128;
export const DEVICE_MAX_COEFFS = 40;

/**
 * Builds the tables from the same functions the host frontend uses (periodicHann, melFilterbank,
 * dctOrthoMatrix), rounded once to float32. Throws a RangeError naming the field when the spec or the norm
 * does not fit the firmware (the board's capacities above, pre-emphasis, top_db, center).
 */
export function buildDeviceTables(spec: FeatureSpec, norm: FeatureNorm): DeviceTables {
  validateFeatureSpec(spec);
  if (spec.nFft > DEVICE_MAX_NFFT) throw new RangeError(`spec.nFft must be ≤ ${DEVICE_MAX_NFFT} on the device, got ${spec.nFft}`);
  if (spec.nMels > DEVICE_MAX_MELS) throw new RangeError(`spec.nMels must be ≤ ${DEVICE_MAX_MELS} on the device, got ${spec.nMels}`);
  if (spec.nMfcc > DEVICE_MAX_COEFFS) throw new RangeError(`spec.nMfcc must be ≤ ${DEVICE_MAX_COEFFS} on the device, got ${spec.nMfcc}`);
  if (spec.center) throw new RangeError('spec.center must be false on the device (a stream has no future samples), got true');
  if (spec.topDb !== null) throw new RangeError(`spec.topDb must be null on the device (no clip maximum in a stream), got ${spec.topDb}`);
  if (spec.preEmphasis !== 0) throw new RangeError(`spec.preEmphasis must be 0 on the device, got ${spec.preEmphasis}`);
  if (norm.mean.length !== spec.nMfcc || norm.std.length !== spec.nMfcc) {
    throw new RangeError(`norm.mean/std must have nMfcc = ${spec.nMfcc} entries, got ${norm.mean.length}/${norm.std.length}`);
  }
  norm.std.forEach((s, i) => {
    if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`norm.std[${i}] must be a finite number > 0, got ${s}`);
  });
  if (!(norm.clip > 0)) throw new RangeError(`norm.clip must be > 0, got ${norm.clip}`);

  const half = spec.nFft / 2;
  const twiddleCos = new Float32Array(half);
  const twiddleSin = new Float32Array(half);
  for (let k = 0; k < half; k++) {
    twiddleCos[k] = Math.cos((2 * Math.PI * k) / spec.nFft);
    twiddleSin[k] = Math.sin((2 * Math.PI * k) / spec.nFft);
  }
  const sparse = sparsifyFilterbank(melFilterbank({
    sampleRateHz: spec.sampleRateHz, nFft: spec.nFft, nMels: spec.nMels,
    fminHz: spec.fminHz, fmaxHz: spec.fmaxHz, htk: spec.htk,
  }));
  const melStart = new Uint16Array(spec.nMels);
  const melLen = new Uint16Array(spec.nMels);
  const melOffset = new Uint32Array(spec.nMels);
  let total = 0;
  sparse.forEach((band, m) => {
    melStart[m] = band.start;
    melLen[m] = band.weights.length;
    melOffset[m] = total;
    total += band.weights.length;
  });
  const melWeights = new Float32Array(total);
  sparse.forEach((band, m) => melWeights.set(band.weights, melOffset[m]));
  return {
    sampleRateHz: spec.sampleRateHz,
    nFft: spec.nFft,
    winLength: spec.winLength,
    winOffset: windowOffset(spec.winLength, spec.nFft),
    hopLength: spec.hopLength,
    nMels: spec.nMels,
    nMfcc: spec.nMfcc,
    amin: f(spec.amin),
    window: Float32Array.from(periodicHann(spec.winLength)),
    twiddleCos,
    twiddleSin,
    melStart,
    melLen,
    melOffset,
    melWeights,
    dct: Float32Array.from(featureMatrix(spec)),
    normMean: Float32Array.from(norm.mean),
    normStd: Float32Array.from(norm.std),
    normClip: f(norm.clip),
  };
}

/* ---- fastlog.c ---- */
const bitsBuf = new DataView(new ArrayBuffer(4));
function f32FromBits(bits: number): number {
  bitsBuf.setUint32(0, bits >>> 0, true);
  return bitsBuf.getFloat32(0, true);
}
function bitsOfF32(x: number): number {
  bitsBuf.setFloat32(0, x, true);
  return bitsBuf.getUint32(0, true);
}
const LOG_SQRT2 = f32FromBits(0x3fb504f3);
const LOG_C3 = f32FromBits(0x3eaaaaab);
const LOG_C5 = f32FromBits(0x3e4ccccd);
const LOG_C7 = f32FromBits(0x3e124925);
const LOG_C9 = f32FromBits(0x3de38e39);
const LOG_2_OVER_LN2 = f32FromBits(0x4038aa3b);
const DB_PER_LOG2 = f32FromBits(0x4040a8c1);

/** ge_log2f: log2 of a positive normal float32, bit-exact with fastlog.c. */
export function deviceLog2(x: number): number {
  const bits = bitsOfF32(x);
  let e = ((bits >>> 23) & 0xff) - 127;
  let m = f32FromBits((bits & 0x7fffff) | 0x3f800000);
  if (m > LOG_SQRT2) {
    m = f(m * 0.5);
    e += 1;
  }
  const num = f(m - 1);
  const den = f(m + 1);
  const u = f(num / den);
  const u2 = f(u * u);
  let p = LOG_C9;
  p = f(p * u2);
  p = f(p + LOG_C7);
  p = f(p * u2);
  p = f(p + LOG_C5);
  p = f(p * u2);
  p = f(p + LOG_C3);
  p = f(p * u2);
  p = f(p + 1);
  const t = f(u * p);
  const l = f(t * LOG_2_OVER_LN2);
  return f(f(e) + l);
}

/** ge_power_to_db: 10·log10(x) as the board computes it. */
export function devicePowerToDb(x: number): number {
  return f(deviceLog2(x) * DB_PER_LOG2);
}

/* ---- fft.c ---- */
/** ge_rfft_power: work (n floats, destroyed) → power (n/2 + 1). */
export function deviceRfftPower(work: Float32Array, power: Float32Array, cos: Float32Array, sin: Float32Array, n: number): void {
  const m = n / 2;
  const z = work;
  let j = 0;
  for (let i = 0; i < m - 1; i++) {
    if (i < j) {
      const tr = z[2 * i], ti = z[2 * i + 1];
      z[2 * i] = z[2 * j];
      z[2 * i + 1] = z[2 * j + 1];
      z[2 * j] = tr;
      z[2 * j + 1] = ti;
    }
    let k = m >> 1;
    while (k >= 1 && j >= k) {
      j -= k;
      k >>= 1;
    }
    j += k;
  }
  for (let size = 2; size <= m; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < m; start += size) {
      for (let q = 0; q < half; q++) {
        const wr = cos[q * step];
        const wi = -sin[q * step];
        const a = 2 * (start + q);
        const b = 2 * (start + q + half);
        const tr = f(f(wr * z[b]) - f(wi * z[b + 1]));
        const ti = f(f(wr * z[b + 1]) + f(wi * z[b]));
        z[b] = f(z[a] - tr);
        z[b + 1] = f(z[a + 1] - ti);
        z[a] = f(z[a] + tr);
        z[a + 1] = f(z[a + 1] + ti);
      }
    }
  }
  const x0 = f(z[0] + z[1]);
  const xm = f(z[0] - z[1]);
  power[0] = f(x0 * x0);
  power[m] = f(xm * xm);
  for (let k = 1; k < m; k++) {
    const a = z[2 * k], b = z[2 * k + 1];
    const c = z[2 * (m - k)], d = z[2 * (m - k) + 1];
    const er = f(f(a + c) * 0.5);
    const ei = f(f(b - d) * 0.5);
    const orr = f(f(b + d) * 0.5);
    const oi = f(f(a - c) * -0.5);
    const wr = cos[k];
    const wi = -sin[k];
    const tr = f(f(wr * orr) - f(wi * oi));
    const ti = f(f(wr * oi) + f(wi * orr));
    const xr = f(er + tr);
    const xi = f(ei + ti);
    power[k] = f(f(xr * xr) + f(xi * xi));
  }
}

/* ---- mfcc.c ---- */
/** ge_quantize_int8: roundHalfAwayFromZero(v) + zeroPoint, saturated to int8 (v a float32). */
export function deviceQuantizeInt8(v: number, zeroPoint: number): number {
  if (v > 1000) v = 1000;
  if (v < -1000) v = -1000;
  let i = Math.trunc(v);
  const frac = f(v - i);
  if (frac >= 0.5) i += 1;
  if (frac <= -0.5) i -= 1;
  const q = i + zeroPoint;
  return q > 127 ? 127 : q < -128 ? -128 : q;
}

/** Scratch of one frontend, reused across frames (the C state's buffers). */
export interface DeviceFrontend {
  tables: DeviceTables;
  scale: number;
  zeroPoint: number;
  work: Float32Array;
  power: Float32Array;
  mel: Float32Array;
}

export function createDeviceFrontend(tables: DeviceTables, quant: InputQuant): DeviceFrontend {
  if (!(quant.scale > 0) || !Number.isFinite(quant.scale)) throw new RangeError(`inputQuant.scale must be > 0, got ${quant.scale}`);
  if (!Number.isInteger(quant.zeroPoint) || quant.zeroPoint < -128 || quant.zeroPoint > 127) {
    throw new RangeError(`inputQuant.zeroPoint must be an integer −128..127, got ${quant.zeroPoint}`);
  }
  return {
    tables, scale: f(quant.scale), zeroPoint: quant.zeroPoint,
    work: new Float32Array(tables.nFft), power: new Float32Array(tables.nFft / 2 + 1), mel: new Float32Array(tables.nMels),
  };
}

/**
 * ge_mfcc_frame: nFft int16 samples from `samples[offset..]` → nMfcc int8 written to out[outOffset..].
 * `coeffsOut` (optional) receives the normalised floats before quantisation.
 */
export function deviceMfccFrame(
  fe: DeviceFrontend, samples: Int16Array, offset: number, out: Int8Array, outOffset: number, coeffsOut?: Float32Array,
): void {
  const t = fe.tables;
  const toFloat = 1 / 32768;
  fe.work.fill(0);
  for (let i = 0; i < t.winLength; i++) {
    const k = t.winOffset + i;
    const s = f(samples[offset + k] * toFloat);
    fe.work[k] = f(s * t.window[i]);
  }
  deviceRfftPower(fe.work, fe.power, t.twiddleCos, t.twiddleSin, t.nFft);
  for (let b = 0; b < t.nMels; b++) {
    const w0 = t.melOffset[b];
    const p0 = t.melStart[b];
    let acc = 0;
    for (let j = 0; j < t.melLen[b]; j++) acc = f(acc + f(t.melWeights[w0 + j] * fe.power[p0 + j]));
    const floored = acc > t.amin ? acc : t.amin;
    fe.mel[b] = devicePowerToDb(floored);
  }
  for (let c = 0; c < t.nMfcc; c++) {
    let acc = 0;
    const row = c * t.nMels;
    for (let b = 0; b < t.nMels; b++) acc = f(acc + f(t.dct[row + b] * fe.mel[b]));
    const centred = f(acc - t.normMean[c]);
    let x = f(centred / t.normStd[c]);
    if (x > t.normClip) x = t.normClip;
    if (x < -t.normClip) x = -t.normClip;
    if (coeffsOut) coeffsOut[c] = x;
    out[outOffset + c] = deviceQuantizeInt8(f(x / fe.scale), fe.zeroPoint);
  }
}

/** float ∈ [−1, 1] → int16 as the host hands audio to a board: clamp(roundHalfAwayFromZero(x·32768)). */
export function int16FromFloat(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] * 32768;
    const r = v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
    out[i] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
  }
  return out;
}

/**
 * The int8 model inputs of every window of a clip, as the board computes them (PROTOCOL.md VERIFY_END):
 * float clips are converted with int16FromFloat and zero-padded at the end by trainer/windows.ts's rule
 * (padClipForWindows: whole hops, the last window ends at the clip's end; the host streams exactly this PCM);
 * frames are whole frames only; window w covers frames w·hopFrames .. w·hopFrames + frames − 1.
 * Each returned array is the model's input tensor, row-major: frames × nMfcc (frame, coefficient), centred
 * (deviceCentreWindow), or with window.reduce 'stats' WINDOW_STATS.length × nMfcc (statistic, coefficient)
 * (deviceWindowStats) — the feature provider's two modes (feature_provider.h).
 */
export function deviceFeatureWindows(
  samples: Float32Array | Int16Array, spec: FeatureSpec, norm: FeatureNorm, inputQuant: InputQuant, window: WindowSpec,
  tables: DeviceTables = buildDeviceTables(spec, norm),
): Int8Array[] {
  if (!Number.isInteger(window.frames) || window.frames < 1) throw new RangeError(`window.frames must be an integer ≥ 1, got ${window.frames}`);
  if (!Number.isInteger(window.hopFrames) || window.hopFrames < 1) throw new RangeError(`window.hopFrames must be an integer ≥ 1, got ${window.hopFrames}`);
  const stats = window.reduce === 'stats';
  if (stats && window.frames < 2) throw new RangeError(`window.frames must be ≥ 2 for window statistics, got ${window.frames}`);
  const pcm = padClipForWindows(samples instanceof Int16Array ? samples : int16FromFloat(samples), spec, window);
  const fe = createDeviceFrontend(tables, inputQuant);
  const nFrames = 1 + Math.floor((pcm.length - spec.nFft) / spec.hopLength);
  const frames = new Int8Array(nFrames * spec.nMfcc);
  for (let t = 0; t < nFrames; t++) deviceMfccFrame(fe, pcm, t * spec.hopLength, frames, t * spec.nMfcc);
  const nWindows = 1 + Math.floor((nFrames - window.frames) / window.hopFrames);
  const out: Int8Array[] = [];
  for (let w = 0; w < nWindows; w++) {
    const from = w * window.hopFrames * spec.nMfcc;
    if (stats) {
      out.push(deviceWindowStats(frames.subarray(from, from + window.frames * spec.nMfcc), window.frames, spec.nMfcc, inputQuant.zeroPoint));
    } else {
      const win = frames.slice(from, from + window.frames * spec.nMfcc);
      deviceCentreWindow(win, window.frames, spec.nMfcc, inputQuant.zeroPoint);
      out.push(win);
    }
  }
  return out;
}

/* ---- window_norm.c ---- */
/**
 * ge_window_centre: each coefficient of an int8 window (frames × nMfcc) centred on its mean over the
 * window, in integers: m = round-half-away(Σ(q − zp) / frames), q ← clamp(q − m, zp − 127, zp + 127).
 * The integer twin of step 2 of trainer/windows.ts normaliseInto.
 */
export function deviceCentreWindow(win: Int8Array, frames: number, nMfcc: number, zeroPoint: number): void {
  const lo = Math.max(-128, zeroPoint - 127);
  const hi = Math.min(127, zeroPoint + 127);
  for (let c = 0; c < nMfcc; c++) {
    let sum = 0;
    for (let t = 0; t < frames; t++) sum += win[t * nMfcc + c] - zeroPoint;
    const m = sum >= 0 ? Math.trunc((2 * sum + frames) / (2 * frames)) : -Math.trunc((-2 * sum + frames) / (2 * frames));
    for (let t = 0; t < frames; t++) {
      const v = win[t * nMfcc + c] - m;
      win[t * nMfcc + c] = v < lo ? lo : v > hi ? hi : v;
    }
  }
}

/* ---- window_stats.c ---- */
/** floor(√x) for an integer 0 ≤ x < 2^53, exact (the float root corrected by whole steps; ge_isqrt64). */
export function deviceIsqrt(x: number): number {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`deviceIsqrt: x must be a safe integer ≥ 0, got ${x}`);
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

/** floor(a / b) for safe integers a ≥ 0, b > 0: C's unsigned division, exact beyond the float quotient's rounding. */
function idiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return q;
}

/**
 * ge_window_stats: per coefficient c of an int8 window (frames × nMfcc, frame-major, zero point zp), with
 * v_t = q[t][c] − zp and F = frames ≥ 2 (docs/FEATURES.md, "Window statistics"):
 * mean = round-half-away(Σv / F); std = (isqrt(4·(F·Σv² − (Σv)²)) + F) / (2F); min, max of v;
 * delta = (isqrt(4·D·(F−1)) + F − 1) / (2(F−1)) with D = Σ(v_t − v_{t−1})². Returns 5 × nMfcc int8, row r =
 * mean, std, min, max, delta, each clamp(stat + zp, −128, 127). The integer twin of trainer/windows.ts
 * statsInto. |v| ≤ 255, so every intermediate stays below 2^53 for frames < 65536: Number arithmetic is exact.
 */
export function deviceWindowStats(win: Int8Array, frames: number, nMfcc: number, zeroPoint: number): Int8Array {
  if (!Number.isInteger(frames) || frames < 2 || frames > 65535) throw new RangeError(`deviceWindowStats: frames must be an integer 2..65535, got ${frames}`);
  if (!Number.isInteger(nMfcc) || nMfcc < 1) throw new RangeError(`deviceWindowStats: nMfcc must be an integer ≥ 1, got ${nMfcc}`);
  if (!Number.isInteger(zeroPoint) || zeroPoint < -128 || zeroPoint > 127) throw new RangeError(`deviceWindowStats: zeroPoint must be an integer −128..127, got ${zeroPoint}`);
  if (win.length < frames * nMfcc) throw new RangeError(`deviceWindowStats: window needs ${frames}×${nMfcc} = ${frames * nMfcc} values, got ${win.length}`);
  const out = new Int8Array(WINDOW_STATS.length * nMfcc); // GE_WINDOW_STATS_ROWS
  const f1 = frames - 1;
  const put = (r: number, c: number, stat: number): void => {
    const q = stat + zeroPoint;
    out[r * nMfcc + c] = q < -128 ? -128 : q > 127 ? 127 : q;
  };
  for (let c = 0; c < nMfcc; c++) {
    let sum = 0;
    let sumSq = 0;
    let dSq = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let prev = 0;
    for (let t = 0; t < frames; t++) {
      const v = win[t * nMfcc + c] - zeroPoint;
      sum += v;
      sumSq += v * v;
      if (t > 0) dSq += (v - prev) * (v - prev);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      prev = v;
    }
    const mean = sum >= 0 ? idiv(2 * sum + frames, 2 * frames) : -idiv(-2 * sum + frames, 2 * frames);
    const std = idiv(deviceIsqrt(4 * (frames * sumSq - sum * sum)) + frames, 2 * frames);
    const delta = idiv(deviceIsqrt(4 * dSq * f1) + f1, 2 * f1);
    put(0, c, mean);
    put(1, c, std);
    put(2, c, lo);
    put(3, c, hi);
    put(4, c, delta);
  }
  return out;
}
