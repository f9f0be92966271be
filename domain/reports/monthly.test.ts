import { describe, expect, it } from 'vitest';
import { monthlyKpis, monthOf, reportKey, reportMonthDue, type MonthlyInput, type ReportCase } from './monthly.ts';

const month = { start: '2026-11-01', end: '2026-11-30' };
const base: ReportCase = {
  name: 'C-0',
  subject: 'x',
  status: 'Closed',
  priority: 'P2',
  severity: 'S2',
  product: 'CT-15',
  module: null,
  case_type: 'Incident',
  received_on: '2026-11-03 09:00:00',
  first_responded_on: '2026-11-03 10:00:00',
  resolved_on: '2026-11-04 12:00:00',
  first_response_seconds: 3600,
  resolution_seconds: 7200,
  response_breached: false,
  resolution_breached: false,
};
const c = (over: Partial<ReportCase>): ReportCase => ({ ...base, ...over });
const input = (cases: ReportCase[], over: Partial<MonthlyInput> = {}): MonthlyInput => ({
  month,
  policy: {
    allowance_hours: 20,
    allowance_cases: 10,
    period: 'Monthly',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
  },
  timeLogs: [],
  targets: [
    { priority: 'P1', severity: 'S1', response_minutes: 30, resolution_minutes: 240 },
    { priority: 'P2', severity: null, response_minutes: 120, resolution_minutes: 480 },
  ],
  cases,
  visits: [],
  extraRecommendations: '',
  ...over,
});

