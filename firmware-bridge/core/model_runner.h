/*
 * Runs a generated model's layer list over a caller-owned arena (micro_speech's MicroInterpreter reduced to
 * what our DS-CNN needs). The arena must be at least model->arena_size bytes and stay owned by the caller;
 * the runner keeps only pointers. One invocation is synchronous; its time is the sum of the kernels' MACs.
 */
#ifndef GE_MODEL_RUNNER_H
#define GE_MODEL_RUNNER_H

#include <stddef.h>
#include <stdint.h>
#include "ge_status.h"
#include "model.h"

typedef struct {
  const ge_model_t *model;
  int8_t *arena;
  size_t arena_size;
} ge_runner_t;

/* Checks every layer's buffers lie inside the arena (GE_ERR_MODEL otherwise). */
ge_status_t ge_runner_init(ge_runner_t *r, const ge_model_t *model, int8_t *arena, size_t arena_size);
/* The model's input buffer inside the arena (input_size bytes), to be filled before ge_runner_invoke. */
int8_t *ge_runner_input(ge_runner_t *r);
/* Runs layer i alone (0 ≤ i < n_layers, GE_ERR_ARG otherwise), reading and writing the arena: for benchmarks
 * that time each layer. Layers must run in order, as ge_runner_invoke runs them. */
ge_status_t ge_runner_invoke_layer(ge_runner_t *r, uint16_t i);
/* Runs all layers; *out receives the first output value (our models have one). */
ge_status_t ge_runner_invoke(ge_runner_t *r, int8_t *out);

#endif
