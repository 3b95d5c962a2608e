export { quantizeModel, type QuantizeOptions } from './quantize-model.ts';
export { asymmetricParams, symmetricScale } from './qparams.ts';
export { foldBatchNorm } from './fold-batchnorm.ts';
