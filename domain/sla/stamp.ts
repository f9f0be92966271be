/**
 * What the companion writes on a Support Case, computed from the case's own list row and cached
 * configuration only, so a sweep needs no request per case: deadlines, status, breach flags, first-response and
 * resolution business seconds, hold time, the next moment the status can change by time alone, level escalations,
 * and the events to record once (warnings, breaches, escalations). The timeline of status and level changes the
 * companion has observed travels on the case (`sla_timeline`). Only changed fields are returned.
 */
import { walkEscalations, type EscalationRule, type SupportLevel } from '../escalation/escalation.ts';
import { OPEN_STATUSES } from '../case/status.ts';
import { businessMsBetween } from './business-time.ts';
import type { CompiledCalendar } from './calendar.ts';
import { computeCaseClock, type StatusChange } from './case-clock.ts';
import { formatBusinessDuration } from './explain.ts';
import { formatFrappeDatetime, parseFrappeDatetime } from './frappe-time.ts';
import { targetFor, type Priority, type Severity, type SlaPolicyRules } from './targets.ts';

export interface TimelineEntry {
  s?: string;
  l?: string;
  at: string;
}

/** The list-row fields stamping reads (Frappe values: datetimes as text, checks as 0/1). */
export interface CaseRow {
  name: string;
  status: string;
  priority: string;
  severity: string;
  support_level: string;
  received_on: string | null;
  creation: string;
  modified: string;
  service_policy: string | null;
  first_responded_on: string | null;
  requires_specialist: number;
  affected_users: number;
  sla_timeline: string | null;
  [stored: string]: unknown;
}

export interface StampContext {
  now: number;
  /** The site's system time zone: Frappe datetimes are naive wall-clock there. */
  zone: string;
  policy: SlaPolicyRules | null;
  calendar: CompiledCalendar | null;
  vip: boolean;
  servicePolicy: string | null;
  escalationRules: readonly EscalationRule[];
  multipleUsersThreshold: number;
}

export interface StampEvent {
  dedupeKey: string;
  eventType: 'SLA Warning' | 'SLA Breach' | 'Level Change' | 'Status Change';
  fromValue: string;
  toValue: string;
  reason: string;
  at: string;
  /** Business seconds spent in the previous state (status changes; null without a calendar). */
  businessSeconds?: number | null;
  /** Status changes are recorded for the timeline only; SLA events and escalations also notify. */
  notify: boolean;
}

export interface Stamp {
  patch: Record<string, unknown>;
  events: StampEvent[];
}

const OPEN: ReadonlySet<string> = new Set(OPEN_STATUSES);

export function parseTimeline(raw: string | null): TimelineEntry[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v)
      ? v.filter((e): e is TimelineEntry => !!e && typeof e === 'object' && typeof (e as TimelineEntry).at === 'string')
      : [];
  } catch {
    return [];
  }
}

/** Frappe values compare equal when they mean the same: null/"" and "10:00:00.000000"/"10:00:00". */
function canon(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(s) ? s.slice(0, 19) : s;
}

/** Datetime helpers in the site's zone for one stamping. */
interface Clock {
  parse(s: string): number;
  fmt(ms: number): string;
}

export function stampCase(row: CaseRow, ctx: StampContext): Stamp {
  const clock: Clock = {
    parse: (s) => parseFrappeDatetime(s, ctx.zone, 'datetime'),
    fmt: (ms) => formatFrappeDatetime(ms, ctx.zone),
  };
  const { timeline, events } = observeChanges(row, ctx, clock);
  const desired: Record<string, unknown> = {
    sla_timeline: JSON.stringify(timeline),
    is_vip: ctx.vip ? 1 : 0,
    service_policy: ctx.servicePolicy ?? row.service_policy ?? null,
  };
  const target = ctx.policy && ctx.calendar ? safeTarget(ctx.policy, row.priority, row.severity) : null;
  if (!ctx.policy || !ctx.calendar || !target) {
    Object.assign(desired, {
      sla_policy: null,
      response_by: null,
      resolution_by: null,
      sla_status: '',
      sla_next_check_on: null,
      sla_sort_key: sortKey(row, null, clock),
    });
  } else {
    const sla = { policy: ctx.policy, calendar: ctx.calendar, target };
    const history: StatusChange[] = timeline
      .filter((e) => e.s !== undefined)
      .map((e) => ({ status: String(e.s), at: clock.parse(e.at) }));
    const r = runClock(row, ctx, sla, history, clock);
    Object.assign(desired, clockFields(row, ctx, sla.policy, history, r, clock), {
      sla_sort_key: sortKey(row, r, clock),
    });
    events.push(...slaEvents(row, r, clock, ctx.now));
    if (OPEN.has(row.status)) escalate(row, ctx, sla, { timeline, history, r, desired, events }, clock);
  }
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(desired))
    if (canon(v) !== canon(k === 'support_level' ? row.support_level : row[k])) patch[k] = v;
  return { patch, events };
}

function receivedText(row: CaseRow): string {
  return row.received_on ?? row.creation;
}

