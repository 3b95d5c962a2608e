export type { ReportData, EpochRecord } from './types.ts';
export { renderSvg } from './render-svg.ts';
export { confusionMatrixSpec, prCurveSpec, groupF1Spec, trainingCurvesSpec } from './charts.ts';
export { renderReportHtml, writeReport } from './write-report.ts';
