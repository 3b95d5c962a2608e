import { expect } from 'chai';
import type { Clip } from '../../common/data/types.ts';
import { makeRng } from '../../common/synth/rng.ts';
import { drawClip, poolClips, splitTrainVal } from '../../trainer/examples.ts';

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

  it('splits by ID, stratified, never one ID on both sides', () => {
    const { train, val } = splitTrainVal(clips, 0.2, makeRng('s'));
    const trainIds = new Set(train.map((c) => c.row.id));
    for (const c of val) expect(trainIds.has(c.row.id), c.row.id).to.equal(false);
    expect(val.filter((c) => c.row.label).length).to.be.within(2, 3);
    expect(train.length + val.length).to.equal(clips.length);
  });

  it('samples positives at the requested share and every negative clip equally often', () => {
    // 5 fireworks among 40 negatives
    const pools = poolClips(clips.filter((c) => c.row.label || c.row.extra.category !== 'fireworks' || Number(c.row.id.slice(1)) < 5)
      .concat(Array.from({ length: 15 }, (_, i) => clip(`m${i}`, false, 'dog_bark'))));
    expect(pools.negatives.length).to.equal(40);
    const rng = makeRng('d');
    let pos = 0;
    let fireworks = 0;
    for (let i = 0; i < 4000; i++) {
      const c = drawClip(pools, 0.35, rng);
      if (c.row.label) pos++; else if (c.row.extra.category === 'fireworks') fireworks++;
    }
    expect(pos / 4000).to.be.closeTo(0.35, 0.03);
    // fireworks are drawn at their own share (5 of 40), no category over-sampled
    expect(fireworks / (4000 - pos)).to.be.closeTo(5 / 40, 0.025);
  });

  it('draws positives source by source: each source equally likely, whatever its size', () => {
    const big = Array.from({ length: 30 }, (_, i) => clip(`f${i}`, true, 'forest_gunshot'));
    const small = Array.from({ length: 3 }, (_, i) => clip(`k${i}`, true, 'pistol'));
    const negatives = Array.from({ length: 10 }, (_, i) => clip(`n${i}`, false, 'siren'));
    const pools = poolClips([...big, ...negatives, ...small], (c) => (c.row.id.startsWith('f') ? 'forest' : 'kaggle'));
    expect(pools.positiveSources.map((g) => g.length)).to.deep.equal([30, 3]);
    expect(pools.positives.length).to.equal(33);
    const rng = makeRng('src');
    let fromSmall = 0, pos = 0;
    for (let i = 0; i < 4000; i++) {
      const c = drawClip(pools, 0.5, rng);
      if (c.row.label) { pos++; if (c.row.id.startsWith('k')) fromSmall++; }
    }
    expect(pos / 4000).to.be.closeTo(0.5, 0.03);
    expect(fromSmall / pos, 'the 3-clip source makes half of the positive draws').to.be.closeTo(0.5, 0.04);
    // One source: the same draws as picking among all positives (no extra random number is used).
    const one = poolClips([...big, ...negatives]);
    expect(one.positiveSources.length).to.equal(1);
    const a = makeRng('same'), b = makeRng('same');
    for (let i = 0; i < 200; i++) {
      const want = b.chance(0.5) ? b.pick(one.positives) : b.pick(one.negatives);
      expect(drawClip(one, 0.5, a)).to.equal(want);
    }
  });

  it('refuses data without positives', () => {
    expect(() => poolClips([clip('n', false)])).to.throw(/no positive/);
  });
});
