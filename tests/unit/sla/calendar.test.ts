import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../domain/sla/calendar.ts';
import {
  addBusinessMinutes,
  attentionStart,
  businessMinutesBetween,
  CalendarRangeError,
  isWorkingTime,
  nextWorkingMoment,
} from '../../../domain/sla/business-time.ts';
import { DomainValidationError } from '../../../domain/validation-error.ts';
import { local, show } from '../../support/time.ts';
import { allDay, officeWithLunch, seed003 } from './fixtures.ts';

const SCL = 'America/Santiago';
const RANGE = ['2026-01-01', '2027-12-31'] as const;

// 2026-11-20 is a Friday; 2026-12-08 (Inmaculada Concepción) a Tuesday.
describe('deadlines on seed 003’s calendar (Mon–Fri 18:00–20:00, Sat 09:00–13:00)', () => {
  const zones = ['America/Santiago', 'America/Argentina/Buenos_Aires', 'America/Bogota', 'America/Mexico_City'];
  const cases: [string, string, number, string][] = [
    ['inside Friday’s window, runs into Saturday', '2026-11-20 19:00', 240, '2026-11-21 12:00'],
    ['after hours on Friday: starts Saturday 09:00', '2026-11-20 21:00', 60, '2026-11-21 10:00'],
    ['Saturday noon, crosses Sunday to Monday evening', '2026-11-21 12:00', 120, '2026-11-23 19:00'],
    ['ends exactly at the end of a window: due then, not the next day', '2026-11-23 18:00', 120, '2026-11-23 20:00'],
    ['received on Sunday: attention starts Monday 18:00', '2026-11-22 10:00', 30, '2026-11-23 18:30'],
    ['received before Monday’s window opens', '2026-11-23 08:00', 15, '2026-11-23 18:15'],
    ['a full week of business time (14 h) lands a week later', '2026-11-23 18:00', 840, '2026-11-28 13:00'],
    ['targets longer than a week (40 h)', '2026-11-23 18:00', 2400, '2026-12-12 11:00'],
  ];
  for (const zone of zones) {
    const cal = compileCalendar(seed003(zone), ...RANGE);
    it.each(cases)(`${zone}: %s`, (_label, start, minutes, due) => {
      const t = local(zone, start);
      const deadline = addBusinessMinutes(cal, t, minutes);
      expect(show(zone, deadline)).toBe(due);
      expect(businessMinutesBetween(cal, t, deadline)).toBe(minutes);
    });
  }
});

describe('holidays and closures', () => {
  it('skips a weekday holiday from the Holiday List', () => {
    const cal = compileCalendar(
      seed003(SCL, { holidays: [{ date: '2026-12-08', description: 'Inmaculada Concepción' }] }),
      ...RANGE,
    );
    expect(show(SCL, addBusinessMinutes(cal, local(SCL, '2026-12-07 19:00'), 120))).toBe('2026-12-09 19:00');
  });

  it('a case received on a holiday waits for the next working window', () => {
    const cal = compileCalendar(seed003(SCL, { holidays: [{ date: '2026-12-08' }] }), ...RANGE);
    const t = local(SCL, '2026-12-08 18:30');
    expect(isWorkingTime(cal, t)).toBe(false);
    expect(show(SCL, nextWorkingMoment(cal, t))).toBe('2026-12-09 18:00');
    expect(show(SCL, addBusinessMinutes(cal, t, 60))).toBe('2026-12-09 19:00');
  });

  it('a whole-day closure removes the day; a partial closure cuts the window', () => {
    const cal = compileCalendar(
      seed003(SCL, {
        closures: [
          { date: '2026-11-25' },
          { date: '2026-11-26', start: '18:00', end: '19:00', reason: 'Mantención de servidores' },
        ],
      }),
      ...RANGE,
    );
    // Tue 24 18:00–20:00 (120), Wed 25 closed, Thu 26 only 19:00–20:00 (60), Fri 27 18:00–…
    expect(show(SCL, addBusinessMinutes(cal, local(SCL, '2026-11-24 18:00'), 180))).toBe('2026-11-26 20:00');
    expect(show(SCL, addBusinessMinutes(cal, local(SCL, '2026-11-24 18:00'), 200))).toBe('2026-11-27 18:20');
    expect(businessMinutesBetween(cal, local(SCL, '2026-11-26 00:00'), local(SCL, '2026-11-27 00:00'))).toBe(60);
  });

  it('several windows per day (lunch break) count only working time', () => {
    const cal = compileCalendar(officeWithLunch(SCL), ...RANGE);
    expect(show(SCL, addBusinessMinutes(cal, local(SCL, '2026-11-23 12:00'), 120))).toBe('2026-11-23 15:00');
    expect(isWorkingTime(cal, local(SCL, '2026-11-23 13:30'))).toBe(false);
    expect(businessMinutesBetween(cal, local(SCL, '2026-11-23 00:00'), local(SCL, '2026-11-24 00:00'))).toBe(480);
  });

  it('overlapping windows on one day are merged, not counted twice', () => {
    const cal = compileCalendar(
      {
        timeZone: SCL,
        windows: [
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 1, start: '11:00', end: '13:00' },
        ],
        holidays: [],
        closures: [],
      },
      ...RANGE,
    );
    expect(businessMinutesBetween(cal, local(SCL, '2026-11-23 00:00'), local(SCL, '2026-11-24 00:00'))).toBe(240);
  });
});

