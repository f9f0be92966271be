/**
 * Turns host documents (generated doctype types, already parsed at the edge) into the engine's plain inputs,
 * naming the field of anything a person has to fix. The one mapping: the admin's live preview and the companion's
 * stamping both use it, so a preview never shows a deadline the companion would not stamp.
 */
import type { SLAPolicy, SupportCalendar } from '../../generated/doctypes/index.ts';
import { DomainValidationError } from '../validation-error.ts';
import type { CalendarSpec, Holiday, IsoWeekday } from './calendar.ts';
import type { Priority, Severity, SlaPolicyRules } from './targets.ts';
import { DEFAULT_PAUSE_STATUSES } from './case-clock.ts';

/** Frappe's weekday names (Support Calendar Window, Holiday List) → ISO weekday. */
export const WEEKDAYS: Readonly<Record<string, IsoWeekday>> = {
  Monday: 1,
  Tuesday: 2,
  Wednesday: 3,
  Thursday: 4,
  Friday: 5,
  Saturday: 6,
  Sunday: 7,
};

/** A Support Calendar plus the rows of its ERPNext Holiday List (read through the Holiday child list). */
export function calendarSpecFromDoc(
  doc: SupportCalendar,
  holidays: readonly { holiday_date: string; description?: string | null }[],
): CalendarSpec {
  if (!doc.time_zone)
    throw new DomainValidationError('time_zone', {
      es: 'falta la zona horaria del calendario',
      en: 'the calendar has no time zone',
    });
  return {
    timeZone: doc.time_zone,
    windows: (doc.windows ?? []).map((w, i) => {
      const weekday = w.weekday ? WEEKDAYS[w.weekday] : undefined;
      if (!weekday || !w.start_time || !w.end_time) {
        throw new DomainValidationError(`windows[${i}]`, {
          es: 'cada horario necesita día, hora de inicio y de término',
          en: 'each window needs a weekday, a start and an end time',
        });
      }
      return { weekday, start: w.start_time, end: w.end_time };
    }),
    holidays: holidays.map((h): Holiday => ({
      date: h.holiday_date,
      ...(h.description ? { description: stripHtml(h.description) } : {}),
    })),
    closures: (doc.closures ?? []).map((c, i) => {
      if (!c.closure_date)
        throw new DomainValidationError(`closures[${i}].closure_date`, {
          es: 'falta la fecha del cierre',
          en: 'the closure has no date',
        });
      // A whole-day closure (the default) ignores any times left in the row; a partial one closes its hours only.
      const partial = c.whole_day === 0;
      return {
        date: c.closure_date,
        start: partial ? (c.start_time ?? null) : null,
        end: partial ? (c.end_time ?? null) : null,
        ...(c.reason ? { reason: c.reason } : {}),
      };
    }),
  };
}

/** Holiday descriptions are Text Editor HTML in ERPNext ("<p>Navidad</p>"). */
function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, '').trim();
}

export function slaRulesFromDoc(doc: SLAPolicy): SlaPolicyRules {
  if (!doc.calendar)
    throw new DomainValidationError('calendar', {
      es: 'la política de SLA no tiene calendario',
      en: 'the SLA policy has no calendar',
    });
  const pauses = (doc.pause_statuses ?? []).flatMap((p) => (p.status ? [p.status] : []));
  return {
    name: doc.name,
    enabled: doc.enabled !== 0,
    calendar: doc.calendar,
    warningPercent: doc.warning_percent ?? 75,
    trackResolution: doc.apply_to_resolution !== 0,
    pauseStatuses: pauses.length ? pauses : [...DEFAULT_PAUSE_STATUSES],
    targets: (doc.targets ?? []).map((t, i) => {
      if (!t.priority || !t.severity || t.response_minutes == null || t.resolution_minutes == null) {
        throw new DomainValidationError(`targets[${i}]`, {
          es: 'cada objetivo necesita prioridad, severidad y minutos',
          en: 'each target needs a priority, a severity and minutes',
        });
      }
      return {
        priority: t.priority as Priority,
        severity: t.severity as Severity,
        responseMinutes: t.response_minutes,
        resolutionMinutes: t.resolution_minutes,
      };
    }),
  };
}
