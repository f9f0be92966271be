/**
 * The scheduling board's arithmetic (seed 001, agendamientos; issue 14): which days of a week are open for visits
 * by the support calendar (its weekday windows, its closures, the holiday list), how loaded a technician's day is
 * against the capacity per technician per day, and the first free slot of a day for a visit of a given length.
 * The host checks the same rules again when a visit is confirmed (server-scripts/host/appointment_schedule.py).
 * Pure: dates are ISO strings in the site's calendar, times "HH:MM[:SS]".
 */
import { DateTime } from 'luxon';

export interface CalendarWindow {
  weekday: string;
  start_time: string;
  end_time: string;
}
export interface BoardDay {
  date: string;
  weekday: string;
  /** The day's working windows, "09:00–13:00"; empty when closed. */
  windows: { start: string; end: string }[];
  /** Why the day is closed (a closure's reason, "holiday", "no hours"), or null when open. */
  closed: string | null;
}
export interface BoardVisit {
  technician: string | null;
  scheduled_start: string;
  scheduled_end: string | null;
  status: string;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const hm = (t: string): string => {
  const [h = '0', m = '0'] = t.split(':');
  return `${h.padStart(2, '0')}:${m.padStart(2, '0')}`;
};
const minutes = (t: string): number => {
  const [h = '0', m = '0'] = t.split(':');
  return Number(h) * 60 + Number(m);
};
const clock = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The Monday of the week that holds `date`. */
export const weekStart = (date: string): string =>
  DateTime.fromISO(date.slice(0, 10)).startOf('week').toISODate() ?? date.slice(0, 10);

/** The days from `start`, each open with its windows or closed with the reason. */
export function boardDays(
  start: string,
  count: number,
  windows: readonly CalendarWindow[],
  closures: readonly { closure_date: string; reason?: string | null }[],
  holidays: readonly { holiday_date: string; description?: string | null }[],
): BoardDay[] {
  const out: BoardDay[] = [];
  for (let i = 0; i < count; i++) {
    const d = DateTime.fromISO(start).plus({ days: i });
    const date = d.toISODate() ?? '';
    const weekday = WEEKDAYS[d.weekday - 1] ?? '';
    const closure = closures.find((c) => c.closure_date.slice(0, 10) === date);
    const holiday = holidays.find((h) => h.holiday_date.slice(0, 10) === date);
    const open = windows
      .filter((w) => w.weekday === weekday)
      .map((w) => ({ start: hm(w.start_time), end: hm(w.end_time) }))
      .sort((a, b) => a.start.localeCompare(b.start));
    const closed = closure
      ? closure.reason || 'closure'
      : holiday
        ? holiday.description || 'holiday'
        : open.length
          ? null
          : 'no hours';
    out.push({ date, weekday, windows: closed ? [] : open, closed });
  }
  return out;
}

/** A technician's visits that day that take capacity (proposed and cancelled ones do not). */
export function dayLoad(visits: readonly BoardVisit[], technician: string, date: string): BoardVisit[] {
  return visits
    .filter(
      (v) =>
        v.technician === technician &&
        v.scheduled_start.slice(0, 10) === date &&
        ['Scheduled', 'In Progress', 'Completed'].includes(v.status),
    )
    .sort((a, b) => a.scheduled_start.localeCompare(b.scheduled_start));
}

/**
 * The first start in the day's windows where a visit of `length` minutes fits between the technician's visits
 * (and, for the preferred slot, before or after 13:00), or null when the day is closed, full or has no room.
 */
export function firstFreeSlot(
  day: BoardDay,
  taken: readonly BoardVisit[],
  length: number,
  capacity: number,
  slot: 'Any' | 'Morning' | 'Afternoon' = 'Any',
): { start: string; end: string } | null {
  if (day.closed || taken.length >= capacity) return null;
  const busy = taken.map((v) => [
    minutes(v.scheduled_start.slice(11, 16)),
    v.scheduled_end ? minutes(v.scheduled_end.slice(11, 16)) : minutes(v.scheduled_start.slice(11, 16)) + 60,
  ]);
  for (const w of day.windows) {
    let from = minutes(w.start);
    const until = minutes(w.end);
    if (slot === 'Afternoon') from = Math.max(from, 13 * 60);
    for (let at = from; at + length <= until; at += 30) {
      if (slot === 'Morning' && at + length > 13 * 60) break;
      if (busy.every(([s = 0, e = 0]) => at + length <= s || at >= e))
        return { start: clock(at), end: clock(at + length) };
    }
  }
  return null;
}
