/**
 * Reads a sequential tfjs model of trainer/model.ts (the DS-CNN or the window MLP) into float stages ready
 * for quantisation: each Conv2D / DepthwiseConv2D with its following BatchNormalization folded in and its
 * ReLU fused, the global average pool, the hidden ReLU Dense layers and the sigmoid Dense classifier.
 * Dropout is an identity at inference, and so is Flatten (FULLY_CONNECTED reads its input flattened).
 * `tap` names the layer whose output is the stage's float output, for calibration.
 */
import * as tf from '@tensorflow/tfjs';
import { foldBatchNorm, type FoldedConv } from './fold-batchnorm.ts';
import type { QActivation } from '../qmodel.ts';

export interface ConvStage {
  kind: 'conv2d' | 'depthwise_conv2d';
  name: string;
  /** Folded weights in tfjs layout (conv [kh,kw,in,out], depthwise [kh,kw,C,1]). */
  kernel: Float64Array;
  kernelShape: number[];
  bias: Float64Array;
  strides: [number, number];
  padding: 'same' | 'valid';
  activation: QActivation;
  tap: string;
}
export interface PoolStage { kind: 'global_average_pool'; name: string; tap: string }
export interface DenseStage {
  kind: 'dense';
  name: string;
  /** [in, out] (tfjs layout). */
  kernel: Float64Array;
  kernelShape: number[];
  bias: Float64Array;
  /** The sigmoid is split off into a LOGISTIC op; the dense output itself is linear. */
  sigmoid: boolean;
  /** ReLU fused into the op (hidden layers); calibrated on `tap`. 'none' for the classifier. */
  activation: QActivation;
  /** The layer's own output (hidden layers' calibration tap). */
  tap: string;
  /** Dense's input tap (its logits are computed from it, since the layer output is post-sigmoid). */
  inputTap: string;
}
export type Stage = ConvStage | PoolStage | DenseStage;

function toF64(a: ArrayLike<number>): Float64Array {
  const o = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) o[i] = a[i];
  return o;
}

function data(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

function reluKind(layer: tf.layers.Layer): QActivation | null {
  const cls = layer.getClassName();
  const cfg = layer.getConfig() as Record<string, unknown>;
  if (cls === 'ReLU') {
    const maxValue = cfg.maxValue as number | null | undefined;
    if (maxValue === null || maxValue === undefined) return 'relu';
    if (maxValue === 6) return 'relu6';
    throw new RangeError(`layer ${layer.name}: ReLU maxValue ${maxValue} has no TFLite fused activation (only none/6)`);
  }
  if (cls === 'Activation') {
    if (cfg.activation === 'relu') return 'relu';
    if (cfg.activation === 'relu6') return 'relu6';
    if (cfg.activation === 'linear') return 'none';
  }
  return null;
}

function ownActivation(layer: tf.layers.Layer): QActivation {
  const a = (layer.getConfig() as Record<string, unknown>).activation;
  if (a === undefined || a === 'linear') return 'none';
  if (a === 'relu') return 'relu';
  if (a === 'relu6') return 'relu6';
  throw new RangeError(`layer ${layer.name}: activation "${String(a)}" cannot be fused into an int8 TFLite op`);
}

export function extractStages(model: tf.LayersModel): Stage[] {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const stages: Stage[] = [];
  let lastTap = model.layers[0].name;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as Record<string, unknown>;
    if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') {
      const weights = layer.getWeights();
      const kernelT = weights[0];
      const useBias = cfg.useBias as boolean;
      const biasArr = useBias ? data(weights[1]) : null;
      const dilation = cfg.dilationRate as number[] | number | undefined;
      if (dilation !== undefined && [dilation].flat().some((d) => d !== 1)) throw new RangeError(`layer ${layer.name}: dilation ${String(dilation)} unsupported`);
      if (cls === 'DepthwiseConv2D' && cfg.depthMultiplier !== 1) throw new RangeError(`layer ${layer.name}: depthMultiplier must be 1, got ${String(cfg.depthMultiplier)}`);
      const channels = kernelT.shape[cls === 'Conv2D' ? 3 : 2] as number;
      let activation = ownActivation(layer);
      let tap = layer.name;
      let folded: FoldedConv = { kernel: toF64(data(kernelT)), bias: biasArr ? toF64(biasArr) : new Float64Array(channels) };
      const next = layers[i + 1];
      if (next?.getClassName() === 'BatchNormalization') {
        if (activation !== 'none') throw new RangeError(`layer ${layer.name}: an activation before BatchNormalization cannot be folded`);
        const ncfg = next.getConfig() as Record<string, unknown>;
        const w = next.getWeights();
        let j = 0;
        const gamma = ncfg.scale !== false ? data(w[j++]) : null;
        const beta = ncfg.center !== false ? data(w[j++]) : null;
        folded = foldBatchNorm(data(kernelT), biasArr, {
          gamma, beta, movingMean: data(w[j++]), movingVariance: data(w[j++]), epsilon: (ncfg.epsilon as number | undefined) ?? 1e-3,
        }, channels);
        tap = next.name;
        i++;
      }
      const after = layers[i + 1];
      const relu = after ? reluKind(after) : null;
      if (relu !== null && activation === 'none') { activation = relu; tap = after!.name; i++; }
      const strides = [cfg.strides].flat() as number[];
      const padding = cfg.padding as string;
      if (padding !== 'same' && padding !== 'valid') throw new RangeError(`layer ${layer.name}: padding "${padding}" unsupported`);
      stages.push({
        kind: cls === 'Conv2D' ? 'conv2d' : 'depthwise_conv2d', name: layer.name, kernel: folded.kernel,
        kernelShape: kernelT.shape, bias: folded.bias, strides: [strides[0], strides[1] ?? strides[0]],
        padding, activation, tap,
      });
      lastTap = tap;
    } else if (cls === 'GlobalAveragePooling2D') {
      stages.push({ kind: 'global_average_pool', name: layer.name, tap: layer.name });
      lastTap = layer.name;
    } else if (cls === 'Dropout' || cls === 'Flatten') {
      continue;
    } else if (cls === 'Dense') {
      const w = layer.getWeights();
      const act = cfg.activation as string;
      const sigmoid = act === 'sigmoid';
      const activation = sigmoid ? 'none' : ownActivation(layer);
      stages.push({
        kind: 'dense', name: layer.name, kernel: toF64(data(w[0])), kernelShape: w[0].shape,
        bias: cfg.useBias ? toF64(data(w[1])) : new Float64Array(w[0].shape[1] as number), sigmoid, activation,
        tap: layer.name, inputTap: lastTap,
      });
      lastTap = layer.name;
    } else {
      throw new RangeError(`layer ${layer.name}: ${cls} is not part of the models the exporter supports (trainer/model.ts)`);
    }
  }
  return stages;
}
