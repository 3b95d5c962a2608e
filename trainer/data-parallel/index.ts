export { DataParallelTrainer, type DataParallelOptions } from './coordinator.ts';
export { AllReduceOptimizer, allReduceLength, zeroGradients, type AllReduceMemory } from './all-reduce-optimizer.ts';
export { barrierWait, createBarrierMemory, type BarrierMemory } from './barrier.ts';
export { shardOf } from './protocol.ts';
export { mergeReplicaWeights, modelWeightArrays, setModelWeights } from './weights.ts';
