/**
 * Reads a .tflite written by `writeTflite` back into a QModel (plus its gunshot_edge metadata) with the
 * flatc-generated reader. Only the builtins and tensor types the exporter writes are accepted; anything
 * else is an error naming the operator or tensor.
 */
import * as flatbuffers from 'flatbuffers';
import * as fb from './generated/schema_generated.ts';
import type { QActivation, QModel, QOp, QTensor } from '../qmodel.ts';
import { METADATA_NAME } from './write.ts';

export interface ReadTflite {
  model: QModel;
  version: number;
  /** Parsed JSON of the gunshot_edge metadata buffer, or null when absent. */
  metadata: unknown;
}

function act(a: fb.ActivationFunctionType, where: string): QActivation {
  if (a === fb.ActivationFunctionType.NONE) return 'none';
  if (a === fb.ActivationFunctionType.RELU) return 'relu';
  if (a === fb.ActivationFunctionType.RELU6) return 'relu6';
  throw new RangeError(`${where}: fused activation ${fb.ActivationFunctionType[a]} unsupported`);
}

function bufferBytes(m: fb.Model, index: number): Uint8Array | null {
  const buf = m.buffers(index);
  const data = buf?.dataArray();
  return data && data.length > 0 ? data : null;
}

export function readTflite(bytes: Uint8Array): ReadTflite {
  const bb = new flatbuffers.ByteBuffer(bytes);
  if (!fb.Model.bufferHasIdentifier(bb)) throw new Error('readTflite: not a TFLite flatbuffer (identifier "TFL3" missing)');
  const m = fb.Model.getRootAsModel(bb);
  if (m.subgraphsLength() !== 1) throw new RangeError(`readTflite: exactly 1 subgraph supported, got ${m.subgraphsLength()}`);
  const sg = m.subgraphs(0)!;
  const tensors: QTensor[] = [];
  for (let i = 0; i < sg.tensorsLength(); i++) {
    const t = sg.tensors(i)!;
    const where = `tensor ${i} "${t.name()}"`;
    const type = t.type();
    if (type !== fb.TensorType.INT8 && type !== fb.TensorType.INT32) throw new RangeError(`${where}: type ${fb.TensorType[type]} unsupported (int8/int32 only)`);
    const q = t.quantization();
    const scale = q?.scaleArray() ? Array.from(q.scaleArray()!) : [];
    const zeroPoint: number[] = [];
    for (let k = 0; k < (q?.zeroPointLength() ?? 0); k++) zeroPoint.push(Number(q!.zeroPoint(k)));
    const raw = bufferBytes(m, t.buffer());
    const copy = raw ? raw.slice() : null;
    const data = copy ? (type === fb.TensorType.INT8 ? new Int8Array(copy.buffer) : new Int32Array(copy.buffer)) : undefined;
    tensors.push({
      name: t.name() ?? '', shape: Array.from(t.shapeArray() ?? []), dtype: type === fb.TensorType.INT8 ? 'int8' : 'int32',
      scale, zeroPoint, quantizedDimension: q?.quantizedDimension() ?? 0, ...(data ? { data } : {}),
    });
  }
  const ops: QOp[] = [];
  for (let i = 0; i < sg.operatorsLength(); i++) {
    const o = sg.operators(i)!;
    const code = m.operatorCodes(o.opcodeIndex())!;
    const builtin = Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
    const base = { inputs: Array.from(o.inputsArray() ?? []), outputs: Array.from(o.outputsArray() ?? []) };
    const where = `operator ${i} (${fb.BuiltinOperator[builtin] ?? builtin})`;
    switch (builtin) {
      case fb.BuiltinOperator.CONV_2D: {
        const opt = o.builtinOptions(new fb.Conv2DOptions()) as fb.Conv2DOptions;
        ops.push({ ...base, kind: 'conv2d', strideH: opt.strideH(), strideW: opt.strideW(), padding: opt.padding() === fb.Padding.SAME ? 'same' : 'valid', activation: act(opt.fusedActivationFunction(), where) });
        break;
      }
      case fb.BuiltinOperator.DEPTHWISE_CONV_2D: {
        const opt = o.builtinOptions(new fb.DepthwiseConv2DOptions()) as fb.DepthwiseConv2DOptions;
        ops.push({ ...base, kind: 'depthwise_conv2d', strideH: opt.strideH(), strideW: opt.strideW(), padding: opt.padding() === fb.Padding.SAME ? 'same' : 'valid', activation: act(opt.fusedActivationFunction(), where) });
        break;
      }
      case fb.BuiltinOperator.FULLY_CONNECTED: {
        const opt = o.builtinOptions(new fb.FullyConnectedOptions()) as fb.FullyConnectedOptions;
        ops.push({ ...base, kind: 'fully_connected', activation: act(opt.fusedActivationFunction(), where) });
        break;
      }
      case fb.BuiltinOperator.LOGISTIC: ops.push({ ...base, kind: 'logistic' }); break;
      case fb.BuiltinOperator.RESHAPE: ops.push({ ...base, kind: 'reshape' }); break;
      default: throw new RangeError(`${where}: not an operator gunshot-edge writes`);
    }
  }
  let metadata: unknown = null;
  for (let i = 0; i < m.metadataLength(); i++) {
    const md = m.metadata(i)!;
    if (md.name() !== METADATA_NAME) continue;
    const raw = bufferBytes(m, md.buffer());
    if (raw) metadata = JSON.parse(new TextDecoder().decode(raw));
  }
  return {
    model: { tensors, ops, inputs: Array.from(sg.inputsArray() ?? []), outputs: Array.from(sg.outputsArray() ?? []), description: m.description() ?? '' },
    version: m.version(),
    metadata,
  };
}
