export { loadTfliteInterpreter, type TfliteInterpreter, type TfliteTensorSpec } from './interpreter.ts';
