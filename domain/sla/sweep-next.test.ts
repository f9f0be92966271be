import { describe, expect, it } from 'vitest';
import { compileCalendar } from './calendar.ts';
import { nextEscalationAt, escalationsDue } from '../escalation/escalation.ts';

const cal = compileCalendar(
  {
    timeZone: 'UTC',
    windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, start: '09:00', end: '17:00' })),
    holidays: [],
    closures: [],
  },
  '2026-11-01',
  '2026-12-31',
);
const at = (iso: string): number => Date.parse(`${iso}Z`);
const base = {
  calendar: cal,
  level: 'N1' as const,
  levelSince: at('2026-11-23T09:00:00'),
  status: 'Open',
  history: [],
  pauseStatuses: new Set(['Waiting on Customer']),
  rules: [{ fromLevel: 'N1' as const, toLevel: 'N2' as const, afterBusinessMinutes: 120 }],
  severity: 'S3',
  requiresSpecialist: false,
  affectedUsers: 1,
  multipleUsersThreshold: 3,
};

describe('the next escalation time (when the sweep looks at a case again)', () => {
  it('is the business time the rule falls due, and nothing is due before it', () => {
    const input = { ...base, now: at('2026-11-23T10:00:00') };
    expect(escalationsDue(input)).toEqual([]);
    expect(nextEscalationAt(input)).toBe(at('2026-11-23T11:00:00'));
  });
  it('skips the night: 2 business hours from 16:00 end at 10:00 the next day', () => {
    const input = { ...base, levelSince: at('2026-11-23T16:00:00'), now: at('2026-11-23T16:30:00') };
    expect(nextEscalationAt(input)).toBe(at('2026-11-24T10:00:00'));
  });
  it('is none once finished, paused or at the last level', () => {
    expect(nextEscalationAt({ ...base, status: 'Resolved', now: at('2026-11-23T10:00:00') })).toBeNull();
    expect(
      nextEscalationAt({
        ...base,
        status: 'Waiting on Customer',
        history: [{ status: 'Waiting on Customer', at: at('2026-11-23T09:30:00') }],
        now: at('2026-11-23T10:00:00'),
      }),
    ).toBeNull();
    expect(nextEscalationAt({ ...base, level: 'N2', now: at('2026-11-23T10:00:00') })).toBeNull();
  });
});
