// Worker thread that prepares the next epoch's augmented examples while the main thread trains on the
// current one (the two cores each do one job). Protocol: {recipe} once, then {epoch, n} → {epoch, x, y}.
import { parentPort } from 'node:worker_threads';
import { MfccExtractor } from '../common/features/mfcc.ts';
import { makeEpoch, type EpochRecipe } from './epoch-data.ts';

let recipe: EpochRecipe | null = null;
let extractor: MfccExtractor | null = null;
parentPort!.on('message', (msg: { recipe?: EpochRecipe; epoch?: number; n?: number }) => {
  if (msg.recipe) {
    recipe = msg.recipe;
    extractor = new MfccExtractor(recipe.meta.featureSpec);
    return;
  }
  if (!recipe || !extractor || msg.epoch === undefined || msg.n === undefined) {
    throw new Error('epoch worker: got a request before its recipe');
  }
  const { x, y } = makeEpoch(recipe, msg.epoch, msg.n, extractor);
  parentPort!.postMessage({ epoch: msg.epoch, x, y }, [x.buffer as ArrayBuffer, y.buffer as ArrayBuffer]);
});
