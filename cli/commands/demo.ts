// `gunshot-edge demo`: virtual boards + synthetic city soundscape + the gateway and its dashboard, then a
// scored summary. All behaviour lives in gateway/demo/; this parses flags and prints.
import type { Command } from 'commander';
import { runDemo } from '../../gateway/demo/index.ts';

interface DemoFlags { threshold?: number; boards: number; duration: number; keepServing?: boolean; json?: boolean; httpPort?: number; model: string; seed?: string }

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run N virtual C boards on ptys hearing a synthetic city soundscape, with the gateway and its dashboard; print what was detected and located')
    .option('--boards <n>', 'number of virtual boards (1..16; ≥ 3 to locate)', (v) => Number(v), 4)
    .option('--duration <s>', 'soundscape length in seconds (8..600)', (v) => Number(v), 36)
    .option('--model <dir>', 'model folder (with export/) or a firmware export folder', 'models/tiny')
    .option('--http-port <n>', 'dashboard port (default 8080, or any free port if taken)', (v) => Number(v))
    .option('--seed <s>', 'scenario seed (board layout, events, sounds)')
    .option('--threshold <q>', 'board detection threshold in the int8 output domain (default: the export\'s)', (v) => Number(v))
    .option('--keep-serving', 'keep boards and dashboard up after the summary, until Ctrl-C')
    .option('--json', 'print the summary as one JSON object on stdout (logs go to stderr)')
    .action(async (o: DemoFlags) => {
      const log = { info: (m: string) => console.error(`[demo] ${m}`), warn: (m: string) => console.error(`[demo] WARNING: ${m}`) };
      const run = await runDemo({ boards: o.boards, durationS: o.duration, modelDir: o.model, httpPort: o.httpPort, seed: o.seed, boardThreshold: o.threshold }, log);
      const s = run.summary;
      for (const d of run.details) {
        log.info(`event ${d.event} ${d.category}${d.label ? ' (gunshot)' : ''}: incidents [${d.incidents.map((id, i) => `${id} (${d.boards[i]} board${d.boards[i] === 1 ? '' : 's'})`).join(', ')}]` +
          (d.errorM !== null ? `, location error ${d.errorM.toFixed(1)} m` : '') + (d.latencyMs !== null ? `, alert after ${Math.round(d.latencyMs)} ms` : ''));
      }
      const errs = run.arrivalErrorsMs.map(Math.abs).sort((a, b) => a - b);
      log.info(errs.length
        ? `timing: ${errs.length} detection(s) within 300 ms of a sound's arrival at their board; |error| median ${errs[errs.length >> 1].toFixed(1)} ms, max ${errs[errs.length - 1].toFixed(1)} ms`
        : 'timing: no detection fell within 300 ms of a sound\'s arrival at its board (nothing to check the clock chain with)');
      if (o.json) {
        console.log(JSON.stringify(s));
      } else {
        const f = (v: number | null, unit: string) => (v === null ? '—' : `${v.toFixed(1)} ${unit}`);
        console.log(`shots fired ${s.shots}, detected ${s.detected}, located ${s.located} (mean error ${f(s.mean_location_error_m, 'm')}), ` +
          `false alerts ${s.false_alerts}, p99 shot→alert latency ${f(s.p99_alert_latency_ms, 'ms')}`);
        console.log(`(${run.scenario.boards.length} boards; dashboard ${run.url})`);
      }
      if (!o.keepServing) {
        await run.close();
        return;
      }
      log.info(`serving ${run.url} until Ctrl-C`);
      const stop = () => { void run.close().then(() => process.exit(0)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
