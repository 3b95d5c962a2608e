export { writeTflite, METADATA_NAME } from './write.ts';
export { readTflite, type ReadTflite } from './read.ts';
