import { synthBackgrounds } from '../common/synth/backgrounds.ts';
import { loadBackgroundDir } from '../common/disturb/index.ts';

/**
 * Background beds for augmentation: the recordings under `dir` (`<kind>/*.wav`, e.g. the Debian starter
 * corpus's backgrounds) or, without a folder, 20 s of each synthetic kind. Mono at `rateHz`.
 */
export async function loadBackgrounds(dir: string | null, rateHz: number, seed: number): Promise<Float32Array[]> {
  if (dir) {
    const loaded = await loadBackgroundDir(dir, rateHz);
    if (loaded.length === 0) throw new Error(`${dir}: no background WAVs found (expected <kind>/*.wav)`);
    return loaded.map((b) => b.samples);
  }
  return [...synthBackgrounds(20, rateHz, `${seed}:augment`).values()];
}
