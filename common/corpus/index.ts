export * from './types.ts';
export { isReservedPackage, assertNotReserved } from './reserved.ts';
export { loadManifest, validateManifest, cutModeOf, isGunCategory } from './manifest.ts';
export { detectOnsets, type OnsetOptions } from './onsets.ts';
export { cutAtOnsets, cutSlices, type Span, type CutOptions } from './excerpts.ts';
export { measureAudio, type AudioMeasures } from './measure.ts';
export { buildDebianCorpus, sourceId, corpusCsv, type BuildOptions, type SourceOutcome } from './build.ts';
export { formatReport, type CorpusReport } from './report.ts';
