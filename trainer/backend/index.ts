export { selectBackend, wasmBinaryDir } from './select-backend.ts';
export type { BackendName, SelectBackendOptions, SelectedBackend } from './select-backend.ts';
