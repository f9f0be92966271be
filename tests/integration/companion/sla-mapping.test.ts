/**
 * One mapping from host documents to SLA rules: the deadline the admin page previews (the documents as it reads
 * them, through domain/sla/from-docs) is the deadline the companion stamps, on a calendar with a whole-day closure
 * that still carries times, a partial closure and a holiday.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarSpecFromDoc, slaRulesFromDoc } from '../../../domain/sla/from-docs.ts';
import { compileCalendar } from '../../../domain/sla/calendar.ts';
import { computeCaseClock } from '../../../domain/sla/case-clock.ts';
import { targetFor } from '../../../domain/sla/targets.ts';
import { formatFrappeDatetime, parseFrappeDatetime } from '../../../domain/sla/frappe-time.ts';
import { SLAPolicySchema, SupportCalendarSchema } from '../../../generated/doctypes/index.ts';
import { AnyDoc } from '../../../host-client/client.ts';
import { startEnv, type Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv(); // Monday 2026-11-23 10:00 in Santiago
});
afterAll(() => env.close());

describe('preview and stamping agree', () => {
  it('on whole-day and partial closures and a holiday', async () => {
    const zone = 'America/Santiago';
    await env.insert('Holiday List', {
      holiday_list_name: 'ZZV Feriados',
      from_date: '2026-01-01',
      to_date: '2026-12-31',
      holidays: [{ holiday_date: '2026-11-26', description: '<p>Feriado de prueba</p>' }],
    });
    await env.insert('Support Calendar', {
      calendar_name: 'ZZV Calendario',
      time_zone: zone,
      holiday_list: 'ZZV Feriados',
      windows: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((weekday) => ({
        weekday,
        start_time: '09:00:00',
        end_time: '18:00:00',
      })),
      closures: [
        // Whole day, with times left over from the form: the day is closed, not 10:00–12:00.
        {
          closure_date: '2026-11-24',
          whole_day: 1,
          start_time: '10:00:00',
          end_time: '12:00:00',
          reason: 'Inventario',
        },
        {
          closure_date: '2026-11-25',
          whole_day: 0,
          start_time: '09:00:00',
          end_time: '13:00:00',
          reason: 'Capacitación',
        },
      ],
    });
    await env.insert('SLA Policy', {
      sla_policy_name: 'ZZV SLA',
      enabled: 1,
      calendar: 'ZZV Calendario',
      warning_percent: 75,
      apply_to_resolution: 1,
      targets: [{ priority: 'P3', severity: 'S3', response_minutes: 900, resolution_minutes: 1800 }],
    });
    await env.client.update('Postventa Settings', 'Postventa Settings', { default_sla_policy: 'ZZV SLA' }, AnyDoc);
    await env.insert('Customer', { customer_name: 'ZZV Mapeo' });
    const c = await env.insert('Support Case', {
      subject: 'Mapeo',
      symptom: 'x',
      customer: 'ZZV Mapeo',
      priority: 'P3',
      severity: 'S3',
    });
    const companion = await env.companion('map');
    env.clock.now = new Date(env.clock.now.getTime() + 60_000);
    await companion.runJobNow('sla-sweep');
    const stamped = env.get('Support Case', String(c.name));

    // The admin page's preview: the documents as the REST API returns them, through the same mapping.
    const cal = SupportCalendarSchema.parse(await env.client.getDoc('Support Calendar', 'ZZV Calendario', AnyDoc));
    const policy = SLAPolicySchema.parse(await env.client.getDoc('SLA Policy', 'ZZV SLA', AnyDoc));
    const holidays = [{ holiday_date: '2026-11-26', description: '<p>Feriado de prueba</p>' }];
    const compiled = compileCalendar(calendarSpecFromDoc(cal, holidays), '2026-11-01', '2027-12-31');
    const rules = slaRulesFromDoc(policy);
    const target = targetFor(rules, 'P3', 'S3');
    const received = parseFrappeDatetime(String(stamped.received_on ?? stamped.creation), zone);
    const clock = computeCaseClock({
      calendar: compiled,
      receivedAt: received,
      responseMinutes: target.responseMinutes,
      resolutionMinutes: target.resolutionMinutes,
      trackResolution: rules.trackResolution,
      warningPercent: rules.warningPercent,
      pauseStatuses: new Set(rules.pauseStatuses),
      history: [],
      firstRespondedAt: null,
      now: received,
    });
    const fmt = (ms: number | null | undefined): string | null =>
      ms == null ? null : formatFrappeDatetime(ms, zone).slice(0, 19);
    expect(String(stamped.response_by).slice(0, 19)).toBe(fmt(clock.response.dueAt));
    expect(String(stamped.resolution_by).slice(0, 19)).toBe(fmt(clock.resolution?.dueAt));
    // Received Monday 10:00: 8 h Monday, Tuesday closed, Wednesday 13:00–18:00 (5 h), Thursday a holiday, then
    // Friday from 09:00 (9 h): 15 h of response land on Friday 11:00, 30 h of resolution on Monday 30 at 17:00.
    expect(fmt(clock.response.dueAt)).toBe('2026-11-27 11:00:00');
    expect(fmt(clock.resolution?.dueAt)).toBe('2026-11-30 17:00:00');
  });
});
