/**
 * Business calendars (docs/architecture.md, docs/conventions.md): weekly windows are expanded into
 * concrete instants in the calendar's IANA zone (DST-correct through luxon), a holiday or whole-day closure removes
 * its day, partial closures are subtracted, and a cumulative index of business milliseconds is precomputed so
 * that every query is a binary search — O(log n), independent of how long a target is.
 */
import { DateTime, IANAZone } from 'luxon';
import { DomainValidationError } from '../validation-error.ts';

/** ISO weekday: 1 = Monday … 7 = Sunday (luxon's numbering). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WorkingWindow {
  weekday: IsoWeekday;
  /** Local wall-clock time "H:MM", "HH:MM" or "HH:MM:SS" (Frappe serialises Time as "9:00:00", docs/host-contract.md). */
  start: string;
  /** Exclusive end; "24:00" means midnight at the end of the day. */
  end: string;
}

export interface Holiday {
  date: string;
  description?: string;
}

export interface Closure {
  date: string;
  /** Both empty: the whole day is closed. */
  start?: string | null;
  end?: string | null;
  reason?: string;
}

export interface CalendarSpec {
  timeZone: string;
  windows: readonly WorkingWindow[];
  holidays: readonly Holiday[];
  closures: readonly Closure[];
}

/** Why a day has no (or less) working time; kept so explanations can name it. */
export interface DayNote {
  date: string;
  kind: 'holiday' | 'closure' | 'partial-closure';
  label: string;
}