/** The status and level changes the companion has not seen yet join the timeline; a status change is an event. */
function observeChanges(
  row: CaseRow,
  ctx: StampContext,
  clock: Clock,
): { timeline: TimelineEntry[]; events: StampEvent[] } {
  const received = receivedText(row).slice(0, 19);
  const timeline = parseTimeline(row.sla_timeline);
  const previous = timeline.filter((e) => e.s !== undefined).at(-1);
  const levels = timeline.filter((e) => e.l !== undefined);
  const events: StampEvent[] = [];
  if (!previous) timeline.push({ s: row.status, at: received });
  else if (previous.s !== row.status) {
    const at = row.modified.slice(0, 19);
    timeline.push({ s: row.status, at });
    // Where the time went: the business time the case spent in the state it just left.
    let businessSeconds: number | null = null;
    if (ctx.calendar) {
      try {
        businessSeconds = Math.round(businessMsBetween(ctx.calendar, clock.parse(previous.at), clock.parse(at)) / 1000);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e; // outside the compiled calendar: recorded without a duration
      }
    }
    events.push({
      dedupeKey: `${row.name}|status|${previous.at}>${at}|${row.status}`,
      eventType: 'Status Change',
      fromValue: String(previous.s),
      toValue: row.status,
      at,
      reason: '',
      businessSeconds,
      notify: false,
    });
  }
  if (!levels.length) timeline.push({ l: row.support_level, at: received });
  else if (levels.at(-1)?.l !== row.support_level)
    timeline.push({ l: row.support_level, at: row.modified.slice(0, 19) });
  return { timeline, events };
}

interface Sla {
  policy: SlaPolicyRules;
  calendar: CompiledCalendar;
  target: { responseMinutes: number; resolutionMinutes: number };
}

type ClockResult = ReturnType<typeof computeCaseClock>;

function runClock(row: CaseRow, ctx: StampContext, sla: Sla, history: StatusChange[], clock: Clock): ClockResult {
  const receivedAt = clock.parse(receivedText(row));
  const leftOpen = history.find((h) => h.status !== 'Open' && h.at >= receivedAt);
  return computeCaseClock({
    calendar: sla.calendar,
    receivedAt,
    responseMinutes: sla.target.responseMinutes,
    resolutionMinutes: sla.target.resolutionMinutes,
    trackResolution: sla.policy.trackResolution,
    warningPercent: sla.policy.warningPercent,
    pauseStatuses: new Set(sla.policy.pauseStatuses),
    history,
    firstRespondedAt: row.first_responded_on ? clock.parse(row.first_responded_on) : (leftOpen?.at ?? null),
    now: ctx.now,
  });
}

/** The case fields the clock decides. */
function clockFields(
  row: CaseRow,
  ctx: StampContext,
  policy: SlaPolicyRules,
  history: StatusChange[],
  r: ClockResult,
  { fmt }: Clock,
): Record<string, unknown> {
  const closedEntry = [...history].reverse().find((h) => h.status === 'Closed');
  const ongoingHold = r.onHoldSince !== null ? Math.max(0, ctx.now - r.onHoldSince) : 0;
  return {
    sla_policy: policy.name,
    response_by: r.response.dueAt === null ? null : fmt(r.response.dueAt),
    resolution_by: r.resolution?.dueAt == null ? null : fmt(r.resolution.dueAt),
    first_responded_on: row.first_responded_on ?? (r.respondedAt === null ? null : fmt(r.respondedAt)),
    resolved_on: r.resolvedAt === null ? null : fmt(r.resolvedAt),
    closed_on: row.status === 'Closed' && closedEntry ? fmt(closedEntry.at) : null,
    on_hold_since: r.onHoldSince === null ? null : fmt(r.onHoldSince),
    // Completed holds only: a running pause would change this every sweep; the UI adds now − on_hold_since.
    total_hold_seconds: Math.round((r.holdMs - ongoingHold) / 1000),
    sla_status: r.status ?? '',
    response_breached: r.response.breached ? 1 : 0,
    resolution_breached: r.resolution?.breached ? 1 : 0,
    // Int columns cannot hold null on Frappe (they read back 0): "not yet" is 0, or every pass would rewrite it.
    first_response_seconds: r.respondedAt === null ? 0 : Math.round(r.response.usedMs / 1000),
    resolution_seconds: r.resolvedAt === null || !r.resolution ? 0 : Math.round(r.resolution.usedMs / 1000),
    sla_next_check_on: r.nextChangeAt === null ? null : fmt(r.nextChangeAt),
  };
}

/**
 * The queue's "most urgent first" as one sortable text: cases with a running deadline first, by the deadline that
 * matters next (the first response until it is given, then the resolution), overdue ones earliest; then paused cases
 * and cases without an SLA; finished cases last. Ties go to the more urgent priority and severity (P1/S1 first).
 */
