// What an incident is, computed from its member detections: earliest arrival, fused confidence, the
// number of boards, and (with ≥ 3 positioned boards) a TDOA location with its error radius. Pure: the
// per-detection and the set-at-a-time ingest paths both use it.
import { fusedConfidence } from './fuse.ts';
import { multilaterate } from './multilaterate.ts';
import { fromEnu, toEnu, type LatLon } from './geo.ts';

export interface Member { board_id: string; time_us: number; probability: number }
export interface IncidentFix { time_us: number; confidence: number; n_boards: number; lat: number | null; lon: number | null; error_m: number | null }

export function incidentFix(members: Member[], positionOf: (boardId: string) => LatLon | null, timingSigma: number): IncidentFix {
  if (members.length === 0) throw new RangeError('an incident needs at least one member detection');
  const fixes: { pos: LatLon; t: number }[] = [];
  for (const d of members) {
    const pos = positionOf(d.board_id);
    if (pos) fixes.push({ pos, t: d.time_us / 1e6 });
  }
  let lat: number | null = null, lon: number | null = null, error_m: number | null = null;
  if (fixes.length >= 3) {
    const origin = fixes[0].pos;
    const fix = multilaterate(fixes.map((f) => ({ pos: toEnu(f.pos, origin), t: f.t - fixes[0].t })), { timingSigma });
    if (fix && Number.isFinite(fix.errorRadiusM)) {
      ({ lat, lon } = fromEnu(fix.pos, origin));
      error_m = fix.errorRadiusM;
    }
  }
  return {
    time_us: Math.min(...members.map((d) => d.time_us)), confidence: fusedConfidence(members.map((d) => d.probability)),
    n_boards: new Set(members.map((d) => d.board_id)).size, lat, lon, error_m,
  };
}
