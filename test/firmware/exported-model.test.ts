/**
 * The whole chain on a model the exporter really builds (tfjs DS-CNN → BN folding → calibration → int8
 * QModel → exporter/c-model.ts + mfcc-tables.ts), compiled into the host board: per-window outputs on a
 * clip equal the TypeScript pipeline (device frontend + runInt8), and the board reports the export's hash
 * and int8 threshold. Uses the exporter's own test helpers to build the model.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExport, writeExport } from '../../exporter/export-model.ts';
import { generateMfccTables } from '../../exporter/mfcc-tables.ts';
import { generateCModel } from '../../exporter/c-model.ts';
import { runInt8 } from '../../exporter/reference/index.ts';
import { deviceFeatureWindows, int16FromFloat } from '../../common/features/device-frontend.ts';
import { categoryByName, makeRng } from '../../common/synth/index.ts';
import { bnCalibratedModel, randomWindows, testMeta } from '../exporter/helpers.ts';
import { between, FB, writeWav16 } from './host-board.ts';

describe('firmware on an exporter-built model', function () {
  this.timeout(180000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ge-fw-export-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scores a clip exactly as device frontend + runInt8, with the export threshold', () => {
    const calib = randomWindows(32, 49, 13, 'fw-export');
    const { model, cfg } = bnCalibratedModel({ channels: 8, blocks: 2, seed: 5 }, calib);
    const meta = { ...testMeta(cfg), threshold: 0.37 };
    const build = buildExport(model, meta, calib, {
      mfccTables: (m) => generateMfccTables(m.featureSpec, m.norm),
      firmwareModel: (q, hash, m) => generateCModel(q, { modelHash: hash, threshold: m.threshold, window: m.window }),
    });
    const out = join(dir, 'export');
    writeExport(out, build);
    const bin = join(out, 'gunshot-board');
    execFileSync('make', ['-s', '-C', FB, 'host', `MODEL_DIR=${out}`, `HOST_BIN=${bin}`], { stdio: ['ignore', 'ignore', 'inherit'] });

    const header = build.files.get('gunshot_model.h') as string;
    expect(header).to.contain(`#define GE_MODEL_THRESHOLD_Q ${build.thresholdInt8}`);
    const hashBytes = build.modelHash.slice(0, 16).match(/../g)!.map((h) => `0x${h}`).join(', ');
    expect(header).to.contain(`GE_MODEL_HASH_INIT { ${hashBytes} }`);

    const pcm = int16FromFloat(categoryByName('gunshot_pistol').generate({ rng: makeRng('fw-export'), scene: makeRng('fw-export-s'), rateHz: 16000, n: 48000 }));
    const wav = join(dir, 'clip.wav');
    writeWav16(wav, pcm);
    const board = between(execFileSync(bin, ['--wav-offline', wav], { encoding: 'utf8' }), 'OUTPUTS').map((l) => Number(l.split(' ')[1]));
    const inT = build.qmodel.tensors[build.qmodel.inputs[0]];
    const host = deviceFeatureWindows(pcm, meta.featureSpec, meta.norm, { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] }, meta.window)
      .map((w) => runInt8(build.qmodel, w)[0][0]);
    expect(board).to.deep.equal(host);
    expect(board.length).to.equal(1 + Math.floor((1 + Math.floor((48000 - 512) / 320) - 49) / 10));
  });
});
