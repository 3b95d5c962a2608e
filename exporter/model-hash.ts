/**
 * The model hash shipped in the .tflite metadata, model_settings.h and manifest.json: sha256 over every
 * constant tensor (weights, biases, axes) in tensor order — each as its name, shape, dtype, scales, zero
 * points and little-endian data — so it changes exactly when what the board computes changes.
 */
import { createHash } from 'node:crypto';
import type { QModel } from './qmodel.ts';

export function weightsHash(q: QModel): string {
  const h = createHash('sha256');
  for (const t of q.tensors) {
    if (!t.data) continue;
    h.update(JSON.stringify({ name: t.name, shape: t.shape, dtype: t.dtype, scale: t.scale, zeroPoint: t.zeroPoint, axis: t.quantizedDimension }));
    h.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return h.digest('hex');
}
