/**
 * The post-sales KPIs (issue 17, seed 001) from the host's aggregate rows — counts and sums grouped by a few
 * columns, never one row per case. Pure: the host script `postventa.metrics.dashboard` (and the Query Reports)
 * group; these functions turn the groups into the figures people read. Times are business seconds as the SLA
 * clock stamps them (`first_response_seconds`, `resolution_seconds`: pauses such as waiting on the customer are
 * excluded — domain/sla). Rates are 0–100 with one decimal; null when there is nothing to divide by.
 */

/** One group of cases received in a period: how many, and the sums of their facts. */
export interface CaseGroup {
  status: string;
  channel: string | null;
  priority: string | null;
  proactive: number;
  sla_policy: string | null;
  response_breached: number;
  resolution_breached: number;
  n: number;
  fcr: number;
  recurring: number;
  hours: number;
  cost: number;
}

const DONE = new Set(['Resolved', 'Closed']);
/** Rounds half away from zero, as SQL's ROUND does (the Query Reports and the dashboard agree to the digit). */
export const roundTo = (x: number, digits = 0): number => {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
};
const rate = (part: number, whole: number): number | null => (whole > 0 ? roundTo((100 * part) / whole, 1) : null);
const sum = (rows: CaseGroup[], f: (r: CaseGroup) => number): number => rows.reduce((a, r) => a + f(r), 0);

/** Cases, and those resolved or closed (the denominator of resolution figures). */
export function volume(rows: CaseGroup[]): { cases: number; resolved: number; open: number } {
  const cases = sum(rows, (r) => r.n);
  const resolved = sum(rows, (r) => (DONE.has(r.status) ? r.n : 0));
  const cancelled = sum(rows, (r) => (r.status === 'Cancelled' ? r.n : 0));
  return { cases, resolved, open: cases - resolved - cancelled };
}

/** First-contact resolution: resolved cases with no reassignment, level change, wait or reopening (case_facts). */
export function fcrRate(rows: CaseGroup[]): number | null {
  const done = rows.filter((r) => DONE.has(r.status));
  return rate(
    sum(done, (r) => r.fcr),
    sum(done, (r) => r.n),
  );
}

/**
 * SLA compliance: of the resolved cases under an SLA policy, the share that breached neither the first response
 * nor the resolution target.
 */
export function slaCompliance(rows: CaseGroup[]): number | null {
  const judged = rows.filter((r) => DONE.has(r.status) && r.sla_policy);
  const met = judged.filter((r) => !r.response_breached && !r.resolution_breached);
  return rate(
    sum(met, (r) => r.n),
    sum(judged, (r) => r.n),
  );
}

/** Proactive share: cases the company opened itself (maintenance plan, follow-ups) of all cases. */
export function proactiveShare(rows: CaseGroup[]): number | null {
  return rate(
    sum(rows, (r) => (r.proactive ? r.n : 0)),
    sum(rows, (r) => (r.status === 'Cancelled' ? 0 : r.n)),
  );
}

/** Recurring-problem rate: cases on a serial (or product and symptom) seen within the settings' days. */
export function recurringRate(rows: CaseGroup[]): number | null {
  const live = rows.filter((r) => r.status !== 'Cancelled');
  return rate(
    sum(live, (r) => r.recurring),
    sum(live, (r) => r.n),
  );
}

/** Cost per resolved case (hours × rate + parts, as billing stamps `support_cost`) and hours per resolved case. */
export function costPerCase(rows: CaseGroup[]): { cost: number | null; hours: number | null } {
  const done = rows.filter((r) => DONE.has(r.status));
  const n = sum(done, (r) => r.n);
  if (!n) return { cost: null, hours: null };
  return {
    cost: Math.round(sum(done, (r) => r.cost) / n),
    hours: Math.round((10 * sum(done, (r) => r.hours)) / n) / 10,
  };
}

/** Cases by one dimension (channel, priority), most first, for the volume charts. */
export function countBy(rows: CaseGroup[], key: 'channel' | 'priority' | 'status'): { key: string; n: number }[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r[key] ?? '—', (m.get(r[key] ?? '—') ?? 0) + r.n);
  return [...m].map(([k, n]) => ({ key: k, n })).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
}

/** Reopen rate: resolved cases that were reopened at least once, of the resolved. */
export const reopenRate = (reopened: number, resolved: number): number | null => rate(reopened, resolved);

/** Retention: policies that ended in the period and were renewed, of those that ended. */
export const retention = (ended: number, renewed: number): number | null => rate(renewed, ended);

/** A time figure: the average and the median, in business seconds, of `n` cases. */
export interface TimeFigure {
  n: number;
  average: number | null;
  median: number | null;
}

/**
 * From the host: the count and sum of the times, and the one or two middle values of the sorted times (ORDER BY …
 * LIMIT 2 OFFSET floor((n−1)/2)): the median is the middle one, or the mean of the two when n is even.
 */
