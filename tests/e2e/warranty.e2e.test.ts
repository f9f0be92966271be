/**
 * An expired warranty (seed 004): a case on a serial whose warranty ended is billed unless a supervisor covers it
 * as warranty with a reason, recorded on the case and as an event; an agent can neither choose Warranty for it nor
 * write the reason — the host refuses both, naming the serial and the date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AnyDoc } from '../../host-client/client.ts';
import { hostRequest, login, openDemo, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
let name = '';
let serial = '';
let expiry = '';
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};
const put = (page: Page, body: object) =>
  hostRequest(page, 'PUT', `/api/resource/Support%20Case/${encodeURIComponent(name)}`, body);

beforeAll(async () => {
  env = await openDemo();
  const today = new Date().toISOString().slice(0, 10);
  const s = one(
    'SELECT name, customer, item_code, warranty_expiry_date FROM "tabSerial No" WHERE warranty_expiry_date < ? AND customer IS NOT NULL ORDER BY name LIMIT 1',
    [today],
  );
  serial = String(s.name);
  expiry = String(s.warranty_expiry_date);
  const c = await env.demo.admin.insert(
    'Support Case',
    {
      subject: 'Falla fuera de garantía',
      symptom: 'No arranca.',
      customer: s.customer,
      product: s.item_code,
      serial_no: serial,
    },
    AnyDoc,
  );
  name = String(c.name);
  await login(env, 'ana.gonzalez@postventa.demo');
});
afterAll(async () => {
  await env.close();
});

describe('an expired warranty', () => {
  it('an agent cannot choose Warranty for it, nor write the reason: the host names the serial and the date', async () => {
    const a = await put(env.page, { case_type: 'Warranty' });
    expect(a.status).toBe(417);
    expect(a.text).toContain(`la garantía del número de serie ${serial} venció el ${expiry}`);
    const b = await put(env.page, { case_type: 'Warranty', warranty_override_reason: 'Cliente estratégico' });
    expect(b.status).toBe(403);
    expect(one('SELECT case_type, warranty_override_reason FROM "tabSupport Case" WHERE name = ?', [name])).toEqual({
      case_type: 'Billable',
      warranty_override_reason: null,
    });
    await env.page.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
    await expect
      .poll(() => env.page.getByTestId('warranty-expired').textContent())
      .toMatch(/venció el .*se factura.*Solo un supervisor/s);
    expect(await env.page.getByTestId('warranty-form').count()).toBe(0);
  });

  it('a supervisor covers it with a reason: Warranty, who and why on the case, an event, not billed', async () => {
    const sup = await env.browser.newPage();
    await login(env, 'elena.castro@postventa.demo', sup);
    await sup.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
    await sup.getByTestId('warranty-reason').fill('ok');
    await sup.getByTestId('warranty-cover').click();
    await expect
      .poll(() => sup.getByTestId('warranty-form').getByRole('alert').textContent())
      .toMatch(/al menos 5 caracteres/);
    await sup.getByTestId('warranty-reason').fill('Falla de fábrica conocida del lote; cubre el fabricante.');
    await sup.getByTestId('warranty-cover').click();
    await expect
      .poll(() => sup.getByTestId('warranty-override').textContent())
      .toMatch(/Cubierto como garantía por elena\.castro/);
    expect(one('SELECT case_type, warranty_override_by FROM "tabSupport Case" WHERE name = ?', [name])).toEqual({
      case_type: 'Warranty',
      warranty_override_by: 'elena.castro@postventa.demo',
    });
    expect(
      one(`SELECT reason FROM "tabSupport Case Event" WHERE support_case = ? AND event_type = 'Warranty Override'`, [
        name,
      ]).reason,
    ).toBe('Falla de fábrica conocida del lote; cubre el fabricante.');
    await expect.poll(() => sup.getByTestId('billing-reason').textContent()).toMatch(/garantía/i);
    await sup.getByTestId('billing-panel').screenshot({ path: 'tests/e2e/screenshots/billing-warranty-override.png' });
    await sup.close();
  });
});
