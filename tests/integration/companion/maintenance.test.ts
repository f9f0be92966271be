/**
 * Preventive maintenance run by the companion's maintenance job (issue 14): for a póliza with two covered serials and
 * a monthly interval, lead 7 days, each date makes one Maintenance Occurrence, a proactive case and a proposed visit
 * per serial, 7 days ahead; three companions on one period make each once; after 60 days down, exactly the missed
 * dates are made, oldest first; only the integration (or a manager) may generate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startHostScriptsEnv } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
let policy = '';
const all = (sql: string, params: (string | number)[] = []) => env.site.db.all(sql, params);
const occurrences = () =>
  all(
    'SELECT serial_no, scheduled_date FROM "tabMaintenance Occurrence" WHERE service_policy = ? ORDER BY scheduled_date, serial_no',
    [policy],
  ).map((o) => `${String(o.serial_no)} ${String(o.scheduled_date)}`);
const companions = async (n: number) => {
  const list = [];
  for (let i = 0; i < n; i++) list.push(await env.companion(`mt-${i}-${Math.random()}`));
  try {
    return await Promise.all(list.map((c) => c.runJobNow('maintenance')));
  } finally {
    await Promise.all(list.map((c) => c.close()));
  }
};
const advance = (days: number) => {
  env.clock.now = new Date(env.clock.now.getTime() + days * 86_400_000);
};

beforeAll(async () => {
  env = await startHostScriptsEnv(); // the site's today is 2026-11-23
  const company = String(
    (
      await env.insert('Company', {
        company_name: 'ZZV Mantención',
        abbr: 'ZZM',
        default_currency: 'CLP',
        country: 'Chile',
      })
    ).name,
  );
  await env.insert('Customer', { customer_name: 'Planta Norte SpA' });
  await env.insert('Item', { item_code: 'ZZM-BOMBA', item_group: 'Products', has_serial_no: 1 });
  for (const serial_no of ['ZZM-SN-A', 'ZZM-SN-B'])
    await env.insert('Serial No', { serial_no, item_code: 'ZZM-BOMBA', customer: 'Planta Norte SpA', company });
  policy = String(
    (
      await env.insert('Service Policy', {
        customer: 'Planta Norte SpA',
        status: 'Active',
        start_date: '2026-10-25',
        end_date: '2027-10-24',
        maintenance_interval_months: 1,
        maintenance_lead_days: 7,
        equipment: [
          { serial_no: 'ZZM-SN-A', item: 'ZZM-BOMBA', location: 'Sala de bombas 1' },
          { serial_no: 'ZZM-SN-B', item: 'ZZM-BOMBA', location: 'Sala de bombas 2' },
        ],
      })
    ).name,
  );
});
afterAll(() => env.close());

describe('preventive maintenance', () => {
  it('7 days ahead, three companions on one period make each date once: an occurrence, a proactive case, a proposed visit', async () => {
    const outs = await companions(3);
    expect(outs.filter((o) => o.ran)).toHaveLength(1); // the period is claimed once
    expect(occurrences()).toEqual(['ZZM-SN-A 2026-11-25', 'ZZM-SN-B 2026-11-25']);
    const c = env.site.db.get(
      `SELECT c.channel, c.proactive, c.serial_no, c.service_policy, o.name AS occ, v.status, v.scheduled_start, v.location
       FROM "tabMaintenance Occurrence" o JOIN "tabSupport Case" c ON c.name = o.support_case
       JOIN "tabService Visit" v ON v.name = o.service_visit WHERE o.serial_no = 'ZZM-SN-A'`,
    );
    expect(c).toMatchObject({
      channel: 'Maintenance plan',
      proactive: 1,
      serial_no: 'ZZM-SN-A',
      service_policy: policy,
      status: 'Proposed',
      scheduled_start: '2026-11-25 09:00:00.000000',
      location: 'Sala de bombas 1',
    });
    advance(0.01);
    await companions(3); // another period: nothing new
    expect(occurrences()).toHaveLength(2);
    expect(env.site.db.get('SELECT next_maintenance_on FROM "tabService Policy" WHERE name = ?', [policy])).toEqual({
      next_maintenance_on: '2026-12-25',
    });
  });

  it('after 60 days down, exactly the missed dates are made, oldest first, and nothing twice', async () => {
    advance(60); // 2027-01-22: 2026-12-25 was missed, 2027-01-25 is 3 days ahead
    await companions(2);
    expect(occurrences()).toEqual([
      'ZZM-SN-A 2026-11-25',
      'ZZM-SN-B 2026-11-25',
      'ZZM-SN-A 2026-12-25',
      'ZZM-SN-B 2026-12-25',
      'ZZM-SN-A 2027-01-25',
      'ZZM-SN-B 2027-01-25',
    ]);
    expect(
      Number(env.site.db.get(`SELECT COUNT(*) AS n FROM "tabSupport Case" WHERE channel = 'Maintenance plan'`)?.n),
    ).toBe(6);
  });

  it('the host makes a date once however often it is sent: twice in one call, and again later', async () => {
    const row = String(
      env.site.db.get(`SELECT name FROM "tabPolicy Equipment" WHERE parent = ? AND serial_no = 'ZZM-SN-A'`, [policy])
        ?.name,
    );
    const item = { policy, row, serial_no: 'ZZM-SN-A', due: '2027-01-25', next: '2027-02-25' };
    const a = (await env.client.call('postventa.maintenance.generate', { items: [item, item] })) as { made: unknown[] };
    const b = (await env.client.call('postventa.maintenance.generate', { items: [item] })) as { made: unknown[] };
    expect([a.made.length, b.made.length]).toEqual([0, 0]); // made by the job already
    expect(occurrences().filter((o) => o === 'ZZM-SN-A 2027-01-25')).toHaveLength(1);
    // The cursor never goes back: it stays on the date after the last one made.
    expect(env.site.db.get('SELECT next_maintenance_on FROM "tabPolicy Equipment" WHERE name = ?', [row])).toEqual({
      next_maintenance_on: '2027-02-25',
    });
  });

  it('an agent cannot generate maintenance', async () => {
    const r = await as('agente@pv.test', 'POST', '/api/method/postventa.maintenance.generate', {
      items: [{ policy, row: 'x', serial_no: 'ZZM-SN-A', due: '2027-03-25', next: null }],
    });
    expect(r.status).toBe(403);
    expect(occurrences()).toHaveLength(6);
  });
});
