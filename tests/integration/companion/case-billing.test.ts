/**
 * The billing sweep (seed 004): closed cases the webhook did not bill are billed by the next sweep, in batches; a
 * case that cannot be invoiced keeps the reason and the accountants are told once, and it is invoiced by the sweep
 * after the fix; a warranty case is marked Not Billable with its cost; with "submit automatically" the invoice is
 * submitted. Replayed sweeps create nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
const one = (sql: string, params: (string | number)[] = []) => env.site.db.get(sql, params) ?? {};
const run = async () => {
  env.clock.now = new Date(env.clock.now.getTime() + 10 * 60_000);
  const c = await env.companion(`cb-${Math.random()}`);
  try {
    return await c.runJobNow('case-billing');
  } finally {
    await c.close();
  }
};
/** A case closed on the host with 2 h logged and one part used. */
async function closedCase(subject: string, case_type = 'Billable', item = 'ZZB-REP', rate?: number): Promise<string> {
  const c = await env.insert('Support Case', {
    subject,
    symptom: 'x',
    customer: 'Factura SpA',
    case_type,
    supplies: [{ item, qty: 1, ...(rate === undefined ? {} : { rate }) }],
  });
  const name = String(c.name);
  await env.insert('Timesheet', {
    time_logs: [
      {
        activity_type: 'Execution',
        from_time: '2026-11-20 09:00:00',
        hours: 2,
        support_case: name,
        support_level: 'N1',
      },
    ],
  });
  env.site.db.run(`UPDATE "tabSupport Case" SET status = 'Closed' WHERE name = ?`, [name]);
  return name;
}
const billing = (name: string) =>
  one('SELECT billing_status, billing_problem, sales_invoice, support_cost FROM "tabSupport Case" WHERE name = ?', [
    name,
  ]);

beforeAll(async () => {
  env = await startHostScriptsEnv();
  await env.insert('Company', { company_name: 'ZZV Facturas', abbr: 'ZZF', default_currency: 'CLP', country: 'Chile' });
  await env.insert('Fiscal Year', { year: '2026', year_start_date: '2026-01-01', year_end_date: '2026-12-31' });
  await env.insert('Customer', { customer_name: 'Factura SpA' });
  for (const code of ['ZZB-MO1', 'ZZB-REP', 'ZZB-SINPRECIO'])
    await env.insert('Item', { item_code: code, item_group: 'Services', is_stock_item: 0, valuation_rate: 1000 });
  for (const [item_code, price_list_rate] of [
    ['ZZB-MO1', 8000],
    ['ZZB-REP', 5000],
  ] as const)
    await env.insert('Item Price', { item_code, price_list: 'Standard Selling', price_list_rate });
  await env.site.internal((ctx) =>
    env.site.docs.update(
      ctx,
      'Postventa Settings',
      'Postventa Settings',
      { n1_labour_item: 'ZZB-MO1', n1_hourly_rate: 6000, default_company: 'ZZV Facturas' },
      { ignorePermissions: true },
    ),
  );
  await user('contador@pv.test', ['Accounts User']);
});
afterAll(() => env.close());

