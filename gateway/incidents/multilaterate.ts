// TDOA multilateration: arrival times t_i at known positions s_i → source p and emission time t0,
// minimising Σ (c·(t_i − t0) − |p − s_i|)² by Levenberg–Marquardt-damped Gauss–Newton in metres.
// Needs ≥ 3 sensors with synchronised clocks; the error radius comes from the covariance σ²(JᵀJ)⁻¹.
import type { EastNorth } from './geo.ts';

export interface Arrival { pos: EastNorth; /** Arrival time, seconds on a clock shared by all sensors. */ t: number }

export interface MultilaterateOptions {
  /** Speed of sound, m/s; defaults to 343; range 300..360. */
  speedOfSound?: number;
  /** Timing standard deviation assumed when residuals cannot estimate it, s; defaults to 1e-3; > 0. */
  timingSigma?: number;
  /** Gauss–Newton iterations per start; defaults to 50. */
  maxIterations?: number;
}

export interface Fix {
  pos: EastNorth;
  /** Emission time, seconds. */
  t0: number;
  /** RMS residual, metres. */
  rmsResidualM: number;
  /** 95 % error radius (largest principal axis of the position covariance × 2.45), metres. */
  errorRadiusM: number;
}

/** Solves the 3×3 system A x = b by Gaussian elimination with partial pivoting; null when singular. */
function solve3(A: number[][], b: number[]): number[] | null {
  const m = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < 3; c++) {
    let piv = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    if (Math.abs(m[piv][c]) < 1e-12) return null;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 4; k++) m[r][k] -= f * m[c][k];
    }
  }
  return [m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]];
}

function invert3(A: number[][]): number[][] | null {
  const cols = [0, 1, 2].map((i) => solve3(A, [0, 1, 2].map((j) => (i === j ? 1 : 0))));
  if (cols.some((c) => c === null)) return null;
  return [0, 1, 2].map((r) => [0, 1, 2].map((c) => cols[c]![r]));
}

export function multilaterate(arrivals: Arrival[], options: MultilaterateOptions = {}): Fix | null {
  const { speedOfSound: c = 343, timingSigma = 1e-3, maxIterations = 50 } = options;
  if (arrivals.length < 3) return null;
  if (!(c >= 300 && c <= 360)) throw new RangeError(`speedOfSound must be 300..360 m/s, got ${c}`);
  if (!(timingSigma > 0)) throw new RangeError(`timingSigma must be > 0 s, got ${timingSigma}`);
  const tRef = Math.min(...arrivals.map((a) => a.t));
  // Unknowns: x, y (m) and r0 = c·(t0 − tRef) (m), so all three have the same unit.
  const obs = arrivals.map((a) => ({ x: a.pos.x, y: a.pos.y, r: c * (a.t - tRef) }));
  const cost = (p: number[]) => obs.reduce((s, o) => s + (o.r - p[2] - Math.hypot(p[0] - o.x, p[1] - o.y)) ** 2, 0);

  const cx = obs.reduce((s, o) => s + o.x, 0) / obs.length;
  const cy = obs.reduce((s, o) => s + o.y, 0) / obs.length;
  // The centroid converges for sources inside the field; the first-hit sensor covers sources outside it.
  const first = obs.reduce((a, o) => (o.r < a.r ? o : a));
  const starts = [[cx, cy], [first.x + 1, first.y + 1]];
  let best: { p: number[]; cost: number } | null = null;
  for (const [sx, sy] of starts) {
    let p = [sx, sy, -Math.hypot(sx - obs[0].x, sy - obs[0].y) + obs[0].r];
    let f = cost(p);
    let lambda = 1e-3;
    for (let it = 0; it < maxIterations; it++) {
      const JtJ = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      const Jtr = [0, 0, 0];
      for (const o of obs) {
        const d = Math.max(Math.hypot(p[0] - o.x, p[1] - o.y), 1e-9);
        const res = o.r - p[2] - d;
        const J = [-(p[0] - o.x) / d, -(p[1] - o.y) / d, -1];
        for (let i = 0; i < 3; i++) {
          Jtr[i] += J[i] * res;
          for (let j = 0; j < 3; j++) JtJ[i][j] += J[i] * J[j];
        }
      }
      const A = JtJ.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) : v)));
      const step = solve3(A, Jtr.map((v) => -v));
      if (!step) break;
      const q = p.map((v, i) => v + step[i]);
      const fq = cost(q);
      if (fq < f) {
        p = q; lambda = Math.max(lambda / 10, 1e-9);
        const done = Math.hypot(...step) < 1e-4;
        f = fq;
        if (done) break;
      } else {
        lambda *= 10;
        if (lambda > 1e9) break;
      }
    }
    if (!best || f < best.cost) best = { p, cost: f };
  }
  if (!best) return null;
  const { p } = best;
  const JtJ = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (const o of obs) {
    const d = Math.max(Math.hypot(p[0] - o.x, p[1] - o.y), 1e-9);
    const J = [-(p[0] - o.x) / d, -(p[1] - o.y) / d, -1];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) JtJ[i][j] += J[i] * J[j];
  }
  const cov = invert3(JtJ);
  const rms = Math.sqrt(best.cost / obs.length);
  const dof = obs.length - 3;
  // With no redundancy the residual is ~0 by construction, so fall back to the assumed timing error.
  const sigmaM = Math.max(dof > 0 ? Math.sqrt(best.cost / dof) : 0, c * timingSigma);
  let errorRadiusM = Number.POSITIVE_INFINITY;
  if (cov) {
    const [a, b, d] = [cov[0][0], cov[0][1], cov[1][1]];
    const lmax = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b);
    errorRadiusM = 2.45 * sigmaM * Math.sqrt(Math.max(lmax, 0));
  }
  return { pos: { x: p[0], y: p[1] }, t0: tRef + p[2] / c, rmsResidualM: rms, errorRadiusM };
}
