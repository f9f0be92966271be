/** Site-local time the way Frappe formats it: naive wall-clock in System Settings' time zone. */
import { DateTime } from 'luxon';
import type { NamingClock } from './model/naming.ts';

export function siteNow(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toFormat("yyyy-MM-dd HH:mm:ss.SSS'000'");
}
export function siteToday(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toFormat('yyyy-MM-dd');
}
export function siteTime(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toFormat("HH:mm:ss.SSS'000'");
}
export function namingClock(now: Date, zone: string): NamingClock {
  const d = DateTime.fromJSDate(now, { zone });
  return {
    year: d.toFormat('yyyy'),
    month: d.toFormat('MM'),
    day: d.toFormat('dd'),
    week: d.toFormat('WW'),
    timestamp: String(Math.floor(now.getTime() / 1000)),
  };
}
