// `gunshot-edge verify` as a library call: every clip of a test set (and a disturbed set) goes through
// the board in verification mode and through the host's int8 reference; the summary says whether they
// agree and what each scores. Optionally stored in the gateway database for the dashboard.
import { loadDataset } from '../../common/data/index.ts';
import type { Clip } from '../../common/data/types.ts';
import { int16FromFloat } from '../../common/features/device-frontend.ts';
import { openStore } from '../store/open.ts';
import { openBoardSession, type BoardSession, type BoardSessionOptions } from './board-session.ts';
import { loadHostModel } from './host-model.ts';
import { startQemuBoard } from './qemu.ts';
import { summarise, type ClipComparison, type VerifySummary } from './summary.ts';

export interface DatasetRef { csv: string; audioDir: string }

export interface VerifyOptions {
  /** Serial port of the board (a USB CDC device, a pty of the host board or of QEMU). */
  port?: string;
  /** Instead of `port`: a firmware ELF to run in qemu-system-arm (mps2-an386) for this verification. */
  qemuElf?: string;
  /** defaults to 115200 (PROTOCOL.md §1; ignored by USB CDC and ptys). */
  baudRate?: number;
  /** Model folder with meta.json and export/ (manifest.json, model.tflite). */
  modelDir: string;
  test: DatasetRef;
  disturbed?: DatasetRef;
  /** First N clips of each set only; defaults to all; range ≥ 1. */
  limit?: number;
  /** Gateway SQLite file to store the result in; defaults to none. */
  db?: string;
  session?: BoardSessionOptions;
}

export interface VerifyRun {
  summary: VerifySummary;
  boardId: string;
  /** Board's model hash (16 hex) and whether it equals the export's. */
  boardModelHash: string;
  modelHashOk: boolean;
  /** Clips the loader rejected, with reasons (not streamed). */
  skipped: { path: string; reason: string }[];
}

export interface VerifyLog { info(m: string): void; warn(m: string): void }

export async function runVerification(o: VerifyOptions, log: VerifyLog = { info: () => {}, warn: () => {} }): Promise<VerifyRun> {
  if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit >= 1)) throw new RangeError(`--limit must be an integer ≥ 1, got ${o.limit}`);
  const host = loadHostModel(o.modelDir);
  const rate = host.meta.featureSpec.sampleRateHz;
  const sets: { set: ClipComparison['set']; clips: Clip[] }[] = [];
  const skipped: VerifyRun['skipped'] = [];
  for (const [set, ref] of [['test', o.test], ['disturbed', o.disturbed]] as const) {
    if (!ref) continue;
    const ds = await loadDataset(ref.csv, ref.audioDir, { sampleRateHz: rate });
    skipped.push(...ds.skipped);
    if (ds.skipped.length) log.warn(`${ref.csv}: ${ds.skipped.length} clip(s) skipped (first: ${ds.skipped[0].path}: ${ds.skipped[0].reason})`);
    sets.push({ set, clips: o.limit ? ds.clips.slice(0, o.limit) : ds.clips });
  }
  if (!sets[0]?.clips.length) throw new Error(`${o.test.csv}: no usable clips to verify`);

  if (!o.port === !o.qemuElf) throw new Error('give exactly one of a serial port (--port) and a QEMU firmware image (--qemu)');
  const qemu = o.qemuElf ? await startQemuBoard(o.qemuElf) : null;
  const port = qemu ? qemu.path : o.port!;
  if (qemu) log.info(`QEMU board ${o.qemuElf} on ${port}`);
  let session: BoardSession;
  try {
    session = await openBoardSession(port, o.baudRate ?? 115200, o.session);
  } catch (err) {
    await qemu?.stop();
    throw err;
  }
  const hello = session.hello;
  const modelHashOk = hello.modelHash.toLowerCase() === host.modelHashShort;
  log.info(`board ${hello.boardId} (firmware ${hello.firmware}) on ${port}: model ${hello.modelHash}, threshold ${hello.threshold}`);
  if (!modelHashOk) log.warn(`MODEL HASH MISMATCH: board ${hello.boardId} runs ${hello.modelHash}, ${o.modelDir}/export has ${host.modelHashShort}; outputs will likely differ`);
  if (hello.threshold !== host.thresholdInt8) log.warn(`board threshold ${hello.threshold} ≠ export threshold_int8 ${host.thresholdInt8}; decisions here use the export's`);

  const clips: ClipComparison[] = [];
  const total = sets.reduce((n, s) => n + s.clips.length, 0);
  try {
    let id = 1;
    for (const { set, clips: list } of sets) {
      for (const clip of list) {
        const pcm = int16FromFloat(clip.samples);
        const board = await session.verifyClip(id++, pcm);
        clips.push({ set, file: clip.row.sliceFileName, label: clip.row.label, device: board.outputs, host: host.outputs(pcm), deviceElapsedUs: board.elapsedUs });
        if (clips.length % 25 === 0 || clips.length === total) log.info(`verified ${clips.length}/${total} clips`);
      }
    }
  } finally {
    await session.close();
    await qemu?.stop();
  }
  const summary = summarise(clips, host.thresholdInt8);
  if (o.db) {
    const store = await openStore(o.db);
    try {
      const agree = Math.round(summary.agreement * clips.length);
      await store.insertVerification(hello.boardId, clips.length, agree, summary.max_lsb_diff, {
        ...summary, board_model_hash: hello.modelHash, model_hash_ok: modelHashOk, model_dir: o.modelDir,
      });
    } finally {
      await store.close();
    }
  }
  return { summary, boardId: hello.boardId, boardModelHash: hello.modelHash, modelHashOk, skipped };
}
