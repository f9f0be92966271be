/**
 * The dashboard's data (issue 17): one call to `postventa.metrics.dashboard` answers grouped rows; domain/metrics
 * turns them into the tiles (with their trend against the previous period), the charts' series and the tables. The
 * segment lists load only when a segment is chosen.
 */
import {
  costPerCase,
  countBy,
  csat,
  fcrRate,
  lifetimeValue,
  nps,
  pareto,
  preventiveEffect,
  proactiveShare,
  recurringRate,
  reopenRate,
  retention,
  slaCompliance,
  timeFigure,
  trend,
  volume,
  type CaseGroup,
  type ScoreCounts,
} from '@domain/metrics/kpis.ts';
import { agentTable, type AgentGroup, type AgentRow } from '@domain/metrics/agents.ts';
import { list, method, request } from './api.ts';

export const SEGMENTS = ['customer_group', 'territory', 'plan', 'product', 'team', 'agent'] as const;
export type Segment = (typeof SEGMENTS)[number];
export interface DashboardQuery {
  from_date: string;
  to_date: string;
  segment?: Segment | '';
  value?: string;
}

interface Times {
  n: number;
  total: number;
  middle: number[];
}
interface Answer {
  period: { from: string; to: string; previous_from: string; previous_to: string };
  cases: CaseGroup[];
  previous: CaseGroup[];
  agents: AgentGroup[];
  reopened: number;
  previous_reopened: number;
  frt: Times;
  ttr: Times;
  previous_frt: Times;
  previous_ttr: Times;
  weeks: { week: string; rows: CaseGroup[] }[];
  csat: ScoreCounts;
  nps: ScoreCounts;
  previous_csat: ScoreCounts;
  previous_nps: ScoreCounts;
  agent_surveys: { agent: string | null; n: number; total: number }[];
  months: { month: string; csat: ScoreCounts; nps: ScoreCounts }[];
  causes: Record<
    'symptom_category' | 'cause_category',
    { product: string | null; category: string | null; n: number }[]
  >;
  preventive: { visits: { serial: string; date: string }[]; cases: { serial: string; date: string }[] };
  retention: { ended: number; renewed: number };
  value: { top: { customer: string; total: number }[]; customers: number; total: number };
  risk: { day: string; customers: RiskRow[] };
}
export interface RiskRow {
  customer: string;
  risk_score: number;
  risk_reasons: string | null;
  segment: string | null;
  csat_avg: number | null;
  nps: number | null;
  revenue: number | null;
}

export type TileUnit = 'count' | 'percent' | 'seconds' | 'score' | 'nps' | 'money';
export interface Tile {
  key: string;
  value: number | null;
  previous: number | null;
  unit: TileUnit;
  delta: number | null;
  good: boolean | null;
}

/** Both periods' case figures, side by side. */
function caseFigures(rows: CaseGroup[], reopened: number, frt: Times, ttr: Times) {
  const v = volume(rows);
  return {
    cases: v.cases,
    resolved: v.resolved,
    fcr: fcrRate(rows),
    sla: slaCompliance(rows),
    reopen: reopenRate(reopened, v.resolved),
    proactive: proactiveShare(rows),
    recurring: recurringRate(rows),
    cost: costPerCase(rows).cost,
    frt: timeFigure(frt.n, frt.total, frt.middle),
    ttr: timeFigure(ttr.n, ttr.total, ttr.middle),
  };
}

