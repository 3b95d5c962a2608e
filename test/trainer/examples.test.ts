import { expect } from 'chai';
import type { Clip } from '../../common/data/types.ts';
import { makeRng } from '../../common/synth/rng.ts';
import { drawClip, isHardNegative, poolClips, splitTrainVal } from '../../trainer/examples.ts';

function clip(id: string, label: boolean, category = '', hard = ''): Clip {
  return {
    row: { sliceFileName: `${id}.wav`, id, fold: 1, label, line: 2, extra: { category, hard_negative: hard } },
    path: `${id}.wav`, samples: new Float32Array(10), sampleRateHz: 16000, sourceRateHz: 16000,
  };
}

describe('trainer/examples', () => {
  const clips = [
    ...Array.from({ length: 10 }, (_, i) => clip(`p${i}`, true, 'pistol')),
    ...Array.from({ length: 20 }, (_, i) => clip(`h${i}`, false, 'fireworks')),
    ...Array.from({ length: 20 }, (_, i) => clip(`n${i}`, false, 'siren', 'false')),
    clip('p0', true, 'pistol'), // second slice of one recording
  ];

  it('recognises hard negatives by flag or category, never a positive', () => {
    expect(isHardNegative(clip('a', false, 'siren', 'true'))).to.equal(true);
    expect(isHardNegative(clip('a', false, 'door_slam'))).to.equal(true);
    expect(isHardNegative(clip('a', false, 'siren'))).to.equal(false);
    expect(isHardNegative(clip('a', true, 'fireworks'))).to.equal(false);
  });

  it('splits by ID, stratified, never one ID on both sides', () => {
    const { train, val } = splitTrainVal(clips, 0.2, makeRng('s'));
    const trainIds = new Set(train.map((c) => c.row.id));
    for (const c of val) expect(trainIds.has(c.row.id), c.row.id).to.equal(false);
    expect(val.filter((c) => c.row.label).length).to.be.within(2, 3);
    expect(train.length + val.length).to.equal(clips.length);
  });

  it('samples positives and hard negatives at the requested shares', () => {
    const pools = poolClips(clips);
    const rng = makeRng('d');
    let pos = 0;
    let hard = 0;
    for (let i = 0; i < 4000; i++) {
      const c = drawClip(pools, 0.35, 0.5, rng);
      if (c.row.label) pos++; else if (isHardNegative(c)) hard++;
    }
    expect(pos / 4000).to.be.closeTo(0.35, 0.03);
    expect(hard / (4000 - pos)).to.be.closeTo(0.5, 0.04);
  });

  it('refuses data without positives', () => {
    expect(() => poolClips([clip('n', false)])).to.throw(/no positive/);
  });
});
