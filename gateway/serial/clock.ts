// Maps a board's clock onto the gateway clock. Each HELLO/HEARTBEAT gives one sample of
// (gateway receive time − board send time) = offset + transit delay, with delay ≥ 0; the minimum over
// recent samples is the best estimate of the offset (the least-delayed sample).

/** Gateway wall clock, µs since the Unix epoch, sub-millisecond resolution. */
export function gatewayNowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export interface ClockEstimator {
  addSample(boardClockUs: bigint, gatewayUs?: number): void;
  /** Board µs → gateway µs; null before the first sample. */
  toGateway(boardClockUs: bigint): number | null;
  offsetUs(): number | null;
  /** Samples currently held. */
  count(): number;
  reset(): void;
}

/** `windowSize`: samples kept, defaults to 64 (about a minute of heartbeats); range 1..1024. */
export function createClockEstimator(windowSize = 64): ClockEstimator {
  if (!Number.isInteger(windowSize) || windowSize < 1 || windowSize > 1024) {
    throw new RangeError(`clock windowSize must be 1..1024, got ${windowSize}`);
  }
  let samples: number[] = [];
  const offset = () => (samples.length ? Math.min(...samples) : null);
  return {
    addSample(boardClockUs, gatewayUs = gatewayNowUs()) {
      samples.push(gatewayUs - Number(boardClockUs));
      if (samples.length > windowSize) samples.shift();
    },
    toGateway(boardClockUs) {
      const o = offset();
      return o === null ? null : Number(boardClockUs) + o;
    },
    offsetUs: offset,
    count: () => samples.length,
    reset() { samples = []; },
  };
}
