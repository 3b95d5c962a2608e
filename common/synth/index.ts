export { synthCorpus, SYNTH_EXTRA_COLUMNS, type SynthCorpusOptions, type SynthCorpusResult } from './corpus.ts';
export { CATEGORIES, POSITIVE_CATEGORIES, HARD_NEGATIVE_CATEGORIES, OTHER_NEGATIVE_CATEGORIES, categoryByName } from './registry.ts';
export { synthBackground, synthBackgrounds, BACKGROUND_KINDS, type BackgroundKind } from './backgrounds.ts';
export { backgroundBed } from './background-bed.ts';
export { makeRng, type Rng } from './rng.ts';
export type { CategoryGenerator, GeneratorContext } from './types.ts';
