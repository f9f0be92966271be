/**
 * What admins configure as settings: Postventa Settings, SLA Policies with their target matrix, and
 * Support Calendars. The live preview runs the same SLA engine the companion uses (domain/sla), in the browser.
 */
import type { SLAPolicy, SupportCalendar, PostventaSettings } from '../../../generated/doctypes/index.ts';
import {
  calendarSpecFromDoc,
  compileCalendar,
  computeCaseClock,
  explainDeadline,
  slaRulesFromDoc,
  targetFor,
} from '../../../domain/sla/index.ts';
import type { Priority, Severity } from '../../../domain/sla/index.ts';
import { DomainValidationError } from '../../../domain/validation-error.ts';
import { list, request, resource } from './api.ts';

export const listNames = (doctype: string): Promise<string[]> =>
  list<{ name: string }>(doctype, { fields: ['name'], orderBy: 'name asc', limit: 0 }).then((r) =>
    r.map((x) => x.name),
  );

export const getCalendar = (name: string): Promise<SupportCalendar> =>
  request('GET', resource('Support Calendar', name));
export const saveCalendar = (doc: SupportCalendar): Promise<SupportCalendar> =>
  request('PUT', resource('Support Calendar', doc.name), {
    body: {
      time_zone: doc.time_zone,
      holiday_list: doc.holiday_list ?? null,
      windows: doc.windows ?? [],
      closures: doc.closures ?? [],
    },
  });

export const getPolicy = (name: string): Promise<SLAPolicy> => request('GET', resource('SLA Policy', name));
export const savePolicy = (doc: SLAPolicy): Promise<SLAPolicy> =>
  request('PUT', resource('SLA Policy', doc.name), {
    body: {
      enabled: doc.enabled,
      calendar: doc.calendar,
      warning_percent: doc.warning_percent,
      apply_to_resolution: doc.apply_to_resolution,
      targets: doc.targets ?? [],
    },
  });

export const getSettings = (): Promise<PostventaSettings> =>
  request('GET', resource('Postventa Settings', 'Postventa Settings'));
export const saveSettings = (patch: Partial<PostventaSettings>): Promise<PostventaSettings> =>
  request('PUT', resource('Postventa Settings', 'Postventa Settings'), { body: patch });

/** ERPNext holidays are read through the Holiday child list (docs/host-contract.md). */
export const holidaysOf = (
  holidayList: string | null | undefined,
): Promise<{ holiday_date: string; description: string | null }[]> =>
  holidayList
    ? list('Holiday', {
        fields: ['holiday_date', 'description'],
        filters: [['parent', '=', holidayList]],
        orderBy: 'holiday_date asc',
        limit: 0,
        parent: 'Holiday List',
      })
    : Promise.resolve([]);

export interface Preview {
  responseDue: number | null;
  resolutionDue: number | null;
  explanation: string;
  /** The field to fix when the calendar or policy cannot be used, in both languages. */
  error: { field: string; es: string; en: string } | null;
}

/** "A P1/S2 case created now is due …": the edited calendar and policy, the engine, no request. */
export function previewDue(
  cal: SupportCalendar,
  holidays: { holiday_date: string; description: string | null }[],
  policy: SLAPolicy,
  priority: Priority,
  severity: Severity,
  now: number,
  locale: 'es' | 'en',
): Preview {
  try {
    const from = new Date(now - 7 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(now + 400 * 86_400_000).toISOString().slice(0, 10);
    const compiled = compileCalendar(calendarSpecFromDoc(cal, holidays), from, to);
    const rules = slaRulesFromDoc({ ...policy, calendar: policy.calendar ?? cal.name });
    const target = targetFor(rules, priority, severity);
    const clock = computeCaseClock({
      calendar: compiled,
      receivedAt: now,
      responseMinutes: target.responseMinutes,
      resolutionMinutes: target.resolutionMinutes,
      trackResolution: rules.trackResolution,
      warningPercent: rules.warningPercent,
      pauseStatuses: new Set(rules.pauseStatuses),
      history: [],
      firstRespondedAt: null,
      now,
    });
    const resolutionDue = clock.resolution?.dueAt ?? null;
    return {
      responseDue: clock.response.dueAt,
      resolutionDue,
      explanation: resolutionDue ? explainDeadline(compiled, now, resolutionDue, locale).text : '',
      error: null,
    };
  } catch (e) {
    if (e instanceof DomainValidationError)
      return { responseDue: null, resolutionDue: null, explanation: '', error: { field: e.field, es: e.es, en: e.en } };
    if (e instanceof RangeError)
      return {
        responseDue: null,
        resolutionDue: null,
        explanation: '',
        error: { field: 'windows', es: e.message, en: e.message },
      };
    throw e;
  }
}
