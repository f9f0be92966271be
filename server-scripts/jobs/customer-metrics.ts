/**
 * The nightly Customer Metric Snapshot (issue 17): once a day (the first sweep of the site's day; the job's state
 * keeps the last day done, and the host's unique key makes a second replica write nothing), every customer's last
 * 30 days — cases, resolutions, contacts, hours, response and resolution times, first-contact resolution, SLA
 * compliance, CSAT, NPS, revenue — with the at-risk score and its reasons (domain/metrics/risk.ts) and the value ×
 * risk segment. Each figure is one grouped query over all customers (GROUP BY customer), so the requests do not
 * grow with the customers: about fifteen reads, and one write per 500 customers. A customer entering the risk list
 * is alerted once (`postventa.metrics.snapshots`).
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';
import type { Filter, HostClient } from '../../host-client/client.ts';
import { siteZone } from '../companion/sla-context.ts';
import { enteredRisk, riskScore, RISK_WORDS, segments, type RiskSettings } from '../../domain/metrics/risk.ts';

export const config: JobConfig = { name: 'customer-metrics', schedule: { everySweep: true } };

const num = z.coerce.number().nullish();
const Settings = z.object({
  at_risk_csat_threshold: num,
  at_risk_nps_threshold: num,
  at_risk_breaches_per_month: num,
  at_risk_score_threshold: num,
});
const Row = z.object({ customer: z.string().nullish() }).catchall(z.unknown());
type Row = z.infer<typeof Row>;

/** customer → the row's numeric columns, from one grouped query. */
async function byCustomer(
  client: HostClient,
  doctype: string,
  fields: string[],
  filters: Filter[],
  extraGroup = '',
): Promise<Map<string, Row[]>> {
  const rows = await client.allRows(
    doctype,
    {
      fields: ['customer', ...fields],
      filters: [...filters, ['customer', 'is', 'set']],
      groupBy: `customer${extraGroup}`,
    },
    Row,
  );
  const out = new Map<string, Row[]>();
  for (const r of rows) if (r.customer) out.set(r.customer, [...(out.get(r.customer) ?? []), r]);
  return out;
}
const n = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0)) || 0;
const total = (rows: Row[] | undefined, f: string, where: (r: Row) => boolean = () => true): number =>
  (rows ?? []).filter(where).reduce((a, r) => a + n(r[f]), 0);
const DONE = (r: Row): boolean => r.status === 'Resolved' || r.status === 'Closed';
const at = (date: string, end = false): string => `${date} ${end ? '23:59:59' : '00:00:00'}`;

/** The case signals of every customer: one grouped query each (GROUP BY customer). */
async function gatherCases(c: HostClient, today: DateTime) {
  const day = today.toISODate() ?? '';
  const d = (days: number): string => today.minus({ days }).toFormat('yyyy-MM-dd');
  const recent: Filter[] = [['received_on', 'between', [at(d(29)), at(day, true)]]];
  const cases = await byCustomer(
    c,
    'Support Case',
    [
      'status',
      'count(name) as n',
      'sum(resolved_on_first_contact) as fcr',
      'sum(recurring_problem) as recurring',
      'sum(hours_logged) as hours',
    ],
    recent,
    ', status',
  );
  const sla = await byCustomer(
    c,
    'Support Case',
    ['response_breached', 'resolution_breached', 'count(name) as n'],
    [...recent, ['sla_policy', 'is', 'set'], ['status', 'in', ['Resolved', 'Closed']]],
    ', response_breached, resolution_breached',
  );
  const frt = await byCustomer(
    c,
    'Support Case',
    ['count(name) as n', 'sum(first_response_seconds) as s'],
    [...recent, ['first_response_seconds', '>', 0]],
  );
  const ttr = await byCustomer(
    c,
    'Support Case',
    ['count(name) as n', 'sum(resolution_seconds) as s'],
    [...recent, ['resolution_seconds', '>', 0], ['status', 'in', ['Resolved', 'Closed']]],
  );
  const month = today.startOf('month').toFormat('yyyy-MM-dd');
  const breaches = await byCustomer(
    c,
    'Support Case',
    ['sum(response_breached) as r', 'sum(resolution_breached) as s'],
    [['received_on', '>=', at(month)]],
  );
  const before = await byCustomer(
    c,
    'Support Case',
    ['count(name) as n'],
    [['received_on', 'between', [at(d(119)), at(d(30), true)]]],
  );
  const open = ['Open', 'In Progress', 'Waiting on Customer', 'Escalated to Development'];
  const escalated = await byCustomer(
    c,
    'Support Case',
    ['count(name) as n'],
    [['status', '=', 'Escalated to Development']],
  );
  const urgent = await byCustomer(
    c,
    'Support Case',
    ['count(name) as n'],
    [
      ['status', 'in', open.filter((s) => s !== 'Escalated to Development')],
      ['priority', '=', 'P1'],
    ],
  );
  return { cases, sla, frt, ttr, breaches, before, escalated, urgent };
}

