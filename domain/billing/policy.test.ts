import { describe, expect, it } from 'vitest';
import {
  nextTerm,
  periodContaining,
  periodsToOpen,
  renewalDue,
  suspensionChanges,
  usageLevel,
  type PolicyMoneyRow,
} from './policy.ts';

const policy = (over: Partial<PolicyMoneyRow> = {}): PolicyMoneyRow => ({
  name: 'POL-1',
  status: 'Active',
  start_date: '2026-01-15',
  end_date: '2026-12-31',
  period: 'Monthly',
  usage_period_start: null,
  ...over,
});

describe('periods of a póliza', () => {
  it.each([
    ['none began yet', policy({ start_date: '2026-12-05' }), '2026-12-01', []],
    ['the first period on its first day', policy(), '2026-01-15', [['2026-01-15', '2026-02-14']]],
    ['already open: nothing', policy({ usage_period_start: '2026-01-15' }), '2026-02-14', []],
    [
      'the next one on its day',
      policy({ usage_period_start: '2026-01-15' }),
      '2026-02-15',
      [['2026-02-15', '2026-03-14']],
    ],
    [
      'after downtime, each missed period once, oldest first',
      policy({ usage_period_start: '2026-01-15' }),
      '2026-04-20',
      [
        ['2026-02-15', '2026-03-14'],
        ['2026-03-15', '2026-04-14'],
        ['2026-04-15', '2026-05-14'],
      ],
    ],
    [
      'the last period ends with the policy',
      policy({ usage_period_start: '2026-11-15' }),
      '2026-12-20',
      [['2026-12-15', '2026-12-31']],
    ],
    ['after the end: none', policy({ usage_period_start: '2026-12-15' }), '2027-02-01', []],
    [
      'quarterly',
      policy({ period: 'Quarterly', start_date: '2026-01-01', usage_period_start: '2026-01-01' }),
      '2026-04-01',
      [['2026-04-01', '2026-06-30']],
    ],
    ['no start date: none', policy({ start_date: null }), '2026-05-01', []],
  ])('%s', (_what, p, today, want) => {
    expect(periodsToOpen(p, today).map((s) => [s.start, s.end])).toEqual(want);
  });

  it('never more than the cap at a time', () => {
    expect(periodsToOpen(policy({ end_date: null, start_date: '2000-01-01' }), '2026-12-01', 5)).toHaveLength(5);
  });
});

describe('usage warnings', () => {
  it.each([
    [7.9, 10, 0, 0, 0],
    [8, 10, 0, 0, 80],
    [10, 10, 0, 0, 100],
    [1, 10, 4, 5, 80],
    [1, 10, 5, 5, 100],
    [50, 0, 0, 0, 0],
  ] as const)('%s h of %s, %s cases of %s → %s %%', (hoursUsed, allowanceHours, casesUsed, allowanceCases, want) => {
    expect(usageLevel({ hoursUsed, allowanceHours, casesUsed, allowanceCases })).toBe(want);
  });
});

describe('suspension', () => {
  const inv = (due: string, outstanding = 1000, p = 'POL-1') => ({
    name: `INV-${due}`,
    service_policy: p,
    due_date: due,
    outstanding_amount: outstanding,
  });
  it.each([
    ['overdue beyond the grace days suspends', 'Active', [inv('2026-11-20')], true],
    ['within the grace days: nothing', 'Active', [inv('2026-11-25')], null],
    ['on the last day of grace: nothing', 'Active', [inv('2026-11-24')], null],
    ['paid: nothing', 'Active', [inv('2026-11-01', 0)], null],
    ['suspended and paid: lifted', 'Suspended', [], false],
    ['suspended and still overdue: stays', 'Suspended', [inv('2026-11-01')], null],
    ['a draft policy is left alone', 'Draft', [inv('2026-11-01')], null],
    ["another policy's invoice does not count", 'Active', [inv('2026-11-01', 1000, 'POL-2')], null],
  ] as const)('%s', (_what, status, invoices, want) => {
    const out = suspensionChanges([policy({ status })], invoices, '2026-12-01', 7);
    expect(out.length ? out[0]?.suspend : null).toBe(want);
  });
  it('the reason names the oldest overdue invoice, its date and what is outstanding, in both languages', () => {
    const [c] = suspensionChanges([policy()], [inv('2026-11-10', 500), inv('2026-10-01', 900)], '2026-12-01', 0);
    expect(c?.reason).toBe(
      'Factura INV-2026-10-01 vencida el 2026-10-01, pendiente 900. / Invoice INV-2026-10-01 overdue since 2026-10-01, outstanding 900.',
    );
  });
});

describe('renewal', () => {
  it.each([
    ['15 days before the end', '2026-12-16', {}, true],
    ['16 days before: not yet', '2026-12-15', {}, false],
    ['on the last day', '2026-12-31', {}, true],
    ['after the end: too late for a notice', '2027-01-01', {}, false],
    ['already offered', '2026-12-20', { renewal_notice_sent_on: '2026-12-16' }, false],
    ['already renewed', '2026-12-20', { renewed_to: 'POL-2' }, false],
    ['expired', '2026-12-20', { status: 'Expired' }, false],
  ] as const)('%s', (_what, today, over, want) => {
    expect(renewalDue(policy(over), today, 15)).toBe(want);
  });
  it('the next term starts the day after and lasts as long', () => {
    expect(nextTerm({ start_date: '2026-01-01', end_date: '2026-12-31' })).toEqual({
      start: '2027-01-01',
      end: '2027-12-31',
    });
    expect(nextTerm({ start_date: '2026-01-15', end_date: '2026-07-14' })).toEqual({
      start: '2026-07-15',
      end: '2027-01-14',
    });
  });
});

describe('the period that holds a date', () => {
  it.each([
    [{ start_date: '2026-01-15', period: 'Monthly' }, '2026-11-30', { start: '2026-11-15', end: '2026-12-14' }],
    [{ start_date: '2026-01-15', period: 'Monthly' }, '2026-11-14', { start: '2026-10-15', end: '2026-11-14' }],
    [{ start_date: '2026-01-31', period: 'Monthly' }, '2026-03-01', { start: '2026-02-28', end: '2026-03-30' }],
    [{ start_date: '2026-02-01', period: 'Quarterly' }, '2026-11-30', { start: '2026-11-01', end: '2027-01-31' }],
    [
      { start_date: '2026-03-01', period: 'Yearly', end_date: '2026-12-31' },
      '2026-11-30',
      { start: '2026-03-01', end: '2026-12-31' },
    ],
    [{ start_date: '2026-12-01', period: 'Monthly' }, '2026-11-30', null],
  ])('%o on %s → %o', (p, date, span) => {
    expect(periodContaining(p, date)).toEqual(span);
  });
});
