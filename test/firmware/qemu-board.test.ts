/**
 * The Cortex-M4F build (firmware-bridge/qemu, arm-none-eabi-gcc, hard-float FPv4-SP) booted in
 * `qemu-system-arm -M mps2-an386` with its UART on a pty, once with each kernel set (KERNELS=m4, the DSP
 * kernels of the production image, and KERNELS=ref, the portable reference kernels): it must send HELLO,
 * answer HELLO_REQUEST, verify a clip (PCM) identical to the TypeScript pipeline — the float32 frontend on the
 * emulated FPU included —, score the shipped model's test vectors (models/tiny/export/vectors, FEATURES mode)
 * exactly as vectors.json states, and keep its measured stack high-water mark inside the stack.
 * Skipped, with the reason printed, only when qemu-system-arm is not installed.
 */
import { expect } from 'chai';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInt8 } from '../../exporter/reference/index.ts';
import { deviceFeatureWindows, int16FromFloat } from '../../common/features/device-frontend.ts';
import { categoryByName, makeRng } from '../../common/synth/index.ts';
import { BoardLink, MSG, stop } from './board-link.ts';
import { FB, loadTestExport, ROOT, TEST_EXPORT } from './host-board.ts';

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const SHIPPED = join(ROOT, 'models/tiny/export');

/** Boots an image on a pty; resolves with the QEMU process and a link to its UART. */
async function boot(elf: string): Promise<{ qemu: ChildProcess; link: BoardLink }> {
  const qemu = spawn('qemu-system-arm', ['-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'pty',
    '-kernel', elf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const path = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`qemu printed no pty within 10 s: ${out}`)), 10000);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = out.match(/redirected to (\/dev\/\S+)/);
      if (m) { clearTimeout(t); resolve(m[1]); }
    };
    qemu.stdout!.on('data', on);
    qemu.stderr!.on('data', on);
  });
  return { qemu, link: await BoardLink.open(path) };
}

/** VERIFY_BEGIN … VERIFY_END of int8 windows (FEATURES mode); resolves with the board's outputs. */
async function verifyFeatures(link: BoardLink, clipId: number, windows: Int8Array[]): Promise<number[]> {
  const begin = Buffer.alloc(10);
  begin.writeUInt32LE(clipId, 0);
  begin.writeUInt32LE(windows.length, 4);
  begin[8] = 1;
  let s = link.send(MSG.VERIFY_BEGIN, begin);
  await link.next((f) => f.type === MSG.ACK && f.payload.readUInt16LE(1) === s, 'ACK of VERIFY_BEGIN', 20000);
  for (const [i, w] of windows.entries()) {
    const chunk = Buffer.alloc(6 + w.length);
    chunk.writeUInt32LE(clipId, 0);
    chunk.writeUInt16LE(i, 4);
    chunk.set(new Uint8Array(w.buffer, w.byteOffset, w.length), 6);
    s = link.send(MSG.VERIFY_FEATURES, chunk);
    await link.next((f) => f.type === MSG.ACK && f.payload.readUInt16LE(1) === s, `ACK of window ${i}`, 20000);
  }
  const end = Buffer.alloc(4);
  end.writeUInt32LE(clipId, 0);
  const result = link.next((f) => f.type === MSG.VERIFY_RESULT, 'VERIFY_RESULT', 30000);
  link.send(MSG.VERIFY_END, end);
  const r = (await result).payload;
  return Array.from(new Int8Array(r.buffer, r.byteOffset + 22, r.readUInt16LE(8)));
}

/** Waits for the board's next stack report (sent within 1 s of the mark growing) and returns the last one. */
async function stackReport(link: BoardLink): Promise<{ used: number; size: number }> {
  await new Promise((r) => setTimeout(r, 2500));
  const logs = link.frames.filter((f) => f.type === MSG.LOG).map((f) => f.payload.subarray(1).toString('latin1'));
  const last = logs.filter((t) => t.startsWith('stack high-water')).pop();
  if (!last) throw new Error(`no stack report in the board's LOG frames: ${JSON.stringify(logs)}`);
  const m = /stack high-water (\d+) of (\d+) B/.exec(last)!;
  return { used: Number(m[1]), size: Number(m[2]) };
}

