// `npm run bench [-- --json]`: throughput figures measured side by side in one run (never asserted in tests).
// Prints a table, or with --json one object with train_samples_per_s, train_samples_per_s_purejs,
// torch_train_samples_per_s, infer_windows_per_s, mfcc_realtime_factor (and the details behind them).
import { benchMfcc } from './bench-mfcc.ts';
import { benchTrain } from './bench-train.ts';

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
  log(JSON.stringify(out, null, 2));
}