/** The satisfaction, money, renewal and contact signals of every customer. */
async function gatherMore(c: HostClient, today: DateTime) {
  const day = today.toISODate() ?? '';
  const d = (days: number): string => today.minus({ days }).toFormat('yyyy-MM-dd');
  const answered = (from: number, to: number): Filter[] => [
    ['status', '=', 'Answered'],
    ['responded_on', 'between', [at(d(from)), at(d(to), true)]],
  ];
  const csatRecent = await byCustomer(
    c,
    'Survey Response',
    ['count(name) as n', 'sum(csat) as s'],
    [...answered(29, 0), ['csat', '>', 0]],
  );
  const csatBefore = await byCustomer(
    c,
    'Survey Response',
    ['count(name) as n', 'sum(csat) as s'],
    [...answered(119, 30), ['csat', '>', 0]],
  );
  const npsRows = await byCustomer(
    c,
    'Survey Response',
    ['min(nps) as low', 'count(name) as n', 'sum(nps) as s'],
    [...answered(89, 0), ['nps', 'is', 'set']],
  );
  const overdue = await byCustomer(
    c,
    'Sales Invoice',
    ['count(name) as n'],
    [
      ['docstatus', '=', 1],
      ['outstanding_amount', '>', 0],
      ['due_date', '<', day],
    ],
  );
  const revenue = await byCustomer(
    c,
    'Sales Invoice',
    ['sum(base_grand_total) as s'],
    [
      ['docstatus', '=', 1],
      ['posting_date', 'between', [d(364), day]],
    ],
  );
  const renewal = await byCustomer(
    c,
    'Service Policy',
    ['min(end_date) as ends'],
    [
      ['status', '=', 'Active'],
      ['end_date', 'between', [day, d(-45)]],
      ['renewed_to', 'is', 'not set'],
    ],
  );
  const contacts = await byCustomer(
    c,
    'Customer Interaction',
    ['proactive', 'count(name) as n'],
    [['interaction_date', 'between', [at(d(29)), at(day, true)]]],
    ', proactive',
  );
  return {
    csatRecent,
    csatBefore,
    npsRows,
    overdue,
    revenue,
    renewal,
    contacts,
  };
}

type Signals = Awaited<ReturnType<typeof gatherCases>> & Awaited<ReturnType<typeof gatherMore>>;

const avg = (rows: Row[] | undefined): number | null => {
  const k = total(rows, 'n');
  return k ? total(rows, 's') / k : null;
};
const pct = (part: number, whole: number): number | null => (whole ? Math.round((1000 * part) / whole) / 10 : null);

