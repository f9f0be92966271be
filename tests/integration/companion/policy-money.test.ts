/**
 * A póliza's money run by the companion's policy-money job and the host (seed 000, phase 5): each period opens once
 * with its invoice; an invoice overdue beyond the grace days suspends the policy, which blocks the customer's new
 * cases with the reason, and paying it lifts the suspension at once; 80 % and 100 % of the allowance are announced
 * once each; the renewal is offered 15 days before the end and accepting it makes the next policy, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';
import { AnyDoc } from '../../../host-client/client.ts';

let env: Env;
let policy = '';
const one = (sql: string, params: (string | number)[] = []) => env.site.db.get(sql, params) ?? {};
const count = (sql: string, params: (string | number)[] = []) => Number(one(sql, params).n ?? 0);
const run = async () => {
  // Each run in its own job period (a run claims `<job>:<period>`), the site's day unchanged.
  env.clock.now = new Date(env.clock.now.getTime() + 10 * 60_000);
  const c = await env.companion(`pm-${Math.random()}`);
  try {
    return await c.runJobNow('policy-money');
  } finally {
    await c.close();
  }
};

beforeAll(async () => {
  env = await startHostScriptsEnv(); // the site's today is 2026-11-23
  await env.insert('Company', { company_name: 'ZZV Pólizas', abbr: 'ZZP', default_currency: 'CLP', country: 'Chile' });
  for (const year of ['2026', '2027'])
    await env.insert('Fiscal Year', { year, year_start_date: `${year}-01-01`, year_end_date: `${year}-12-31` });
  await env.insert('Customer', { customer_name: 'Cuotas SpA' });
  await env.insert('Item', { item_code: 'POLIZA-MES', item_group: 'Services', is_stock_item: 0 });
  policy = String(
    (
      await env.insert('Service Policy', {
        customer: 'Cuotas SpA',
        status: 'Active',
        period: 'Monthly',
        start_date: '2026-10-01',
        end_date: '2026-12-05',
        price: 100_000,
        billing_item: 'POLIZA-MES',
        allowance_hours: 10,
        report_recipients: 'pagos@cuotas.test',
      })
    ).name,
  );
  await user('cliente@cuotas.test', ['Support Customer']);
  await env.insert('User Permission', { user: 'cliente@cuotas.test', allow: 'Customer', for_value: 'Cuotas SpA' });
});
afterAll(() => env.close());

describe('policy money', () => {
  it('each period that began opens once with its invoice; the renewal is offered once; a replay changes nothing', async () => {
    expect(await run()).toMatchObject({ ran: true });
    const invoices = env.site.db.all(
      'SELECT name, from_date, to_date, grand_total, docstatus FROM "tabSales Invoice" WHERE service_policy = ? ORDER BY from_date',
      [policy],
    );
    expect(invoices.map((i) => [i.from_date, i.to_date, i.grand_total, i.docstatus])).toEqual([
      ['2026-10-01', '2026-10-31', 100_000, 0],
      ['2026-11-01', '2026-11-30', 100_000, 0],
      ['2026-12-06', '2027-02-05', 100_000, 0],
    ]);
    expect(
      one('SELECT usage_period_start, renewal_notice_sent_on FROM "tabService Policy" WHERE name = ?', [policy]),
    ).toMatchObject({ usage_period_start: '2026-11-01', renewal_notice_sent_on: '2026-11-23' });
    const mail = one(
      `SELECT recipients, content FROM "tabCommunication" WHERE reference_doctype = 'Service Policy' AND reference_name = ? AND subject LIKE 'Renovación%'`,
      [policy],
    );
    expect(mail.recipients).toBe('pagos@cuotas.test');
    expect(String(mail.content)).toMatch(/#\/renewal\//);
    expect(await run()).toMatchObject({ ran: true, result: { items: 0 } });
    expect(count('SELECT COUNT(*) AS n FROM "tabSales Invoice" WHERE service_policy = ?', [policy])).toBe(3);
  });

  it('an invoice overdue beyond the grace days suspends the policy; new cases are refused with the reason', async () => {
    const first = String(
      one('SELECT name FROM "tabSales Invoice" WHERE service_policy = ? AND from_date = ?', [policy, '2026-10-01'])
        .name,
    );
    await env.client.update('Sales Invoice', first, { docstatus: 1 }, AnyDoc);
    env.site.db.run('UPDATE "tabSales Invoice" SET due_date = ? WHERE name = ?', ['2026-11-10', first]);
    expect(await run()).toMatchObject({ ran: true, result: { detail: { suspended: 1, failed: 0 } } });
    const p = one('SELECT status, suspension_reason FROM "tabService Policy" WHERE name = ?', [policy]);
    expect(p.status).toBe('Suspended');
    expect(String(p.suspension_reason)).toContain(`Factura ${first} vencida el 2026-11-10`);
    const r = await as('cliente@cuotas.test', 'POST', '/api/resource/Support%20Case', {
      subject: 'No enciende',
      symptom: 'x',
      customer: 'Cuotas SpA',
    });
    expect(r.status).toBe(417);
    expect(messages(r.body)).toMatch(/está suspendida por una cuenta por cobrar vencida/);
    expect(await run()).toMatchObject({ ran: true, result: { items: 0 } });
  });

  it('paying the overdue invoice lifts the suspension in the same transaction; the portal opens cases again', async () => {
    const first = String(
      one('SELECT name FROM "tabSales Invoice" WHERE service_policy = ? AND from_date = ?', [policy, '2026-10-01'])
        .name,
    );
    const pe = (await env.client.call(
      'erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry',
      { dt: 'Sales Invoice', dn: first },
      'GET',
    )) as Record<string, unknown>;
    const { __islocal: _a, __unsaved: _b, ...body } = pe;
    await env.client.insert('Payment Entry', { ...body, reference_no: 'TRX-9', docstatus: 1 }, AnyDoc);
    expect(one('SELECT status, suspension_reason FROM "tabService Policy" WHERE name = ?', [policy])).toMatchObject({
      status: 'Active',
      suspension_reason: null,
    });
    const r = await as('cliente@cuotas.test', 'POST', '/api/resource/Support%20Case', {
      subject: 'No enciende',
      symptom: 'x',
      customer: 'Cuotas SpA',
    });
    expect(r.status).toBe(200);
    expect(await run()).toMatchObject({ ran: true, result: { items: 0 } });
  });

  it('80 % and 100 % of the allowance are announced once each', async () => {
    const c = await env.insert('Support Case', { subject: 'Horas', symptom: 'x', customer: 'Cuotas SpA' });
    env.site.db.run('UPDATE "tabSupport Case" SET service_policy = ? WHERE name = ?', [policy, String(c.name)]);
    const notices = () =>
      env.site.db
        .all(
          `SELECT subject FROM "tabCommunication" WHERE reference_doctype = 'Service Policy' AND reference_name = ? AND subject LIKE '%del período usado%' ORDER BY creation`,
          [policy],
        )
        .map((x) => String(x.subject));
    let hour = 0;
    const log = (hours: number) => {
      const from_time = `2026-11-${String(10 + hour++).padStart(2, '0')} 08:00:00`; // one day each: no overlap
      return as('agente@pv.test', 'POST', '/api/resource/Timesheet', {
        time_logs: [{ activity_type: 'Execution', from_time, hours, support_case: c.name }],
      });
    };
    expect((await log(7)).status).toBe(200);
    expect(notices()).toEqual([]);
    await log(1);
    expect(notices()).toEqual([`Póliza ${policy}: 80 % del período usado / Policy ${policy}: 80 % of the period used`]);
    await log(1);
    expect(notices()).toHaveLength(1);
    await log(1.5);
    expect(notices()).toHaveLength(2);
    expect(notices()[1]).toMatch(/: 100 % del período usado/);
    expect(
      one('SELECT usage_warning_level FROM "tabService Policy" WHERE name = ?', [policy]).usage_warning_level,
    ).toBe(100);
  });

  it('the renewal link shows the term and amount; accepting makes the next policy once; a wrong secret sees nothing', async () => {
    const token = String(env.site.docs.getPassword('Service Policy', policy, 'renewal_token'));
    const guest = (body: Record<string, unknown>) => as('Guest', 'POST', '/api/method/postventa.policy.renewal', body);
    const bad = await guest({ policy, token: 'x'.repeat(32) });
    expect(bad.status).toBe(404);
    expect(JSON.stringify(bad.body)).not.toContain('Cuotas');
    const view = await guest({ policy, token });
    expect(view.body.message).toMatchObject({
      customer: 'Cuotas SpA',
      start: '2026-12-06',
      end: '2027-02-05',
      amount: 100_000,
      renewed_to: null,
    });
    const a = (await guest({ policy, token, action: 'accept' })).body.message as Record<string, unknown>;
    const next = String(a.renewed_to);
    expect(
      one('SELECT status, start_date, end_date, renewed_from FROM "tabService Policy" WHERE name = ?', [next]),
    ).toMatchObject({ status: 'Draft', start_date: '2026-12-06', end_date: '2027-02-05', renewed_from: policy });
    expect(one('SELECT renewed_to FROM "tabService Policy" WHERE name = ?', [policy]).renewed_to).toBe(next);
    expect(
      one('SELECT service_policy FROM "tabSales Invoice" WHERE from_date = ? AND to_date = ?', [
        '2026-12-06',
        '2027-02-05',
      ]).service_policy,
    ).toBe(next);
    const again = (await guest({ policy, token, action: 'accept' })).body.message as Record<string, unknown>;
    expect(again.renewed_to).toBe(next);
    expect(count('SELECT COUNT(*) AS n FROM "tabService Policy" WHERE renewed_from = ?', [policy])).toBe(1);
  });

  it('an agent and a portal customer cannot suspend, open periods or offer renewals', async () => {
    for (const who of ['agente@pv.test', 'cliente@cuotas.test']) {
      for (const [m, body] of [
        ['postventa.policy.suspension', { changes: [{ policy, suspend: 1, reason: 'x' }] }],
        ['postventa.policy.invoice', { policy, kind: 'period', start: '2026-12-01', end: '2026-12-31' }],
        ['postventa.policy.invoice', { policy, kind: 'renewal', start: '2027-01-01', end: '2027-12-31' }],
      ] as const) {
        const r = await as(who, 'POST', `/api/method/${m}`, body);
        expect(r.status, `${who} ${m}`).toBe(403);
      }
    }
    expect(one('SELECT status FROM "tabService Policy" WHERE name = ?', [policy]).status).toBe('Active');
  });
});
