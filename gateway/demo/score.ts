// Scores a demo run against its plan: which gunshots became incidents, how far the located ones landed
// from the true source, which alerts were not gunshots, and how long a shot took to become an alert.
import { SPEED_OF_SOUND } from '../../common/synth/acoustics.ts';
import { distanceM } from '../incidents/geo.ts';
import type { Scenario } from './scenario.ts';
import { boardDistanceM } from './soundscape.ts';

/** An incident as the gateway stored it, with its alert's creation time. */
export interface ObservedIncident { id: number; timeUs: number; nBoards: number; lat: number | null; lon: number | null; alertMs: number }

export interface DemoSummary {
  shots: number;
  /** Gunshots with at least one incident at their arrival time. */
  detected: number;
  /** Detected gunshots whose incident has a TDOA position. */
  located: number;
  mean_location_error_m: number | null;
  /** Incidents (each has an alert) that match no gunshot: look-alikes, background, or split groups. */
  false_alerts: number;
  /** 99th percentile (nearest rank) of alert time − shot time over detected gunshots, ms. */
  p99_alert_latency_ms: number | null;
}

export interface DemoDetail {
  event: number; category: string; label: boolean; incidents: number[];
  /** Boards that joined each of `incidents` (≥ 3 are needed for a position). */
  boards: number[]; errorM: number | null; latencyMs: number | null;
}

/**
 * An incident belongs to the event whose first arrival (source time + nearest board distance / c) lies
 * within [−earlyMs, +lateMs] of the incident time; the late side is wide because a board timestamps the
 * loudest sample of its triggering window, which in a burst can be a later shot.
 * `audioStartMs` is the gateway-clock instant of sample 0 of the boards' audio.
 */
export function scoreDemo(s: Scenario, audioStartMs: number, incidents: ObservedIncident[], earlyMs = 500, lateMs = 1500): { summary: DemoSummary; details: DemoDetail[] } {
  const arrivalMs = s.events.map((e) => audioStartMs + 1000 * (e.atS + Math.min(...s.boards.map((b) => boardDistanceM(b, e))) / SPEED_OF_SOUND));
  const byEvent = new Map<number, ObservedIncident[]>();
  let unmatchedOrDecoy = 0;
  for (const inc of incidents) {
    const t = inc.timeUs / 1000;
    let best = -1;
    for (let i = 0; i < s.events.length; i++) {
      const dt = t - arrivalMs[i];
      if (dt >= -earlyMs && dt <= lateMs && (best < 0 || Math.abs(dt) < Math.abs(t - arrivalMs[best]))) best = i;
    }
    if (best < 0 || !s.events[best].label) { unmatchedOrDecoy++; if (best >= 0) byEvent.set(best, [...(byEvent.get(best) ?? []), inc]); continue; }
    byEvent.set(best, [...(byEvent.get(best) ?? []), inc]);
  }
  const details: DemoDetail[] = [];
  const errors: number[] = [];
  const latencies: number[] = [];
  let extraSplits = 0;
  for (const e of s.events) {
    const incs = byEvent.get(e.index) ?? [];
    // The incident most boards joined stands for the event; further ones are split groups (false alerts).
    const main = [...incs].sort((a, b) => b.nBoards - a.nBoards || a.timeUs - b.timeUs)[0];
    let errorM: number | null = null, latencyMs: number | null = null;
    if (e.label && main) {
      extraSplits += incs.length - 1;
      if (main.lat !== null && main.lon !== null) { errorM = distanceM({ lat: e.lat, lon: e.lon }, { lat: main.lat, lon: main.lon }); errors.push(errorM); }
      latencyMs = Math.min(...incs.map((i) => i.alertMs)) - (audioStartMs + 1000 * e.atS);
      latencies.push(latencyMs);
    }
    details.push({ event: e.index, category: e.category, label: e.label, incidents: incs.map((i) => i.id), boards: incs.map((i) => i.nBoards), errorM, latencyMs });
  }
  latencies.sort((a, b) => a - b);
  const shots = s.events.filter((e) => e.label).length;
  return {
    summary: {
      shots,
      detected: latencies.length,
      located: errors.length,
      mean_location_error_m: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null,
      false_alerts: unmatchedOrDecoy + extraSplits,
      p99_alert_latency_ms: latencies.length ? latencies[Math.ceil(0.99 * latencies.length) - 1] : null,
    },
    details,
  };
}

/** A stored detection: which board, and its instant on the gateway clock. */
export interface ObservedDetection { boardId: string; timeUs: number }

/**
 * For each detection within `withinMs` of a sound's arrival at its own board: detection time − that
 * arrival, ms. Independent of whether the model was right, this measures the timing chain the location
 * rests on (board audio clock, peak timestamp, gateway clock mapping). `boardStartMs`: each board's audio
 * start on the gateway clock. Detections of unknown boards or far from every arrival are left out.
 */
export function arrivalErrorsMs(s: Scenario, boardStartMs: ReadonlyMap<string, number>, detections: ObservedDetection[], withinMs = 300): number[] {
  const out: number[] = [];
  for (const d of detections) {
    const b = s.boards.find((x) => x.id === d.boardId);
    const audioStartMs = boardStartMs.get(d.boardId);
    if (!b || audioStartMs === undefined) continue;
    let best: number | null = null;
    for (const e of s.events) {
      const err = d.timeUs / 1000 - (audioStartMs + 1000 * (e.atS + boardDistanceM(b, e) / SPEED_OF_SOUND));
      if (Math.abs(err) <= withinMs && (best === null || Math.abs(err) < Math.abs(best))) best = err;
    }
    if (best !== null) out.push(best);
  }
  return out;
}
