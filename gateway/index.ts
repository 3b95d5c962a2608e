// Public surface of the gateway; re-exports only.
export { startGateway, type Gateway } from './app.ts';
export { DEFAULT_CONFIG, loadConfigFile, mergeConfig, ConfigError, type GatewayConfig, type BoardPosition } from './config.ts';
export { createBoardLink, type BoardLink, type BoardLinkOptions, type BoardLinkHooks, type LinkStatus } from './serial/board-link.ts';
export { FrameDecoder, type FrameDecoderOptions, type FrameCounters } from './serial/frame-decoder.ts';
export { FrameEncoder, type FrameEncoderOptions } from './serial/frame-encoder.ts';
export { attachFraming, type Framing } from './serial/framing.ts';
export * from './serial/frame.ts';
export * from './serial/messages.ts';
export { discoverPorts, parseUsbId, type UsbId } from './serial/discover.ts';
export { multilaterate, type Arrival, type Fix, type MultilaterateOptions } from './incidents/multilaterate.ts';
export { fusedConfidence, groupingWindowUs } from './incidents/fuse.ts';
export { createIncidentService, type IncidentOptions, type IngestResult } from './incidents/service.ts';
export { openDb, type Db } from './store/db.ts';
export { createStore, type Store } from './store/store.ts';
export { createWebhookDispatcher, type DispatcherOptions } from './store/outbox.ts';
export { buildHttp, type HttpDeps } from './http/server.ts';
export { createFakeBoard, type FakeBoard, type FakeBoardOptions } from './sim/fake-board.ts';
export { openPtyPair, type PtyPair } from './sim/pty-pair.ts';
