export { writeTflite, writeTfliteWithMetadata, tfliteMetadata, METADATA_NAME } from './write.ts';
export { readTflite, type ReadTflite } from './read.ts';
