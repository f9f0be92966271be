import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../domain/sla/calendar.ts';
import {
  computeCaseClock,
  DEFAULT_PAUSE_STATUSES,
  type CaseClockInput,
  type StatusChange,
} from '../../../domain/sla/case-clock.ts';
import { local, show } from '../../support/time.ts';
import { seed003 } from './fixtures.ts';

const Z = 'America/Santiago';
const cal = compileCalendar(
  seed003(Z, { holidays: [{ date: '2026-12-08', description: 'Inmaculada Concepción' }] }),
  '2026-01-01',
  '2027-12-31',
);
const t = (s: string): number => local(Z, s);
const change = (status: string, at: string): StatusChange => ({ status, at: t(at) });

function clock(over: Partial<CaseClockInput>): ReturnType<typeof computeCaseClock> {
  return computeCaseClock({
    calendar: cal,
    receivedAt: t('2026-11-20 18:00'),
    responseMinutes: 60,
    resolutionMinutes: 240,
    trackResolution: true,
    warningPercent: 75,
    pauseStatuses: DEFAULT_PAUSE_STATUSES,
    history: [],
    firstRespondedAt: null,
    now: t('2026-11-20 18:10'),
    ...over,
  });
}

describe('case clock', () => {
  it('a zero-minute response ("respuesta inmediata") to a case received at night is due when the office opens', () => {
    const night = { receivedAt: t('2026-11-20 21:00'), responseMinutes: 0 };
    const before = clock({ ...night, now: t('2026-11-21 08:00') });
    expect(show(Z, before.response.dueAt)).toBe('2026-11-21 09:00');
    expect(before.response.breached).toBe(false);
    const after = clock({ ...night, now: t('2026-11-21 09:30') });
    expect(after.response.breached).toBe(true);
    // Received inside the hours, it is due at once.
    expect(show(Z, clock({ receivedAt: t('2026-11-20 18:30'), responseMinutes: 0 }).response.dueAt)).toBe(
      '2026-11-20 18:30',
    );
  });

  it('a new case: both deadlines from receipt, On Track', () => {
    const r = clock({});
    expect(show(Z, r.response.dueAt)).toBe('2026-11-20 19:00');
    expect(show(Z, r.resolution?.dueAt ?? null)).toBe('2026-11-21 11:00');
    expect(r.status).toBe('On Track');
    expect(Math.round(r.usedPercent)).toBe(17);
  });

  it('At Risk once the warning share of the active target is used', () => {
    expect(clock({ now: t('2026-11-20 18:45') }).status).toBe('At Risk');
    expect(clock({ now: t('2026-11-20 18:44') }).status).toBe('On Track');
  });

  it('response breached: flag, business minutes late, status Breached even after a late reply', () => {
    const late = clock({ now: t('2026-11-21 09:30') });
    expect(late.status).toBe('Breached');
    expect(late.response.breached).toBe(true);
    expect(late.response.breachMs / 60_000).toBe(90); // due Fri 19:00: Fri 19:00–20:00 and Sat 09:00–09:30 are late
    const replied = clock({ firstRespondedAt: t('2026-11-20 19:20'), now: t('2026-11-20 19:30') });
    expect(replied.response.breached).toBe(true);
    expect(replied.response.breachMs / 60_000).toBe(20);
    expect(replied.status).toBe('Breached');
  });

  it('met on time: the active clock becomes resolution once responded', () => {
    const r = clock({ firstRespondedAt: t('2026-11-20 18:30'), now: t('2026-11-20 19:00') });
    expect(r.response.breached).toBe(false);
    expect(r.response.usedMs / 60_000).toBe(30);
    expect(r.status).toBe('On Track');
    expect(Math.round(r.usedPercent)).toBe(25);
  });

  it('a pause across the night and the weekend stops the clock and adds hold time', () => {
    const history = [change('Waiting on Customer', '2026-11-20 19:00'), change('In Progress', '2026-11-23 18:30')];
    const paused = clock({ firstRespondedAt: t('2026-11-20 18:05'), history, now: t('2026-11-22 10:00') });
    expect(paused.status).toBe('Paused');
    expect(paused.resolution?.dueAt).toBeNull();
    expect((paused.resolution?.remainingMs ?? 0) / 60_000).toBe(180);
    expect(show(Z, paused.onHoldSince)).toBe('2026-11-20 19:00');
    const resumed = clock({ firstRespondedAt: t('2026-11-20 18:05'), history, now: t('2026-11-23 18:40') });
    // 60 used before the pause, 180 left from Mon 18:30: Mon 18:30–20:00 (90) then Tue 18:00–19:30.
    expect(show(Z, resumed.resolution?.dueAt ?? null)).toBe('2026-11-24 19:30');
    expect(resumed.holdMs).toBe(t('2026-11-23 18:30') - t('2026-11-20 19:00'));
    expect(resumed.onHoldSince).toBeNull();
    expect(resumed.status).toBe('On Track');
  });

  it('a case created inside a pause status waits from the start', () => {
    const r = clock({ history: [change('Waiting on Customer', '2026-11-20 18:00')], now: t('2026-11-23 19:00') });
    expect(r.status).toBe('Paused');
    expect(r.response.dueAt).toBeNull();
    expect(r.response.remainingMs / 60_000).toBe(60);
  });

  it('a case received on a holiday starts counting the next working day', () => {
    const r = clock({ receivedAt: t('2026-12-08 18:30'), now: t('2026-12-08 19:00') });
    expect(show(Z, r.response.dueAt)).toBe('2026-12-09 19:00');
    expect(r.usedPercent).toBe(0);
  });

  it('a pause after a breach does not un-breach or move the deadline', () => {
    const history = [change('Waiting on Customer', '2026-11-21 10:00')];
    const r = clock({ history, now: t('2026-11-23 18:00') });
    expect(show(Z, r.response.dueAt)).toBe('2026-11-20 19:00');
    expect(r.status).toBe('Breached');
  });

  it('resolved in time is Met, with business resolution time; late is Breached by the overrun', () => {
    const met = clock({
      firstRespondedAt: t('2026-11-20 18:20'),
      history: [change('Resolved', '2026-11-21 10:00'), change('Closed', '2026-11-21 11:30')],
      now: t('2026-11-25 10:00'),
    });
    expect(met.status).toBe('Met');
    expect(show(Z, met.resolvedAt)).toBe('2026-11-21 10:00');
    expect((met.resolution?.usedMs ?? 0) / 60_000).toBe(180);
    expect(met.holdMs).toBe(0);
    const late = clock({
      firstRespondedAt: t('2026-11-20 18:20'),
      history: [change('Resolved', '2026-11-23 18:30')],
      now: t('2026-11-25 10:00'),
    });
    expect(late.status).toBe('Breached');
    expect((late.resolution?.breachMs ?? 0) / 60_000).toBe(150); // Sat 11:00–13:00 + Mon 18:00–18:30
  });

  it('reopening resumes the resolution clock; the resolved spell counts as hold', () => {
    const history = [change('Resolved', '2026-11-20 19:00'), change('Open', '2026-11-23 18:00')];
    const r = clock({ firstRespondedAt: t('2026-11-20 18:10'), history, now: t('2026-11-23 18:30') });
    expect(r.resolvedAt).toBeNull();
    // 60 used before resolving, 180 left from Mon 18:00 → Mon 20:00 (120) + Tue 18:00–19:00.
    expect(show(Z, r.resolution?.dueAt ?? null)).toBe('2026-11-24 19:00');
    expect(r.holdMs).toBe(t('2026-11-23 18:00') - t('2026-11-20 19:00'));
    expect(r.status).toBe('On Track');
  });

  it('a priority change recomputes from receipt with the new targets', () => {
    const p3 = clock({ responseMinutes: 240, resolutionMinutes: 960 });
    const p1 = clock({ responseMinutes: 15, resolutionMinutes: 240 });
    expect(show(Z, p1.response.dueAt)).toBe('2026-11-20 18:15');
    expect(p1.response.dueAt ?? 0).toBeLessThan(p3.response.dueAt ?? 0);
  });

  it('response-only SLAs are Met once answered in time; cancelled cases have no status', () => {
    expect(
      clock({ trackResolution: false, firstRespondedAt: t('2026-11-20 18:30'), now: t('2026-11-21 12:00') }).status,
    ).toBe('Met');
    expect(clock({ history: [change('Cancelled', '2026-11-20 18:30')], now: t('2026-11-21 12:00') }).status).toBeNull();
  });

  it('never mutates its input', () => {
    const history = Object.freeze([change('Waiting on Customer', '2026-11-20 19:00')]);
    expect(() => clock({ history })).not.toThrow();
  });
});
