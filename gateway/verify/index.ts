// Public surface of the verification service; re-exports only.
export { runVerification, type VerifyOptions, type VerifyRun, type VerifyLog, type DatasetRef } from './service.ts';
export { openBoardSession, startBoardSession, type BoardSession, type BoardSessionOptions, type BoardClipResult } from './board-session.ts';
export { loadHostModel, type HostModel } from './host-model.ts';
export { summarise, type ClipComparison, type VerifySummary, type SideMetrics, type Mismatch } from './summary.ts';
export { encodeVerifyBeginPcm, encodeVerifyPcm, encodeVerifyEnd, MAX_PCM_CHUNK, DEFAULT_PCM_CHUNK } from './codec.ts';
export { startQemuBoard, type QemuBoard } from './qemu.ts';
