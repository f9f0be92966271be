/**
 * Questions about business time, each answered by binary search over a compiled calendar's cumulative index.
 * Instants are epoch milliseconds; nothing here reads a clock.
 */
import type { CompiledCalendar } from './calendar.ts';

export const MINUTE_MS = 60_000;

export class CalendarRangeError extends RangeError {
  constructor(calendar: CompiledCalendar, what: string) {
    super(
      `${what} is outside the compiled calendar range ${calendar.from}..${calendar.to} (${calendar.timeZone}); compile a wider range`,
    );
    this.name = 'CalendarRangeError';
  }
}

function checkRange(cal: CompiledCalendar, t: number): void {
  if (!(t >= cal.rangeStart && t <= cal.rangeEnd))
    throw new CalendarRangeError(cal, `instant ${new Date(t).toISOString()}`);
}

/** Index of the last interval starting at or before t, or -1. */
function lastStartAtOrBefore(cal: CompiledCalendar, t: number): number {
  let lo = 0;
  let hi = cal.starts.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((cal.starts[mid] ?? Infinity) <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Business ms elapsed from the calendar's range start up to t. */
export function cumulativeAt(cal: CompiledCalendar, t: number): number {
  checkRange(cal, t);
  const i = lastStartAtOrBefore(cal, t);
  if (i < 0) return 0;
  const start = cal.starts[i] ?? 0;
  const end = cal.ends[i] ?? 0;
  return (cal.cumBefore[i] ?? 0) + Math.min(t, end) - start;
}

export function isWorkingTime(cal: CompiledCalendar, t: number): boolean {
  checkRange(cal, t);
  const i = lastStartAtOrBefore(cal, t);
  return i >= 0 && t < (cal.ends[i] ?? 0);
}

/** t itself when it is working time, otherwise the start of the next working interval. */
export function nextWorkingMoment(cal: CompiledCalendar, t: number): number {
  checkRange(cal, t);
  const i = lastStartAtOrBefore(cal, t);
  if (i >= 0 && t < (cal.ends[i] ?? 0)) return t;
  const next = cal.starts[i + 1];
  if (next === undefined) throw new CalendarRangeError(cal, 'the next working moment');
  return next;
}

/** Business ms in [a, b); negative when b is before a. */
export function businessMsBetween(cal: CompiledCalendar, a: number, b: number): number {
  return cumulativeAt(cal, b) - cumulativeAt(cal, a);
}

/**
 * The earliest instant at which `ms` business milliseconds have passed since t. A target that ends exactly at the
 * end of a working window is due at that end (Friday 20:00), not at the next window's start (Monday 18:00). A zero
 * target ("respuesta inmediata") is due at the first working moment: a case that arrives at night is due when the
 * office opens, not at arrival (before anyone could answer).
 */
export function addBusinessMs(cal: CompiledCalendar, t: number, ms: number): number {
  if (ms <= 0) return nextWorkingMoment(cal, t);
  const target = cumulativeAt(cal, t) + ms;
  let lo = 0;
  let hi = cal.cumEnd.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((cal.cumEnd[mid] ?? 0) >= target) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  if (found < 0)
    throw new CalendarRangeError(
      cal,
      `a deadline ${Math.round(ms / MINUTE_MS)} business minutes after ${new Date(t).toISOString()}`,
    );
  return (cal.starts[found] ?? 0) + (target - (cal.cumBefore[found] ?? 0));
}

export function addBusinessMinutes(cal: CompiledCalendar, t: number, minutes: number): number {
  return addBusinessMs(cal, t, minutes * MINUTE_MS);
}

export function businessMinutesBetween(cal: CompiledCalendar, a: number, b: number): number {
  return businessMsBetween(cal, a, b) / MINUTE_MS;
}

/** Working intervals overlapping [a, b), clipped to it (for explanations and timelines). */
export function workingIntervals(cal: CompiledCalendar, a: number, b: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = Math.max(0, lastStartAtOrBefore(cal, a)); i < cal.starts.length; i++) {
    const s = cal.starts[i] ?? 0;
    const e = cal.ends[i] ?? 0;
    if (s >= b) break;
    if (e > a) out.push([Math.max(s, a), Math.min(e, b)]);
  }
  return out;
}

/** Out-of-hours check for auto-replies: whether t is outside working time, and when attention starts. */
export function attentionStart(cal: CompiledCalendar, t: number): { outOfHours: boolean; startsAt: number } {
  const startsAt = nextWorkingMoment(cal, t);
  return { outOfHours: startsAt !== t, startsAt };
}
