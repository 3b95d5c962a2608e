export { activePower, mixAtSnr, mixAtSnrDetailed, type MixResult, type SnrOptions } from './mix.ts';
export {
  syntheticBackgroundBank,
  loadBackgroundDir,
  loadBackgroundBank,
  backgroundExcerpt,
  whiteNoiseFor,
  type BackgroundBank,
  type BackgroundFile,
} from './noise-sources.ts';
export { disturbDataset, DISTURB_EXTRA_COLUMNS, type DisturbOptions, type DisturbResult, type NoiseFamily } from './disturb-set.ts';
