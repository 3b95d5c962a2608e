// `gunshot-edge features`: the MFCCs of one WAV file, as the trainer and the board compute them.
import type { Command } from 'commander';
import { loadClip } from '../../common/audio/load-clip.ts';
import { DEFAULT_FEATURE_SPEC, librosaCall, librosaKwargs } from '../../common/features/spec.ts';
import { readFeatureSpecFile } from '../../common/features/spec-file.ts';
import { MfccExtractor } from '../../common/features/mfcc.ts';

export function register(program: Command): void {
  program
    .command('features')
    .description('features (MFCCs, or log-mel energies for a spec without DCT) of a WAV file (resampled to the spec rate), frames × coefficients')
    .requiredOption('--wav <file>', 'input WAV file')
    .option('--spec <file>', 'feature spec JSON (fields override the default spec)')
    .option('--json', 'print {"spec": {..., "librosa": kwargs, "librosaCall": "..."}, "features": [[...], ...]} on stdout')
    .action(async (opts: { wav: string; spec?: string; json?: boolean }) => {
      const spec = opts.spec ? readFeatureSpecFile(opts.spec) : DEFAULT_FEATURE_SPEC;
      const extractor = new MfccExtractor(spec, opts.spec ?? 'default feature spec');
      const clip = await loadClip(opts.wav, spec.sampleRateHz);
      const rows = extractor.compute(clip.samples);
      if (opts.json) {
        process.stdout.write(JSON.stringify({
          spec: { ...spec, librosa: librosaKwargs(spec), librosaCall: librosaCall(spec) },
          features: rows.map((r) => Array.from(r)),
        }) + '\n');
        return;
      }
      console.log(`${opts.wav}: ${clip.durationS.toFixed(3)} s at ${clip.sourceRateHz} Hz → ${spec.sampleRateHz} Hz`);
      console.log(`${rows.length} frames × ${spec.nMfcc} ${spec.dctType === null ? 'log-mel energies' : 'MFCCs'} (hop ${spec.hopLength}, window ${spec.winLength}, nFft ${spec.nFft})`);
      if (rows.length > 0) console.log(`frame 0: ${Array.from(rows[0], (v) => v.toFixed(2)).join(' ')}`);
    });
}
