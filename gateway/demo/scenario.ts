// The demo's ground truth: where the virtual boards stand and which sounds happen where and when.
// Pure and seeded, so a run can be replayed and its summary checked against the same plan.
import { fromEnu, type EastNorth, type LatLon } from '../incidents/geo.ts';
import { makeRng } from '../../common/synth/index.ts';

export interface ScenarioOptions {
  /** Number of boards; defaults to 4; range 1..16 (≥ 3 are needed to locate). */
  boards?: number;
  /** Soundscape length, s; defaults to 36; range 8..600. */
  durationS?: number;
  /** Map centre; defaults to Zürich Hauptbahnhof (47.3779, 8.5403). */
  centre?: LatLon;
  /** Radius of the ring the boards stand on, m; defaults to 120 (neighbours ~170 m apart); range 20..5000. */
  ringRadiusM?: number;
  /** Silence before the first event, s: the gateway needs a HELLO and 2 heartbeats per board before it
   *  accepts detections; defaults to 5; range 2..60. */
  leadInS?: number;
  /** Time between events, s; must exceed the gateway's grouping window (board spread / 343 m/s + margin)
   *  so two events never fuse; defaults to 4; range 2..60. */
  gapS?: number;
  /** defaults to 'gunshot-edge-demo'. */
  seed?: string;
}

export interface DemoBoard { id: string; lat: number; lon: number; enu: EastNorth }

export interface DemoEvent {
  index: number;
  /** common/synth category name. */
  category: string;
  /** true = gunshot. */
  label: boolean;
  /** Source onset, s after the boards' audio starts. */
  atS: number;
  enu: EastNorth;
  lat: number;
  lon: number;
  /** Peak level the source would have 10 m away (before air absorption), 0..1. */
  levelAt10m: number;
}

export interface Scenario { centre: LatLon; boards: DemoBoard[]; events: DemoEvent[]; durationS: number }

export const GUN_CATEGORIES = ['gunshot_pistol', 'gunshot_rifle', 'gunshot_shotgun', 'gunshot_automatic'] as const;
export const DECOY_CATEGORIES = ['fireworks', 'door_slam', 'hand_claps', 'car_backfire'] as const;
/** Source loudness at 10 m: guns and fireworks near full scale, a door or claps far quieter. */
const LEVEL_AT_10M: Record<string, number> = {
  gunshot_pistol: 0.9, gunshot_rifle: 1, gunshot_shotgun: 1, gunshot_automatic: 0.9,
  fireworks: 0.9, door_slam: 0.35, hand_claps: 0.25, car_backfire: 0.7,
};

function checked(v: number, name: string, lo: number, hi: number, integer = false): number {
  if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new RangeError(`demo ${name} must be ${integer ? 'an integer ' : ''}${lo}..${hi}, got ${v}`);
  }
  return v;
}

/** Boards evenly on a ring; events alternate gunshot / look-alike at random points inside the ring. */
export function planScenario(o: ScenarioOptions = {}): Scenario {
  const n = checked(o.boards ?? 4, '--boards', 1, 16, true);
  const durationS = checked(o.durationS ?? 36, '--duration', 8, 600);
  const radius = checked(o.ringRadiusM ?? 120, 'ring radius (m)', 20, 5000);
  const leadInS = checked(o.leadInS ?? 5, 'lead-in (s)', 2, 60);
  const gapS = checked(o.gapS ?? 4, 'event gap (s)', 2, 60);
  const centre = o.centre ?? { lat: 47.3779, lon: 8.5403 };
  const rng = makeRng(o.seed ?? 'gunshot-edge-demo');

  const boards: DemoBoard[] = Array.from({ length: n }, (_, k) => {
    const a = Math.PI / 4 + (2 * Math.PI * k) / n;
    const enu = { x: radius * Math.cos(a), y: radius * Math.sin(a) };
    return { id: `demo-${String(k + 1).padStart(2, '0')}`, ...fromEnu(enu, centre), enu };
  });

  // The last event needs ~2 s after it: one analysis window (~1 s) plus the sound's crossing time.
  const events: DemoEvent[] = [];
  for (let t = leadInS, i = 0; t <= durationS - 2; t += gapS, i++) {
    const gun = i % 2 === 0;
    const list = gun ? GUN_CATEGORIES : DECOY_CATEGORIES;
    const category = list[Math.floor(i / 2) % list.length];
    // Uniform in a disc of 0.8 × ring radius: inside the boards' hull, where TDOA geometry is good.
    const r = 0.8 * radius * Math.sqrt(rng.uniform(0, 1));
    const phi = rng.uniform(0, 2 * Math.PI);
    const enu = { x: r * Math.cos(phi), y: r * Math.sin(phi) };
    // A little jitter so events do not sit on a metronome.
    const atS = t + rng.uniform(0, 0.4);
    events.push({ index: i, category, label: gun, atS, enu, ...fromEnu(enu, centre), levelAt10m: LEVEL_AT_10M[category] });
  }
  return { centre, boards, events, durationS };
}