describe('the billing sweep', () => {
  it('bills the closed cases the webhook missed, once: a billable case gets its draft, a warranty case its cost', async () => {
    const billable = await closedCase('Facturable');
    const warranty = await closedCase('Garantía', 'Warranty');
    expect(await run()).toMatchObject({ ran: true, result: { detail: { invoiced: 1, notBillable: 1, blocked: 0 } } });
    const inv = String(billing(billable).sales_invoice);
    expect(one('SELECT grand_total, docstatus FROM "tabSales Invoice" WHERE name = ?', [inv])).toMatchObject({
      grand_total: 2 * 8000 + 5000,
      docstatus: 0,
    });
    expect(billing(warranty)).toMatchObject({ billing_status: 'Not Billable', support_cost: 2 * 6000 + 1000 });
    expect(await run()).toMatchObject({ ran: true, result: { items: 0 } });
    expect(Number(one('SELECT COUNT(*) AS n FROM "tabSales Invoice" WHERE support_case = ?', [billable]).n)).toBe(1);
  });

  it('a part without price keeps the case unbilled with the reason, tells the accountant once, and is billed after the fix', async () => {
    const name = await closedCase('Sin precio', 'Billable', 'ZZB-SINPRECIO');
    expect(await run()).toMatchObject({ ran: true, result: { detail: { blocked: 1 } } });
    expect(String(billing(name).billing_problem)).toMatch(/ZZB-SINPRECIO/);
    const bell = () =>
      env.site.db.all(
        `SELECT subject FROM "tabNotification Log" WHERE for_user = 'contador@pv.test' AND document_name = ?`,
        [name],
      );
    expect(bell()).toHaveLength(1);
    expect(String(bell()[0]?.subject)).toMatch(new RegExp(`^No se pudo facturar el caso ${name}`));
    await run();
    expect(bell()).toHaveLength(1); // the same reason is not told twice
    await env.insert('Item Price', {
      item_code: 'ZZB-SINPRECIO',
      price_list: 'Standard Selling',
      price_list_rate: 700,
    });
    expect(await run()).toMatchObject({ ran: true, result: { detail: { invoiced: 1 } } });
    expect(billing(name)).toMatchObject({ billing_status: 'To Bill', billing_problem: null });
  });

  it('with "submit case invoices automatically" the invoice is submitted; a closed fiscal year keeps the words, nothing half-made', async () => {
    await env.site.internal((ctx) =>
      env.site.docs.update(
        ctx,
        'Postventa Settings',
        'Postventa Settings',
        { submit_case_invoices: 1 },
        { ignorePermissions: true },
      ),
    );
    const name = await closedCase('Automática');
    await run();
    const inv = String(billing(name).sales_invoice);
    expect(one('SELECT docstatus FROM "tabSales Invoice" WHERE name = ?', [inv]).docstatus).toBe(1);
    expect(billing(name).billing_status).toBe('Invoiced');
    env.site.db.run(`UPDATE "tabFiscal Year" SET disabled = 1 WHERE year = '2026'`);
    const closed = await closedCase('Año cerrado');
    const other = await closedCase('Garantía del lote', 'Warranty');
    expect(await run()).toMatchObject({ ran: true, result: { detail: { blocked: 1, notBillable: 1 } } });
    expect(String(billing(closed).billing_problem)).toMatch(/not in any active Fiscal Year/);
    expect(billing(other).billing_status).toBe('Not Billable');
    expect(Number(one('SELECT COUNT(*) AS n FROM "tabSales Invoice" WHERE support_case = ?', [closed]).n)).toBe(0);
    env.site.db.run(`UPDATE "tabFiscal Year" SET disabled = 0 WHERE year = '2026'`);
    expect(await run()).toMatchObject({ ran: true, result: { detail: { invoiced: 1 } } });
    expect(billing(closed)).toMatchObject({ billing_status: 'Invoiced', billing_problem: null });
  });

  it('with "invoice extras", a warranty case invoices only the part charged on its row, never its hours', async () => {
    await env.site.internal((ctx) =>
      env.site.docs.update(
        ctx,
        'Postventa Settings',
        'Postventa Settings',
        { invoice_warranty_extras: 1, submit_case_invoices: 0 },
        { ignorePermissions: true },
      ),
    );
    const charged = await closedCase('Garantía con extra', 'Warranty', 'ZZB-REP', 4500);
    const free = await closedCase('Garantía sin extra', 'Warranty');
    await run();
    const inv = String(billing(charged).sales_invoice);
    expect(env.site.db.all('SELECT item_code, qty, rate FROM "tabSales Invoice Item" WHERE parent = ?', [inv])).toEqual(
      [{ item_code: 'ZZB-REP', qty: 1, rate: 4500 }],
    );
    expect(billing(free)).toMatchObject({ billing_status: 'Not Billable', sales_invoice: null });
  });

  it('only the integration bills in batches', async () => {
    const { as } = await import('./host-scripts.fixture.ts');
    const r = await as('contador@pv.test', 'POST', '/api/method/postventa.case.bill', { cases: [] });
    expect(r.status).toBe(403);
  });
});