/** One customer's snapshot of the last 30 days, with the risk score. */
function snapshotOf(name: string, g: Signals, t: RiskSettings, today: DateTime) {
  const {
    cases,
    sla,
    frt,
    ttr,
    breaches,
    before,
    escalated,
    urgent,
    csatRecent,
    csatBefore,
    npsRows,
    overdue,
    revenue,
    renewal,
    contacts,
  } = g;
  const day = today.toISODate() ?? '';
  const d = (days: number): string => today.minus({ days }).toFormat('yyyy-MM-dd');
  const cs = cases.get(name);
  const resolved = total(cs, 'n', DONE);
  const judged = total(sla.get(name), 'n');
  const met = total(sla.get(name), 'n', (r) => !n(r.response_breached) && !n(r.resolution_breached));
  const ends = renewal.get(name)?.[0]?.ends;
  const npsAll = npsRows.get(name);
  const risk = riskScore(
    {
      csatRecent: avg(csatRecent.get(name)),
      csatBefore: avg(csatBefore.get(name)),
      npsLowest: npsAll?.length ? n(npsAll[0]?.low) : null,
      breachesThisMonth: total(breaches.get(name), 'r') + total(breaches.get(name), 's'),
      overdueInvoices: total(overdue.get(name), 'n'),
      openEscalations: total(escalated.get(name), 'n') + total(urgent.get(name), 'n'),
      renewalInDays: typeof ends === 'string' ? Math.round(DateTime.fromISO(ends).diff(today, 'days').days) : null,
      casesRecent: total(cs, 'n'),
      casesMonthlyBefore: total(before.get(name), 'n') / 3,
    },
    t,
  );
  const f = avg(frt.get(name));
  const r = avg(ttr.get(name));
  const csatNow = avg(csatRecent.get(name));
  const npsAvg = avg(npsAll);
  return {
    customer: name,
    period_start: d(29),
    period_end: day,
    cases_opened: total(cs, 'n'),
    cases_resolved: resolved,
    contacts: total(contacts.get(name), 'n'),
    proactive_contacts: total(contacts.get(name), 'n', (x) => n(x.proactive) === 1),
    reactive_contacts: total(contacts.get(name), 'n', (x) => n(x.proactive) !== 1),
    recurring_problem_cases: total(cs, 'recurring'),
    hours_consumed: Math.round(10 * total(cs, 'hours')) / 10,
    avg_first_response_minutes: f === null ? null : Math.round(f / 6) / 10,
    avg_resolution_minutes: r === null ? null : Math.round(r / 6) / 10,
    first_contact_resolution_rate: pct(total(cs, 'fcr', DONE), resolved),
    sla_compliance_percent: pct(met, judged),
    csat_avg: csatNow === null ? null : Math.round(100 * csatNow) / 100,
    nps: npsAvg === null ? null : Math.round(10 * npsAvg) / 10,
    surveys_answered: total(csatRecent.get(name), 'n'),
    revenue: total(revenue.get(name), 's'),
    breaches_this_month: total(breaches.get(name), 'r') + total(breaches.get(name), 's'),
    overdue_invoices: total(overdue.get(name), 'n'),
    open_escalations: total(escalated.get(name), 'n') + total(urgent.get(name), 'n'),
    risk_score: risk.score,
    risk_reasons: risk.reasons.map((x) => RISK_WORDS[x]).join('\n') || null,
    at_risk: risk.atRisk,
  };
}

export default async function customerMetrics(job: JobContext): Promise<JobResult> {
  const zone = await siteZone(job.client);
  const today = DateTime.fromJSDate(job.now, { zone }).startOf('day');
  const day = today.toISODate() ?? '';
  if (job.state === day) return { items: 0, state: day, detail: { day, done: 'already' } };
  const c = job.client;

  const customers = (
    await c.allRows('Customer', { fields: ['name'], filters: [['disabled', '=', 0]] }, z.object({ name: z.string() }))
  ).map((r) => r.name);
  const written = new Set(
    (
      await c.allRows(
        'Customer Metric Snapshot',
        { fields: ['customer'], filters: [['period_end', '=', day]] },
        z.object({ customer: z.string() }),
      )
    ).map((r) => r.customer),
  );
  const previousDay = (
    await c.allRows(
      'Customer Metric Snapshot',
      { fields: ['max(period_end) as day'], filters: [['period_end', '<', day]] },
      z.object({ day: z.string().nullish() }),
    )
  )[0]?.day;
  const wasAtRisk = new Set(
    previousDay
      ? (
          await c.allRows(
            'Customer Metric Snapshot',
            {
              fields: ['customer'],
              filters: [
                ['period_end', '=', previousDay],
                ['at_risk', '=', 1],
              ],
            },
            z.object({ customer: z.string() }),
          )
        ).map((r) => r.customer)
      : [],
  );
  const s = await c.getDoc('Postventa Settings', 'Postventa Settings', Settings);
  const t: RiskSettings = {
    csatThreshold: s.at_risk_csat_threshold ?? 3,
    npsThreshold: s.at_risk_nps_threshold ?? 6,
    breachesPerMonth: s.at_risk_breaches_per_month ?? 2,
    scoreThreshold: s.at_risk_score_threshold ?? 40,
  };

  const signals = { ...(await gatherCases(c, today)), ...(await gatherMore(c, today)) };
  const items = customers.filter((name) => !written.has(name)).map((name) => snapshotOf(name, signals, t, today));
  const tiers = segments(items.map((i) => ({ customer: i.customer, revenue: i.revenue, atRisk: i.at_risk })));
  const entered = new Set(enteredRisk(new Set(items.filter((i) => i.at_risk).map((i) => i.customer)), wasAtRisk));
  let made = 0;
  let alerts = 0;
  const Answer = z.object({ made: z.number(), alerts: z.array(z.string()) });
  for (let i = 0; i < items.length; i += 500) {
    const batch = items
      .slice(i, i + 500)
      .map((x) => ({ ...x, segment: tiers.get(x.customer) ?? null, alert: entered.has(x.customer) }));
    const a = Answer.parse(await c.call('postventa.metrics.snapshots', { items: batch }));
    made += a.made;
    alerts += a.alerts.length;
  }
  return { items: made, state: day, detail: { day, customers: customers.length, made, alerts } };
}
