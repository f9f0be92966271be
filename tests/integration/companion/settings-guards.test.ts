/**
 * SLA settings the companion could not apply are refused by the host with the field named, in Spanish and English
 * (a time-zone typo used to be saved and leave every case on the calendar without an SLA), and a change reaches
 * stamping at the next sweep even when no webhook arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyDoc } from '../../../host-client/client.ts';
import { SlaContextCache } from '../../../server-scripts/companion/sla-context.ts';
import { refusal, startEnv, type Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.close());

const WEEK = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((weekday) => ({
  weekday,
  start_time: '09:00:00',
  end_time: '18:00:00',
}));

describe('the host refuses SLA settings that cannot be applied', () => {
  it('a calendar: an unknown time zone, no windows, a window or a partial closure ending before it starts', async () => {
    const cal = (extra: Record<string, unknown>) =>
      env.client.insert(
        'Support Calendar',
        { calendar_name: `ZZV Cal ${Math.random()}`, time_zone: 'America/Santiago', windows: WEEK, ...extra },
        AnyDoc,
      );
    const typo = await refusal(() => cal({ time_zone: 'America/Santigo' }));
    expect(typo).toContain('Zona horaria');
    expect(typo).toContain('Time zone');
    expect(typo).toContain('America/Santigo');
    expect(await refusal(() => cal({ windows: [] }))).toContain('al menos una franja');
    expect(
      await refusal(() => cal({ windows: [{ weekday: 'Monday', start_time: '18:00:00', end_time: '09:00:00' }] })),
    ).toContain('Monday');
    expect(
      await refusal(() =>
        cal({ closures: [{ closure_date: '2026-12-24', whole_day: 0, start_time: '13:00:00', end_time: '09:00:00' }] }),
      ),
    ).toContain('2026-12-24');
    const ok = await cal({ closures: [{ closure_date: '2026-12-24', whole_day: 1 }] });
    // Fixing a saved calendar to a typo is refused too, and the saved one stays as it was.
    const name = String(ok.name);
    expect(
      await refusal(() => env.client.update('Support Calendar', name, { time_zone: 'Mars/Olympus' }, AnyDoc)),
    ).toContain('Mars/Olympus');
    expect(env.get('Support Calendar', name).time_zone).toBe('America/Santiago');
  });

  it('a policy: negative or zero minutes, response after resolution, a repeated target, a warning of 150 %', async () => {
    await env.insert('Support Calendar', {
      calendar_name: 'ZZV Cal Política',
      time_zone: 'America/Santiago',
      windows: WEEK,
    });
    const policy = (targets: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
      env.client.insert(
        'SLA Policy',
        { sla_policy_name: `ZZV Pol ${Math.random()}`, enabled: 1, calendar: 'ZZV Cal Política', targets, ...extra },
        AnyDoc,
      );
    const t = (response: number, resolution: number, priority = 'P1', severity = 'S1') => ({
      priority,
      severity,
      response_minutes: response,
      resolution_minutes: resolution,
    });
    expect(await refusal(() => policy([t(-5, 60)]))).toContain('P1/S1');
    expect(await refusal(() => policy([t(30, 0)]))).toContain('resolución');
    expect(await refusal(() => policy([t(120, 60)]))).toContain('response cannot come after the resolution');
    expect(await refusal(() => policy([t(30, 60), t(10, 60)]))).toContain('repetido');
    expect(await refusal(() => policy([t(30, 60)], { warning_percent: 150 }))).toContain('1 %');
    // "Respuesta inmediata" is a real target: 0 minutes for the response is accepted.
    expect((await policy([t(0, 240)], { warning_percent: 75 })).name).toBeTruthy();
  });

  it('Postventa Settings: negative lead days and an impossible report day', async () => {
    const save = (values: Record<string, unknown>) =>
      env.client.update('Postventa Settings', 'Postventa Settings', values, AnyDoc);
    expect(await refusal(() => save({ maintenance_lead_days: -3 }))).toContain('Maintenance lead days');
    expect(await refusal(() => save({ monthly_report_day: 31 }))).toContain('1 y 28');
    expect(await refusal(() => save({ survey_sampling_percent: 150 }))).toContain('0 y 100');
    await save({ maintenance_lead_days: 7 });
  });
});

describe('a settings change reaches stamping at the next sweep, without webhooks', () => {
  it("the cache asks the host's settings version and reloads when a calendar changed", async () => {
    await env.insert('Support Calendar', {
      calendar_name: 'ZZV Cal Caché',
      time_zone: 'America/Santiago',
      windows: WEEK,
    });
    const cache = new SlaContextCache(env.client);
    const now = new Date();
    const first = await cache.get(now);
    expect((await cache.get(now, { checkVersion: true })).loadedAt).toBe(first.loadedAt);
    env.clock.now = new Date(env.clock.now.getTime() + 60_000); // the host's clock moves on before the admin saves
    await env.client.update('Support Calendar', 'ZZV Cal Caché', { time_zone: 'America/Mexico_City' }, AnyDoc);
    // Without asking, the five-minute cache would still answer the old calendar.
    expect(await cache.get(now)).toBe(first);
    const fresh = await cache.get(now, { checkVersion: true });
    expect(fresh).not.toBe(first);
    expect(fresh.version).not.toBe(first.version);
  });
});
