// Worker threads do not inherit the parent's tsx loader: register it, then load the TypeScript module the
// parent named in workerData.entry (a file: URL). Used by the epoch worker and the data-parallel workers.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
