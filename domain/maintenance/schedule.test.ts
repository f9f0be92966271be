import { describe, expect, it } from 'vitest';
import { dueOccurrences, firstDateFrom, type MaintenanceEquipment, type MaintenancePolicy } from './schedule.ts';

const policy = (over: Partial<MaintenancePolicy> = {}): MaintenancePolicy => ({
  name: 'POL-1',
  status: 'Active',
  start_date: '2026-01-15',
  end_date: '2026-12-31',
  maintenance_interval_months: 1,
  maintenance_lead_days: 7,
  ...over,
});
const row = (over: Partial<MaintenanceEquipment> = {}): MaintenanceEquipment => ({
  name: 'R1',
  serial_no: 'SN-1',
  item: 'BOMBA',
  maintenance_interval_months: null,
  next_maintenance_on: null,
  ...over,
});
const dates = (p: MaintenancePolicy, rows: MaintenanceEquipment[], today: string, lead = 5): string[][] =>
  dueOccurrences(p, rows, today, lead).map((o) => [o.serial_no, o.due, o.next ?? '—']);

describe('preventive maintenance dates', () => {
  it.each([
    [
      '7 days ahead: the date is made',
      policy(),
      [row({ next_maintenance_on: '2026-12-15' })],
      '2026-12-08',
      [['SN-1', '2026-12-15', '—']],
    ],
    ['8 days ahead: not yet', policy(), [row({ next_maintenance_on: '2026-12-15' })], '2026-12-07', []],
    [
      'after 30 days down, each missed date once, oldest first',
      policy(),
      [row({ next_maintenance_on: '2026-10-15' })],
      '2026-11-20',
      [
        ['SN-1', '2026-10-15', '2026-11-15'],
        ['SN-1', '2026-11-15', '2026-12-15'],
      ],
    ],
    [
      'no cursor: the first date on or after today',
      policy(),
      [row()],
      '2026-11-10',
      [['SN-1', '2026-11-15', '2026-12-15']],
    ],
    [
      'the equipment’s own interval wins',
      policy(),
      [row({ maintenance_interval_months: 3 })],
      '2026-04-10',
      [['SN-1', '2026-04-15', '2026-07-15']],
    ],
    ['no interval: nothing', policy({ maintenance_interval_months: null }), [row()], '2026-11-10', []],
    ['a suspended or draft policy: nothing', policy({ status: 'Suspended' }), [row()], '2026-11-10', []],
    [
      'past the policy’s end: nothing',
      policy({ end_date: '2026-11-01' }),
      [row({ next_maintenance_on: '2026-11-15' })],
      '2026-11-10',
      [],
    ],
    [
      'without a lead on the policy, the settings’ lead',
      policy({ maintenance_lead_days: null }),
      [row({ next_maintenance_on: '2026-11-15' })],
      '2026-11-10',
      [['SN-1', '2026-11-15', '2026-12-15']],
    ],
    [
      'every covered serial',
      policy(),
      [row(), row({ name: 'R2', serial_no: 'SN-2' })],
      '2026-11-10',
      [
        ['SN-1', '2026-11-15', '2026-12-15'],
        ['SN-2', '2026-11-15', '2026-12-15'],
      ],
    ],
  ])('%s', (_what, p, rows, today, want) => {
    expect(dates(p, rows, today)).toEqual(want);
  });
});

describe('preventive maintenance after completion', () => {
  it.each([
    [
      'after completion: the last service + the interval, one at a time',
      policy({ maintenance_basis: 'After completion' }),
      [row({ last_serviced_on: '2026-10-14' })],
      '2026-11-10',
      [['SN-1', '2026-11-14', '—']],
    ],
    [
      'after completion: nothing while the occurrence is open',
      policy({ maintenance_basis: 'After completion' }),
      [row({ last_serviced_on: '2026-10-14', open_occurrence: 'MO-1' })],
      '2026-11-10',
      [],
    ],
    [
      'after completion: the cursor the completed visit set',
      policy({ maintenance_basis: 'After completion' }),
      [row({ next_maintenance_on: '2026-12-20', last_serviced_on: '2026-11-20' })],
      '2026-12-14',
      [['SN-1', '2026-12-20', '—']],
    ],
    [
      'after completion: an overdue service is made for today',
      policy({ maintenance_basis: 'After completion' }),
      [row({ last_serviced_on: '2026-06-01' })],
      '2026-11-10',
      [['SN-1', '2026-11-10', '—']],
    ],
  ])('%s', (_what, p, rows, today, want) => {
    expect(dates(p, rows, today)).toEqual(want);
  });

  it('keys are policy|serial|date, so the host makes each once', () => {
    expect(dueOccurrences(policy(), [row()], '2026-11-10', 5)[0]?.key).toBe('POL-1|SN-1|2026-11-15');
  });

  it('a month-end start keeps to the month’s last day', () => {
    expect(firstDateFrom('2026-01-31', 1, '2026-02-01')).toBe('2026-02-28');
    expect(firstDateFrom('2026-01-31', 1, '2026-03-01')).toBe('2026-03-31');
  });
});
