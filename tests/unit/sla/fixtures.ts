import type { CalendarSpec, WorkingWindow } from '../../../domain/sla/calendar.ts';

/** Seed 003 "Horarios y Disponibilidad": Monday to Friday 18:00–20:00, Saturday 09:00–13:00. */
export function seed003(timeZone: string, extra: Partial<CalendarSpec> = {}): CalendarSpec {
  const windows: WorkingWindow[] = [1, 2, 3, 4, 5].map((weekday) => ({
    weekday: weekday as 1,
    start: '18:00',
    end: '20:00',
  }));
  windows.push({ weekday: 6, start: '09:00', end: '13:00' });
  return { timeZone, windows, holidays: [], closures: [], ...extra };
}

/** An office day with a lunch break: two windows per weekday. */
export function officeWithLunch(timeZone: string): CalendarSpec {
  return {
    timeZone,
    windows: [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday: weekday as 1, start: '09:00', end: '13:00' },
      { weekday: weekday as 1, start: '14:00', end: '18:00' },
    ]),
    holidays: [],
    closures: [],
  };
}

/** Round the clock, every day: business time equals elapsed time, which exposes DST. */
export function allDay(timeZone: string): CalendarSpec {
  return {
    timeZone,
    windows: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, start: '00:00', end: '24:00' })),
    holidays: [],
    closures: [],
  };
}