describe('monthly report figures', () => {
  it('counts what was opened and resolved in the month, by priority and severity', () => {
    const k = monthlyKpis(
      input([
        c({ name: 'A' }),
        c({ name: 'B', priority: 'P1', severity: 'S1', received_on: '2026-10-30 10:00:00' }),
        c({ name: 'C', status: 'Open', resolved_on: null, resolution_seconds: null }),
        c({ name: 'D', resolved_on: '2026-12-01 08:00:00' }),
      ]),
    );
    expect([k.opened, k.resolved]).toEqual([3, 2]);
    expect(k.byPriority.find((r) => r.key === 'P2')).toEqual({ key: 'P2', opened: 3, resolved: 1 });
    expect(k.byPriority.find((r) => r.key === 'P1')).toEqual({ key: 'P1', opened: 0, resolved: 1 });
    expect(k.bySeverity.map((r) => r.key)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(k.open.map((o) => o.name)).toEqual(['C']);
  });

  it.each([
    ['none breached', [false, false, false], 100],
    ['one of three breached its resolution', [false, true, false], 66.7],
    ['all breached', [true, true, true], 0],
  ])('SLA compliance: %s', (_, breached, pct) => {
    const k = monthlyKpis(input(breached.map((b, i) => c({ name: `X${i}`, resolution_breached: b }))));
    expect(k.sla.compliance).toBe(pct);
    expect(k.sla.measured).toBe(3);
  });

  it('averages business hours against the targets of each case (priority and severity, else priority)', () => {
    const k = monthlyKpis(
      input([
        c({ name: 'A', first_response_seconds: 1800, resolution_seconds: 3600 }),
        c({ name: 'B', first_response_seconds: 5400, resolution_seconds: 10800 }),
        c({
          name: 'C',
          priority: 'P1',
          severity: 'S1',
          first_response_seconds: 900,
          resolution_seconds: 7200,
          response_breached: true,
        }),
      ]),
    );
    expect(k.sla.avgResponseHours).toBe(0.75); // (0.5 + 1.5 + 0.25) / 3
    expect(k.sla.targetResponseHours).toBe(1.5); // (2 + 2 + 0.5) / 3
    expect(k.sla.avgResolutionHours).toBe(2); // (1 + 3 + 2) / 3
    expect(k.sla.targetResolutionHours).toBe(6.67); // (8 + 8 + 4) / 3
    expect(k.sla.compliance).toBe(66.7);
    expect(k.sla.byPriority.map((r) => [r.priority, r.avgResponseHours, r.targetResponseHours])).toEqual([
      ['P1', 0.25, 0.5],
      ['P2', 1, 2],
    ]);
  });

  it('a case with no target is not measured; a month with nothing resolved has no compliance', () => {
    expect(monthlyKpis(input([c({ priority: 'P4' })])).sla.measured).toBe(0);
    expect(monthlyKpis(input([c({ resolved_on: null })])).sla.compliance).toBeNull();
  });

  it('usage: the month and the allowance period that holds its last day, counted to that day', () => {
    const quarterly = {
      allowance_hours: 10,
      allowance_cases: 5,
      period: 'Quarterly',
      start_date: '2026-02-01',
      end_date: null,
    };
    const k = monthlyKpis(
      input(
        [
          c({ name: 'A', received_on: '2026-11-03 09:00:00' }),
          c({ name: 'B', received_on: '2026-10-20 09:00:00' }),
          c({ name: 'C', received_on: '2026-10-31 23:00:00' }), // the day before the quarter began
        ],
        {
          policy: quarterly,
          timeLogs: [
            { support_case: 'A', date: '2026-11-03', hours: 1.25 },
            { support_case: 'B', date: '2026-11-28', hours: 2 },
            { support_case: 'B', date: '2026-10-21', hours: 4 }, // the quarter before
            { support_case: 'A', date: '2026-12-01', hours: 8 }, // after the month
          ],
        },
      ),
    );
    expect(k.usage).toMatchObject({
      monthHours: 3.25,
      monthCases: 1,
      periodStart: '2026-11-01',
      periodEnd: '2027-01-31',
      periodHours: 3.25,
      periodCases: 1,
      hoursShare: 0.325,
      casesShare: 0.2,
    });
    const none = input([], { policy: { ...quarterly, allowance_hours: 0, allowance_cases: 0 } });
    expect(monthlyKpis(none).usage).toMatchObject({ hoursShare: null, casesShare: null });
  });

  it('a monthly allowance that starts mid-month counts from its own start', () => {
    const k = monthlyKpis(
      input([c({ received_on: '2026-11-10 09:00:00' }), c({ name: 'B', received_on: '2026-11-20 09:00:00' })], {
        policy: { allowance_hours: 4, allowance_cases: 2, period: 'Monthly', start_date: '2026-03-15', end_date: null },
        timeLogs: [
          { support_case: 'C-0', date: '2026-11-10', hours: 1 },
          { support_case: 'B', date: '2026-11-20', hours: 2 },
        ],
      }),
    );
    expect(k.usage).toMatchObject({ monthHours: 3, periodStart: '2026-11-15', periodHours: 2, periodCases: 1 });
  });

  it('incidents by product, module and type, most frequent first, blanks as a dash at the end', () => {
    const k = monthlyKpis(
      input([c({ product: 'B' }), c({ product: 'A', module: 'Ventas' }), c({ product: 'A' }), c({ product: null })]),
    );
    expect(k.byProduct).toEqual([
      { key: 'A', count: 2 },
      { key: 'B', count: 1 },
      { key: '—', count: 1 }, // blanks last
    ]);
    expect(k.byModule).toEqual([
      { key: 'Ventas', count: 1 },
      { key: '—', count: 3 },
    ]);
  });

  it("visits of the month with the technicians' recommendations, then the report's own", () => {
    const k = monthlyKpis(
      input([], {
        visits: [
          {
            name: 'V2',
            finished_on: '2026-11-20 10:00:00',
            technician: 't',
            serial_no: 'S',
            support_case: null,
            recommendations: 'Cambiar filtro',
          },
          {
            name: 'V1',
            finished_on: '2026-11-02 10:00:00',
            technician: 't',
            serial_no: null,
            support_case: null,
            recommendations: ' ',
          },
          {
            name: 'V0',
            finished_on: '2026-10-31 10:00:00',
            technician: 't',
            serial_no: null,
            support_case: null,
            recommendations: 'viejo',
          },
        ],
        extraRecommendations: 'Renovar UPS',
      }),
    );
    expect(k.visits.map((v) => v.name)).toEqual(['V1', 'V2']);
    expect(k.recommendations.map((r) => r.text)).toEqual(['Cambiar filtro', 'Renovar UPS']);
  });
});

describe('which month is due', () => {
  it.each([
    ['2026-12-01', 1, '2026-11-01'],
    ['2026-12-15', 1, '2026-11-01'],
    ['2026-12-04', 5, null],
    ['2026-12-05', 5, '2026-11-01'],
    ['2027-01-01', null, '2026-12-01'],
    ['2026-03-28', 31, '2026-02-01'], // the day is at most the 28th: every month has it
  ])('on %s with day %s → %s', (today, day, start) => {
    expect(reportMonthDue(today, day)?.start ?? null).toBe(start);
  });
  it('months end on their last day; the key is the póliza and the month', () => {
    expect(monthOf('2028-02-10')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(reportKey('POL-1', '2026-11-01')).toBe('POL-1|2026-11');
  });
});
