/**
 * The figures of a póliza's monthly report (seed 000, phase 3; issue 15): what the month consumed against the
 * allowance, cases opened and resolved by priority and severity, SLA compliance and the average first-response and
 * resolution times in business hours against the SLA's targets, incidents by product, module and type, the visits
 * done, the technicians' recommendations and what is still open. Pure: the cases arrive with their host-stamped SLA
 * facts (`first_response_seconds` and `resolution_seconds` are business seconds, pauses excluded — domain/sla), and
 * dates are the site's local "YYYY-MM-DD HH:mm:ss" strings, compared as text.
 */
import { DateTime } from 'luxon';
import { periodContaining } from '../billing/policy.ts';
import { isFinishedStatus } from '../case/status.ts';

export interface ReportCase {
  name: string;
  subject: string | null;
  status: string;
  priority: string | null;
  severity: string | null;
  product: string | null;
  module: string | null;
  case_type: string | null;
  received_on: string | null;
  first_responded_on: string | null;
  resolved_on: string | null;
  first_response_seconds: number | null;
  resolution_seconds: number | null;
  response_breached: boolean;
  resolution_breached: boolean;
}

/** Hours logged on a case (Timesheet rows), by the day they were worked. */
export interface ReportTimeLog {
  support_case: string;
  date: string;
  hours: number;
}

export interface ReportVisit {
  name: string;
  /** When it was finished (site time). */
  finished_on: string | null;
  technician: string | null;
  serial_no: string | null;
  support_case: string | null;
  /** The technician's recommendations, as plain text. */
  recommendations: string;
}

export interface ReportTarget {
  priority: string | null;
  severity: string | null;
  response_minutes: number | null;
  resolution_minutes: number | null;
}

export interface MonthlyInput {
  /** First and last day of the month (ISO dates). */
  month: { start: string; end: string };
  policy: {
    allowance_hours: number;
    allowance_cases: number;
    /** The allowance's period (Monthly, Quarterly, Yearly), counted from the póliza's start. */
    period: string | null;
    start_date: string | null;
    end_date: string | null;
  };
  /** Time logged on the cases from the start of the allowance's period that holds the month's last day. */
  timeLogs: readonly ReportTimeLog[];
  targets: readonly ReportTarget[];
  cases: readonly ReportCase[];
  visits: readonly ReportVisit[];
  /** What a manager wrote on the report itself (plain text). */
  extraRecommendations: string;
}

export interface Tally {
  key: string;
  opened: number;
  resolved: number;
}
export interface TimeRow {
  priority: string;
  responded: number;
  avgResponseHours: number | null;
  targetResponseHours: number | null;
  resolved: number;
  avgResolutionHours: number | null;
  targetResolutionHours: number | null;
}
export interface CountRow {
  key: string;
  count: number;
}

export interface MonthlyKpis {
  month: { start: string; end: string };
  usage: {
    monthHours: number;
    monthCases: number;
    allowanceHours: number;
    allowanceCases: number;
    period: string | null;
    /** The allowance's period that holds the month's last day, counted up to that day. */
    periodStart: string | null;
    periodEnd: string | null;
    periodHours: number;
    periodCases: number;
    /** Share of the allowance used in the period (0–∞; null when nothing is included). */
    hoursShare: number | null;
    casesShare: number | null;
  };
  opened: number;
  resolved: number;
  byPriority: Tally[];
  bySeverity: Tally[];
  sla: {
    /** Cases resolved in the month that had an SLA promise. */
    measured: number;
    met: number;
    /** Percent met (one decimal), null when nothing was measured. */
    compliance: number | null;
    avgResponseHours: number | null;
    targetResponseHours: number | null;
    avgResolutionHours: number | null;
    targetResolutionHours: number | null;
    byPriority: TimeRow[];
  };
  byProduct: CountRow[];
  byModule: CountRow[];
  byType: CountRow[];
  visits: { name: string; date: string | null; technician: string | null; serial: string | null }[];
  recommendations: { source: string; date: string | null; text: string }[];
  open: { name: string; subject: string | null; status: string; priority: string | null; received: string | null }[];
}

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const SEVERITIES = ['S1', 'S2', 'S3', 'S4'];
const NONE = '—';

