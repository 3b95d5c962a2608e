/**
 * What a QModel costs on a board, as a pure function of the model (the trainer's budget test calls it
 * too): constant bytes in flash, multiply-accumulates per window, and peak activation memory under a
 * simple liveness plan (each activation lives from the op that writes it to the last op that reads it;
 * at each op, everything live — its inputs and its output — must be resident at once).
 */
import type { QModel, QTensor } from './qmodel.ts';

export interface ModelBudget {
  /** Bytes of constant data: int8 weights, int32 biases. */
  weightBytes: number;
  /** Of which int8 weights alone. */
  int8WeightBytes: number;
  /** Multiply-accumulates of one inference (conv, depthwise, fully connected). */
  macs: number;
  /** Largest sum of live activation bytes at any op. */
  peakActivationBytes: number;
  /** The op index where the peak occurs. */
  peakAtOp: number;
}

/** The gunshot-edge board budget (docs: ≤ 32 KB int8 weights, ≤ 3 M MACs/window, ≤ 16 KB activations). */
export interface BudgetLimits {
  /** defaults to 32768 */
  maxInt8WeightBytes: number;
  /** defaults to 3_000_000 */
  maxMacs: number;
  /** defaults to 16384 */
  maxPeakActivationBytes: number;
}

export const BOARD_BUDGET: BudgetLimits = { maxInt8WeightBytes: 32 * 1024, maxMacs: 3_000_000, maxPeakActivationBytes: 16 * 1024 };

const elements = (t: QTensor): number => t.shape.reduce((a, b) => a * b, 1);
const bytes = (t: QTensor): number => elements(t) * (t.dtype === 'int8' ? 1 : 4);

export function modelBudget(q: QModel): ModelBudget {
  let weightBytes = 0;
  let int8WeightBytes = 0;
  for (const t of q.tensors) {
    if (!t.data) continue;
    weightBytes += bytes(t);
    if (t.dtype === 'int8') int8WeightBytes += bytes(t);
  }
  let macs = 0;
  for (const op of q.ops) {
    const out = q.tensors[op.outputs[0]];
    if (op.kind === 'conv2d') {
      const [, kh, kw, inC] = q.tensors[op.inputs[1]].shape;
      macs += elements(out) * kh * kw * inC;
    } else if (op.kind === 'depthwise_conv2d') {
      const [, kh, kw] = q.tensors[op.inputs[1]].shape;
      macs += elements(out) * kh * kw;
    } else if (op.kind === 'fully_connected') {
      macs += elements(out) * q.tensors[op.inputs[1]].shape[1];
    }
  }
  // Liveness over activations (tensors without constant data).
  const isActivation = (i: number) => !q.tensors[i].data;
  const lastUse = new Map<number, number>();
  q.ops.forEach((op, k) => op.inputs.filter(isActivation).forEach((i) => lastUse.set(i, k)));
  for (const o of q.outputs) lastUse.set(o, q.ops.length);
  const firstDef = new Map<number, number>(q.inputs.map((i) => [i, -1]));
  q.ops.forEach((op, k) => op.outputs.forEach((o) => { if (!firstDef.has(o)) firstDef.set(o, k); }));
  let peakActivationBytes = 0;
  let peakAtOp = 0;
  q.ops.forEach((_, k) => {
    let live = 0;
    for (const [t, def] of firstDef) {
      const end = lastUse.get(t) ?? def; // written but never read: live only at its own op
      if (def <= k && k <= end) live += bytes(q.tensors[t]);
    }
    if (live > peakActivationBytes) { peakActivationBytes = live; peakAtOp = k; }
  });
  return { weightBytes, int8WeightBytes, macs, peakActivationBytes, peakAtOp };
}

/** Human-readable violations of `limits` (empty when the model fits). */
export function budgetViolations(b: ModelBudget, limits: BudgetLimits = BOARD_BUDGET): string[] {
  const v: string[] = [];
  if (b.int8WeightBytes > limits.maxInt8WeightBytes) v.push(`int8 weights ${b.int8WeightBytes} B exceed ${limits.maxInt8WeightBytes} B`);
  if (b.macs > limits.maxMacs) v.push(`${b.macs} MACs per window exceed ${limits.maxMacs}`);
  if (b.peakActivationBytes > limits.maxPeakActivationBytes) v.push(`peak activations ${b.peakActivationBytes} B exceed ${limits.maxPeakActivationBytes} B`);
  return v;
}