export function timeFigure(n: number, total: number, middle: number[]): TimeFigure {
  if (n <= 0) return { n: 0, average: null, median: null };
  const [a, b] = middle;
  const median = a === undefined ? null : n % 2 === 1 || b === undefined ? a : (a + b) / 2;
  return { n, average: Math.round(total / n), median: median === null ? null : Math.round(median) };
}

/** Answers grouped by score. */
export type ScoreCounts = { score: number; n: number }[];

/**
 * Net Promoter Score: promoters (9–10) minus detractors (0–6), as a share of the answers, −100…100 rounded to a
 * whole number; passives (7–8) count only in the total.
 */
export function nps(counts: ScoreCounts): {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
} {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const { score, n } of counts) {
    if (!Number.isInteger(score) || score < 0 || score > 10) continue;
    if (score >= 9) promoters += n;
    else if (score >= 7) passives += n;
    else detractors += n;
  }
  const responses = promoters + passives + detractors;
  return {
    responses,
    promoters,
    passives,
    detractors,
    nps: responses ? roundTo((100 * (promoters - detractors)) / responses) : null,
  };
}

/** CSAT: the average score 1–5 (two decimals) and the share of satisfied answers (4 and 5). */
export function csat(counts: ScoreCounts): { responses: number; average: number | null; satisfied: number | null } {
  let responses = 0;
  let total = 0;
  let satisfied = 0;
  for (const { score, n } of counts) {
    if (!Number.isInteger(score) || score < 1 || score > 5) continue;
    responses += n;
    total += score * n;
    if (score >= 4) satisfied += n;
  }
  return {
    responses,
    average: responses ? roundTo(total / responses, 2) : null,
    satisfied: rate(satisfied, responses),
  };
}

/** A tile's trend against the previous period: the difference and whether it went the good way. */
export function trend(
  current: number | null,
  previous: number | null,
  better: 'higher' | 'lower' | 'neither',
): { delta: number | null; good: boolean | null } {
  if (current === null || previous === null) return { delta: null, good: null };
  const delta = Math.round((current - previous) * 10) / 10;
  if (delta === 0 || better === 'neither') return { delta, good: null };
  return { delta, good: better === 'higher' ? delta > 0 : delta < 0 };
}

/**
 * Root causes as a Pareto: categories by count, most first, with each one's share and the running share — the few
 * causes behind most cases come first. Cases without a category are counted apart, not ranked.
 */
export function pareto(rows: { product: string | null; category: string | null; n: number }[]): {
  unfiled: number;
  items: { product: string; category: string; n: number; share: number; cumulative: number }[];
} {
  const filed = rows.filter((r) => r.category);
  const total = filed.reduce((a, r) => a + r.n, 0);
  const unfiled = rows.filter((r) => !r.category).reduce((a, r) => a + r.n, 0);
  let running = 0;
  const items = filed
    .map((r) => ({ product: r.product ?? '—', category: r.category ?? '', n: r.n }))
    .sort((a, b) => b.n - a.n || a.category.localeCompare(b.category) || a.product.localeCompare(b.product))
    .map((r) => {
      running += r.n;
      return { ...r, share: rate(r.n, total) ?? 0, cumulative: rate(running, total) ?? 0 };
    });
  return { unfiled, items };
}

/**
 * Preventive effectiveness: corrective (not proactive) cases on serials in the `days` after each serial's
 * preventive visit, against the same number of days before it. A drop means the maintenance works.
 */
export function preventiveEffect(
  visits: { serial: string; date: string }[],
  cases: { serial: string; date: string }[],
  days: number,
): { serials: number; before: number; after: number; change: number | null } {
  const ms = days * 86_400_000;
  const first = new Map<string, number>();
  for (const v of visits) {
    const t = Date.parse(`${v.date.slice(0, 10)}T00:00:00Z`);
    if (!Number.isNaN(t) && (!first.has(v.serial) || t < (first.get(v.serial) ?? t))) first.set(v.serial, t);
  }
  let before = 0;
  let after = 0;
  for (const c of cases) {
    const at = first.get(c.serial);
    if (at === undefined) continue;
    const t = Date.parse(`${c.date.slice(0, 10)}T00:00:00Z`);
    if (t < at && t >= at - ms) before++;
    else if (t >= at && t < at + ms) after++;
  }
  return {
    serials: first.size,
    before,
    after,
    change: before ? Math.round((1000 * (after - before)) / before) / 10 : null,
  };
}

/** Customer lifetime value: what their submitted invoices add up to; the average over the customers invoiced. */
export function lifetimeValue(rows: { customer: string; total: number }[]): {
  customers: number;
  average: number | null;
  top: { customer: string; total: number }[];
} {
  const paid = rows.filter((r) => r.total > 0);
  const total = paid.reduce((a, r) => a + r.total, 0);
  return {
    customers: paid.length,
    average: paid.length ? Math.round(total / paid.length) : null,
    top: [...paid].sort((a, b) => b.total - a.total || a.customer.localeCompare(b.customer)).slice(0, 10),
  };
}
