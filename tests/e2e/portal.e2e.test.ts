/**
 * The customer portal's home (issue 16), as the demo's two portal customers: each sees only their own pólizas, with
 * the consumption bar matching the póliza's hours used, and only their own equipment; each tries the other's
 * póliza and a serial through the host's REST API: refused; a customer opens their case, never sees the agents'
 * internal note, and writes back. Then what a customer does: a new case with a photo, a knowledge-base suggestion
 * appearing while they type (one that solves it is counted), the case reaching the agents' queue with its SLA; a
 * suspended póliza blocking the new case with the reason; answering the resolution (portal-account.e2e.test.ts has
 * the rest). Screenshots: portal-home-policies (Spanish, desktop), -phone (390 px) and -en, portal-case and -phone,
 * portal-new and -phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostRequest, login, openDemo, shot, type BrowserEnv } from './browser.ts';
import { CUSTOMERS, portalTools } from './portal-support.ts';
import { gradientPng } from '../support/png.ts';

let env: BrowserEnv;
const { one, portal } = portalTools(() => env);
const policyOf = (customer: string) =>
  one(`SELECT name, hours_used, allowance_hours FROM "tabService Policy" WHERE customer = ? AND status = 'Active'`, [
    customer,
  ]);

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

const count = (sql: string, params: (string | number)[] = []): number => Number(one(sql, params).n ?? 0);

describe('what a customer does in the portal', () => {
  it("a new case with a photo, after a KB suggestion, reaches the agents' queue with its SLA", async () => {
    const page = await portal(CUSTOMERS.minera.user);
    await page.getByTestId('portal-new-link').click();
    await page.getByTestId('portal-new-serial').selectOption('CT-15-CL-0001');
    await page.getByTestId('portal-new-subject').fill('El compresor se detiene por alta temperatura');
    await page.getByTestId('portal-new-symptom').fill('Alarma T-HIGH a los 20 minutos de partir.');
    const tips = page.getByTestId('kb-suggestions');
    await expect.poll(() => tips.textContent(), { timeout: 10_000 }).toContain('Compresor CT-15 se detiene');
    await page.getByLabel(/Alto: funciona con fallas graves/).check();
    await page.getByTestId('portal-new-files').setInputFiles({
      name: 'alarma.png',
      mimeType: 'image/png',
      buffer: gradientPng(320, 200),
    });
    await shot(page, 'portal-new');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(page, 'portal-new-phone');
    await page.getByTestId('portal-new-send').click();
    await page.getByTestId('portal-case').waitFor();
    const name = decodeURIComponent(page.url().split('/portal/case/')[1] ?? '');
    expect(
      one('SELECT channel, serial_no, severity, owner, customer FROM "tabSupport Case" WHERE name = ?', [name]),
    ).toEqual({
      channel: 'Portal',
      serial_no: 'CT-15-CL-0001',
      severity: 'S2',
      owner: CUSTOMERS.minera.user,
      customer: CUSTOMERS.minera.customer,
    });
    expect(count('SELECT COUNT(*) AS n FROM tabFile WHERE attached_to_name = ? AND is_private = 1', [name])).toBe(1);
    await expect
      .poll(() => one('SELECT response_by FROM "tabSupport Case" WHERE name = ?', [name]).response_by, {
        timeout: 20_000,
      })
      .toBeTruthy();
    await page.context().close();
    const agent = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(env, 'ana.gonzalez@postventa.demo', agent);
    await expect.poll(() => agent.getByText(name).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await agent.context().close();
  }, 90_000);

  it('a suggestion that solves it is counted and no case is opened', async () => {
    const page = await portal(CUSTOMERS.minera.user);
    await page.goto(page.url().replace(/#.*$/, '#/portal/new'));
    const before = count('SELECT COUNT(*) AS n FROM "tabSupport Case"');
    await page.getByTestId('portal-new-subject').fill('Compresor detenido, alarma de temperatura');
    await page
      .getByTestId('kb-suggestions')
      .getByRole('button', { name: /Compresor CT-15/ })
      .click();
    await page.getByTestId('kb-yes').click();
    await page.getByTestId('kb-solved').waitFor();
    expect(
      count(
        `SELECT deflection_count AS n FROM "tabKB Article" WHERE title = 'Compresor CT-15 se detiene por alta temperatura'`,
      ),
    ).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM "tabSupport Case"')).toBe(before);
    await page.context().close();
  }, 60_000);

  it('a suspended póliza blocks the new case, saying why and how to pay; the host refuses it too', async () => {
    const p = String(policyOf(CUSTOMERS.aceros.customer).name);
    env.demo.site.db.run(
      `UPDATE "tabService Policy" SET status = 'Suspended', suspended_since = '2026-11-20', suspension_reason = 'Factura ACC-SINV-2026-00077 vencida' WHERE name = ?`,
      [p],
    );
    try {
      const page = await portal(CUSTOMERS.aceros.user);
      await page.goto(page.url().replace(/#.*$/, '#/portal/new'));
      const blocked = page.getByTestId('portal-new-blocked');
      await expect.poll(() => blocked.textContent()).toContain('ACC-SINV-2026-00077');
      expect(await blocked.textContent()).toContain('Al registrarse el pago');
      expect(await page.getByTestId('portal-new-subject').count()).toBe(0);
      const r = await hostRequest(page, 'POST', '/api/method/postventa.portal.case', {
        subject: 'Falla',
        symptom: 'No carga',
      });
      expect([r.status, r.text.includes('suspendida')]).toEqual([417, true]);
      await page.context().close();
    } finally {
      env.demo.site.db.run(
        `UPDATE "tabService Policy" SET status = 'Active', suspended_since = NULL, suspension_reason = NULL WHERE name = ?`,
        [p],
      );
    }
  }, 60_000);

  it('the customer rejects a resolution (the case reopens) and later confirms it', async () => {
    const page = await portal(CUSTOMERS.minera.user);
    const made = await hostRequest(page, 'POST', '/api/method/postventa.portal.case', {
      subject: 'Secador GD-60 con condensado',
      symptom: 'Sale agua por la línea',
    });
    const name = String((made.body.message as { name: string }).name);
    const resolve = (): void =>
      env.demo.site.db.run(
        `UPDATE "tabSupport Case" SET status = 'Resolved', solution = '<p>Se cambió la purga automática.</p>' WHERE name = ?`,
        [name],
      );
    resolve();
    await page.goto(page.url().replace(/#.*$/, `#/portal/case/${name}`));
    await page.getByTestId('portal-not-solved').click();
    await page.getByTestId('portal-why').fill('Sigue saliendo agua en la mañana.');
    await page.getByTestId('portal-reopen').click();
    await expect.poll(() => page.getByTestId('portal-case-status').textContent()).toContain('Abierto');
    expect(one('SELECT status, reopened_count FROM "tabSupport Case" WHERE name = ?', [name])).toEqual({
      status: 'Open',
      reopened_count: 1,
    });
    resolve();
    await page.reload();
    await page.getByTestId('portal-solved').click();
    await page.getByTestId('portal-confirmed').waitFor();
    expect(
      one('SELECT customer_confirmed_on FROM "tabSupport Case" WHERE name = ?', [name]).customer_confirmed_on,
    ).toBeTruthy();
    await page.context().close();
  }, 60_000);
});