const inMonth = (at: string | null, m: { start: string; end: string }): boolean =>
  !!at && at.slice(0, 10) >= m.start && at.slice(0, 10) <= m.end;
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
const mean = (xs: readonly number[]): number | null =>
  xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 2) : null;

/** The SLA target of a case: its priority and severity's row, else its priority's, else none. */
function targetOf(c: ReportCase, targets: readonly ReportTarget[]): ReportTarget | null {
  return (
    targets.find((t) => t.priority === c.priority && t.severity === c.severity) ??
    targets.find((t) => t.priority === c.priority && !t.severity) ??
    targets.find((t) => t.priority === c.priority) ??
    null
  );
}

function tally(keys: readonly string[], of: (c: ReportCase) => string | null, input: MonthlyInput): Tally[] {
  const rows = new Map<string, Tally>(keys.map((k) => [k, { key: k, opened: 0, resolved: 0 }]));
  for (const c of input.cases) {
    const key = of(c) ?? NONE;
    const row = rows.get(key) ?? { key, opened: 0, resolved: 0 };
    if (inMonth(c.received_on, input.month)) row.opened++;
    if (inMonth(c.resolved_on, input.month)) row.resolved++;
    rows.set(key, row);
  }
  return [...rows.values()].filter((r) => keys.includes(r.key) || r.opened || r.resolved);
}

