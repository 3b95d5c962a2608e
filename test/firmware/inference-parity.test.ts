/**
 * Bit-exactness of the C int8 model runner (firmware-bridge/core/model_runner.c + kernels/, built from the
 * exporter/c-model.ts output) against the exporter's TypeScript reference interpreter `runInt8`, on several
 * random DS-CNN-shaped models and on test vectors: feature windows of synthetic clips, random windows, and
 * constant extremes.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { runInt8 } from '../../exporter/reference/index.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { DEFAULT_WINDOW } from '../../trainer/model-meta.ts';
import { deviceFeatureWindows, int16FromFloat } from '../../common/features/device-frontend.ts';
import { CATEGORIES, makeRng } from '../../common/synth/index.ts';
import { randomQModel } from '../../firmware-bridge/tools/random-qmodel.ts';
import { randomNorm, writeFirmwareSources } from '../../firmware-bridge/tools/write-export.ts';
import { between, FB } from './host-board.ts';

describe('firmware inference parity (C model runner vs exporter runInt8)', function () {
  this.timeout(180000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ge-fw-infer-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const models = [
    { seed: 'infer-a', channels: 16, blocks: 2 },
    { seed: 'infer-b', channels: 12, blocks: 4 },
    { seed: 'infer-c', channels: 32, blocks: 1 },
  ];
  for (const m of models) {
    it(`matches on every vector for model ${m.seed} (${m.channels} channels, ${m.blocks} blocks)`, () => {
      const qmodel = randomQModel(m);
      const norm = randomNorm(DEFAULT_FEATURE_SPEC.nMfcc, m.seed);
      const out = join(dir, m.seed);
      writeFirmwareSources(out, { qmodel, featureSpec: DEFAULT_FEATURE_SPEC, norm, window: DEFAULT_WINDOW });
      const bin = join(out, 'gunshot-board');
      execFileSync('make', ['-s', '-C', FB, 'host', `MODEL_DIR=${out}`, `HOST_BIN=${bin}`], { stdio: ['ignore', 'ignore', 'inherit'] });

      const inT = qmodel.tensors[qmodel.inputs[0]];
      const quant = { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] };
      const vectors: Int8Array[] = [];
      for (const [k, cat] of CATEGORIES.entries()) {
        if (k % 5 !== 0) continue;
        const clip = cat.generate({ rng: makeRng(`infer:${k}`), scene: makeRng(`infer-scene:${k}`), rateHz: 16000, n: 24000 });
        vectors.push(...deviceFeatureWindows(int16FromFloat(clip), DEFAULT_FEATURE_SPEC, norm, quant, DEFAULT_WINDOW));
      }
      const rng = seedrandom(m.seed);
      for (let k = 0; k < 12; k++) vectors.push(Int8Array.from({ length: 637 }, () => Math.floor(rng() * 256) - 128));
      vectors.push(new Int8Array(637).fill(-128), new Int8Array(637).fill(127), new Int8Array(637));

      const buf = Buffer.concat(vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.length)));
      const vecPath = join(out, 'vectors.bin');
      execFileSync('sh', ['-c', 'cat > "$1"', 'sh', vecPath], { input: buf });
      const lines = between(execFileSync(bin, ['--vectors-offline', vecPath], { encoding: 'utf8' }), 'OUTPUTS');
      const board = lines.map((l) => Number(l.split(' ')[1]));
      const host = vectors.map((v) => runInt8(qmodel, v)[0][0]);
      expect(board.length).to.equal(vectors.length);
      const mismatches = board.map((b, i) => (b === host[i] ? null : `vector ${i}: board ${b}, runInt8 ${host[i]}`)).filter(Boolean);
      const distinct = new Set(host).size;
      console.log(`      ${m.seed}: ${vectors.length} vectors, ${vectors.length - mismatches.length} identical, ${distinct} distinct outputs`);
      expect(mismatches, mismatches.slice(0, 10).join('\n')).to.deep.equal([]);
      expect(distinct, 'outputs should vary across vectors').to.be.greaterThan(1);
    });
  }
});
