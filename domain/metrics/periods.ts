/** The dashboard's period presets as site dates (YYYY-MM-DD), from the site's today. */
import { DateTime } from 'luxon';

export const PRESETS = ['month', 'lastMonth', 'quarter', 'year', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export function periodFor(p: Preset, today: string): { from_date: string; to_date: string } {
  const d = DateTime.fromISO(today);
  const iso = (x: DateTime): string => x.toISODate() ?? today;
  if (p === 'lastMonth') {
    const m = d.minus({ months: 1 });
    return { from_date: iso(m.startOf('month')), to_date: iso(m.endOf('month')) };
  }
  if (p === 'quarter') return { from_date: iso(d.minus({ days: 89 })), to_date: today };
  if (p === 'year') return { from_date: iso(d.startOf('year')), to_date: today };
  return { from_date: iso(d.startOf('month')), to_date: today };
}