export function dashboardView(a: Answer) {
  const now = caseFigures(a.cases, a.reopened, a.frt, a.ttr);
  const before = caseFigures(a.previous, a.previous_reopened, a.previous_frt, a.previous_ttr);
  const satisfaction = { csat: csat(a.csat), nps: nps(a.nps) };
  const satisfactionBefore = { csat: csat(a.previous_csat), nps: nps(a.previous_nps) };
  const tile = (
    key: string,
    unit: TileUnit,
    value: number | null,
    previous: number | null,
    better: 'higher' | 'lower' | 'neither',
  ): Tile => ({
    key,
    unit,
    value,
    previous,
    ...trend(value, previous, better),
  });
  const tiles: Tile[] = [
    tile('cases', 'count', now.cases, before.cases, 'neither'), // more cases may be more customers, not worse work
    tile('sla', 'percent', now.sla, before.sla, 'higher'),
    tile('fcr', 'percent', now.fcr, before.fcr, 'higher'),
    tile('frt', 'seconds', now.frt.median, before.frt.median, 'lower'),
    tile('ttr', 'seconds', now.ttr.median, before.ttr.median, 'lower'),
    tile('csat', 'score', satisfaction.csat.average, satisfactionBefore.csat.average, 'higher'),
    tile('nps', 'nps', satisfaction.nps.nps, satisfactionBefore.nps.nps, 'higher'),
    tile('reopen', 'percent', now.reopen, before.reopen, 'lower'),
    tile('proactive', 'percent', now.proactive, before.proactive, 'higher'),
    tile('recurring', 'percent', now.recurring, before.recurring, 'lower'),
    tile('cost', 'money', now.cost, before.cost, 'lower'),
    tile('retention', 'percent', retention(a.retention.ended, a.retention.renewed), null, 'higher'),
  ];
  const weekly = a.weeks.map((w) => {
    const live = w.rows.filter((r) => r.status !== 'Cancelled');
    const proactive = live.reduce((s, r) => s + (r.proactive ? r.n : 0), 0);
    return {
      week: w.week,
      sla: slaCompliance(w.rows),
      cases: live.reduce((s, r) => s + r.n, 0),
      proactive,
      reactive: live.reduce((s, r) => s + r.n, 0) - proactive,
    };
  });
  const monthly = a.months.map((m) => ({
    month: m.month,
    csat: csat(m.csat).average,
    nps: nps(m.nps).nps,
    answers: csat(m.csat).responses,
  }));
  return {
    period: a.period,
    figures: now,
    tiles,
    satisfaction,
    weekly,
    monthly,
    channel: countBy(a.cases, 'channel'),
    priority: countBy(a.cases, 'priority'),
    symptoms: pareto(a.causes.symptom_category),
    causes: pareto(a.causes.cause_category),
    agents: agentTable(a.agents, a.agent_surveys) satisfies AgentRow[],
    preventive: preventiveEffect(a.preventive.visits, a.preventive.cases, 90),
    value: {
      ...lifetimeValue(a.value.top),
      customers: a.value.customers,
      average: a.value.customers ? Math.round(a.value.total / a.value.customers) : null,
    },
    risk: a.risk,
  };
}
export type DashboardView = ReturnType<typeof dashboardView>;

export async function loadDashboard(q: DashboardQuery): Promise<DashboardView> {
  const body: Record<string, string> = { from_date: q.from_date, to_date: q.to_date };
  if (q.segment && q.value?.trim()) body[q.segment] = q.value.trim();
  return dashboardView(await request<Answer>('POST', method('postventa.metrics.dashboard'), { body }));
}

const SOURCES: Record<Segment, { doctype: string; field: string; filters?: [string, string, unknown][] }> = {
  customer_group: { doctype: 'Customer Group', field: 'name' },
  territory: { doctype: 'Territory', field: 'name' },
  plan: { doctype: 'Service Plan', field: 'name' },
  product: { doctype: 'Item', field: 'name', filters: [['disabled', '=', 0]] },
  team: { doctype: 'Support Team', field: 'name' },
  agent: {
    doctype: 'User',
    field: 'name',
    filters: [
      ['user_type', '=', 'System User'],
      ['enabled', '=', 1],
    ],
  },
};

/** The values a segment can take (one request, when the segment is chosen). */
export async function segmentValues(s: Segment): Promise<string[]> {
  const src = SOURCES[s];
  const rows = await list<{ name: string }>(src.doctype, {
    fields: ['name'],
    filters: src.filters ?? [],
    orderBy: 'name asc',
    limit: 500,
  });
  return rows.map((r) => r.name).filter((n) => n !== 'Administrator' && n !== 'Guest');
}
