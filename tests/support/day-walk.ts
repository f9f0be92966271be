/**
 * The straightforward day-by-day walk, the way ERPNext's `get_expected_time_for` and Frappe Helpdesk compute a
 * deadline (docs/host-contract.md): step through local days, skip holidays and non-working days, consume each window.
 * Independent of the engine's compiled index, so tests use it as an oracle and the benchmark as its baseline.
 */
import { DateTime } from 'luxon';
import type { CalendarSpec } from '../../domain/sla/calendar.ts';

function seconds(t: string): number {
  const [h = '0', m = '0', s = '0'] = t.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

function at(day: DateTime, secs: number): number {
  if (secs >= 86_400) return day.plus({ days: 1 }).toMillis();
  return day
    .set({ hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: secs % 60 })
    .toMillis();
}

/** Windows of one local day as instants, after holidays and closures (closures here are whole-day only). */
function dayWindows(spec: CalendarSpec, day: DateTime): [number, number][] {
  const iso = day.toISODate() ?? '';
  if (spec.holidays.some((h) => h.date === iso)) return [];
  if (spec.closures.some((c) => c.date === iso && !c.start)) return [];
  return spec.windows
    .filter((w) => w.weekday === day.weekday)
    .map((w): [number, number] => [at(day, seconds(w.start)), at(day, seconds(w.end))])
    .sort((a, b) => a[0] - b[0]);
}

export function dayWalkDeadline(spec: CalendarSpec, startMs: number, minutes: number): number {
  let remaining = minutes * 60_000;
  if (remaining <= 0) return startMs;
  let day = DateTime.fromMillis(startMs, { zone: spec.timeZone }).startOf('day');
  for (let guard = 0; guard < 20_000; guard++, day = day.plus({ days: 1 })) {
    for (const [ws, we] of dayWindows(spec, day)) {
      const s = Math.max(ws, startMs);
      if (we <= s) continue;
      if (remaining <= we - s) return s + remaining;
      remaining -= we - s;
    }
  }
  throw new Error('day walk did not finish');
}
