// Epoch sources give the data their contract promises: one worker = inline (the sequential stream), and a
// pool of any size = the chunked epoch made on one thread.
import { expect } from 'chai';
import type { Clip } from '../../common/data/types.ts';
import { DEFAULT_FEATURE_SPEC } from '../../common/features/spec.ts';
import { makeRng } from '../../common/synth/rng.ts';
import { DEFAULT_AUGMENT } from '../../trainer/augment/config.ts';
import { EPOCH_CHUNK, epochChunks, makeChunkedEpoch, makeEpoch, makeEpochChunk, type EpochRecipe } from '../../trainer/epoch-data.ts';
import { createEpochSource } from '../../trainer/epoch-source.ts';
import { poolClips } from '../../trainer/examples.ts';
import { DEFAULT_WINDOW } from '../../trainer/model-meta.ts';

function clip(id: string, label: boolean, seed: string): Clip {
  const rng = makeRng(seed);
  const samples = new Float32Array(16000 + rng.int(0, 16000));
  const at = rng.int(0, samples.length - 2000);
  // A decaying noise burst (label true) or a tone burst, on a faint noise floor.
  for (let i = 0; i < samples.length; i++) samples[i] = 0.001 * rng.uniform(-1, 1);
  for (let i = 0; i < 2000; i++) samples[at + i] += (label ? rng.uniform(-1, 1) : Math.sin(i * 0.2)) * Math.exp(-i / 400) * 0.8;
  return { row: { sliceFileName: `${id}.wav`, id, fold: 1, label, line: 2, extra: { category: label ? 'gun_shot' : 'door_slam' } }, path: `${id}.wav`, samples, sampleRateHz: 16000, sourceRateHz: 16000 };
}

function recipe(): EpochRecipe {
  const clips = Array.from({ length: 12 }, (_, i) => clip(`c${i}`, i % 3 === 0, `clip${i}`));
  const pools = poolClips(clips);
  const nMfcc = DEFAULT_FEATURE_SPEC.nMfcc;
  return {
    pools,
    meta: {
      featureSpec: DEFAULT_FEATURE_SPEC, window: DEFAULT_WINDOW,
      norm: { mean: Array.from({ length: nMfcc }, (_, c) => (c === 0 ? -300 : 0)), std: Array.from({ length: nMfcc }, () => 20), clip: 8 },
    },
    augment: DEFAULT_AUGMENT, positiveShare: 0.35, seed: 5,
  };
}

const same = (a: { x: Float32Array; y: Float32Array }, b: { x: Float32Array; y: Float32Array }) =>
  a.x.length === b.x.length && a.y.length === b.y.length && a.x.every((v, i) => Object.is(v, b.x[i])) && a.y.every((v, i) => v === b.y[i]);

describe('trainer/epoch-source: epochs from workers', function () {
  this.timeout(120_000);
  const r = recipe();
  const n = EPOCH_CHUNK + 44; // two chunks, the second short

  it('chunks: each has its own stream and its own size; a chunk out of range is refused', () => {
    expect(epochChunks(n)).to.equal(2);
    const c1 = makeEpochChunk(r, 1, 1, n);
    expect(c1.y.length).to.equal(44);
    const whole = makeChunkedEpoch(r, 1, n);
    expect(Array.from(whole.y.subarray(EPOCH_CHUNK))).to.deep.equal(Array.from(c1.y));
    expect(same(whole, makeEpoch(r, 1, n)), 'chunked and sequential streams differ').to.equal(false);
    expect(() => makeEpochChunk(r, 1, 2, n)).to.throw(RangeError, /chunk must be an integer 0\.\.1 for an epoch of 300 examples, got 2/);
  });

  it('one worker gives the sequential epoch (as inline); pools of 2 and 3 give the chunked epoch, prefetched or not', async () => {
    const sequential = [makeEpoch(r, 1, n), makeEpoch(r, 2, n)];
    const chunked = [makeChunkedEpoch(r, 1, n), makeChunkedEpoch(r, 2, n)];
    for (const [workers, want] of [[0, sequential], [1, sequential], [2, chunked], [3, chunked]] as const) {
      const src = createEpochSource(r, n, workers);
      try {
        src.prefetch(1);
        src.prefetch(2);
        const e1 = await src.get(1);
        const e2 = await src.get(2);
        expect(same(e1, want[0]), `${src.mode}: epoch 1`).to.equal(true);
        expect(same(e2, want[1]), `${src.mode}: epoch 2`).to.equal(true);
        expect(e1.y.some((v) => v === 1) && e1.y.some((v) => v === 0), 'both labels drawn').to.equal(true);
      } finally {
        await src.close();
      }
    }
  });

  it('refuses a worker count outside 0..64', () => {
    expect(() => createEpochSource(r, n, -1)).to.throw(RangeError, /epoch workers must be an integer 0\.\.64, got -1/);
  });
});
