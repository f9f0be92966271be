/**
 * The nightly Customer Metric Snapshot and the risk list (issue 17): the customer-metrics job writes one snapshot
 * per customer and day however many times it runs; a customer crossing the risk threshold (a detractor, SLA breaches
 * this month, an open escalation) is on the list with the reasons, and their account manager is alerted once — not
 * again the next day while they stay on it. Only the integration writes snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
const all = (sql: string, params: (string | number)[] = []) => env.site.db.all(sql, params);
const run = async () => {
  env.clock.now = new Date(env.clock.now.getTime() + 10 * 60_000);
  const c = await env.companion(`cm-${Math.random()}`);
  try {
    return await c.runJobNow('customer-metrics');
  } finally {
    await c.close();
  }
};
const snapshots = (customer: string) =>
  all(
    'SELECT period_end, at_risk, risk_score, risk_reasons, alerted FROM "tabCustomer Metric Snapshot" WHERE customer = ? ORDER BY period_end',
    [customer],
  );

beforeAll(async () => {
  env = await startHostScriptsEnv(); // the site's today is 2026-11-23
  await user('gerente@pv.test', ['Support Manager']);
  await env.insert('Customer', { customer_name: 'Riesgo SpA', account_manager: 'gerente@pv.test' });
  await env.insert('Customer', { customer_name: 'Calma SpA' });
  for (const [i, facts] of [
    { response_breached: 1, resolution_breached: 1, status: 'Closed' },
    { status: 'Escalated to Development' },
  ].entries()) {
    const c = await env.insert('Support Case', { subject: `Riesgo ${i}`, symptom: 'x', customer: 'Riesgo SpA' });
    const keys = Object.keys(facts);
    env.site.db.run(
      `UPDATE "tabSupport Case" SET received_on = '2026-11-10 10:00:00', ${keys.map((k) => `${k} = ?`).join(', ')} WHERE name = ?`,
      [...Object.values(facts), String(c.name)],
    );
  }
  const s = await env.insert('Survey Response', { status: 'Pending', customer: 'Riesgo SpA', trigger: 'Periodic' });
  env.site.db.run(
    `UPDATE "tabSurvey Response" SET status = 'Answered', responded_on = '2026-11-15 10:00:00', nps = 2 WHERE name = ?`,
    [String(s.name)],
  );
});
afterAll(() => env.close());

describe('nightly snapshot and risk alerts', () => {
  it('one snapshot per customer and day; the customer at risk has the reasons and one alert', async () => {
    await run();
    await run();
    const risky = snapshots('Riesgo SpA');
    expect(risky).toHaveLength(1);
    expect(risky[0]).toMatchObject({ period_end: '2026-11-23', at_risk: 1, risk_score: 45, alerted: 1 });
    expect(String(risky[0]?.risk_reasons)).toContain('NPS detractor');
    expect(String(risky[0]?.risk_reasons)).toContain('SLA');
    expect(snapshots('Calma SpA')).toMatchObject([{ at_risk: 0, risk_score: 0, alerted: 0 }]);
    const tasks = all(
      `SELECT t.allocated_to FROM "tabToDo" t JOIN "tabCustomer Interaction" i ON i.name = t.reference_name WHERE i.customer = 'Riesgo SpA'`,
    );
    expect(tasks).toEqual([{ allocated_to: 'gerente@pv.test' }]);
  });

  it('the next day: a new snapshot, still at risk, no second alert', async () => {
    env.clock.now = new Date(env.clock.now.getTime() + 24 * 3_600_000);
    await run();
    expect(snapshots('Riesgo SpA').map((r) => [r.period_end, r.at_risk, r.alerted])).toEqual([
      ['2026-11-23', 1, 1],
      ['2026-11-24', 1, 0],
    ]);
    expect(all(`SELECT name FROM "tabCustomer Interaction" WHERE customer = 'Riesgo SpA'`)).toHaveLength(1);
  });

  it('only the integration writes snapshots: an agent, a manager, a customer and a guest are refused', async () => {
    const body = {
      items: [
        {
          customer: 'Calma SpA',
          period_start: '2099-01-01',
          period_end: '2099-01-30',
          at_risk: true,
          alert: true,
          risk_score: 99,
        },
      ],
    };
    for (const who of ['agente@pv.test', 'gerente@pv.test', 'cliente@aldia.test', 'Guest'])
      expect((await as(who, 'POST', '/api/method/postventa.metrics.snapshots', body)).status).toBe(403);
    expect(all(`SELECT name FROM "tabCustomer Metric Snapshot" WHERE period_end = '2099-01-30'`)).toEqual([]);
  });
});
