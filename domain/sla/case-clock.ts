/**
 * The SLA clock of one case. The case's status history is cut into segments; in "running" segments
 * the clock consumes business time, in "hold" segments (pause statuses, and a resolved spell that was reopened) it
 * stands still. A clock's deadline is where its consumed business time reaches the target; a pause that starts
 * before the deadline pushes it out by exactly the business time that was left, a pause after a breach moves
 * nothing. Response and resolution use the same machinery; the response clock stops at the first response.
 */
import type { CompiledCalendar } from './calendar.ts';
import { addBusinessMs, businessMsBetween, MINUTE_MS } from './business-time.ts';
import { CANCELLED_STATUS, DEFAULT_PAUSE_STATUS, RESOLVED_STATUSES as RESOLVED } from '../case/status.ts';

export type SlaStatus = 'On Track' | 'At Risk' | 'Paused' | 'Breached' | 'Met';

export const RESOLVED_STATUSES: ReadonlySet<string> = new Set(RESOLVED);
export { CANCELLED_STATUS };
export const DEFAULT_PAUSE_STATUSES: ReadonlySet<string> = new Set([DEFAULT_PAUSE_STATUS]);

export interface StatusChange {
  status: string;
  at: number;
}

export interface CaseClockInput {
  calendar: CompiledCalendar;
  receivedAt: number;
  responseMinutes: number;
  resolutionMinutes: number;
  /** Track the resolution target too (SLA Policy `apply_to_resolution`). */
  trackResolution: boolean;
  /** 0–100: "At Risk" from this share of a target used. */
  warningPercent: number;
  pauseStatuses: ReadonlySet<string>;
  /** Status changes after receipt, any order; the case starts "Open" at receivedAt. */
  history: readonly StatusChange[];
  firstRespondedAt: number | null;
  now: number;
}

export interface ClockOutcome {
  /** Due instant; null while the clock is paused before reaching its target. */
  dueAt: number | null;
  /** Business ms the target still has while paused. */
  remainingMs: number;
  /** Business ms consumed (running time only) up to the stop or now. */
  usedMs: number;
  stoppedAt: number | null;
  breached: boolean;
  /** Business ms beyond the target (0 when met or on time). */
  breachMs: number;
}

export interface CaseClockResult {
  response: ClockOutcome;
  resolution: ClockOutcome | null;
  status: SlaStatus | null;
  /** Share of the active target used, 0–100+ (for countdowns and the warning). */
  usedPercent: number;
  respondedAt: number | null;
  resolvedAt: number | null;
  /** Wall-clock ms spent on hold up to now (the host's total_hold_seconds is this / 1000). */
  holdMs: number;
  onHoldSince: number | null;
  /** When the status can next change by time alone (warning, then due); null when only a status change can. */
  nextChangeAt: number | null;
}

interface Segment {
  start: number;
  end: number; // Infinity for the current one
  status: string;
  running: boolean;
}

/** Cuts the history into segments. A resolved spell followed by a reopen is hold time; the final one stops. */
export function segmentsOf(input: Pick<CaseClockInput, 'receivedAt' | 'history' | 'pauseStatuses'>): Segment[] {
  const changes = [...input.history].filter((c) => c.at >= input.receivedAt).sort((a, b) => a.at - b.at);
  const points: StatusChange[] = [{ status: 'Open', at: input.receivedAt }, ...changes];
  const segments: Segment[] = [];
  points.forEach((p, i) => {
    const end = points[i + 1]?.at ?? Infinity;
    if (end <= p.at && end !== Infinity) return; // zero-length: superseded at the same instant
    const stopped = RESOLVED_STATUSES.has(p.status) || p.status === CANCELLED_STATUS;
    segments.push({ start: p.at, end, status: p.status, running: !stopped && !input.pauseStatuses.has(p.status) });
  });
  return segments;
}

