/**
 * Test helpers for the host virtual board: building it (make host-test), running its offline modes and
 * parsing the marker-delimited output, and loading the random test export's model/norm. Shared by the
 * firmware test files only.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import wavefilePkg from 'wavefile';
import type { QModel } from '../../exporter/qmodel.ts';
import type { FeatureSpec } from '../../common/features/spec.ts';
import type { FeatureNorm, WindowSpec } from '../../trainer/model-meta.ts';
import { qmodelFromJson } from '../../firmware-bridge/tools/write-export.ts';

const { WaveFile } = wavefilePkg;

export const ROOT = resolve(import.meta.dirname, '../..');
export const FB = join(ROOT, 'firmware-bridge');
export const TEST_EXPORT = join(FB, 'build/test-export');
export const HOST_BOARD = join(FB, 'build/host-test/gunshot-board');
/** The host board over a window-statistics model (make host-test-stats, build/test-export-stats). */
export const TEST_EXPORT_STATS = join(FB, 'build/test-export-stats');
export const HOST_BOARD_STATS = join(FB, 'build/host-test-stats/gunshot-board');

/** Builds build/host-test/gunshot-board (and the random test export it links). */
export function buildHostBoard(): void {
  execFileSync('make', ['-s', '-C', FB, 'host-test'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Builds build/host-test-stats/gunshot-board (and its window-statistics test export). */
export function buildHostBoardStats(): void {
  execFileSync('make', ['-s', '-C', FB, 'host-test-stats'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface TestExport {
  qmodel: QModel;
  featureSpec: FeatureSpec;
  norm: FeatureNorm;
  window: WindowSpec;
}

export function loadTestExport(dir = TEST_EXPORT): TestExport {
  const qmodel = qmodelFromJson(JSON.parse(readFileSync(join(dir, 'qmodel.json'), 'utf8')));
  const f = JSON.parse(readFileSync(join(dir, 'features.json'), 'utf8'));
  return { qmodel, featureSpec: f.featureSpec, norm: f.norm, window: f.window };
}

export function writeWav16(path: string, pcm: Int16Array, rateHz = 16000): void {
  const w = new WaveFile();
  w.fromScratch(1, rateHz, '16', pcm);
  writeFileSync(path, w.toBuffer());
}

/** Lines between `#GE-<name>-BEGIN…` and `#GE-<name>-END` of the board's stdout. */
export function between(stdout: string, name: string): string[] {
  const lines = stdout.split('\n');
  const a = lines.findIndex((l) => l.startsWith(`#GE-${name}-BEGIN`));
  const b = lines.findIndex((l) => l.startsWith(`#GE-${name}-END`));
  if (a < 0 || b < a) throw new Error(`host board output has no #GE-${name} block:\n${stdout.slice(0, 500)}`);
  return lines.slice(a + 1, b);
}

export function runBoard(args: string[], bin = HOST_BOARD): string {
  return execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The board's int8 model inputs for a WAV file, one Int8Array per window. */
export function boardFeatures(wavPath: string, bin = HOST_BOARD): Int8Array[] {
  return between(runBoard(['--features-offline', wavPath], bin), 'FEATURES').map((l) => Int8Array.from(l.split(',').map(Number)));
}

/** The board's model outputs for raw int8 windows. */
export function boardInfer(vectorsPath: string, windows: Int8Array[]): number[] {
  const total = windows.reduce((n, w) => n + w.length, 0);
  const buf = Buffer.alloc(total);
  let o = 0;
  for (const w of windows) {
    buf.set(new Uint8Array(w.buffer, w.byteOffset, w.length), o);
    o += w.length;
  }
  writeFileSync(vectorsPath, buf);
  return between(runBoard(['--vectors-offline', vectorsPath]), 'OUTPUTS').map((l) => Number(l.split(' ')[1]));
}

/** One ge_window_stats call: a ring of `frames` slots of n int8, the window's oldest frame in slot `first`. */
export interface StatsRecord {
  frames: number;
  n: number;
  first: number;
  zeroPoint: number;
  ring: Int8Array;
}

/** The board's ge_window_stats (5 × n int8) for each record (`--window-stats-offline`). */
export function boardWindowStats(recordsPath: string, records: StatsRecord[]): Int8Array[] {
  const parts: Buffer[] = [];
  for (const r of records) {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(r.frames, 0);
    h.writeUInt16LE(r.n, 2);
    h.writeUInt16LE(r.first, 4);
    h.writeInt16LE(r.zeroPoint, 6);
    parts.push(h, Buffer.from(r.ring.buffer, r.ring.byteOffset, r.ring.length));
  }
  writeFileSync(recordsPath, Buffer.concat(parts));
  return between(runBoard(['--window-stats-offline', recordsPath]), 'STATS').map((l) => Int8Array.from(l.split(',').map(Number)));
}
