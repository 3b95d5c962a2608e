// Worker thread that prepares augmented examples while the main thread trains (the cores share the work).
// Protocol: {recipe} once, then either {epoch, n} → {epoch, x, y} (a whole epoch, sequential stream) or
// {epoch, n, chunk} → {epoch, chunk, x, y} (one chunk of a chunked epoch; epoch-data.ts).
import { parentPort } from 'node:worker_threads';
import { MfccExtractor } from '../common/features/mfcc.ts';
import { makeEpoch, makeEpochChunk, type EpochRecipe } from './epoch-data.ts';

let recipe: EpochRecipe | null = null;
let extractor: MfccExtractor | null = null;
parentPort!.on('message', (msg: { recipe?: EpochRecipe; epoch?: number; n?: number; chunk?: number }) => {
  if (msg.recipe) {
    recipe = msg.recipe;
    extractor = new MfccExtractor(recipe.meta.featureSpec);
    return;
  }
  if (!recipe || !extractor || msg.epoch === undefined || msg.n === undefined) {
    throw new Error('epoch worker: got a request before its recipe');
  }
  const { x, y } = msg.chunk === undefined
    ? makeEpoch(recipe, msg.epoch, msg.n, extractor)
    : makeEpochChunk(recipe, msg.epoch, msg.chunk, msg.n, extractor);
  parentPort!.postMessage({ epoch: msg.epoch, chunk: msg.chunk, x, y }, [x.buffer as ArrayBuffer, y.buffer as ArrayBuffer]);
});
