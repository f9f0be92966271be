/**
 * Billing a case from the desk (seed 004): hours per level and supplies become the lines of one draft ERPNext Sales
 * Invoice for the accountant; a warranty case is not invoiced but still costs; the host refuses what is not the
 * case's and invoices each case once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyDoc } from '../../host-client/client.ts';
import type { Page } from 'playwright-core';
import { hostRequest, login, openDemo, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
let name = '';
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};

const send = hostRequest;
const post = (page: Page, path: string, body: object) => send(page, 'POST', path, body);

beforeAll(async () => {
  env = await openDemo();
  // A customer without a póliza: every hour and part is billed.
  const c = await env.demo.admin.insert(
    'Support Case',
    { subject: 'Bomba con rodamientos gastados', symptom: 'Ruido al girar.', customer: 'Pesquera Mar Azul S.A.' },
    AnyDoc,
  );
  name = String(c.name);
  await login(env, 'ana.gonzalez@postventa.demo');
});
afterAll(async () => {
  await env.close();
});

describe('billing a case', () => {
  it('2.5 h at N1, 1 h at N2 and two supplies become four lines; "Facturar" makes one draft invoice', async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
    await page.getByTestId('hours').fill('2.5');
    await page.getByTestId('log-time').click();
    await expect.poll(() => page.getByTestId('hours-logged').textContent()).toContain('2,5');
    await page.getByTestId('level-to').selectOption('N2');
    await page.getByTestId('level-reason').fill('Requiere especialista');
    await page.getByTestId('change-level').click();
    await expect.poll(() => page.getByTestId('case-level').textContent()).toContain('N2');
    await page.getByTestId('hours').fill('1');
    await page.getByTestId('log-time').click();
    await expect.poll(() => page.getByTestId('hours-logged').textContent()).toContain('3,5');
    for (const [item, qty] of [
      ['ROD-6205', '2'],
      ['FA-15', '1'],
    ] as const) {
      await page.getByTestId('supply-item').fill(item);
      await page.getByLabel('Cantidad').fill(qty);
      await page.getByTestId('add-supply').click();
      await expect.poll(() => page.getByText(`${item} × ${qty}`).count()).toBe(1);
    }
    const lines = page.getByTestId('billing-lines').locator('tr');
    await expect.poll(() => lines.count()).toBe(5);
    // 2 × 8.500 + 45.000 + 2,5 h × 8.000 + 1 h × 8.000
    expect(await page.getByTestId('billing-total').textContent()).toBe('$90.000');
    await page.getByTestId('billing-panel').screenshot({ path: 'tests/e2e/screenshots/billing-panel.png' });
    // The terms chosen on the case go on the invoice (its due date follows them).
    await page.getByTestId('payment-terms').selectOption('30 días');
    await expect
      .poll(() => one('SELECT payment_terms FROM "tabSupport Case" WHERE name = ?', [name]).payment_terms)
      .toBe('30 días');
    await page.getByTestId('bill').click();
    await page.getByTestId('invoice').waitFor();
    await page.getByTestId('billing-panel').screenshot({ path: 'tests/e2e/screenshots/billing-invoiced.png' });
    const c = one('SELECT sales_invoice, billing_status FROM "tabSupport Case" WHERE name = ?', [name]);
    expect(c.billing_status).toBe('To Bill');
    const inv = one(
      'SELECT docstatus, customer, support_case, grand_total, payment_terms_template FROM "tabSales Invoice" WHERE name = ?',
      [String(c.sales_invoice)],
    );
    expect(inv).toMatchObject({
      docstatus: 0,
      customer: 'Pesquera Mar Azul S.A.',
      support_case: name,
      grand_total: 90000,
      payment_terms_template: '30 días',
    });
    const items = env.demo.site.db.all(
      'SELECT item_code, qty FROM "tabSales Invoice Item" WHERE parent = ? ORDER BY idx',
      [String(c.sales_invoice)],
    );
    expect(items).toEqual([
      { item_code: 'ROD-6205', qty: 2 },
      { item_code: 'FA-15', qty: 1 },
      { item_code: 'MO-N1', qty: 2.5 },
      { item_code: 'MO-N2', qty: 1 },
    ]);
  });

  it('resolving issues its supplies from stock once, linked on each row; resolving again issues nothing more', async () => {
    const { page } = env;
    const bin = (item: string): number =>
      Number(
        one('SELECT actual_qty FROM "tabBin" WHERE item_code = ? AND warehouse = ?', [item, 'Stores - STA']).actual_qty,
      );
    const before = { rod: bin('ROD-6205'), fa: bin('FA-15') };
    await page.getByTestId('solution').fill('Se cambiaron los rodamientos y el filtro.');
    await page.getByTestId('resolve').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('Resuelto');
    const rows = env.demo.site.db.all(
      'SELECT item, stock_entry FROM "tabSupport Case Supply" WHERE parent = ? ORDER BY idx',
      [name],
    );
    const entry = String(rows[0]?.stock_entry);
    expect(rows).toEqual([
      { item: 'ROD-6205', stock_entry: entry },
      { item: 'FA-15', stock_entry: entry },
    ]);
    expect(one('SELECT stock_entry_type, docstatus FROM "tabStock Entry" WHERE name = ?', [entry])).toEqual({
      stock_entry_type: 'Material Issue',
      docstatus: 1,
    });
    expect([bin('ROD-6205'), bin('FA-15')]).toEqual([before.rod - 2, before.fa - 1]);
    await expect.poll(() => page.getByTestId('stock-moved').count()).toBe(2);
    const entries = Number(one('SELECT count(*) AS n FROM "tabStock Entry"').n);
    await page.getByRole('button', { name: 'Reabrir' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('En curso');
    await page.getByTestId('resolve').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('Resuelto');
    expect(Number(one('SELECT count(*) AS n FROM "tabStock Entry"').n)).toBe(entries);
    expect([bin('ROD-6205'), bin('FA-15')]).toEqual([before.rod - 2, before.fa - 1]);
  });

  it('a supply beyond the stock keeps the case from resolving, every item and quantity named, nothing written', async () => {
    const { page } = env;
    const c = await env.demo.admin.insert(
      'Support Case',
      {
        subject: 'Muchos rodamientos',
        symptom: 'x',
        customer: 'Pesquera Mar Azul S.A.',
        supplies: [{ item: 'ROD-6205', qty: 9999 }],
      },
      AnyDoc,
    );
    const entries = Number(one('SELECT count(*) AS n FROM "tabStock Entry"').n);
    await page.goto(`${env.demo.url}/postventa#/desk/case/${String(c.name)}`);
    await page.getByTestId('solution').fill('Cambio masivo.');
    await page.getByTestId('resolve').click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(
        expect.stringMatching(
          /no hay stock suficiente para resolver \(ROD-6205 en Stores - STA: se necesitan 9999, hay \d+\)/,
        ),
      );
    expect(one('SELECT status FROM "tabSupport Case" WHERE name = ?', [String(c.name)]).status).toBe('Open');
    expect(Number(one('SELECT count(*) AS n FROM "tabStock Entry"').n)).toBe(entries);
    await page.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
  });

  it('the accountant submits it in ERPNext and registers a partial payment from the case, then the rest: Paid', async () => {
    const invoice = String(one('SELECT sales_invoice FROM "tabSupport Case" WHERE name = ?', [name]).sales_invoice);
    const acct = await env.browser.newPage();
    await login(env, 'hector.lara@postventa.demo', acct, /#\/accounts/);
    const res = `/api/resource/Sales%20Invoice/${encodeURIComponent(invoice)}`;
    expect((await send(acct, 'PUT', res, { docstatus: 1 })).status).toBe(200);
    expect(one('SELECT billing_status FROM "tabSupport Case" WHERE name = ?', [name]).billing_status).toBe('Invoiced');
    // From "Casos por facturar" to the case, where the payment is registered.
    await acct.goto(`${env.demo.url}/postventa#/accounts`);
    await acct.getByTestId('accounts-case-link').filter({ hasText: name }).click();
    await expect.poll(() => acct.getByTestId('invoice-status').textContent()).toBe('Impaga');
    await acct.getByTestId('pay').click();
    // More than is outstanding, or no reference: refused by the form, the field named, nothing written.
    await acct.getByTestId('pay-amount').fill('120000');
    await acct.getByTestId('pay-reference').fill('TRX-1');
    await acct.getByTestId('pay-save').click();
    await expect.poll(() => acct.getByTestId('pay-problem').textContent()).toMatch(/^Monto: no puede superar/);
    await acct.getByTestId('pay-amount').fill('40000');
    await acct.getByTestId('pay-reference').fill('');
    await acct.getByTestId('pay-save').click();
    await expect.poll(() => acct.getByTestId('pay-problem').textContent()).toMatch(/^N° de operación:/);
    expect(one('SELECT COUNT(*) AS n FROM "tabPayment Entry"').n).toBe(0);
    await acct.getByTestId('pay-reference').fill('TRX-40');
    await acct.getByTestId('pay-save').click();
    await expect.poll(() => acct.getByTestId('invoice-status').textContent()).toBe('Pagada parcialmente');
    await expect.poll(() => acct.getByTestId('payments').locator('tr').count()).toBe(1);
    await acct.screenshot({ path: 'tests/e2e/screenshots/accounts-case-partly-paid.png', fullPage: true });
    expect(one('SELECT status, outstanding_amount FROM "tabSales Invoice" WHERE name = ?', [invoice])).toMatchObject({
      status: 'Partly Paid',
      outstanding_amount: 50_000,
    });
    expect(one('SELECT billing_status FROM "tabSupport Case" WHERE name = ?', [name]).billing_status).toBe('Invoiced');
    // A supervisor (no role on Sales Invoice or Payment Entry) sees the state, what is outstanding and the payment.
    const sup = await env.browser.newPage();
    await login(env, 'elena.castro@postventa.demo', sup);
    await sup.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
    await expect
      .poll(() => sup.getByTestId('invoice').textContent())
      .toMatch(/Pagada parcialmente.*pendiente \$50\.000/s);
    await expect.poll(() => sup.getByTestId('payments').textContent()).toMatch(/Wire Transfer.*TRX-40.*\$40\.000/s);
    expect(await sup.getByTestId('pay').count()).toBe(0);
    await acct.getByTestId('pay').click();
    expect(Number(await acct.getByTestId('pay-amount').inputValue())).toBe(50_000);
    await acct.getByTestId('pay-reference').fill('TRX-50');
    await acct.getByTestId('pay-save').click();
    await expect.poll(() => acct.getByTestId('invoice-status').textContent()).toBe('Pagada');
    expect(one('SELECT billing_status FROM "tabSupport Case" WHERE name = ?', [name]).billing_status).toBe('Paid');
    expect(await acct.getByTestId('pay').count()).toBe(0);
    await acct.close();
    await sup.close();
  });

  it('an agent cannot register a payment: no button, and the host refuses the entry', async () => {
    const page = env.page;
    await page.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
    await page.reload();
    await expect.poll(() => page.getByTestId('payments').locator('tr').count()).toBe(2);
    expect(await page.getByTestId('pay').count()).toBe(0);
    const w = await post(page, '/api/resource/Payment%20Entry', {
      payment_type: 'Receive',
      party_type: 'Customer',
      party: 'Pesquera Mar Azul S.A.',
      paid_amount: 1,
      received_amount: 1,
      docstatus: 1,
    });
    expect(w.status).toBe(403);
    expect(one('SELECT COUNT(*) AS n FROM "tabPayment Entry"').n).toBe(2);
  });

  it('called again, the host gives back the same invoice; lines that are not the case are refused by name', async () => {
    const { page } = env;
    const call = (body: object) => post(page, '/api/method/postventa.case.bill', body);
    const before = Number(one('SELECT count(*) AS n FROM "tabSales Invoice"').n);
    const again = await call({ case: name, lines: [{ item: 'MO-N1', qty: 1, rate: 8000 }] });
    expect(again.status).toBe(200);
    expect((again.body.message as { created: number }).created).toBe(0);
    expect(Number(one('SELECT count(*) AS n FROM "tabSales Invoice"').n)).toBe(before);
    const other = await env.demo.admin.insert(
      'Support Case',
      { subject: 'Otra', symptom: 'x', customer: 'Pesquera Mar Azul S.A.' },
      AnyDoc,
    );
    for (const [lines, message] of [
      [[{ item: 'CT-15', qty: 1, rate: 1 }], /CT-15: no es un insumo del caso/],
      [[{ item: 'MO-N1', qty: 40, rate: 8000 }], /Horas: se facturan 40 h y el caso tiene 0 h/],
      [[{ item: 'MO-N1', qty: -1, rate: 8000 }], /lines\[0\].qty/],
    ] as const) {
      const r = await call({ case: other.name, lines });
      expect(r.status).toBe(417);
      expect(JSON.stringify(r.body)).toMatch(message);
    }
    expect(Number(one('SELECT count(*) AS n FROM "tabSales Invoice"').n)).toBe(before);
  });

  it('a warranty case is not invoiced, still costs, and the host refuses to invoice it', async () => {
    const { page } = env;
    const c = await env.demo.admin.insert(
      'Support Case',
      { subject: 'Garantía', symptom: 'x', customer: 'Pesquera Mar Azul S.A.', case_type: 'Warranty' },
      AnyDoc,
    );
    await page.goto(`${env.demo.url}/postventa#/desk/case/${String(c.name)}`);
    await page.getByTestId('hours').fill('2');
    await page.getByTestId('log-time').click();
    await expect.poll(() => page.getByTestId('billing-reason').textContent()).toBe('Caso de garantía: no se factura.');
    await expect.poll(() => page.getByTestId('billing-cost').textContent()).toContain('$16.000');
    expect(await page.getByTestId('bill').count()).toBe(0);
    const r = await post(page, '/api/method/postventa.case.bill', {
      case: c.name,
      lines: [{ item: 'MO-N1', qty: 1, rate: 8000 }],
    });
    expect([r.status, JSON.stringify(r.body)]).toEqual([
      417,
      expect.stringMatching(/un caso de garantía no se factura/),
    ]);
  });

  it('closing a billable case makes its draft invoice by itself; closing a warranty case marks it Not Billable with its cost', async () => {
    const { page } = env;
    const made: string[] = [];
    for (const case_type of ['Billable', 'Warranty'] as const) {
      const c = await env.demo.admin.insert(
        'Support Case',
        { subject: `Cierre ${case_type}`, symptom: 'x', customer: 'Pesquera Mar Azul S.A.', case_type },
        AnyDoc,
      );
      made.push(String(c.name));
      await page.goto(`${env.demo.url}/postventa#/desk/case/${String(c.name)}`);
      await page.getByTestId('hours').fill('1');
      await page.getByTestId('log-time').click();
      await expect.poll(() => page.getByTestId('hours-logged').textContent()).toContain('1');
      await page.getByTestId('solution').fill('Listo.');
      await page.getByTestId('resolve').click();
      await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('Resuelto');
      await page.getByTestId('close').click();
      await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('Cerrado');
    }
    const [billable, warranty] = made;
    await expect
      .poll(
        () => one('SELECT sales_invoice, billing_status FROM "tabSupport Case" WHERE name = ?', [String(billable)]),
        {
          timeout: 15_000,
        },
      )
      .toMatchObject({ billing_status: 'To Bill', sales_invoice: expect.stringMatching(/./) });
    const inv = String(
      one('SELECT sales_invoice FROM "tabSupport Case" WHERE name = ?', [String(billable)]).sales_invoice,
    );
    expect(env.demo.site.db.all('SELECT item_code, qty FROM "tabSales Invoice Item" WHERE parent = ?', [inv])).toEqual([
      { item_code: 'MO-N1', qty: 1 },
    ]);
    await expect
      .poll(
        () =>
          one('SELECT billing_status, support_cost, sales_invoice FROM "tabSupport Case" WHERE name = ?', [
            String(warranty),
          ]),
        {
          timeout: 15_000,
        },
      )
      .toMatchObject({ billing_status: 'Not Billable', support_cost: 8000, sales_invoice: null });
    // The queue's "por facturar" filter finds the billable one, not the warranty one.
    await page.goto(`${env.demo.url}/postventa#/desk`);
    await page.getByTestId('view-all').click();
    await page.getByTestId('billing-filter').selectOption('To Bill');
    await page.getByTestId(`case-${String(billable)}`).waitFor();
    expect(await page.getByTestId(`case-${String(warranty)}`).count()).toBe(0);
  });

  it("a póliza case inside its allowance bills no hours; beyond it, the plan's overage rate", async () => {
    const { page } = env;
    const c = await env.demo.admin.insert(
      'Support Case',
      { subject: 'Revisión con póliza', symptom: 'x', customer: 'Minera Los Andes Ltda.' },
      AnyDoc,
    );
    const caseName = String(c.name);
    await expect
      .poll(() => one('SELECT service_policy FROM "tabSupport Case" WHERE name = ?', [caseName]).service_policy, {
        timeout: 10_000,
      })
      .toBeTruthy();
    const policy = String(
      one('SELECT service_policy FROM "tabSupport Case" WHERE name = ?', [caseName]).service_policy,
    );
    await page.goto(`${env.demo.url}/postventa#/desk/case/${caseName}`);
    await page.getByTestId('hours').fill('2');
    await page.getByTestId('log-time').click();
    // Plan Premium: 24 h a period and parts covered; 2 h are well inside.
    await expect
      .poll(() => page.getByTestId('billing-reason').textContent())
      .toBe(`Todo lo cubre la póliza ${policy}.`);
    // The period's allowance spent by other cases: the next hours go at the plan's overage rate.
    const site = env.demo.site;
    const ts = await env.demo.admin.insert(
      'Timesheet',
      {
        time_logs: [
          { activity_type: 'Execution', from_time: '2026-12-01 08:00:00', hours: 23, support_case: caseName },
        ],
      },
      AnyDoc,
    );
    expect(ts.name).toBeTruthy();
    expect(
      Number(site.db.get('SELECT hours_used FROM "tabService Policy" WHERE name = ?', [policy])?.hours_used),
    ).toBeGreaterThanOrEqual(25);
    await page.reload();
    const lines = page.getByTestId('billing-lines').locator('tr');
    await expect.poll(() => lines.first().textContent()).toMatch(/MO-N1.*1.*\$9\.000.*\$9\.000/);
    await page.getByTestId('billing-panel').screenshot({ path: 'tests/e2e/screenshots/billing-overage.png' });
  });

  it('a portal customer cannot invoice anything', async () => {
    const page = await env.browser.newPage();
    await login(env, 'carolina.munoz@mineralosandes.cl', page, /#\/portal/);
    const { status } = await post(page, '/api/method/postventa.case.bill', {
      case: name,
      lines: [{ item: 'MO-N1', qty: 1, rate: 1 }],
    });
    expect(status).toBe(403);
    await page.close();
  });
});