for (const kernels of ['m4', 'ref']) {
  const elf = join(FB, `build/qemu${kernels === 'ref' ? '-ref' : ''}/gunshot-board.elf`);

  describe(`Cortex-M4 board in QEMU mps2-an386, KERNELS=${kernels}`, function () {
    this.timeout(180000);
    let qemu: ChildProcess | undefined;
    let link: BoardLink | undefined;

    before(function () {
      if (!have('qemu-system-arm')) {
        console.log('      skipped: qemu-system-arm is not installed (apt install qemu-system-arm)');
        this.skip();
      }
      // A missing cross compiler is a failure, not a skip: make names it.
      execFileSync('make', ['-s', '-C', FB, 'host-test'], { stdio: ['ignore', 'ignore', 'inherit'] });
    });
    afterEach(async () => {
      await link?.close();
      await stop(qemu);
      link = undefined;
      qemu = undefined;
    });

    it('boots, sends HELLO, and verifies a clip bit-exactly (random test model)', async () => {
      execFileSync('make', ['-s', '-C', FB, 'qemu', `MODEL_DIR=${TEST_EXPORT}`, `KERNELS=${kernels}`], { stdio: ['ignore', 'ignore', 'inherit'] });
      ({ qemu, link } = await boot(elf));
      const hello = link.next((f) => f.type === MSG.HELLO, 'HELLO', 20000);
      link.send(MSG.HELLO_REQUEST);
      const h = (await hello).payload;
      expect(h.subarray(1, 17).toString('ascii').replace(/\0+$/, '')).to.equal('qemu-mps2-an386');

      const exp = loadTestExport();
      const pcm = int16FromFloat(categoryByName('gunshot_shotgun').generate({ rng: makeRng('qemu:clip'), scene: makeRng('qemu:scene'), rateHz: 16000, n: 20000 }));
      const inT = exp.qmodel.tensors[exp.qmodel.inputs[0]];
      const windows = deviceFeatureWindows(pcm, exp.featureSpec, exp.norm, { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] }, exp.window);
      const want = windows.map((w) => runInt8(exp.qmodel, w)[0][0]);
      const begin = Buffer.alloc(10);
      begin.writeUInt32LE(7, 0);
      begin.writeUInt32LE(pcm.length, 4);
      let s = link.send(MSG.VERIFY_BEGIN, begin);
      await link.next((f) => f.type === MSG.ACK && f.payload.readUInt16LE(1) === s, 'ACK of VERIFY_BEGIN', 20000);
      for (let off = 0; off < pcm.length; off += 512) {
        const k = Math.min(512, pcm.length - off);
        const chunk = Buffer.alloc(8 + 2 * k);
        chunk.writeUInt32LE(7, 0);
        chunk.writeUInt32LE(off, 4);
        for (let i = 0; i < k; i++) chunk.writeInt16LE(pcm[off + i], 8 + 2 * i);
        s = link.send(MSG.VERIFY_PCM, chunk);
        await link.next((f) => f.type === MSG.ACK && f.payload.readUInt16LE(1) === s, `ACK of chunk ${off}`, 20000);
      }
      const end = Buffer.alloc(4);
      end.writeUInt32LE(7, 0);
      const result = link.next((f) => f.type === MSG.VERIFY_RESULT, 'VERIFY_RESULT', 30000);
      link.send(MSG.VERIFY_END, end);
      const r = (await result).payload;
      const n = r.readUInt16LE(8);
      expect(Array.from(new Int8Array(r.buffer, r.byteOffset + 22, n))).to.deep.equal(want);
      // The same windows in FEATURES mode: the model alone, same outputs.
      expect(await verifyFeatures(link, 8, windows)).to.deep.equal(want);
      const st = await stackReport(link);
      console.log(`      stack high-water ${st.used} of ${st.size} B (KERNELS=${kernels}, test model)`);
      expect(st.used, 'the stack overflowed its region').to.be.lessThan(st.size);
    });

    it('scores the shipped model\'s test vectors exactly as vectors.json states', async () => {
      execFileSync('make', ['-s', '-C', FB, 'qemu', `MODEL_DIR=${SHIPPED}`, `KERNELS=${kernels}`], { stdio: ['ignore', 'ignore', 'inherit'] });
      const list = JSON.parse(readFileSync(join(SHIPPED, 'vectors/vectors.json'), 'utf8')) as { input: string; expected: number[] }[];
      const windows = list.map((v) => new Int8Array(readFileSync(join(SHIPPED, 'vectors', v.input))));
      ({ qemu, link } = await boot(elf));
      link.send(MSG.HELLO_REQUEST);
      await link.next((f) => f.type === MSG.HELLO, 'HELLO', 20000);
      const got = await verifyFeatures(link, 9, windows);
      expect(got).to.deep.equal(list.map((v) => v.expected[0]));
      expect(new Set(got).size, 'outputs should vary across vectors').to.be.greaterThan(1);
      const st = await stackReport(link);
      console.log(`      ${got.length} vectors identical; stack high-water ${st.used} of ${st.size} B (KERNELS=${kernels}, shipped model)`);
      expect(st.used, 'the stack overflowed its region').to.be.lessThan(st.size);
    });
  });
}
