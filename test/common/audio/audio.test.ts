import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefilePkg from 'wavefile';
import { decodeWav, WavDecodeError } from '../../../common/audio/wav-decode.ts';
import { resample } from '../../../common/audio/resample.ts';
import { encodeWav, writeWav } from '../../../common/audio/wav-write.ts';
import { loadClip } from '../../../common/audio/load-clip.ts';

const { WaveFile } = wavefilePkg;

function tone(freqHz: number, rateHz: number, n: number, amp = 0.5): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * freqHz * i) / rateHz);
  return x;
}
function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}
function makeWav(channels: number, rate: number, depth: string, chans: ArrayLike<number>[]): Uint8Array {
  const w = new WaveFile();
  w.fromScratch(channels, rate, depth, channels === 1 ? chans[0] : chans);
  return w.toBuffer();
}

describe('common/audio', () => {
  describe('decodeWav', () => {
    const ref = tone(440, 8000, 800);
    const cases: [string, number, (v: number) => number][] = [
      ['8', 2 ** -7, (v) => Math.round(v * 127) + 128],
      ['16', 2 ** -15, (v) => Math.round(v * 32767)],
      ['24', 2 ** -23, (v) => Math.round(v * 8388607)],
      ['32', 2 ** -31, (v) => Math.round(v * 2147483647)],
      ['32f', 1e-7, (v) => v],
    ];
    for (const [depth, tol, enc] of cases) {
      it(`reads ${depth}-bit mono to [-1,1]`, () => {
        const bytes = makeWav(1, 8000, depth, [Array.from(ref, enc)]);
        const d = decodeWav(bytes, 'x.wav');
        expect(d.sampleRateHz).to.equal(8000);
        expect(d.bitDepth).to.equal(depth);
        expect(d.samples.length).to.equal(ref.length);
        for (let i = 0; i < ref.length; i++) expect(Math.abs(d.samples[i] - ref[i])).to.be.at.most(tol * 1.01 + 1e-7);
      });
    }
    it('averages stereo channels to mono', () => {
      const l = Array.from(ref, (v) => Math.round(v * 32767));
      const r = l.map(() => 0);
      const d = decodeWav(makeWav(2, 22050, '16', [l, r]), 's.wav');
      expect(d.channels).to.equal(2);
      expect(d.samples[5]).to.be.closeTo(ref[5] / 2, 1e-4);
    });
    it('refuses empty, non-WAV and truncated files, naming the file', () => {
      expect(() => decodeWav(new Uint8Array(0), 'e.wav')).to.throw(WavDecodeError, /e\.wav: empty/);
      const text = new TextEncoder().encode('this is not a wav file at all, it is plain text padding padding');
      expect(() => decodeWav(text, 't.wav')).to.throw(WavDecodeError, /t\.wav: not a WAV/);
      const full = makeWav(1, 8000, '16', [Array.from(ref, (v) => Math.round(v * 32767))]);
      expect(() => decodeWav(full.subarray(0, full.length - 100), 'cut.wav')).to.throw(WavDecodeError, /cut\.wav: truncated/);
      expect(() => decodeWav(full.subarray(0, 30), 'tiny.wav')).to.throw(WavDecodeError, /truncated/);
    });
  });

  describe('resample', () => {
    it('keeps a 7 kHz tone and removes a 10 kHz tone going 44.1 kHz → 16 kHz', async () => {
      const keep = await resample(Float32Array.from(tone(7000, 44100, 44100)), 44100, 16000);
      const gone = await resample(Float32Array.from(tone(10000, 44100, 44100)), 44100, 16000);
      expect(Math.abs(keep.length - 16000)).to.be.at.most(2);
      // 0.5 amplitude sine: RMS 0.3536; within 0.5 dB.
      expect(20 * Math.log10(rms(keep, 500, 15000) / (0.5 / Math.SQRT2))).to.be.within(-0.5, 0.5);
      // An aliased 10 kHz tone would land at 6 kHz at full level; require ≥ 60 dB rejection.
      expect(20 * Math.log10(rms(gone, 500, 15000) / (0.5 / Math.SQRT2))).to.be.below(-60);
    });
    it('returns the same samples when rates match', async () => {
      const x = new Float32Array([0.1, 0.2]);
      expect(await resample(x, 16000, 16000)).to.equal(x);
    });
  });

  describe('writeWav / loadClip', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ge-audio-'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('round-trips pcm16 within half a step and float32 exactly', async () => {
      const x = Float32Array.from(tone(1000, 16000, 1600, 0.9));
      await writeWav(join(dir, 'a.wav'), x, 16000);
      await writeWav(join(dir, 'b.wav'), x, 16000, { format: 'float32' });
      const a = await loadClip(join(dir, 'a.wav'), 16000);
      const b = await loadClip(join(dir, 'b.wav'), 16000);
      for (let i = 0; i < x.length; i++) {
        expect(Math.abs(a.samples[i] - x[i])).to.be.at.most(0.5 / 32768 + 1e-9);
        expect(b.samples[i]).to.equal(x[i]);
      }
      expect(a.durationS).to.be.closeTo(0.1, 1e-9);
    });
    it('resamples on load and reports a missing file', async () => {
      await writeWav(join(dir, 'c.wav'), Float32Array.from(tone(1000, 48000, 4800)), 48000);
      const c = await loadClip(join(dir, 'c.wav'), 16000);
      expect(c.sourceRateHz).to.equal(48000);
      expect(Math.abs(c.samples.length - 1600)).to.be.at.most(2);
      let err: unknown;
      await loadClip(join(dir, 'nope.wav'), 16000).catch((e) => (err = e));
      expect(err).to.be.instanceOf(WavDecodeError).with.property('reason', 'missing file');
    });
    it("writes the same bytes as wavefile's own encoder (pcm16 and float32)", () => {
      const x = Float32Array.from(tone(300, 16000, 999, 0.7));
      const ref16 = new WaveFile();
      ref16.fromScratch(1, 16000, '16', Array.from(x, (v) => Math.round(v * 32768)));
      const ref32 = new WaveFile();
      ref32.fromScratch(1, 16000, '32f', x);
      expect(Buffer.from(encodeWav(x, 16000)).equals(Buffer.from(ref16.toBuffer()))).to.equal(true);
      expect(Buffer.from(encodeWav(x, 16000, { format: 'float32' })).equals(Buffer.from(ref32.toBuffer()))).to.equal(true);
    });
    it('refuses NaN samples when encoding', () => {
      expect(() => encodeWav(new Float32Array([0, NaN]), 16000)).to.throw(/sample 1 is NaN/);
    });
  });
});
