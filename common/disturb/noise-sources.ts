// Where disturbing noise comes from: white noise, or background recordings (a folder, or synthetic).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadClip } from '../audio/load-clip.ts';
import { WavDecodeError } from '../audio/wav-decode.ts';
import { synthBackgrounds } from '../synth/backgrounds.ts';
import type { Rng } from '../synth/rng.ts';
import type { SkippedClip } from '../data/types.ts';

/** Background recordings by kind (e.g. rain → [recordings]); every list non-empty. */
export type BackgroundBank = Map<string, Float32Array[]>;

/** Seconds of each synthetic background recording. Long enough that offsets rarely repeat a 4 s slice. */
const SYNTH_BACKGROUND_S = 30;

/** The six synthetic kinds, one 30 s recording each, deterministic by `seed`. */
export function syntheticBackgroundBank(rateHz: number, seed: string): BackgroundBank {
  return new Map([...synthBackgrounds(SYNTH_BACKGROUND_S, rateHz, seed)].map(([k, x]) => [k, [x]]));
}

/** One background recording read from a folder. */
export interface BackgroundFile {
  /** Subfolder name (rain, wind, …). */
  kind: string;
  path: string;
  /** Mono at the requested rate. */
  samples: Float32Array;
}

/**
 * Reads `dir/<kind>/*.wav` (any rate/bit depth; resampled to `rateHz`), in sorted order. Unreadable,
 * non-finite or silent files are left out and, if `skipped` is given, recorded there with the reason.
 */
export async function loadBackgroundDir(dir: string, rateHz: number, skipped: SkippedClip[] = []): Promise<BackgroundFile[]> {
  const out: BackgroundFile[] = [];
  for (const kind of (await readdir(dir)).sort()) {
    if (!(await stat(join(dir, kind))).isDirectory()) continue;
    const files = (await readdir(join(dir, kind))).filter((f) => f.toLowerCase().endsWith('.wav')).sort();
    for (const f of files) {
      const path = join(dir, kind, f);
      try {
        const { samples } = await loadClip(path, rateHz);
        if (samples.some((v) => !Number.isFinite(v))) skipped.push({ path, line: 0, reason: 'non-finite samples (NaN/Inf)' });
        else if (samples.every((v) => Math.abs(v) < 1e-5)) skipped.push({ path, line: 0, reason: 'silent background' });
        else out.push({ kind, path, samples });
      } catch (e) {
        if (!(e instanceof WavDecodeError)) throw e;
        skipped.push({ path, line: 0, reason: e.reason });
      }
    }
  }
  return out;
}

/** `loadBackgroundDir` grouped by kind. Throws if no file is usable. */
export async function loadBackgroundBank(dir: string, rateHz: number, skipped: SkippedClip[]): Promise<BackgroundBank> {
  const bank: BackgroundBank = new Map();
  for (const b of await loadBackgroundDir(dir, rateHz, skipped)) bank.set(b.kind, [...(bank.get(b.kind) ?? []), b.samples]);
  if (bank.size === 0) throw new Error(`no usable background WAVs under ${dir} (expected ${dir}/<kind>/*.wav)`);
  return bank;
}

/** White Gaussian noise, unit variance (the level is set by mixAtSnr). */
export function whiteNoiseFor(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** A random `n`-sample excerpt of a random recording of `kind` (tiled if the recording is shorter). */
export function backgroundExcerpt(bank: BackgroundBank, kind: string, n: number, rng: Rng): Float32Array {
  const rec = rng.pick(bank.get(kind)!);
  const offset = rec.length > n ? rng.int(0, rec.length - n) : 0;
  return Float32Array.from({ length: n }, (_, i) => rec[(offset + i) % rec.length]);
}