describe('daylight saving time', () => {
  it('Santiago 2026: the September night is 23 h long and the April night 25 h', () => {
    const cal = compileCalendar(allDay(SCL), ...RANGE);
    expect(businessMinutesBetween(cal, local(SCL, '2026-09-05 12:00'), local(SCL, '2026-09-06 12:00'))).toBe(23 * 60);
    expect(businessMinutesBetween(cal, local(SCL, '2026-04-04 12:00'), local(SCL, '2026-04-05 12:00'))).toBe(25 * 60);
  });

  it('Mexico City kept DST in 2022 and dropped it from 2023: history differs from Santiago', () => {
    const mx = 'America/Mexico_City';
    const cal = compileCalendar(allDay(mx), '2022-01-01', '2023-12-31');
    expect(businessMinutesBetween(cal, local(mx, '2022-10-29 12:00'), local(mx, '2022-10-30 12:00'))).toBe(25 * 60);
    expect(businessMinutesBetween(cal, local(mx, '2023-10-28 12:00'), local(mx, '2023-10-29 12:00'))).toBe(24 * 60);
    const scl = compileCalendar(allDay(SCL), '2022-01-01', '2023-12-31');
    // Santiago moved its 2022 spring-forward to 11 September.
    expect(businessMinutesBetween(scl, local(SCL, '2022-09-10 12:00'), local(SCL, '2022-09-11 12:00'))).toBe(23 * 60);
  });

  it('an 08:00–18:00 window on a DST day still has 10 business hours (the change is at midnight)', () => {
    const cal = compileCalendar(
      { timeZone: SCL, windows: [{ weekday: 7, start: '08:00', end: '18:00' }], holidays: [], closures: [] },
      ...RANGE,
    );
    expect(businessMinutesBetween(cal, local(SCL, '2026-09-06 00:00'), local(SCL, '2026-09-07 00:00'))).toBe(600);
    expect(show(SCL, addBusinessMinutes(cal, local(SCL, '2026-09-05 20:00'), 60))).toBe('2026-09-06 09:00');
  });

  it('a window starting inside the DST gap starts when the clocks allow', () => {
    const cal = compileCalendar(
      { timeZone: SCL, windows: [{ weekday: 7, start: '00:00', end: '02:00' }], holidays: [], closures: [] },
      ...RANGE,
    );
    // 2026-09-06 00:00 does not exist in Santiago (it becomes 01:00): the window is one hour long that day.
    expect(businessMinutesBetween(cal, local(SCL, '2026-09-05 12:00'), local(SCL, '2026-09-06 12:00'))).toBe(60);
  });
});

describe('out of hours', () => {
  const cal = compileCalendar(seed003(SCL), ...RANGE);
  it('tells when attention starts for an auto-reply', () => {
    const r = attentionStart(cal, local(SCL, '2026-11-20 21:15'));
    expect(r.outOfHours).toBe(true);
    expect(show(SCL, r.startsAt)).toBe('2026-11-21 09:00');
    expect(attentionStart(cal, local(SCL, '2026-11-20 19:15')).outOfHours).toBe(false);
  });
});

describe('bad input', () => {
  it('names the field, in Spanish and English', () => {
    const bad = (f: () => unknown): DomainValidationError => {
      try {
        f();
      } catch (e) {
        if (e instanceof DomainValidationError) return e;
        throw e;
      }
      throw new Error('no error');
    };
    const zone = bad(() => compileCalendar({ ...seed003('America/Santiagoo') }, ...RANGE));
    expect(zone.field).toBe('time_zone');
    expect(zone.es).toMatch(/zona horaria/);
    expect(zone.en).toMatch(/time zone/);
    const order = bad(() =>
      compileCalendar({ ...seed003(SCL), windows: [{ weekday: 1, start: '20:00', end: '18:00' }] }, ...RANGE),
    );
    expect(order.field).toBe('windows[0].end_time');
    expect(
      bad(() => compileCalendar({ ...seed003(SCL), windows: [{ weekday: 1, start: '25:00', end: '26:00' }] }, ...RANGE))
        .field,
    ).toBe('windows[0].start_time');
    expect(bad(() => compileCalendar({ ...seed003(SCL), windows: [] }, ...RANGE)).field).toBe('windows');
    expect(
      bad(() => compileCalendar(seed003(SCL, { closures: [{ date: '2026-11-25', start: '10:00' }] }), ...RANGE)).field,
    ).toBe('closures[0].end_time');
    expect(bad(() => compileCalendar(seed003(SCL, { holidays: [{ date: '2026-13-01' }] }), ...RANGE)).field).toBe(
      'holidays[0].holiday_date',
    );
  });

  it('accepts Frappe’s unpadded Time serialisation ("9:00:00")', () => {
    const cal = compileCalendar(
      { timeZone: SCL, windows: [{ weekday: 1, start: '9:00:00', end: '10:30:00' }], holidays: [], closures: [] },
      ...RANGE,
    );
    expect(businessMinutesBetween(cal, local(SCL, '2026-11-23 00:00'), local(SCL, '2026-11-24 00:00'))).toBe(90);
  });

  it('refuses questions outside the compiled range instead of guessing', () => {
    const cal = compileCalendar(seed003(SCL), '2026-11-01', '2026-11-30');
    expect(() => addBusinessMinutes(cal, local(SCL, '2026-11-20 19:00'), 100_000)).toThrow(CalendarRangeError);
    expect(() => isWorkingTime(cal, local(SCL, '2025-01-01 10:00'))).toThrow(CalendarRangeError);
  });
});
