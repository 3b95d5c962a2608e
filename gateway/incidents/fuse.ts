// Fusion rules: how detections from several boards become one incident.

/** 1 − Π(1 − pᵢ): the chance at least one board is right if boards err independently. */
export function fusedConfidence(probabilities: number[]): number {
  return 1 - probabilities.reduce((q, p) => q * (1 - Math.min(Math.max(p, 0), 1)), 1);
}

/**
 * Longest gap between two boards hearing the same shot: sound crossing the widest board pair,
 * plus a margin for clock error and detector latency. In µs.
 */
export function groupingWindowUs(maxBoardDistanceM: number, marginMs: number, speedOfSound = 343): number {
  if (!(maxBoardDistanceM >= 0)) throw new RangeError(`maxBoardDistanceM must be ≥ 0, got ${maxBoardDistanceM}`);
  if (!(marginMs >= 0)) throw new RangeError(`marginMs must be ≥ 0, got ${marginMs}`);
  return Math.round((maxBoardDistanceM / speedOfSound) * 1e6 + marginMs * 1e3);
}
