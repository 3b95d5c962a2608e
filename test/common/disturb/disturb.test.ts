import { expect } from 'chai';
import { mkdtemp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activePower, mixAtSnr, mixAtSnrDetailed } from '../../../common/disturb/mix.ts';
import { disturbDataset } from '../../../common/disturb/disturb-set.ts';
import { loadBackgroundDir } from '../../../common/disturb/noise-sources.ts';
import { synthCorpus } from '../../../common/synth/corpus.ts';
import { makeRng } from '../../../common/synth/rng.ts';
import { loadDataset } from '../../../common/data/load-dataset.ts';
import { writeWav } from '../../../common/audio/wav-write.ts';

function meanPower(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s / x.length;
}

/** A burst of tone in quiet: the kind of clip where active power and whole-clip power differ a lot. */
function burstClip(amp: number): Float32Array {
  const x = new Float32Array(16000);
  for (let i = 0; i < x.length; i++) x[i] = 1e-4 * Math.sin(i * 0.37);
  for (let i = 4160; i < 5760; i++) x[i] = amp * Math.sin(i * 0.2);
  return x;
}

describe('common/disturb', () => {
  describe('mixAtSnr', () => {
    for (const snr of [20, 10, 5, 0, -5]) {
      it(`achieves ${snr} dB on the active part within 0.1 dB`, () => {
        const clip = burstClip(0.3);
        const rng = makeRng(`n${snr}`);
        const noise = Float32Array.from({ length: 7000 }, () => rng.normal()); // shorter: gets tiled
        const { samples, noiseGain, scale } = mixAtSnrDetailed(clip, noise, snr);
        const added = samples.map((v, i) => v / scale - clip[i]);
        const measured = 10 * Math.log10(activePower(clip) / meanPower(added));
        expect(measured).to.be.closeTo(snr, 0.1);
        expect(noiseGain).to.be.greaterThan(0);
        // The active part is the 0.1 s burst (frames 13–17 of 320 samples), not the whole second: power ≈ 0.3²/2.
        expect(activePower(clip)).to.be.closeTo(0.045, 0.003);
      });
    }
    it('scales the whole mix down when it would clip, keeping the SNR', () => {
      const clip = burstClip(0.95);
      const rng = makeRng('loud');
      const noise = Float32Array.from({ length: 16000 }, () => rng.normal());
      const { samples, scale } = mixAtSnrDetailed(clip, noise, 0);
      expect(scale).to.be.lessThan(1);
      expect(Math.max(...samples.map(Math.abs))).to.be.at.most(0.999 + 1e-6);
      const added = samples.map((v, i) => v / scale - clip[i]);
      expect(10 * Math.log10(activePower(clip) / meanPower(added))).to.be.closeTo(0, 0.1);
      expect(mixAtSnr(clip, noise, 0)).to.deep.equal(samples);
    });
    it('refuses silent input and out-of-range SNR', () => {
      expect(() => mixAtSnr(new Float32Array(100), Float32Array.of(1, -1), 10)).to.throw(/silent clip/);
      expect(() => mixAtSnr(burstClip(0.3), Float32Array.of(1, -1), 500)).to.throw(/snrDb must be in -60\.\.120, got 500/);
    });
  });

  describe('disturbDataset', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ge-disturb-'));
      await synthCorpus({ outDir: join(dir, 'src'), clips: 20, positiveRatio: 0.2, seed: 'd', testFraction: 0.5, durationRangeS: [0.5, 1] });
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('writes clips × SNRs × kinds copies, keeps ID/fold/Label, is deterministic and readable', async () => {
      const opts = { csvPath: join(dir, 'src', 'test.csv'), audioDir: join(dir, 'src', 'audio'), snrsDb: [10, 0] };
      const a = await disturbDataset({ ...opts, outDir: join(dir, 'a') });
      await disturbDataset({ ...opts, outDir: join(dir, 'b') });
      const src = await loadDataset(opts.csvPath, opts.audioDir, { sampleRateHz: 16000 });
      expect(a.sourceClips).to.equal(src.clips.length);
      expect(a.rows).to.equal(src.clips.length * 2 * 2);
      expect(await readFile(a.csvPath, 'utf8')).to.equal(await readFile(join(dir, 'b', 'disturbed.csv'), 'utf8'));
      for (const f of (await readdir(join(dir, 'a', 'audio'))).slice(0, 10)) {
        expect((await readFile(join(dir, 'a', 'audio', f))).equals(await readFile(join(dir, 'b', 'audio', f))), f).to.equal(true);
      }
      const out = await loadDataset(a.csvPath, join(dir, 'a', 'audio'), { sampleRateHz: 16000 });
      expect(out.skipped).to.deep.equal([]);
      const bySource = new Map(src.rows.map((r) => [r.sliceFileName, r]));
      for (const r of out.rows) {
        const s = bySource.get(r.extra.source_clip)!;
        expect([r.id, r.fold, r.label, r.extra.category]).to.deep.equal([s.id, s.fold, s.label, s.extra.category]);
        expect(['10', '0']).to.include(r.extra.snr_db);
        expect(r.sliceFileName).to.match(/__[a-z]+_snr(10|0)\.wav$/);
      }
      expect(out.rows.filter((r) => r.extra.noise_kind === 'white')).to.have.length(out.rows.length / 2);
    });

    it("'one' per SNR halves the set; a backgrounds folder is used and its bad files reported", async () => {
      const bg = join(dir, 'bg');
      await mkdir(join(bg, 'hum'), { recursive: true });
      await writeWav(join(bg, 'hum', 'a.wav'), Float32Array.from({ length: 8000 }, (_, i) => 0.2 * Math.sin(i / 3)), 8000);
      await writeWav(join(bg, 'hum', 'silent.wav'), new Float32Array(800), 8000);
      const r = await disturbDataset({
        csvPath: join(dir, 'src', 'test.csv'),
        audioDir: join(dir, 'src', 'audio'),
        outDir: join(dir, 'c'),
        snrsDb: [5],
        kinds: ['background'],
        perSnr: 'one',
        backgrounds: bg,
      });
      expect(r.rows).to.equal(r.sourceClips);
      expect(r.backgroundKinds).to.deep.equal(['hum']);
      expect(r.skipped.map((s) => s.reason)).to.deep.equal(['silent background']);
      const files = await loadBackgroundDir(bg, 16000);
      expect(files.map((f) => f.kind)).to.deep.equal(['hum']);
    });
  });
});
