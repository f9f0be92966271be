/**
 * Human explanations of a deadline for the UI: which working spells count and which days do not,
 * e.g. "vence el lunes 24 nov 18:30 porque se cuentan: viernes 18:00–20:00, sábado 09:00–13:00, lunes 18:00–18:30".
 */
import { DateTime } from 'luxon';
import type { CompiledCalendar } from './calendar.ts';
import { MINUTE_MS, businessMsBetween, workingIntervals } from './business-time.ts';

export type Locale = 'es' | 'en';
const MAX_DAYS_LISTED = 6;

/** "1 d 4 h 30 min" style business duration; a business day is not 24 h, so days are not used. */
export function formatBusinessDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  const sign = minutes < 0 ? '-' : '';
  if (h === 0) return `${sign}${m} min`;
  return m === 0 ? `${sign}${h} h` : `${sign}${h} h ${m} min`;
}

function local(cal: CompiledCalendar, ms: number, locale: Locale): DateTime {
  return DateTime.fromMillis(ms, { zone: cal.timeZone }).setLocale(locale === 'es' ? 'es-CL' : 'en-US');
}

function dayLabel(d: DateTime): string {
  return d.toFormat('cccc d LLL');
}

export interface DeadlineExplanation {
  text: string;
  /** Working spells that count, grouped by local day: [day label, "HH:mm–HH:mm", …]. */
  days: { day: string; spans: string[] }[];
  excluded: { day: string; reason: string }[];
}

export function explainDeadline(
  cal: CompiledCalendar,
  from: number,
  dueAt: number,
  locale: Locale,
): DeadlineExplanation {
  const byDay = new Map<string, { day: string; spans: string[] }>();
  for (const [s, e] of workingIntervals(cal, from, dueAt)) {
    const ls = local(cal, s, locale);
    const le = local(cal, e, locale);
    const key = ls.toISODate() ?? '';
    const entry = byDay.get(key) ?? { day: dayLabel(ls), spans: [] };
    entry.spans.push(`${ls.toFormat('HH:mm')}–${le.toFormat('HH:mm')}`);
    byDay.set(key, entry);
  }
  const days = [...byDay.values()];
  const startDate = local(cal, from, locale).startOf('day');
  const endDate = local(cal, dueAt, locale).startOf('day');
  const excluded: { day: string; reason: string }[] = [];
  for (const note of cal.notes.values()) {
    const d = DateTime.fromISO(note.date, { zone: cal.timeZone }).setLocale(locale === 'es' ? 'es-CL' : 'en-US');
    if (d < startDate || d > endDate) continue;
    const kind = {
      holiday: locale === 'es' ? 'feriado' : 'holiday',
      closure: locale === 'es' ? 'cerrado' : 'closed',
      'partial-closure': locale === 'es' ? 'cierre parcial' : 'partial closure',
    }[note.kind];
    excluded.push({ day: dayLabel(d), reason: note.label ? `${kind}: ${note.label}` : kind });
  }
  const listed =
    days.length <= MAX_DAYS_LISTED
      ? days.map((d) => `${d.day} ${d.spans.join(', ')}`)
      : [
          ...days.slice(0, 3).map((d) => `${d.day} ${d.spans.join(', ')}`),
          locale === 'es' ? `… ${days.length - 5} días más …` : `… ${days.length - 5} more days …`,
          ...days.slice(-2).map((d) => `${d.day} ${d.spans.join(', ')}`),
        ];
  const due = local(cal, dueAt, locale);
  const start = local(cal, from, locale);
  const total = formatBusinessDuration(businessMsBetween(cal, from, dueAt));
  const dueText = `${dayLabel(due)} ${due.toFormat('HH:mm')}`;
  const startText = `${dayLabel(start)} ${start.toFormat('HH:mm')}`;
  const excludedText = excluded.map((x) => `${x.day} (${x.reason})`).join(', ');
  const text =
    locale === 'es'
      ? `Vence el ${dueText} (${cal.timeZone}): ${total} hábiles desde el ${startText}, contando ${listed.join('; ')}${excludedText ? `. No se cuentan: ${excludedText}` : ''}.`
      : `Due ${dueText} (${cal.timeZone}): ${total} of business time from ${startText}, counting ${listed.join('; ')}${excludedText ? `. Not counted: ${excludedText}` : ''}.`;
  return { text, days, excluded };
}