export function sortKey(row: Pick<CaseRow, 'status' | 'priority' | 'severity'>, r: ClockResult | null, { fmt }: Clock) {
  const urgency = `${row.priority || 'P9'}${row.severity || 'S9'}`;
  if (!OPEN.has(row.status)) return `3|${urgency}`;
  const next =
    !r || r.onHoldSince !== null ? null : r.respondedAt === null ? r.response.dueAt : (r.resolution?.dueAt ?? null);
  if (next !== null) return `0|${fmt(next)}|${urgency}`;
  return r ? `1|${urgency}` : `2|${urgency}`;
}

/** A warning when the case first turns At Risk, and a breach event per deadline when it is first missed. */
function slaEvents(row: CaseRow, r: ClockResult, { fmt }: Clock, nowMs: number): StampEvent[] {
  const events: StampEvent[] = [];
  const now = fmt(nowMs);
  if (r.status === 'At Risk' && row.sla_status !== 'At Risk') {
    const which = r.response.stoppedAt === null ? 'response' : 'resolution';
    const due = which === 'response' ? r.response.dueAt : (r.resolution?.dueAt ?? null);
    const dueText = due === null ? '' : fmt(due);
    const used = Math.round(r.usedPercent);
    const left = due === null ? 0 : Math.max(0, due - nowMs);
    events.push({
      dedupeKey: `${row.name}|warning|${which}|${dueText}`,
      eventType: 'SLA Warning',
      notify: true,
      fromValue: String(row.sla_status ?? ''),
      toValue: 'At Risk',
      at: now,
      reason:
        which === 'response'
          ? `Se consumió el ${used}% del plazo de respuesta; vence ${dueText}. / ${used}% of the response time used; due ${dueText}.`
          : `Se consumió el ${used}% del plazo de resolución (quedan ${formatBusinessDuration(left)} corridas); vence ${dueText}. / ${used}% of the resolution time used; due ${dueText}.`,
    });
  }
  if (r.response.breached && Number(row.response_breached ?? 0) === 0 && r.response.dueAt !== null) {
    const due = fmt(r.response.dueAt);
    events.push({
      dedupeKey: `${row.name}|breach|response|${due}`,
      eventType: 'SLA Breach',
      notify: true,
      fromValue: 'response',
      toValue: 'Breached',
      at: now,
      reason: `Plazo de primera respuesta vencido (${due}). / First response deadline missed (${due}).`,
    });
  }
  if (r.resolution?.breached && Number(row.resolution_breached ?? 0) === 0 && r.resolution.dueAt !== null) {
    const due = fmt(r.resolution.dueAt);
    events.push({
      dedupeKey: `${row.name}|breach|resolution|${due}`,
      eventType: 'SLA Breach',
      notify: true,
      fromValue: 'resolution',
      toValue: 'Breached',
      at: now,
      reason: `Plazo de resolución vencido (${due}). / Resolution deadline missed (${due}).`,
    });
  }
  return events;
}

interface Stamping {
  timeline: TimelineEntry[];
  history: StatusChange[];
  r: ClockResult;
  desired: Record<string, unknown>;
  events: StampEvent[];
}

/** Level escalations due on an open case join the timeline; the next one, if sooner, is when to look again. */
function escalate(row: CaseRow, ctx: StampContext, sla: Sla, s: Stamping, { parse, fmt }: Clock): void {
  const since = s.timeline.filter((e) => e.l !== undefined).at(-1);
  const { due: steps, nextAt } = walkEscalations({
    calendar: sla.calendar,
    level: row.support_level as SupportLevel,
    levelSince: since ? parse(since.at) : parse(receivedText(row)),
    status: row.status,
    history: s.history,
    pauseStatuses: new Set(sla.policy.pauseStatuses),
    rules: ctx.escalationRules,
    severity: row.severity,
    requiresSpecialist: Number(row.requires_specialist) === 1,
    affectedUsers: Number(row.affected_users ?? 1),
    multipleUsersThreshold: ctx.multipleUsersThreshold,
    now: ctx.now,
  });
  // The sweep looks at the case again at its next SLA change or its next escalation, whichever comes first.
  const nextLevelAt = steps.length ? null : nextAt;
  if (nextLevelAt !== null && (s.r.nextChangeAt === null || nextLevelAt < s.r.nextChangeAt))
    s.desired.sla_next_check_on = fmt(nextLevelAt);
  for (const step of steps) {
    s.timeline.push({ l: step.to, at: fmt(step.dueAt) });
    s.events.push({
      dedupeKey: `${row.name}|level|${step.from}>${step.to}|${since?.at ?? receivedText(row).slice(0, 19)}`,
      eventType: 'Level Change',
      notify: true,
      fromValue: step.from,
      toValue: step.to,
      at: fmt(step.dueAt),
      reason: `${step.message.es} / ${step.message.en}`,
    });
  }
  if (steps.length) {
    s.desired.support_level = steps.at(-1)?.to;
    s.desired.sla_timeline = JSON.stringify(s.timeline);
  }
}

function safeTarget(
  policy: SlaPolicyRules,
  priority: string,
  severity: string,
): { responseMinutes: number; resolutionMinutes: number } | null {
  try {
    return targetFor(policy, priority as Priority, severity as Severity);
  } catch {
    return null;
  }
}
