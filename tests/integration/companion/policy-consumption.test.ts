/**
 * A póliza's consumption follows its cases' Timesheets on the host: hours logged since the period began and cases
 * received in it, kept right when hours are added, cancelled or deleted (billing reads them for the allowance).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startHostScriptsEnv } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startHostScriptsEnv();
});
afterAll(() => env.close());

describe('policy consumption', () => {
  it("hours_used and cases_used follow the policy's cases in the period", async () => {
    const policy = String(
      env.site.db.get(`SELECT name FROM "tabService Policy" WHERE customer = 'Al Día SpA' AND status = 'Active'`)?.name,
    );
    env.site.db.run('UPDATE "tabService Policy" SET usage_period_start = ? WHERE name = ?', ['2026-11-01', policy]);
    const cases: string[] = [];
    for (const subject of ['Uno', 'Dos']) {
      const c = await env.insert('Support Case', { subject, symptom: 'x', customer: 'Al Día SpA' });
      env.site.db.run('UPDATE "tabSupport Case" SET service_policy = ? WHERE name = ?', [policy, String(c.name)]);
      cases.push(String(c.name));
    }
    const log = (support_case: string, hours: number, from_time: string) => ({
      activity_type: 'Execution',
      from_time,
      hours,
      support_case,
    });
    const used = () =>
      env.site.db.get('SELECT hours_used, cases_used FROM "tabService Policy" WHERE name = ?', [policy]);
    const a = await as('agente@pv.test', 'POST', '/api/resource/Timesheet', {
      time_logs: [log(String(cases[0]), 2, '2026-11-23 09:00:00'), log(String(cases[1]), 1.5, '2026-11-24 09:00:00')],
    });
    expect(a.status).toBe(200);
    expect(used()).toMatchObject({ hours_used: 3.5 });
    expect(Number(used()?.cases_used)).toBeGreaterThanOrEqual(2);
    // Hours before the period do not count against it.
    await as('agente@pv.test', 'POST', '/api/resource/Timesheet', {
      time_logs: [log(String(cases[0]), 5, '2026-10-20 09:00:00')],
    });
    expect(used()).toMatchObject({ hours_used: 3.5 });
    await env.client.delete('Timesheet', String((a.body.data as { name: string }).name));
    expect(used()).toMatchObject({ hours_used: 0 });
  });
});
