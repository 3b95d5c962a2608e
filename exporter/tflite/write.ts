/**
 * Writes a QModel as a TFLite flatbuffer (schema version 3) with the flatc-generated builder: buffer 0
 * empty, one buffer per constant tensor (16-byte aligned), operator codes carrying both
 * `deprecated_builtin_code` and `builtin_code`, int8 op versions TFLite/TFLM accept, a description, and
 * a "gunshot_edge" metadata buffer holding the JSON of `TfliteMetadata`.
 */
import * as flatbuffers from 'flatbuffers';
import * as fb from './generated/schema_generated.ts';
import type { QModel, QOp, QTensor, QActivation } from '../qmodel.ts';
import type { ModelMeta } from '../../trainer/model-meta.ts';
import { weightsHash } from '../model-hash.ts';
import { thresholdToInt8 } from '../threshold-int8.ts';

export const METADATA_NAME = 'gunshot_edge';

/** Operator versions: the int8 (per-channel) variants of each builtin. */
const OP_CODES: Record<QOp['kind'], { code: fb.BuiltinOperator; version: number }> = {
  conv2d: { code: fb.BuiltinOperator.CONV_2D, version: 3 },
  depthwise_conv2d: { code: fb.BuiltinOperator.DEPTHWISE_CONV_2D, version: 3 },
  fully_connected: { code: fb.BuiltinOperator.FULLY_CONNECTED, version: 4 },
  logistic: { code: fb.BuiltinOperator.LOGISTIC, version: 2 },
  reshape: { code: fb.BuiltinOperator.RESHAPE, version: 1 },
};

function activation(a: QActivation): fb.ActivationFunctionType {
  return a === 'relu' ? fb.ActivationFunctionType.RELU : a === 'relu6' ? fb.ActivationFunctionType.RELU6 : fb.ActivationFunctionType.NONE;
}