function counts(of: (c: ReportCase) => string | null, cases: readonly ReportCase[]): CountRow[] {
  const m = new Map<string, number>();
  for (const c of cases) {
    const key = of(c)?.trim() || NONE;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return [...m.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => +(a.key === NONE) - +(b.key === NONE) || b.count - a.count || a.key.localeCompare(b.key));
}

const hours = (seconds: number | null): number | null => (seconds === null ? null : seconds / 3600);
const minutesToHours = (m: number | null | undefined): number | null => (m ? m / 60 : null);

function times(cases: readonly ReportCase[], input: MonthlyInput): Omit<TimeRow, 'priority'> {
  const responded = cases.filter(
    (c) => inMonth(c.first_responded_on, input.month) && c.first_response_seconds !== null,
  );
  const resolved = cases.filter((c) => inMonth(c.resolved_on, input.month) && c.resolution_seconds !== null);
  const targetsOf = (list: readonly ReportCase[], pick: (t: ReportTarget) => number | null): number[] =>
    list.flatMap((c) => {
      const t = targetOf(c, input.targets);
      const v = t ? minutesToHours(pick(t)) : null;
      return v === null ? [] : [v];
    });
  return {
    responded: responded.length,
    avgResponseHours: mean(responded.flatMap((c) => hours(c.first_response_seconds) ?? [])),
    targetResponseHours: mean(targetsOf(responded, (t) => t.response_minutes)),
    resolved: resolved.length,
    avgResolutionHours: mean(resolved.flatMap((c) => hours(c.resolution_seconds) ?? [])),
    targetResolutionHours: mean(targetsOf(resolved, (t) => t.resolution_minutes)),
  };
}

function sla(input: MonthlyInput): MonthlyKpis['sla'] {
  const measured = input.cases.filter((c) => inMonth(c.resolved_on, input.month) && targetOf(c, input.targets));
  const met = measured.filter((c) => !c.response_breached && !c.resolution_breached).length;
  const all = times(input.cases, input);
  return {
    measured: measured.length,
    met,
    compliance: measured.length ? round((met / measured.length) * 100) : null,
    avgResponseHours: all.avgResponseHours,
    targetResponseHours: all.targetResponseHours,
    avgResolutionHours: all.avgResolutionHours,
    targetResolutionHours: all.targetResolutionHours,
    byPriority: PRIORITIES.map((p) => ({
      priority: p,
      ...times(
        input.cases.filter((c) => c.priority === p),
        input,
      ),
    })).filter((r) => r.responded || r.resolved),
  };
}

function usage(input: MonthlyInput, opened: number): MonthlyKpis['usage'] {
  const p = input.policy;
  const span = periodContaining(p, input.month.end);
  const within = (at: string | null, from: string): boolean =>
    !!at && at.slice(0, 10) >= from && at.slice(0, 10) <= input.month.end;
  const sum = (from: string): number =>
    round(
      input.timeLogs.filter((t) => within(t.date, from)).reduce((a, t) => a + t.hours, 0),
      2,
    );
  const periodHours = span ? sum(span.start) : 0;
  const periodCases = span ? input.cases.filter((c) => within(c.received_on, span.start)).length : 0;
  const share = (used: number, cap: number): number | null => (cap > 0 ? round(used / cap, 3) : null);
  return {
    monthHours: sum(input.month.start),
    monthCases: opened,
    allowanceHours: p.allowance_hours,
    allowanceCases: p.allowance_cases,
    period: p.period,
    periodStart: span?.start ?? null,
    periodEnd: span?.end ?? null,
    periodHours,
    periodCases,
    hoursShare: share(periodHours, p.allowance_hours),
    casesShare: share(periodCases, p.allowance_cases),
  };
}

export function monthlyKpis(input: MonthlyInput): MonthlyKpis {
  const opened = input.cases.filter((c) => inMonth(c.received_on, input.month));
  const visits = [...input.visits]
    .filter((v) => inMonth(v.finished_on, input.month))
    .sort((a, b) => (a.finished_on ?? '').localeCompare(b.finished_on ?? ''));
  const day = (at: string | null): string | null => (at ? at.slice(0, 10) : null);
  return {
    month: input.month,
    usage: usage(input, opened.length),
    opened: opened.length,
    resolved: input.cases.filter((c) => inMonth(c.resolved_on, input.month)).length,
    byPriority: tally(PRIORITIES, (c) => c.priority, input),
    bySeverity: tally(SEVERITIES, (c) => c.severity, input),
    sla: sla(input),
    byProduct: counts((c) => c.product, opened),
    byModule: counts((c) => c.module, opened),
    byType: counts((c) => c.case_type, opened),
    visits: visits.map((v) => ({
      name: v.name,
      date: day(v.finished_on),
      technician: v.technician,
      serial: v.serial_no,
    })),
    recommendations: [
      ...visits
        .filter((v) => v.recommendations.trim())
        .map((v) => ({ source: v.name, date: day(v.finished_on), text: v.recommendations.trim() })),
      ...(input.extraRecommendations.trim()
        ? [{ source: 'report', date: null, text: input.extraRecommendations.trim() }]
        : []),
    ],
    open: input.cases
      .filter((c) => !isFinishedStatus(c.status))
      .sort((a, b) => (a.received_on ?? '').localeCompare(b.received_on ?? ''))
      .map((c) => ({
        name: c.name,
        subject: c.subject,
        status: c.status,
        priority: c.priority,
        received: day(c.received_on),
      })),
  };
}

/**
 * The month a report is due for on `today` (ISO date): the month before, from the configured day on (1–28; a
 * replica that was down on the day still makes it later that month); null before the day.
 */
export function reportMonthDue(today: string, reportDay: number | null): { start: string; end: string } | null {
  const d = DateTime.fromISO(today);
  if (!d.isValid) return null;
  const day = Math.min(28, Math.max(1, Math.trunc(reportDay ?? 1) || 1));
  if (d.day < day) return null;
  return monthOf(d.minus({ months: 1 }).toISODate() ?? today);
}

/** The calendar month that holds an ISO date. */
export function monthOf(date: string): { start: string; end: string } {
  const d = DateTime.fromISO(date);
  return { start: d.startOf('month').toISODate() ?? date, end: d.endOf('month').toISODate() ?? date };
}

/** The key that makes one report per póliza and month: "<policy>|YYYY-MM". */
export const reportKey = (policy: string, monthStart: string): string => `${policy}|${monthStart.slice(0, 7)}`;
