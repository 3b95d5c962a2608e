/**
 * Test vectors for the board and other runtimes: for each clip, each model-input window quantised to int8
 * (written raw, one .bin per window) with the int8 output the TS reference interpreter computes from it.
 * Any runtime that claims to run the exported model must reproduce `expected` (the firmware bit for bit).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { QModel } from './qmodel.ts';
import { quantizeInput, runInt8 } from './reference/index.ts';
import type { ClipWindows } from './dataset-windows.ts';

export interface VectorEntry {
  /** Path of the raw int8 input, relative to vectors.json. */
  input: string;
  clip: string;
  window: number;
  label: boolean;
  /** The reference int8 output(s), in model output order flattened. */
  expected: number[];
}

export interface VectorSet { entries: VectorEntry[]; files: Map<string, Uint8Array> }

export function buildVectors(q: QModel, clips: ClipWindows[]): VectorSet {
  const entries: VectorEntry[] = [];
  const files = new Map<string, Uint8Array>();
  clips.forEach((c, ci) => {
    c.windows.forEach((w, wi) => {
      const x = quantizeInput(q, w);
      const rel = `inputs/c${String(ci).padStart(4, '0')}_w${String(wi).padStart(3, '0')}.bin`;
      files.set(rel, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
      entries.push({ input: rel, clip: c.name, window: wi, label: c.label, expected: runInt8(q, x).flatMap((o) => Array.from(o)) });
    });
  });
  return { entries, files };
}

export function writeVectors(dir: string, set: VectorSet): void {
  fs.mkdirSync(path.join(dir, 'inputs'), { recursive: true });
  for (const [rel, bytes] of set.files) fs.writeFileSync(path.join(dir, rel), bytes);
  fs.writeFileSync(path.join(dir, 'vectors.json'), JSON.stringify(set.entries, null, 1) + '\n');
}
