/**
 * The customer portal's home (issue 16), as the demo's two portal customers: each sees only their own pólizas, with
 * the consumption bar matching the póliza's hours used, and only their own equipment; each tries the other's
 * póliza and a serial through the host's REST API: refused; a customer opens their case, never sees the agents'
 * internal note, and writes back. Screenshots: portal-home-policies (Spanish, desktop), -phone (390 px) and -en,
 * portal-case and -phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hostRequest, login, openDemo, shot, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
const CUSTOMERS = {
  minera: { user: 'carolina.munoz@mineralosandes.cl', customer: 'Minera Los Andes Ltda.' },
  aceros: { user: 'jorge.ramirez@acerosnorte.mx', customer: 'Aceros del Norte SA de CV' },
} as const;
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};
const policyOf = (customer: string) =>
  one(`SELECT name, hours_used, allowance_hours FROM "tabService Policy" WHERE customer = ? AND status = 'Active'`, [
    customer,
  ]);

async function portal(user: string, locale: 'es' | 'en' = 'es'): Promise<Page> {
  const ctx = await env.browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: locale === 'es' ? 'es-CL' : 'en-US',
  });
  if (locale === 'en') await ctx.addInitScript("localStorage.setItem('pv-locale', 'en')");
  const page = await ctx.newPage();
  await login(env, user, page, /#\/portal/);
  await page.getByTestId('portal-home').waitFor();
  return page;
}

beforeAll(async () => {
  env = await openDemo();
  // Some hours used this period, so the bar has something to show.
  const p = policyOf(CUSTOMERS.minera.customer);
  env.demo.site.db.run('UPDATE "tabService Policy" SET hours_used = 18.5 WHERE name = ?', [String(p.name)]);
}, 120_000);
afterAll(() => env.close());

describe('the portal home', () => {
  it("shows the customer's póliza with its consumption bar and their equipment, no one else's", async () => {
    const page = await portal(CUSTOMERS.minera.user);
    const p = policyOf(CUSTOMERS.minera.customer);
    const card = page.getByTestId(`portal-policy-${String(p.name)}`);
    await expect.poll(() => card.count()).toBe(1);
    const hours = (await card.getByTestId('portal-hours').textContent()) ?? '';
    expect(hours).toContain('18,5 h de 24 h');
    expect(hours).toContain(`${Math.round((18.5 / Number(p.allowance_hours)) * 100)} %`);
    const other = policyOf(CUSTOMERS.aceros.customer);
    expect(await page.getByTestId(`portal-policy-${String(other.name)}`).count()).toBe(0);
    const serials = await page.getByTestId('portal-equipment').textContent(); // the desktop table
    expect(serials).toContain('CT-15-CL-0001');
    const theirs = env.demo.site.db
      .all('SELECT name FROM "tabSerial No" WHERE customer = ?', [CUSTOMERS.aceros.customer])
      .map((r) => String(r.name));
    for (const s of theirs) expect(serials).not.toContain(s);
    await shot(page, 'portal-home-policies');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(page, 'portal-home-policies-phone');
    await page.context().close();
  }, 60_000);

  it("each customer tries the other's póliza and a serial through REST: refused", async () => {
    for (const [me, them] of [
      [CUSTOMERS.minera, CUSTOMERS.aceros],
      [CUSTOMERS.aceros, CUSTOMERS.minera],
    ] as const) {
      const page = await portal(me.user);
      const other = String(policyOf(them.customer).name);
      expect((await hostRequest(page, 'GET', `/api/resource/Service Policy/${other}`)).status).toBe(403);
      const serial = String(one('SELECT name FROM "tabSerial No" WHERE customer = ? LIMIT 1', [them.customer]).name);
      expect((await hostRequest(page, 'GET', `/api/resource/Serial No/${serial}`)).status).toBe(403);
      const mine = await hostRequest(page, 'GET', '/api/method/postventa.portal.home');
      expect(mine.text).not.toContain(them.customer);
      await page.context().close();
    }
  }, 60_000);

  it('the customer opens their case, reads the answer (no internal note) and writes back', async () => {
    const page = await portal(CUSTOMERS.minera.user);
    const made = await hostRequest(page, 'POST', '/api/resource/Support Case', {
      subject: 'Compresor sala 2 vuelve a detenerse',
      symptom: '<p>Se detiene cada hora con alarma T-HIGH.</p>',
      customer: CUSTOMERS.minera.customer,
    });
    expect(made.status, made.text).toBe(200);
    const name = String((made.body.data as { name: string }).name);
    await env.demo.admin.call('frappe.desk.form.utils.add_comment', {
      reference_doctype: 'Support Case',
      reference_name: name,
      content: '<p>Nota interna: revisar garantía antes de ir.</p>',
      comment_email: 'ana.gonzalez@postventa.demo',
      comment_by: 'Ana González',
    });
    await page.reload(); // the home lists the case just made
    await page.getByRole('link', { name: 'Compresor sala 2 vuelve a detenerse' }).click();
    await page.getByTestId('portal-case').waitFor();
    await expect.poll(() => page.getByTestId('portal-case').textContent()).toContain('Se detiene cada hora');
    expect(await page.getByTestId('portal-case').textContent()).not.toContain('Nota interna');
    await page.getByTestId('portal-message').fill('Hoy volvió a pasar a las 10:15.');
    await page.getByTestId('portal-send').click();
    await expect.poll(() => page.getByTestId('portal-messages').textContent()).toContain('Hoy volvió a pasar');
    expect(
      one(`SELECT sent_or_received FROM "tabCommunication" WHERE reference_name = ? AND content LIKE '%10:15%'`, [name])
        .sent_or_received,
    ).toBe('Received');
    await shot(page, 'portal-case');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'portal-case-phone');
    await page.context().close();
  }, 60_000);

  it('in English', async () => {
    const page = await portal(CUSTOMERS.aceros.user, 'en');
    await expect.poll(() => page.getByTestId('portal-home').textContent()).toContain('Your service');
    await shot(page, 'portal-home-policies-en');
    await page.context().close();
  }, 60_000);
});
