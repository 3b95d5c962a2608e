export type { ClipRow, Clip, SkippedClip } from './types.ts';
export { REQUIRED_COLUMNS, DatasetCsvError, readDatasetCsv, parseDatasetCsv } from './csv.ts';
export { formatDatasetCsv, writeDatasetCsv, type CsvRowOut } from './csv-write.ts';
export { clipPathCandidates, resolveClipPath } from './clip-path.ts';
export { checkClipContent, type ClipCheckOptions } from './clip-checks.ts';
export { loadDataset, type LoadDatasetOptions, type LoadedDataset } from './load-dataset.ts';
export { formatSkipSummary } from './skip-summary.ts';
export { splitByFolds, assignFoldsGrouped, type FoldSplit } from './folds.ts';
export { splitCsvByFolds, type SplitCsvResult } from './split-csv.ts';
