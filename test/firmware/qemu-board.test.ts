/**
 * The Cortex-M4F build (firmware-bridge/qemu, arm-none-eabi-gcc, hard-float FPv4-SP) booted in
 * `qemu-system-arm -M mps2-an386` with its UART on a pty: it must send HELLO and answer HELLO_REQUEST and a
 * clip verification identical to the TypeScript pipeline — the float32 frontend on the emulated FPU included.
 * Skipped, with the reason printed, only when qemu-system-arm is not installed.
 */
import { expect } from 'chai';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runInt8 } from '../../exporter/reference/index.ts';
import { deviceFeatureWindows, int16FromFloat } from '../../common/features/device-frontend.ts';
import { categoryByName, makeRng } from '../../common/synth/index.ts';
import { BoardLink, MSG, stop } from './board-link.ts';
import { FB, loadTestExport, TEST_EXPORT } from './host-board.ts';

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

describe('Cortex-M4 board in QEMU mps2-an386', function () {
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
    execFileSync('make', ['-s', '-C', FB, 'qemu', `MODEL_DIR=${TEST_EXPORT}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  });
  after(async () => {
    await link?.close();
    await stop(qemu);
  });

  it('boots, sends HELLO, and verifies a clip bit-exactly', async () => {
    qemu = spawn('qemu-system-arm', ['-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'pty',
      '-kernel', join(FB, 'build/qemu/gunshot-board.elf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const path = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`qemu printed no pty within 10 s: ${out}`)), 10000);
      const on = (d: Buffer) => {
        out += d.toString();
        const m = out.match(/redirected to (\/dev\/\S+)/);
        if (m) { clearTimeout(t); resolve(m[1]); }
      };
      qemu!.stdout!.on('data', on);
      qemu!.stderr!.on('data', on);
    });
    link = await BoardLink.open(path);
    const hello = link.next((f) => f.type === MSG.HELLO, 'HELLO', 20000);
    link.send(MSG.HELLO_REQUEST);
    const h = (await hello).payload;
    expect(h.subarray(1, 17).toString('ascii').replace(/\0+$/, '')).to.equal('qemu-mps2-an386');

    const exp = loadTestExport();
    const pcm = int16FromFloat(categoryByName('gunshot_shotgun').generate({ rng: makeRng('qemu:clip'), scene: makeRng('qemu:scene'), rateHz: 16000, n: 20000 }));
    const inT = exp.qmodel.tensors[exp.qmodel.inputs[0]];
    const want = deviceFeatureWindows(pcm, exp.featureSpec, exp.norm, { scale: inT.scale[0], zeroPoint: inT.zeroPoint[0] }, exp.window)
      .map((w) => runInt8(exp.qmodel, w)[0][0]);
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
  });
});
