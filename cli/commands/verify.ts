// `gunshot-edge verify`: a board's int8 outputs against the host's on a test set, over its serial port.
// All behaviour lives in gateway/verify/; this parses flags and prints.
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { runVerification } from '../../gateway/verify/index.ts';

const DEFAULT_QEMU_ELF = fileURLToPath(new URL('../../firmware-bridge/build/qemu/gunshot-board.elf', import.meta.url));

interface VerifyFlags {
  port?: string; qemu?: string | boolean; model: string; csv: string; audioDir: string; disturbedCsv?: string; disturbedAudioDir?: string;
  json?: boolean; limit?: number; db?: string; baud: number;
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('Stream a test set through a board in verification mode and compare its int8 outputs with the host reference')
    .option('--port <path>', 'serial port of the board (USB CDC device, host-board or QEMU pty)')
    .option('--qemu [elf]', 'instead of --port: run this firmware ELF in qemu-system-arm (default firmware-bridge/build/qemu/gunshot-board.elf)')
    .requiredOption('--model <dir>', 'model folder with meta.json and export/ (the export the board was built from)')
    .requiredOption('--csv <file>', 'test set CSV')
    .requiredOption('--audio-dir <dir>', 'audio folder of --csv')
    .option('--disturbed-csv <file>', 'disturbed set CSV (robustness)')
    .option('--disturbed-audio-dir <dir>', 'audio folder of --disturbed-csv')
    .option('--limit <n>', 'first n clips of each set only', (v) => Number(v))
    .option('--db <file>', 'also store the result in this gateway database (the dashboard shows the latest)')
    .option('--baud <n>', 'UART baud rate (ignored by USB CDC and ptys)', (v) => Number(v), 115200)
    .option('--json', 'print one JSON object on stdout (logs go to stderr)')
    .action(async (o: VerifyFlags) => {
      const log = { info: (m: string) => console.error(`[verify] ${m}`), warn: (m: string) => console.error(`[verify] WARNING: ${m}`) };
      if (!!o.disturbedCsv !== !!o.disturbedAudioDir) throw new Error('--disturbed-csv and --disturbed-audio-dir go together');
      if (!(Number.isInteger(o.baud) && o.baud >= 300 && o.baud <= 4000000)) throw new RangeError(`--baud must be an integer 300..4000000, got ${o.baud}`);
      const run = await runVerification({
        port: o.port, qemuElf: o.qemu === true ? DEFAULT_QEMU_ELF : o.qemu || undefined, baudRate: o.baud, modelDir: o.model, test: { csv: o.csv, audioDir: o.audioDir },
        disturbed: o.disturbedCsv ? { csv: o.disturbedCsv, audioDir: o.disturbedAudioDir! } : undefined,
        limit: o.limit, db: o.db,
      }, log);
      const s = run.summary;
      if (o.json) {
        console.log(JSON.stringify(s));
        return;
      }
      const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)} %`);
      console.log(`board ${run.boardId}, model ${run.boardModelHash}${run.modelHashOk ? '' : ' (≠ export!)'}; ${s.n} test clips, ${s.n_disturbed} disturbed`);
      console.log(`          accuracy   F1        robustness score`);
      for (const [name, m] of [['device', s.device], ['host', s.host]] as const) {
        console.log(`${name.padEnd(10)}${pct(m.accuracy).padEnd(11)}${pct(m.f1).padEnd(10)}${pct(m.robustness).padEnd(11)}${pct(m.score)}`);
      }
      console.log(`agreement ${pct(s.agreement)}, max |Δ| ${s.max_lsb_diff} LSB, ${s.device_ms_per_window?.toFixed(2) ?? '—'} ms/window on the board`);
      for (const m of s.mismatches) console.log(`  mismatch ${m.set}/${m.file}: device max ${m.device_max}, host max ${m.host_max}, Δ ${m.max_lsb_diff}`);
    });
}
