import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSources } from '../../../common/corpus/sources.ts';
import { decodeAudio } from '../../../common/audio/decode.ts';
import { readSoundFontSamples } from '../../../common/corpus/sf2.ts';
import type { ManifestEntry } from '../../../common/corpus/types.ts';
import { encodeWav } from '../../../common/audio/index.ts';

/** RIFF chunk: id, little-endian size, body, pad byte. */
function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  out.set(Buffer.from(id, 'latin1'), 0);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}
const list = (type: string, parts: Uint8Array[]) => chunk('LIST', Buffer.concat([Buffer.from(type, 'latin1'), ...parts]));
const name20 = (s: string) => { const b = new Uint8Array(20); b.set(Buffer.from(s, 'latin1')); return b; };

/** A minimal valid SoundFont 2 bank: the given mono samples, one instrument and one preset over the first. */
function makeSf2(samples: { name: string; rate: number; data: Int16Array }[]): Uint8Array {
  const pcm: number[] = [];
  const shdr: Uint8Array[] = [];
  for (const s of samples) {
    const start = pcm.length;
    pcm.push(...s.data, ...new Array(46).fill(0)); // the spec asks for 46 zero points after each sample
    const h = new Uint8Array(46);
    h.set(name20(s.name));
    const v = new DataView(h.buffer);
    v.setUint32(20, start, true); v.setUint32(24, start + s.data.length, true);
    v.setUint32(28, start, true); v.setUint32(32, start + s.data.length, true);
    v.setUint32(36, s.rate, true); h[40] = 60; v.setUint16(44, 1, true); // original pitch, mono
    shdr.push(h);
  }
  shdr.push(name20('EOS'), new Uint8Array(26));
  const rec = (n: number, f: (v: DataView) => void) => { const b = new Uint8Array(n); f(new DataView(b.buffer)); return b; };
  const gen = (op: number, amount: number) => rec(4, (v) => { v.setUint16(0, op, true); v.setUint16(2, amount, true); });
  const phdr = [Buffer.concat([name20('P'), rec(18, () => {})]), Buffer.concat([name20('EOP'), rec(18, (v) => v.setUint16(4, 1, true))])];
  const bag = (g: number) => rec(4, (v) => v.setUint16(0, g, true));
  const inst = [Buffer.concat([name20('I'), rec(2, () => {})]), Buffer.concat([name20('EOI'), rec(2, (v) => v.setUint16(0, 1, true))])];
  const pdta = list('pdta', [
    chunk('phdr', Buffer.concat(phdr)), chunk('pbag', Buffer.concat([bag(0), bag(1)])), chunk('pmod', new Uint8Array(10)),
    chunk('pgen', Buffer.concat([gen(41, 0), gen(0, 0)])), chunk('inst', Buffer.concat(inst)),
    chunk('ibag', Buffer.concat([bag(0), bag(1)])), chunk('imod', new Uint8Array(10)),
    chunk('igen', Buffer.concat([gen(53, 0), gen(0, 0)])), chunk('shdr', Buffer.concat(shdr)),
  ]);
  const info = list('INFO', [chunk('ifil', rec(4, (v) => { v.setUint16(0, 2, true); v.setUint16(2, 1, true); })),
    chunk('isng', Buffer.from('EMU8000\0', 'latin1')), chunk('INAM', Buffer.from('test bank\0', 'latin1'))]);
  const sdta = list('sdta', [chunk('smpl', new Uint8Array(Int16Array.from(pcm).buffer))]);
  const body = Buffer.concat([Buffer.from('sfbk', 'latin1'), info, sdta, pdta]);
  return chunk('RIFF', body);
}

function entry(path: string, member?: string): ManifestEntry {
  return { package: 'p', path, member, use: 'clip', label: true, category: 'pistol', hardNegative: false, reason: 'test' };
}

describe('corpus sources: SoundFont 2 banks', () => {
  let root: string;
  const shot = Int16Array.from({ length: 800 }, (_, i) => Math.round(20000 * Math.exp(-i / 120) * Math.sin(i * 1.3)));
  const tone = Int16Array.from({ length: 400 }, (_, i) => Math.round(8000 * Math.sin(i * 0.2)));
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ge-sf2-'));
    await mkdir(join(root, 'sf2'));
    await writeFile(join(root, 'sf2', 'bank.sf2'), makeSf2([{ name: 'Gun Shot', rate: 11025, data: shot }, { name: 'Flute C4', rate: 22050, data: tone }]));
    await writeFile(join(root, 'sf2', 'plain.wav'), encodeWav(new Float32Array(1600).fill(0.1), 16000));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('lists a bank\'s samples by name', async () => {
    const { readFile } = await import('node:fs/promises');
    const s = readSoundFontSamples(await readFile(join(root, 'sf2', 'bank.sf2')), 'bank.sf2');
    expect([...s.keys()]).to.deep.equal(['Gun Shot', 'Flute C4']);
    expect(s.get('Gun Shot')!.rateHz).to.equal(11025);
    expect([...s.get('Gun Shot')!.data]).to.deep.equal([...shot]);
  });

  it('resolves an exact sample name and hands it on as WAV with its own rate and data', async () => {
    const { files, problems } = await resolveSources('p', root, [entry('sf2/bank.sf2', 'Gun Shot'), entry('sf2/plain.wav')]);
    expect(problems).to.deep.equal([]);
    expect(files.map((f) => [f.path, f.member, f.decodeName])).to.deep.equal([
      ['sf2/bank.sf2', 'Gun Shot', 'Gun Shot.wav'], ['sf2/plain.wav', undefined, 'sf2/plain.wav']]);
    const audio = await decodeAudio(await files[0].read(), files[0].decodeName, 11025);
    expect(audio.sourceRateHz).to.equal(11025);
    expect(audio.samples.length).to.equal(shot.length);
    for (let i = 0; i < shot.length; i++) expect(audio.samples[i]).to.be.closeTo(shot[i] / 32768, 1 / 32768);
  });

  it('matches sample names with wildcards and reports a name the bank lacks', async () => {
    const { files, problems } = await resolveSources('p', root, [entry('sf2/bank.sf2', 'Gun*'), entry('sf2/bank.sf2', 'Machine Gun')]);
    expect(files.map((f) => f.member)).to.deep.equal(['Gun Shot']);
    expect(problems).to.deep.equal([{ package: 'p', pattern: 'sf2/bank.sf2#Machine Gun', reason: 'no audio file matched' }]);
  });

  it('reports a .sf2 that is not a bank, naming it, and goes on with the other entries', async () => {
    await writeFile(join(root, 'sf2', 'bad.sf2'), Buffer.from('RIFF\x04\x00\x00\x00junk', 'latin1'));
    const { files, problems } = await resolveSources('p', root, [entry('sf2/bad.sf2', 'x'), entry('sf2/plain.wav')]);
    expect(files.map((f) => f.path)).to.deep.equal(['sf2/plain.wav']);
    expect(problems).to.have.length(1);
    expect(problems[0].pattern).to.equal('sf2/bad.sf2#x');
    expect(problems[0].reason).to.match(/unreadable archive: .*bad\.sf2: not a readable SoundFont 2 bank/);
  });
});
