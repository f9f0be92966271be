/** Invariants of the SLA engine over random calendars (fast-check, bounded runs and a fixed seed). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileCalendar,
  type CalendarSpec,
  type IsoWeekday,
  type WorkingWindow,
} from '../../../domain/sla/calendar.ts';
import { addBusinessMinutes, businessMsBetween } from '../../../domain/sla/business-time.ts';
import { computeCaseClock, DEFAULT_PAUSE_STATUSES } from '../../../domain/sla/case-clock.ts';
import { formatFrappeDatetime, parseFrappeDatetime } from '../../../domain/sla/frappe-time.ts';
import { dayWalkDeadline } from '../../support/day-walk.ts';

const ZONES = [
  'America/Santiago',
  'America/Mexico_City',
  'America/Argentina/Buenos_Aires',
  'America/Bogota',
  'America/New_York',
  'Europe/Madrid',
  'UTC',
];
const FROM = '2025-10-01';
const TO = '2028-06-30';
const START_MIN = Date.UTC(2026, 0, 1);
const START_MAX = Date.UTC(2027, 0, 1);
const RUNS = { numRuns: 60, seed: 20261121 };

const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (minutes: number): string =>
  minutes >= 1440 ? '24:00' : `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** Non-overlapping windows on 1–7 weekdays, quarter-hour aligned. */
const windowsArb = fc
  .array(
    fc.record({
      weekday: fc.integer({ min: 1, max: 7 }),
      start: fc.integer({ min: 0, max: 95 }),
      length: fc.integer({ min: 1, max: 40 }),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .map((raw) => {
    const out: WorkingWindow[] = [];
    for (let wd = 1; wd <= 7; wd++) {
      let lastEnd = -1;
      for (const w of raw.filter((r) => r.weekday === wd).sort((a, b) => a.start - b.start)) {
        const s = w.start * 15;
        const e = Math.min(1440, s + w.length * 15);
        if (s < lastEnd || e <= s) continue;
        out.push({ weekday: wd as IsoWeekday, start: hhmm(s), end: hhmm(e) });
        lastEnd = e;
      }
    }
    return out;
  });

const specArb: fc.Arbitrary<CalendarSpec> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  windows: windowsArb,
  holidays: fc
    .uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 8 })
    .map((days) => days.map((d) => ({ date: new Date(START_MIN + d * 86_400_000).toISOString().slice(0, 10) }))),
  closures: fc.constant([]),
});

const compiled = new Map<string, ReturnType<typeof compileCalendar>>();
function compile(spec: CalendarSpec): ReturnType<typeof compileCalendar> {
  const key = JSON.stringify(spec);
  let cal = compiled.get(key);
  if (!cal) {
    cal = compileCalendar(spec, FROM, TO);
    compiled.set(key, cal);
  }
  return cal;
}

const startArb = fc.integer({ min: START_MIN, max: START_MAX }).map((ms) => ms - (ms % 60_000));
const minutesArb = fc.integer({ min: 1, max: 20_000 });

function weeklyMinutes(spec: CalendarSpec): number {
  const toMin = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return spec.windows.reduce((sum, w) => sum + toMin(w.end) - toMin(w.start), 0);
}
/** Targets up to ~30 weeks of the calendar's own capacity, so every deadline stays inside the compiled horizon. */
function scaled(spec: CalendarSpec, raw: number): number {
  return 1 + (raw % Math.max(1, weeklyMinutes(spec) * 30));
}

describe('SLA engine properties', () => {
  it('the business time between a start and its deadline equals the target', () => {
    fc.assert(
      fc.property(specArb, startArb, minutesArb, (spec, start, minutes) => {
        const cal = compile(spec);
        const m = scaled(spec, minutes);
        expect(businessMsBetween(cal, start, addBusinessMinutes(cal, start, m))).toBe(m * 60_000);
      }),
      RUNS,
    );
  });

  it('agrees with the day-by-day walk (ERPNext’s algorithm) on every calendar', () => {
    fc.assert(
      fc.property(specArb, startArb, fc.integer({ min: 1, max: 6_000 }), (spec, start, minutes) => {
        const m = scaled(spec, minutes);
        expect(addBusinessMinutes(compile(spec), start, m)).toBe(dayWalkDeadline(spec, start, m));
      }),
      RUNS,
    );
  });

  it('deadlines never move earlier when the target grows', () => {
    fc.assert(
      fc.property(specArb, startArb, minutesArb, fc.integer({ min: 0, max: 5_000 }), (spec, start, raw, rawExtra) => {
        const cal = compile(spec);
        const m = scaled(spec, raw);
        const extra = scaled(spec, rawExtra) - 1;
        expect(addBusinessMinutes(cal, start, m + extra)).toBeGreaterThanOrEqual(addBusinessMinutes(cal, start, m));
      }),
      RUNS,
    );
  });

  it('deadlines never move earlier when pauses are added or grow', () => {
    const spec: CalendarSpec = {
      timeZone: 'America/Santiago',
      windows: [1, 2, 3, 4, 5].map((wd) => ({ weekday: wd as IsoWeekday, start: '09:00', end: '18:00' })),
      holidays: [],
      closures: [],
    };
    const cal = compile(spec);
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 60, max: 5_000 }),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        (received, minutes, pauseOffset, pauseLen, growth) => {
          const pauseStart = received + pauseOffset;
          const now = received + 40 * 86_400_000;
          const run = (len: number | null): number | null =>
            computeCaseClock({
              calendar: cal,
              receivedAt: received,
              responseMinutes: minutes,
              resolutionMinutes: minutes,
              trackResolution: true,
              warningPercent: 75,
              pauseStatuses: DEFAULT_PAUSE_STATUSES,
              firstRespondedAt: null,
              now,
              history:
                len === null
                  ? []
                  : [
                      { status: 'Waiting on Customer', at: pauseStart },
                      { status: 'In Progress', at: pauseStart + len },
                    ],
            }).resolution?.dueAt ?? null;
          const none = run(null) ?? 0;
          const some = run(pauseLen) ?? 0;
          const more = run(pauseLen + growth) ?? 0;
          expect(some).toBeGreaterThanOrEqual(none);
          expect(more).toBeGreaterThanOrEqual(some);
        },
      ),
      RUNS,
    );
  });

  it('gives the same answer whatever time zone the inputs are written in', () => {
    fc.assert(
      fc.property(
        specArb,
        startArb,
        minutesArb,
        fc.constantFrom(...ZONES),
        fc.constantFrom(...ZONES),
        (spec, start, minutes, z1, z2) => {
          const cal = compile(spec);
          const a = parseFrappeDatetime(formatFrappeDatetime(start, z1), z1);
          const b = parseFrappeDatetime(formatFrappeDatetime(start, z2), z2);
          const m = scaled(spec, minutes);
          expect(addBusinessMinutes(cal, a, m)).toBe(addBusinessMinutes(cal, b, m));
        },
      ),
      RUNS,
    );
  });

  it('does not depend on the compiled horizon', () => {
    fc.assert(
      fc.property(specArb, startArb, fc.integer({ min: 1, max: 3_000 }), (spec, start, minutes) => {
        const narrow = compileCalendar(spec, '2025-12-01', '2028-03-31');
        const m = scaled(spec, minutes);
        expect(addBusinessMinutes(narrow, start, m)).toBe(addBusinessMinutes(compile(spec), start, m));
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
