// `gunshot-edge verify` end to end: a DS-CNN the exporter really builds, compiled into the C host board,
// on a socat pty; synthetic clips streamed in verification mode must come back bit-identical to the
// TypeScript int8 reference. Builds everything it needs itself (no models/ folder assumed).
import { expect } from 'chai';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExport, writeExport } from '../../exporter/export-model.ts';
import { generateMfccTables } from '../../exporter/mfcc-tables.ts';
import { generateCModel } from '../../exporter/c-model.ts';
import { categoryByName, makeRng } from '../../common/synth/index.ts';
import { writeWav } from '../../common/audio/index.ts';
import { writeDatasetCsv } from '../../common/data/index.ts';
import { openPtyPair, type PtyPair } from '../../gateway/sim/pty-pair.ts';
import { openDb } from '../../gateway/store/db.ts';
import { createStore } from '../../gateway/store/store.ts';
import { runVerification } from '../../gateway/verify/index.ts';
import { bnCalibratedModel, randomWindows, testMeta } from '../exporter/helpers.ts';
import { requireSocat, tempDir } from './helpers.ts';

const FB = new URL('../../firmware-bridge', import.meta.url).pathname;

/** Synthetic clips of the given categories (varied lengths, one shorter than a window) + their CSV. */
async function writeSet(dir: string, name: string, cats: string[]): Promise<{ csv: string; audioDir: string }> {
  const audioDir = join(dir, `${name}-audio`);
  const rows = [];
  for (const [i, cat] of cats.entries()) {
    const g = categoryByName(cat);
    const n = [16000, 24000, 32000, 12000][i % 4];
    const samples = g.generate({ rng: makeRng(`${name}-${i}`), scene: makeRng(`${name}-s${i}`), rateHz: 16000, n });
    const file = `${name}-${i}-${cat}.wav`;
    await writeWav(join(audioDir, file), samples, 16000);
    rows.push({ sliceFileName: file, id: `${name}${i}`, fold: 1, label: g.label });
  }
  const csv = join(dir, `${name}.csv`);
  await writeDatasetCsv(csv, rows);
  return { csv, audioDir };
}

describe('gunshot-edge verify against the C host board', function () {
  this.timeout(240000);
  let tmp: ReturnType<typeof tempDir>;
  let pair: PtyPair | null = null;
  let board: ChildProcess | null = null;
  let modelDir: string;
  let bin: string;

  before(function () {
    requireSocat();
    tmp = tempDir('ge-verify-');
    modelDir = join(tmp.dir, 'model');
    const calib = randomWindows(32, 49, 13, 'verify');
    const { model, cfg } = bnCalibratedModel({ channels: 8, blocks: 2, seed: 7 }, calib);
    const meta = { ...testMeta(cfg), threshold: 0.4 };
    const build = buildExport(model, meta, calib, {
      mfccTables: (m) => generateMfccTables(m.featureSpec, m.norm),
      firmwareModel: (q, hash, m) => generateCModel(q, { modelHash: hash, threshold: m.threshold, window: m.window }),
    });
    writeExport(join(modelDir, 'export'), build);
    writeFileSync(join(modelDir, 'meta.json'), JSON.stringify(meta));
    bin = join(tmp.dir, 'gunshot-board');
    execFileSync('make', ['-s', '-C', FB, 'host', `MODEL_DIR=${join(modelDir, 'export')}`, `HOST_BIN=${bin}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  });
  after(async () => {
    if (board && board.exitCode === null) board.kill('SIGTERM');
    await pair?.close();
    tmp.cleanup();
  });

  it('gives agreement 1 and max_lsb_diff 0 on synthetic clips, and stores the run', async () => {
    const test = await writeSet(tmp.dir, 'test', ['gunshot_pistol', 'gunshot_rifle', 'door_slam', 'hand_claps', 'gunshot_shotgun']);
    const disturbed = await writeSet(tmp.dir, 'dist', ['gunshot_automatic', 'car_backfire', 'fireworks']);
    pair = await openPtyPair(join(tmp.dir, 'gw'), join(tmp.dir, 'bd'));
    board = spawn(bin, ['--port', pair.b, '--no-audio', '--board-id', 'verify-1'], { stdio: 'ignore' });
    const db = join(tmp.dir, 'gw.db');
    const run = await runVerification({ port: pair.a, modelDir, test, disturbed, db });

    const s = run.summary;
    expect(run.modelHashOk).to.equal(true);
    expect(run.boardId).to.equal('verify-1');
    expect(s.n).to.equal(5);
    expect(s.n_disturbed).to.equal(3);
    expect(s.agreement).to.equal(1);
    expect(s.max_lsb_diff).to.equal(0);
    expect(s.mismatches).to.deep.equal([]);
    expect(s.device).to.deep.equal(s.host);
    expect(s.device.robustness).to.be.a('number');
    expect(s.device_ms_per_window).to.be.greaterThan(0);

    const store = createStore(openDb(db));
    const v = (await store.latestVerification())!;
    await store.close();
    expect(v).to.include({ board_id: 'verify-1', clips: 8, agree: 8, max_score_diff: 0 });
    expect(JSON.parse(v.summary_json).model_hash_ok).to.equal(true);
  });

  it('runs the same check on the firmware in QEMU (mps2-an386) with --qemu', async function () {
    if (spawnSync('sh', ['-c', 'command -v qemu-system-arm']).status !== 0) {
      console.log('      skipped: qemu-system-arm is not installed (apt install qemu-system-arm)');
      this.skip();
    }
    // A missing cross compiler is a failure, not a skip: make names it.
    execFileSync('make', ['-s', '-C', FB, 'qemu', `MODEL_DIR=${join(modelDir, 'export')}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    const test = await writeSet(tmp.dir, 'qemu', ['gunshot_shotgun', 'door_slam', 'gunshot_pistol']);
    const run = await runVerification({ qemuElf: join(FB, 'build/qemu/gunshot-board.elf'), modelDir, test });
    expect(run.boardId).to.equal('qemu-mps2-an386');
    expect(run.modelHashOk).to.equal(true);
    expect(run.summary).to.include({ n: 3, agreement: 1, max_lsb_diff: 0 });
    expect(run.summary.device).to.deep.equal(run.summary.host);
  });
});