function bytesOf(t: QTensor): Uint8Array {
  const d = t.data!;
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

function alignedBytesVector(b: flatbuffers.Builder, bytes: Uint8Array): flatbuffers.Offset {
  b.startVector(1, bytes.length, 16);
  for (let i = bytes.length - 1; i >= 0; i--) b.addInt8(bytes[i]);
  return b.endVector();
}

function options(b: flatbuffers.Builder, op: QOp): { type: fb.BuiltinOptions; offset: flatbuffers.Offset } {
  switch (op.kind) {
    case 'conv2d':
      return { type: fb.BuiltinOptions.Conv2DOptions, offset: fb.Conv2DOptions.createConv2DOptions(b, op.padding === 'same' ? fb.Padding.SAME : fb.Padding.VALID, op.strideW, op.strideH, activation(op.activation), 1, 1, fb.TensorType.FLOAT32) };
    case 'depthwise_conv2d':
      return { type: fb.BuiltinOptions.DepthwiseConv2DOptions, offset: fb.DepthwiseConv2DOptions.createDepthwiseConv2DOptions(b, op.padding === 'same' ? fb.Padding.SAME : fb.Padding.VALID, op.strideW, op.strideH, 1, activation(op.activation), 1, 1) };
    case 'fully_connected':
      return { type: fb.BuiltinOptions.FullyConnectedOptions, offset: fb.FullyConnectedOptions.createFullyConnectedOptions(b, activation(op.activation), fb.FullyConnectedOptionsWeightsFormat.DEFAULT, false, false, fb.TensorType.FLOAT32) };
    case 'reshape':
      return { type: fb.BuiltinOptions.NONE, offset: 0 };
    case 'logistic':
      return { type: fb.BuiltinOptions.NONE, offset: 0 };
  }
}

/** The JSON stored in the "gunshot_edge" metadata buffer: what a runtime needs besides the graph. */
export function tfliteMetadata(q: QModel, meta: ModelMeta): Record<string, unknown> {
  const outT = q.tensors[q.outputs[0]];
  return {
    name: meta.name, featureSpec: meta.featureSpec, window: meta.window, norm: meta.norm,
    threshold: meta.threshold, thresholdInt8: thresholdToInt8(meta.threshold, outT.scale[0], outT.zeroPoint[0]),
    modelHash: weightsHash(q),
  };
}

/** Serialises `model` with the gunshot_edge metadata of `meta` (feature spec, window, norm, threshold, hash). */
export function writeTflite(model: QModel, meta: ModelMeta): Uint8Array {
  return writeTfliteWithMetadata(model, tfliteMetadata(model, meta));
}

/** Serialises `model`; `metadata` (any JSON) is stored under METADATA_NAME. */
export function writeTfliteWithMetadata(model: QModel, metadata: unknown): Uint8Array {
  const b = new flatbuffers.Builder(64 * 1024);
  // Buffers: 0 = empty sentinel, then constants in tensor order, then the metadata JSON.
  const bufferOffsets: flatbuffers.Offset[] = [fb.Buffer.createBuffer(b, 0, 0n, 0n)];
  const tensorBuffer = model.tensors.map((t) => {
    if (!t.data) return 0;
    bufferOffsets.push(fb.Buffer.createBuffer(b, alignedBytesVector(b, bytesOf(t)), 0n, 0n));
    return bufferOffsets.length - 1;
  });
  const metaBytes = new TextEncoder().encode(JSON.stringify(metadata));
  bufferOffsets.push(fb.Buffer.createBuffer(b, alignedBytesVector(b, metaBytes), 0n, 0n));
  const metadataBuffer = bufferOffsets.length - 1;

  const tensorOffsets = model.tensors.map((t, i) => {
    const name = b.createString(t.name);
    const shape = fb.Tensor.createShapeVector(b, t.shape);
    let quant = 0;
    if (t.scale.length > 0) {
      const scale = fb.QuantizationParameters.createScaleVector(b, t.scale);
      const zp = fb.QuantizationParameters.createZeroPointVector(b, t.zeroPoint.map((z) => BigInt(z)));
      fb.QuantizationParameters.startQuantizationParameters(b);
      fb.QuantizationParameters.addScale(b, scale);
      fb.QuantizationParameters.addZeroPoint(b, zp);
      fb.QuantizationParameters.addQuantizedDimension(b, t.quantizedDimension);
      quant = fb.QuantizationParameters.endQuantizationParameters(b);
    }
    fb.Tensor.startTensor(b);
    fb.Tensor.addShape(b, shape);
    fb.Tensor.addType(b, t.dtype === 'int8' ? fb.TensorType.INT8 : fb.TensorType.INT32);
    fb.Tensor.addBuffer(b, tensorBuffer[i]);
    fb.Tensor.addName(b, name);
    if (quant) fb.Tensor.addQuantization(b, quant);
    return fb.Tensor.endTensor(b);
  });

  const kinds: QOp['kind'][] = [];
  for (const op of model.ops) if (!kinds.includes(op.kind)) kinds.push(op.kind);
  const opCodeOffsets = kinds.map((k) => {
    const { code, version } = OP_CODES[k];
    // deprecated_builtin_code is a byte: codes ≥ 127 go there as the placeholder.
    return fb.OperatorCode.createOperatorCode(b, Math.min(code, fb.BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES), 0, version, code);
  });

  const operatorOffsets = model.ops.map((op) => {
    const inputs = fb.Operator.createInputsVector(b, op.inputs);
    const outputs = fb.Operator.createOutputsVector(b, op.outputs);
    const opt = options(b, op);
    fb.Operator.startOperator(b);
    fb.Operator.addOpcodeIndex(b, kinds.indexOf(op.kind));
    fb.Operator.addInputs(b, inputs);
    fb.Operator.addOutputs(b, outputs);
    if (opt.type !== fb.BuiltinOptions.NONE) {
      fb.Operator.addBuiltinOptionsType(b, opt.type);
      fb.Operator.addBuiltinOptions(b, opt.offset);
    }
    return fb.Operator.endOperator(b);
  });

  const subgraphName = b.createString('main');
  const sgTensors = fb.SubGraph.createTensorsVector(b, tensorOffsets);
  const sgInputs = fb.SubGraph.createInputsVector(b, model.inputs);
  const sgOutputs = fb.SubGraph.createOutputsVector(b, model.outputs);
  const sgOps = fb.SubGraph.createOperatorsVector(b, operatorOffsets);
  fb.SubGraph.startSubGraph(b);
  fb.SubGraph.addTensors(b, sgTensors);
  fb.SubGraph.addInputs(b, sgInputs);
  fb.SubGraph.addOutputs(b, sgOutputs);
  fb.SubGraph.addOperators(b, sgOps);
  fb.SubGraph.addName(b, subgraphName);
  const subgraph = fb.SubGraph.endSubGraph(b);

  const metaName = b.createString(METADATA_NAME);
  const metadataEntry = fb.Metadata.createMetadata(b, metaName, metadataBuffer);
  const description = b.createString(model.description);
  const opCodes = fb.Model.createOperatorCodesVector(b, opCodeOffsets);
  const subgraphs = fb.Model.createSubgraphsVector(b, [subgraph]);
  const buffers = fb.Model.createBuffersVector(b, bufferOffsets);
  const metadataVec = fb.Model.createMetadataVector(b, [metadataEntry]);
  fb.Model.startModel(b);
  fb.Model.addVersion(b, 3);
  fb.Model.addOperatorCodes(b, opCodes);
  fb.Model.addSubgraphs(b, subgraphs);
  fb.Model.addDescription(b, description);
  fb.Model.addBuffers(b, buffers);
  fb.Model.addMetadata(b, metadataVec);
  const root = fb.Model.endModel(b);
  fb.Model.finishModelBuffer(b, root);
  return b.asUint8Array().slice();
}
