import type { Command } from 'commander';
import { register as registerFeatures } from './features.ts';
import { register as registerEval } from './eval.ts';
import { register as registerGateway } from './gateway.ts';
import { register as registerTrain } from './train.ts';
import { register as registerData } from './data.ts';
import { register as registerExport } from './export.ts';
import { register as registerVectors } from './vectors.ts';
import { register as registerVerify } from './verify.ts';
import { register as registerDemo } from './demo.ts';
import { register as registerCrossVal } from './crossval.ts';

/** Each command module exports `register(program)`; add one line per command here. */
export function registerAll(program: Command): void {
  void program;
  registerGateway(program);
  registerFeatures(program);
  registerEval(program);
  registerTrain(program);
  registerData(program);
  registerExport(program);
  registerVectors(program);
  registerVerify(program);
  registerDemo(program);
  registerCrossVal(program);
}
