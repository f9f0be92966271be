/**
 * The KPI functions against a fixture month worked out by hand: November 2026, twelve cases, ten surveys.
 */
import { describe, expect, it } from 'vitest';
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
} from './kpis.ts';
import { agentTable, type AgentGroup } from './agents.ts';

interface FixtureCase {
  status: string;
  channel: string;
  priority: string;
  proactive: number;
  sla: boolean;
  rb: number; // response breached
  sb: number; // resolution breached
  fcr: number;
  recurring: number;
  hours: number;
  cost: number;
  agent: string;
  level: string;
}
const c = (o: Partial<FixtureCase>): FixtureCase => ({
  status: 'Closed',
  channel: 'Phone',
  priority: 'P3',
  proactive: 0,
  sla: true,
  rb: 0,
  sb: 0,
  fcr: 0,
  recurring: 0,
  hours: 1,
  cost: 10000,
  agent: 'ana',
  level: 'N1',
  ...o,
});
// Twelve cases: 9 resolved or closed (one Resolved), 2 open, 1 cancelled.
const MONTH: FixtureCase[] = [
  c({ fcr: 1 }),
  c({ fcr: 1, channel: 'Email' }),
  c({ fcr: 1, channel: 'Email', priority: 'P2' }),
  c({ status: 'Resolved', fcr: 1, hours: 2, cost: 20000 }),
  c({ rb: 1, hours: 3, cost: 30000, agent: 'bruno', level: 'N2' }),
  c({ sb: 1, priority: 'P1', hours: 4, cost: 50000, agent: 'bruno', level: 'N2', recurring: 1 }),
  c({ rb: 1, sb: 1, hours: 2, cost: 20000, agent: 'bruno', level: 'N2' }),
  c({ proactive: 1, channel: 'Maintenance plan', sla: false, hours: 2, cost: 25000 }),
  c({ proactive: 1, channel: 'Maintenance plan', sla: false, fcr: 1, hours: 1, cost: 15000, recurring: 1 }),
  c({ status: 'Open', fcr: 0, hours: 0, cost: 0 }),
  c({ status: 'In Progress', priority: 'P1', hours: 1, cost: 0, agent: 'bruno', level: 'N2' }),
  c({ status: 'Cancelled', hours: 0, cost: 0, recurring: 1 }),
];
/** What the host's GROUP BY answers for these cases. */
function grouped(cases: FixtureCase[]): AgentGroup[] {
  const m = new Map<string, AgentGroup>();
  for (const x of cases) {
    const key = [x.status, x.channel, x.priority, x.proactive, x.sla, x.rb, x.sb, x.agent, x.level].join('|');
    const g = m.get(key) ?? {
      status: x.status,
      channel: x.channel,
      priority: x.priority,
      proactive: x.proactive,
      sla_policy: x.sla ? 'SLA Estándar' : null,
      response_breached: x.rb,
      resolution_breached: x.sb,
      assigned_to: x.agent,
      support_level: x.level,
      n: 0,
      fcr: 0,
      recurring: 0,
      hours: 0,
      cost: 0,
    };
    g.n++;
    g.fcr += x.fcr;
    g.recurring += x.recurring;
    g.hours += x.hours;
    g.cost += x.cost;
    m.set(key, g);
  }
  return [...m.values()];
}
const rows: CaseGroup[] = grouped(MONTH);

describe('case KPIs of the fixture month', () => {
  it('volume: 12 cases, 9 resolved, 2 open', () => expect(volume(rows)).toEqual({ cases: 12, resolved: 9, open: 2 }));
  it('first-contact resolution: 5 of the 9 resolved → 55.6 %', () => expect(fcrRate(rows)).toBe(55.6));
  it('SLA compliance: of the 7 resolved under an SLA, 4 breached nothing → 57.1 %', () =>
    expect(slaCompliance(rows)).toBe(57.1));
  it('proactive share: 2 of the 11 not cancelled → 18.2 %', () => expect(proactiveShare(rows)).toBe(18.2));
  it('recurring: 2 of the 11 not cancelled (the cancelled one does not count) → 18.2 %', () =>
    expect(recurringRate(rows)).toBe(18.2));
  it('cost and hours per resolved case: 190,000 / 9 and 17 h / 9', () =>
    expect(costPerCase(rows)).toEqual({ cost: 21111, hours: 1.9 }));
  it('volume by channel, most first', () =>
    expect(countBy(rows, 'channel')).toEqual([
      { key: 'Phone', n: 8 },
      { key: 'Email', n: 2 },
      { key: 'Maintenance plan', n: 2 },
    ]));
  it('reopen rate and retention', () => {
    expect(reopenRate(1, 9)).toBe(11.1);
    expect(retention(4, 3)).toBe(75);
    expect(retention(0, 0)).toBeNull();
  });
  it('nothing to divide by is null, not 0 or NaN', () => {
    expect(fcrRate([])).toBeNull();
    expect(slaCompliance([])).toBeNull();
    expect(costPerCase([])).toEqual({ cost: null, hours: null });
  });
});

