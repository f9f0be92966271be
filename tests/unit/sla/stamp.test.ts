import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../domain/sla/calendar.ts';
import { parseTimeline, stampCase, type CaseRow, type StampContext } from '../../../domain/sla/stamp.ts';
import type { SlaPolicyRules } from '../../../domain/sla/targets.ts';
import { local } from '../../support/time.ts';
import { officeWithLunch } from './fixtures.ts';

const Z = 'America/Santiago';
const cal = compileCalendar(officeWithLunch(Z), '2026-01-01', '2027-12-31');
const policy: SlaPolicyRules = {
  name: 'SLA Test',
  enabled: true,
  calendar: 'Office',
  warningPercent: 75,
  trackResolution: true,
  pauseStatuses: ['Waiting on Customer'],
  targets: [{ priority: 'P2', severity: 'S2', responseMinutes: 60, resolutionMinutes: 480 }],
};
const ctx = (now: string, over: Partial<StampContext> = {}): StampContext => ({
  now: local(Z, now),
  zone: Z,
  policy,
  calendar: cal,
  vip: false,
  servicePolicy: null,
  escalationRules: [],
  multipleUsersThreshold: 3,
  ...over,
});
const row = (over: Partial<CaseRow> = {}): CaseRow => ({
  name: 'CASO-1',
  status: 'Open',
  priority: 'P2',
  severity: 'S2',
  support_level: 'N1',
  received_on: '2026-11-23 10:00:00',
  creation: '2026-11-23 10:00:00',
  modified: '2026-11-23 10:00:00',
  service_policy: null,
  first_responded_on: null,
  requires_specialist: 0,
  affected_users: 1,
  sla_timeline: null,
  ...over,
});

describe('stampCase', () => {
  it('records each observed status change once, with the business time spent in the state it left', () => {
    const first = stampCase(row(), ctx('2026-11-23 10:05'));
    expect(first.events).toEqual([]);
    // Open from Mon 10:00 to Tue 10:30 on 09–13 / 14–18: Mon 3 h + 4 h, Tue 1 h 30 min = 8 h 30 min.
    const moved = row({ ...first.patch, status: 'In Progress', modified: '2026-11-24 10:30:00' } as Partial<CaseRow>);
    const second = stampCase(moved, ctx('2026-11-24 10:31'));
    // (Both deadlines have passed too: those breaches are the other events.)
    expect(second.events.filter((e) => e.eventType === 'Status Change')).toEqual([
      expect.objectContaining({
        eventType: 'Status Change',
        fromValue: 'Open',
        toValue: 'In Progress',
        at: '2026-11-24 10:30:00',
        businessSeconds: 8.5 * 3600,
        notify: false,
      }),
    ]);
    const stored = row({ ...moved, ...second.patch } as Partial<CaseRow>);
    expect(stampCase(stored, ctx('2026-11-24 10:40')).events.filter((e) => e.eventType === 'Status Change')).toEqual(
      [],
    );
  });

  it('stamps a new case and then finds nothing to change', () => {
    const first = stampCase(row(), ctx('2026-11-23 10:05'));
    expect(first.patch).toMatchObject({
      sla_policy: 'SLA Test',
      sla_status: 'On Track',
      response_by: '2026-11-23 11:00:00',
      resolution_by: '2026-11-24 10:00:00',
      sla_next_check_on: '2026-11-23 10:45:00',
      first_response_seconds: 0,
    });
    const stored = row({ ...first.patch } as Partial<CaseRow>);
    expect(stampCase(stored, ctx('2026-11-23 10:06')).patch).toEqual({});
  });

  it('appends a status change seen on the row to the timeline and pauses the clock', () => {
    const first = stampCase(row(), ctx('2026-11-23 10:05'));
    const waiting = row({
      ...first.patch,
      status: 'Waiting on Customer',
      modified: '2026-11-23 10:30:00',
    } as Partial<CaseRow>);
    const s = stampCase(waiting, ctx('2026-11-23 12:00'));
    expect(parseTimeline(String(s.patch.sla_timeline)).filter((e) => e.s)).toEqual([
      { s: 'Open', at: '2026-11-23 10:00:00' },
      { s: 'Waiting on Customer', at: '2026-11-23 10:30:00' },
    ]);
    expect(s.patch).toMatchObject({ sla_status: 'Paused', on_hold_since: '2026-11-23 10:30:00', resolution_by: null });
    expect(s.patch).not.toHaveProperty('response_by'); // answered at 10:30 by leaving Open: its deadline stays
    // Leaving Open counts as the first response (ERPNext's rule).
    expect(s.patch.first_responded_on).toBe('2026-11-23 10:30:00');
  });

  it('emits a warning once when crossing the warning share, and a breach once', () => {
    const stamped = row({ ...stampCase(row(), ctx('2026-11-23 10:05')).patch } as Partial<CaseRow>);
    const atRisk = stampCase(stamped, ctx('2026-11-23 10:50'));
    expect(atRisk.patch.sla_status).toBe('At Risk');
    expect(atRisk.events.map((e) => e.eventType)).toEqual(['SLA Warning']);
    const afterWarning = row({ ...stamped, ...atRisk.patch } as Partial<CaseRow>);
    expect(stampCase(afterWarning, ctx('2026-11-23 10:55')).events).toEqual([]);
    const breached = stampCase(afterWarning, ctx('2026-11-23 11:10'));
    expect(breached.patch).toMatchObject({ sla_status: 'Breached', response_breached: 1 });
    expect(breached.events.map((e) => `${e.eventType}:${e.fromValue}`)).toEqual(['SLA Breach:response']);
    expect(
      stampCase(row({ ...afterWarning, ...breached.patch } as Partial<CaseRow>), ctx('2026-11-23 11:20')).events,
    ).toEqual([]);
  });

  it('escalates by the rules, writes the level and a dedupe-keyed event', () => {
    const s = stampCase(
      row(),
      ctx('2026-11-25 10:00', { escalationRules: [{ fromLevel: 'N1', toLevel: 'N2', afterBusinessMinutes: 480 }] }),
    );
    expect(s.patch.support_level).toBe('N2');
    expect(s.events.find((e) => e.eventType === 'Level Change')).toMatchObject({
      fromValue: 'N1',
      toValue: 'N2',
      dedupeKey: 'CASO-1|level|N1>N2|2026-11-23 10:00:00',
    });
  });

  it('clears SLA fields when no policy applies, and links a service policy with its VIP badge', () => {
    const s = stampCase(
      row({ sla_policy: 'Old', response_by: '2026-11-23 11:00:00' }),
      ctx('2026-11-23 10:05', { policy: null, vip: true, servicePolicy: 'POL-1' }),
    );
    expect(s.patch).toMatchObject({ sla_policy: null, response_by: null, is_vip: 1, service_policy: 'POL-1' });
  });

  it('ignores a corrupt timeline instead of failing', () => {
    expect(parseTimeline('{nope')).toEqual([]);
    expect(stampCase(row({ sla_timeline: '[1, {"x": 2}]' }), ctx('2026-11-23 10:05')).patch.sla_status).toBe(
      'On Track',
    );
  });
});