/** Runs one clock over the segments until `stopAt` (or forever), against a target of `targetMs`. */
export function runClock(
  cal: CompiledCalendar,
  segments: readonly Segment[],
  targetMs: number,
  stopAt: number | null,
  now: number,
): ClockOutcome {
  const horizon = stopAt ?? now;
  let consumed = 0;
  let dueAt: number | null = null;
  for (const seg of segments) {
    const segEnd = Math.min(seg.end, stopAt ?? Infinity);
    if (seg.start >= segEnd) break;
    if (!seg.running) continue;
    const b = segEnd === Infinity ? Infinity : businessMsBetween(cal, seg.start, segEnd);
    if (consumed + b >= targetMs) {
      dueAt = addBusinessMs(cal, seg.start, targetMs - consumed);
      break;
    }
    consumed += b;
  }
  let usedMs = 0;
  for (const seg of segments) {
    if (seg.start >= horizon) break;
    if (seg.running) usedMs += businessMsBetween(cal, seg.start, Math.min(seg.end, horizon));
  }
  // The clock stopped (responded / resolved) before its target: the deadline it had then.
  if (dueAt === null && stopAt !== null) dueAt = addBusinessMs(cal, stopAt, targetMs - consumed);
  const breachMs = Math.max(0, usedMs - targetMs);
  return {
    dueAt,
    remainingMs: Math.max(0, targetMs - consumed),
    usedMs,
    stoppedAt: stopAt,
    breached: breachMs > 0,
    breachMs,
  };
}

export function computeCaseClock(input: CaseClockInput): CaseClockResult {
  const cal = input.calendar;
  // Changes stamped after `now` (clock skew between host and companion) have not happened yet.
  const segments = segmentsOf({ ...input, history: input.history.filter((c) => c.at <= input.now) });
  const last = segments.at(-1);
  const current = last?.status ?? 'Open';
  const terminal = RESOLVED_STATUSES.has(current) || current === CANCELLED_STATUS;
  // The resolved spell ends the clock when it is the last one; an earlier Resolved → Closed run counts from its start.
  let stopIndex = segments.length - 1;
  while (
    terminal &&
    stopIndex > 0 &&
    !segments[stopIndex - 1]?.running &&
    RESOLVED_STATUSES.has(segments[stopIndex - 1]?.status ?? '')
  )
    stopIndex--;
  const resolvedAt = terminal && current !== CANCELLED_STATUS ? (segments[stopIndex]?.start ?? null) : null;
  const clockStop = terminal ? (segments[stopIndex]?.start ?? null) : null;

  const respondedAt =
    input.firstRespondedAt !== null && input.firstRespondedAt >= input.receivedAt
      ? Math.min(input.firstRespondedAt, clockStop ?? Infinity)
      : clockStop;
  const response = runClock(cal, segments, input.responseMinutes * MINUTE_MS, respondedAt, input.now);
  const resolution = input.trackResolution
    ? runClock(cal, segments, input.resolutionMinutes * MINUTE_MS, clockStop, input.now)
    : null;

  let holdMs = 0;
  let onHoldSince: number | null = null;
  // Hold time: pauses, and resolved spells that were reopened; not the final resolved run.
  const holdUntil = terminal ? stopIndex : segments.length - 1;
  segments.slice(0, holdUntil).forEach((seg) => {
    if (!seg.running) holdMs += Math.max(0, Math.min(seg.end, input.now) - seg.start);
  });
  if (last && !terminal && !last.running) {
    onHoldSince = last.start;
    holdMs += Math.max(0, input.now - last.start);
  }

  const active = response.stoppedAt === null ? response : (resolution ?? response);
  const target = active === response ? input.responseMinutes : input.resolutionMinutes;
  const usedPercent = target > 0 ? (active.usedMs / (target * MINUTE_MS)) * 100 : active.usedMs > 0 ? Infinity : 0;
  const breached = response.breached || (resolution?.breached ?? false);

  let status: SlaStatus | null;
  if (current === CANCELLED_STATUS) status = breached ? 'Breached' : null;
  else if (breached) status = 'Breached';
  else if (terminal) status = 'Met';
  else if (onHoldSince !== null) status = 'Paused';
  else if (response.stoppedAt !== null && resolution === null) status = 'Met';
  else status = usedPercent >= input.warningPercent ? 'At Risk' : 'On Track';

  let nextChangeAt: number | null = null;
  if (status === 'On Track' || status === 'At Risk') {
    const targetMs = target * MINUTE_MS;
    nextChangeAt =
      status === 'On Track'
        ? runClock(cal, segments, (targetMs * input.warningPercent) / 100, active.stoppedAt, input.now).dueAt
        : active.dueAt;
  }
  return { response, resolution, status, usedPercent, respondedAt, resolvedAt, holdMs, onHoldSince, nextChangeAt };
}
