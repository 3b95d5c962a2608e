/**
 * `model_data.h` / `model_data.c`: the .tflite flatbuffer as a 16-byte-aligned `const unsigned char`
 * array plus its length, as TFLite Micro's examples embed models (the interpreter reads it in place,
 * so int32 biases inside must stay aligned).
 */
import type { GeneratedC } from '../mfcc-tables.ts';
import { cHexBytes, GENERATED_NOTICE } from './c-format.ts';

export function generateModelData(tflite: Uint8Array, modelHash: string): GeneratedC {
  const header = `${GENERATED_NOTICE(`The int8 gunshot model as a TFLite flatbuffer (sha256 of weights ${modelHash}).`)}
#ifndef GUNSHOT_MODEL_DATA_H
#define GUNSHOT_MODEL_DATA_H

#if defined(__GNUC__) || defined(__clang__)
#define GS_MODEL_DATA_ALIGN __attribute__((aligned(16)))
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define GS_MODEL_DATA_ALIGN _Alignas(16)
#else
#error "model_data.h: need GCC/Clang or C11 to align the model to 16 bytes"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The flatbuffer, 16-byte aligned (TFLite Micro reads tensors in place). */
extern const unsigned char g_gunshot_model_data[];
/* Its length in bytes (${tflite.length}). */
extern const unsigned int g_gunshot_model_data_len;

#ifdef __cplusplus
}
#endif

#endif /* GUNSHOT_MODEL_DATA_H */
`;
  const source = `${GENERATED_NOTICE('The int8 gunshot model as a TFLite flatbuffer.')}
#include "model_data.h"

GS_MODEL_DATA_ALIGN const unsigned char g_gunshot_model_data[] = {
${cHexBytes(tflite)}
};
const unsigned int g_gunshot_model_data_len = ${tflite.length}u;
`;
  return { header, source };
}