describe('the queue sort key (most urgent first)', () => {
  const both: SlaPolicyRules = {
    ...policy,
    targets: [
      { priority: 'P1', severity: 'S1', responseMinutes: 60, resolutionMinutes: 480 },
      { priority: 'P2', severity: 'S2', responseMinutes: 60, resolutionMinutes: 480 },
    ],
  };
  const key = (over: Partial<CaseRow>, now = '2026-11-23 10:30'): string =>
    String(stampCase(row(over), ctx(now, { policy: both })).patch.sla_sort_key);
  const sorted = (keys: Record<string, string>): string[] =>
    Object.entries(keys)
      .sort(([, a], [, b]) => a.localeCompare(b))
      .map(([k]) => k);

  it('orders by the deadline that matters next, then priority and severity; paused, no-SLA and finished after', () => {
    const keys = {
      // Same arrival, same targets: the P1/S1 goes above the P2/S2 (it used to be the other way round).
      p2: key({ name: 'A', priority: 'P2', severity: 'S2' }),
      p1: key({ name: 'B', priority: 'P1', severity: 'S1' }),
      // Overdue response (received the day before): first of all.
      overdue: key({ name: 'C', received_on: '2026-11-20 10:00:00', creation: '2026-11-20 10:00:00' }),
      // Responded: what matters now is the resolution, later than the others' response.
      responded: key({ name: 'D', first_responded_on: '2026-11-23 10:10:00' }),
      // Waiting on the customer: no running deadline, after every running one (it used to sort first).
      paused: key({
        name: 'E',
        status: 'Waiting on Customer',
        modified: '2026-11-23 10:20:00',
        sla_timeline: JSON.stringify([
          { s: 'Open', at: '2026-11-23 10:00:00' },
          { l: 'N1', at: '2026-11-23 10:00:00' },
        ]),
      }),
      noSla: String(stampCase(row({ name: 'F' }), ctx('2026-11-23 10:30', { policy: null })).patch.sla_sort_key),
      closed: key({ name: 'G', status: 'Closed', modified: '2026-11-23 10:25:00' }),
    };
    expect(sorted(keys)).toEqual(['overdue', 'p1', 'p2', 'responded', 'paused', 'noSla', 'closed']);
  });
});