describe('times', () => {
  it.each([
    [5, 50, [7], { n: 5, average: 10, median: 7 }],
    [4, 40, [6, 9], { n: 4, average: 10, median: 8 }],
    [1, 3600, [3600], { n: 1, average: 3600, median: 3600 }],
    [0, 0, [], { n: 0, average: null, median: null }],
  ] as const)('n=%i sum=%i middle=%o', (n, total, middle, want) =>
    expect(timeFigure(n, total, [...middle])).toEqual(want),
  );
});

describe('satisfaction', () => {
  // NPS answers: 10,10,9,9 (promoters) 8,7 (passives) 6,3,0 (detractors) + one 11 that is not a score.
  const npsCounts = [
    { score: 10, n: 2 },
    { score: 9, n: 2 },
    { score: 8, n: 1 },
    { score: 7, n: 1 },
    { score: 6, n: 1 },
    { score: 3, n: 1 },
    { score: 0, n: 1 },
    { score: 11, n: 1 },
  ];
  it('NPS: (4 − 3) / 9 → 11', () =>
    expect(nps(npsCounts)).toEqual({ responses: 9, promoters: 4, passives: 2, detractors: 3, nps: 11 }));
  it('NPS of all detractors is −100, of none is null', () => {
    expect(nps([{ score: 2, n: 5 }]).nps).toBe(-100);
    expect(nps([]).nps).toBeNull();
  });
  it('CSAT: 5,5,4,4,4,3,2,1 → 3.50 average, 62.5 % satisfied', () =>
    expect(
      csat([
        { score: 5, n: 2 },
        { score: 4, n: 3 },
        { score: 3, n: 1 },
        { score: 2, n: 1 },
        { score: 1, n: 1 },
        { score: 0, n: 4 },
      ]),
    ).toEqual({ responses: 8, average: 3.5, satisfied: 62.5 }));
});

describe('trends, root causes, preventive effect, lifetime value', () => {
  it.each([
    [60, 50, 'higher', { delta: 10, good: true }],
    [60, 50, 'lower', { delta: 10, good: false }],
    [50, 50, 'higher', { delta: 0, good: null }],
    [116, 126, 'neither', { delta: -10, good: null }],
    [null, 50, 'higher', { delta: null, good: null }],
  ] as const)('%s vs %s (%s is better)', (a, b, better, want) => expect(trend(a, b, better)).toEqual(want));

  it('a Pareto of causes: most first, with the running share; unfiled apart', () => {
    const p = pareto([
      { product: 'CT-15', category: 'Filtro obstruido', n: 6 },
      { product: 'BC-200', category: 'Sello gastado', n: 3 },
      { product: 'CT-15', category: 'Desgaste normal', n: 1 },
      { product: 'CT-15', category: null, n: 4 },
    ]);
    expect(p.unfiled).toBe(4);
    expect(p.items.map((i) => [i.category, i.share, i.cumulative])).toEqual([
      ['Filtro obstruido', 60, 60],
      ['Sello gastado', 30, 90],
      ['Desgaste normal', 10, 100],
    ]);
  });

  it('preventive effect: 3 corrective cases in the 90 days before, 1 after → −66.7 %', () => {
    const visits = [
      { serial: 'A', date: '2026-06-01' },
      { serial: 'A', date: '2026-09-01' }, // the first visit counts
      { serial: 'B', date: '2026-07-15' },
    ];
    const cases = [
      { serial: 'A', date: '2026-04-10' },
      { serial: 'A', date: '2026-05-20' },
      { serial: 'B', date: '2026-07-01' },
      { serial: 'A', date: '2026-08-01' },
      { serial: 'A', date: '2025-01-01' }, // long before: outside the window
      { serial: 'C', date: '2026-07-01' }, // no visit: not counted
    ];
    expect(preventiveEffect(visits, cases, 90)).toEqual({ serials: 2, before: 3, after: 1, change: -66.7 });
  });

  it('lifetime value: the invoiced customers, their average and the top ones', () =>
    expect(
      lifetimeValue([
        { customer: 'B', total: 300 },
        { customer: 'A', total: 900 },
        { customer: 'C', total: 0 },
      ]),
    ).toEqual({
      customers: 2,
      average: 600,
      top: [
        { customer: 'A', total: 900 },
        { customer: 'B', total: 300 },
      ],
    }));
});

describe('per agent', () => {
  it('each person and level with their rates and CSAT', () => {
    const table = agentTable(grouped(MONTH), [
      { agent: 'ana', n: 4, total: 18 },
      { agent: 'bruno', n: 2, total: 5 },
    ]);
    expect(table).toEqual([
      { agent: 'ana', level: 'N1', cases: 8, resolved: 6, fcr: 83.3, sla: 100, hours: 8, csat: 4.5, surveys: 4 },
      { agent: 'bruno', level: 'N2', cases: 4, resolved: 3, fcr: 0, sla: 0, hours: 10, csat: 2.5, surveys: 2 },
    ]);
  });
});
