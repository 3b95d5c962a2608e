// One data-parallel replica (a worker thread): its own tfjs backend and model copy, trained on its shard of
// every batch; gradients are summed across replicas by AllReduceOptimizer. Protocol: protocol.ts.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/index.ts';
import { lossFromSpec } from '../loss.ts';
import { architectureInput, buildModel } from '../model.ts';
import { adamOptimizer } from '../optimizer-adam.ts';
import { AllReduceOptimizer, zeroGradients } from './all-reduce-optimizer.ts';
import { setModelWeights } from './weights.ts';
import { shardOf, type FromReplica, type ReplicaInit, type ToReplica } from './protocol.ts';

const init = (workerData as { init: ReplicaInit }).init;
const post = (m: FromReplica, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

const sel = await selectBackend({ prefer: init.backend });
if (sel.name !== init.backend) { // the coordinator replicates only 'wasm' or 'cpu', whose names are their own
  throw new Error(`replica ${init.rank}: asked for the ${init.backend} backend, got ${sel.name}`);
}
const model = buildModel(init.architecture);
const inner = adamOptimizer({ learningRate: init.learningRate });
const optimizer = new AllReduceOptimizer(inner, { grads: init.grads, barrier: init.barrier }, init.rank, init.parties, init.params);
model.compile({ optimizer, loss: lossFromSpec(init.lossSpec) });
const [frames, coeffs] = architectureInput(init.architecture);
const rowSize = frames * coeffs;

async function trainEpoch(n: number, batch: number, learningRate: number): Promise<void> {
  (inner as unknown as { learningRate: number }).learningRate = learningRate;
  let lossSum = 0;
  for (let start = 0, index = 0; start < n; start += batch, index++) {
    const end = Math.min(n, start + batch);
    const [from, to] = shardOf(start, end, init.rank, init.parties);
    optimizer.shardWeight = (to - from) / (end - start);
    if (to > from) {
      const xs = tf.tensor4d(init.x.subarray(from * rowSize, to * rowSize), [to - from, frames, coeffs, 1]);
      const ys = tf.tensor2d(init.y.subarray(from, to), [to - from, 1]);
      const loss = await model.trainOnBatch(xs, ys) as number;
      tf.dispose([xs, ys]);
      lossSum += loss * (to - from);
      if (init.rank === 0) post({ type: 'batch', index, loss });
    } else {
      // No rows for this replica in a short last batch: it still joins the step, with zero gradients.
      const zeros = zeroGradients(model.trainableWeights.map((w) => w.read() as tf.Variable));
      optimizer.applyGradients(zeros);
      tf.dispose(zeros.map((z) => z.tensor));
    }
  }
  post({ type: 'epoch-done', lossSum });
}

parentPort!.on('message', (msg: ToReplica) => {
  const run = async () => {
    switch (msg.type) {
      case 'set-weights':
        setModelWeights(model, msg.weights);
        post({ type: 'ready' });
        return;
      case 'epoch':
        await trainEpoch(msg.n, msg.batch, msg.learningRate);
        return;
      case 'get-weights': {
        const weights = model.getWeights().map((t) => t.dataSync().slice() as Float32Array);
        post({ type: 'weights', weights }, weights.map((w) => w.buffer as ArrayBuffer));
        return;
      }
    }
  };
  run().catch((e: Error) => post({ type: 'error', message: `replica ${init.rank}: ${e.stack ?? e.message}` }));
});
post({ type: 'ready' });