export interface CompiledCalendar {
  readonly timeZone: string;
  /** First and last local dates covered. */
  readonly from: string;
  readonly to: string;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  /** Working intervals [starts[i], ends[i]) in epoch ms, sorted and disjoint. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Business ms before interval i, and at its end. */
  readonly cumBefore: Float64Array;
  readonly cumEnd: Float64Array;
  readonly notes: ReadonlyMap<string, DayNote>;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** Seconds since local midnight of a wall-clock time; throws a field-named error on bad input. */
export function parseTimeOfDay(value: string, field: string): number {
  const m = TIME.exec(value.trim());
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  const s = Number(m?.[3] ?? 0);
  if (!m || min > 59 || s > 59 || h > 24 || (h === 24 && (min > 0 || s > 0))) {
    throw new DomainValidationError(field, {
      es: `"${value}" no es una hora válida (use HH:MM o HH:MM:SS)`,
      en: `"${value}" is not a valid time (use HH:MM or HH:MM:SS)`,
    });
  }
  return h * 3600 + min * 60 + s;
}

function checkZone(timeZone: string): void {
  if (!IANAZone.isValidZone(timeZone)) {
    throw new DomainValidationError('time_zone', {
      es: `"${timeZone}" no es una zona horaria IANA válida (por ejemplo America/Santiago)`,
      en: `"${timeZone}" is not a valid IANA time zone (for example America/Santiago)`,
    });
  }
}

function checkDate(value: string, field: string): DateTime {
  const d = DateTime.fromISO(value, { zone: 'UTC' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !d.isValid) {
    throw new DomainValidationError(field, {
      es: `"${value}" no es una fecha válida (AAAA-MM-DD)`,
      en: `"${value}" is not a valid date (YYYY-MM-DD)`,
    });
  }
  return d;
}

/** Local instant of `secondsOfDay` on a date in a zone. A time inside a DST gap moves forward, as clocks do. */
function instant(year: number, month: number, day: number, secondsOfDay: number, zone: string): number {
  const base = DateTime.fromObject({ year, month, day }, { zone });
  if (secondsOfDay === 86_400) return base.plus({ days: 1 }).toMillis();
  const hour = Math.floor(secondsOfDay / 3600);
  const minute = Math.floor((secondsOfDay % 3600) / 60);
  const second = secondsOfDay % 60;
  return DateTime.fromObject({ year, month, day, hour, minute, second }, { zone }).toMillis();
}

type Range = [number, number];

function subtract(ranges: Range[], cut: Range): Range[] {
  return ranges.flatMap(([s, e]): Range[] => {
    if (cut[1] <= s || cut[0] >= e) return [[s, e]];
    const out: Range[] = [];
    if (cut[0] > s) out.push([s, cut[0]]);
    if (cut[1] < e) out.push([cut[1], e]);
    return out;
  });
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * Validates a spec and expands it over the local dates `from`..`to` (inclusive). Queries outside that range throw
 * a CalendarRangeError, so callers choose a horizon that covers their data (the companion uses ±2 years).
 */
export function compileCalendar(spec: CalendarSpec, from: string, to: string): CompiledCalendar {
  checkZone(spec.timeZone);
  const fromDay = checkDate(from, 'from');
  const toDay = checkDate(to, 'to');
  if (toDay < fromDay)
    throw new DomainValidationError('to', {
      es: 'el fin del rango es anterior al inicio',
      en: 'the range ends before it starts',
    });
  if (spec.windows.length === 0) {
    throw new DomainValidationError('windows', {
      es: 'el calendario no tiene horarios de atención',
      en: 'the calendar has no working windows',
    });
  }
  const byWeekday = new Map<number, [number, number][]>();
  spec.windows.forEach((w, i) => {
    const s = parseTimeOfDay(w.start, `windows[${i}].start_time`);
    const e = parseTimeOfDay(w.end, `windows[${i}].end_time`);
    if (e <= s) {
      throw new DomainValidationError(`windows[${i}].end_time`, {
        es: `la hora de término (${w.end}) debe ser posterior a la de inicio (${w.start})`,
        en: `the end time (${w.end}) must be after the start time (${w.start})`,
      });
    }
    byWeekday.set(w.weekday, [...(byWeekday.get(w.weekday) ?? []), [s, e]]);
  });

  const notes = new Map<string, DayNote>();
  const holidays = new Set<string>();
  spec.holidays.forEach((h, i) => {
    checkDate(h.date, `holidays[${i}].holiday_date`);
    holidays.add(h.date);
    notes.set(h.date, { date: h.date, kind: 'holiday', label: h.description ?? '' });
  });
  const closuresByDate = new Map<string, Closure[]>();
  spec.closures.forEach((c, i) => {
    checkDate(c.date, `closures[${i}].closure_date`);
    if (Boolean(c.start) !== Boolean(c.end)) {
      throw new DomainValidationError(`closures[${i}].end_time`, {
        es: 'un cierre parcial necesita hora de inicio y de término (déjelas vacías para cerrar el día completo)',
        en: 'a partial closure needs both a start and an end time (leave both empty to close the whole day)',
      });
    }
    closuresByDate.set(c.date, [...(closuresByDate.get(c.date) ?? []), c]);
  });

  const starts: number[] = [];
  const ends: number[] = [];
  const days = Math.round(toDay.diff(fromDay, 'days').days);
  for (let n = 0; n <= days; n++) {
    const d = fromDay.plus({ days: n });
    const date = d.toISODate() ?? '';
    const weekday = d.weekday;
    const wins = byWeekday.get(weekday);
    if (!wins || holidays.has(date)) continue;
    let ranges: Range[] = merge(
      wins.map(([s, e]) => [
        instant(d.year, d.month, d.day, s, spec.timeZone),
        instant(d.year, d.month, d.day, e, spec.timeZone),
      ]),
    );
    for (const c of closuresByDate.get(date) ?? []) {
      if (!c.start || !c.end) {
        ranges = [];
        notes.set(date, { date, kind: 'closure', label: c.reason ?? '' });
      } else {
        const cs = parseTimeOfDay(c.start, 'closures.start_time');
        const ce = parseTimeOfDay(c.end, 'closures.end_time');
        ranges = subtract(ranges, [
          instant(d.year, d.month, d.day, cs, spec.timeZone),
          instant(d.year, d.month, d.day, ce, spec.timeZone),
        ]);
        if (!notes.has(date))
          notes.set(date, {
            date,
            kind: 'partial-closure',
            label: `${c.start}–${c.end}${c.reason ? ` ${c.reason}` : ''}`,
          });
      }
    }
    for (const [s, e] of ranges) {
      if (e <= s) continue; // a window swallowed by a DST gap
      starts.push(s);
      ends.push(e);
    }
  }

  const cumBefore = new Float64Array(starts.length);
  const cumEnd = new Float64Array(starts.length);
  let total = 0;
  for (let i = 0; i < starts.length; i++) {
    cumBefore[i] = total;
    total += (ends[i] ?? 0) - (starts[i] ?? 0);
    cumEnd[i] = total;
  }
  return {
    timeZone: spec.timeZone,
    from,
    to,
    rangeStart: fromDay.setZone(spec.timeZone, { keepLocalTime: true }).toMillis(),
    rangeEnd: toDay.setZone(spec.timeZone, { keepLocalTime: true }).plus({ days: 1 }).toMillis(),
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    cumBefore,
    cumEnd,
    notes,
  };
}
