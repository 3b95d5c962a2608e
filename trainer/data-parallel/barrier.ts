// A reusable barrier over shared memory for threads that block (worker threads may; Atomics.wait).

/** Shared control words of one barrier: [threads arrived in this round, round number]. */
export type BarrierMemory = Int32Array;

/** Fresh barrier memory on a SharedArrayBuffer, to hand to every party (e.g. through workerData). */
export function createBarrierMemory(): BarrierMemory {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/**
 * Blocks until `parties` threads have called it with the same memory, then releases them all; reusable
 * round after round. The last thread to arrive resets the count before it advances the round, so a thread
 * released early cannot count itself into the round it just left. Throws when the others have not all
 * arrived within `timeoutMs` (a party died or hung), naming who waited and for how long.
 */
export function barrierWait(mem: BarrierMemory, parties: number, timeoutMs = 300_000, who = 'a thread'): void {
  if (!Number.isInteger(parties) || parties < 1) throw new RangeError(`barrier parties must be an integer ≥ 1, got ${parties} (${who})`);
  const round = Atomics.load(mem, 1);
  if (Atomics.add(mem, 0, 1) === parties - 1) {
    Atomics.store(mem, 0, 0);
    Atomics.add(mem, 1, 1);
    Atomics.notify(mem, 1);
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (Atomics.load(mem, 1) === round) {
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.wait(mem, 1, round, left) === 'timed-out') {
      throw new Error(`barrier: ${who} waited ${timeoutMs} ms for ${parties} parties, ${Atomics.load(mem, 0)} arrived (round ${round})`);
    }
  }
}
