// `npm run bench [-- --json]`: throughput figures measured side by side in one run (never asserted in tests).
// Prints a table, or with --json one object with train_samples_per_s, train_samples_per_s_purejs,
// torch_train_samples_per_s (PyTorch on all cores; torch_train_samples_per_s_1thread beside it),
// infer_windows_per_s, mfcc_realtime_factor (and the details behind them). train_samples_per_s is tfjs wasm
// on one thread (scripts/bench-train.ts says why); train_samples_per_s_data_parallel is the same with one
// data-parallel replica per core, the like-for-like figure against PyTorch on all cores.
import { benchMfcc } from './bench-mfcc.ts';
import { benchTrain, formatBenchTrain } from './bench-train.ts';

const json = process.argv.includes('--json');
const log = (m: string) => { if (!json) process.stdout.write(m + '\n'); else process.stderr.write(m + '\n'); };

log('MFCC frontend …');
const mfcc = benchMfcc();
log('training and inference …');
const trainFig = await benchTrain({ log });
const out = {
  ...trainFig,
  mfcc_realtime_factor: mfcc.mfcc_realtime_factor,
  mfcc,
};
if (json) {
  process.stdout.write(JSON.stringify(out) + '\n');
} else {
  log('');
  log(formatBenchTrain(trainFig));
  log(`MFCC frontend: ${mfcc.mfcc_realtime_factor.toFixed(0)}× real time per core, ${mfcc.mfcc_us_per_frame.toFixed(1)} µs/frame`);
  log('');
  log(JSON.stringify(out, null, 2));
}
