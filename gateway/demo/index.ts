// Public surface of the demo; re-exports only.
export { runDemo, type DemoOptions, type DemoRun, type DemoLog } from './run.ts';
export { planScenario, GUN_CATEGORIES, DECOY_CATEGORIES, type Scenario, type ScenarioOptions, type DemoBoard, type DemoEvent } from './scenario.ts';
export { eventSource, renderBoardAudio, boardDistanceM, type SourceSignal } from './soundscape.ts';
export { scoreDemo, arrivalErrorsMs, type DemoSummary, type DemoDetail, type ObservedIncident, type ObservedDetection } from './score.ts';
export { buildHostBoard, firmwareExportDir, exportModelHash, DEMO_BOARD_BIN } from './host-board.ts';
