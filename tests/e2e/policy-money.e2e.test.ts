/**
 * A póliza's money in the demo, as its people see it (seed 000, phase 5): the policy-money job offered the renewal
 * of the póliza that ends in 12 days by e-mail; the customer opens the link without signing in, reads the new term,
 * the amount and the bank details, and accepts — once; a link with a wrong secret shows nothing. Frigorífico's
 * póliza stays suspended while its invoice is overdue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemo, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};
let policy = '';
let link = '';

beforeAll(async () => {
  env = await openDemo();
  policy = String(one(`SELECT name FROM "tabService Policy" WHERE customer = 'Cobranzas Integrales SpA'`).name);
  const mail = one(
    `SELECT content FROM "tabCommunication" WHERE reference_doctype = 'Service Policy' AND reference_name = ? AND subject LIKE 'Renovación%'`,
    [policy],
  );
  link = /href="([^"]+)"/.exec(String(mail.content))?.[1] ?? '';
});
afterAll(async () => {
  await env.close();
});

const guestPage = async (lang: 'es' | 'en', width = 1366): Promise<Page> => {
  const ctx = await env.browser.newContext({
    viewport: { width, height: 900 },
    locale: lang === 'es' ? 'es-CL' : 'en-US',
  });
  await ctx.addInitScript(`localStorage.setItem('pv-locale', '${lang}')`);
  return ctx.newPage();
};

describe('policy money in the demo', () => {
  it('the póliza ending in 12 days was offered its renewal by e-mail, with a draft invoice for the next term', () => {
    expect(link).toMatch(new RegExp(`/postventa#/renewal/${policy}/[0-9a-f]{32}$`));
    const p = one('SELECT renewal_invoice, renewal_notice_sent_on FROM "tabService Policy" WHERE name = ?', [policy]);
    expect(
      one('SELECT docstatus, grand_total FROM "tabSales Invoice" WHERE name = ?', [String(p.renewal_invoice)]),
    ).toMatchObject({ docstatus: 0, grand_total: 180_000 });
  });

  it('a suspended póliza with an overdue invoice stays suspended, the invoice named in the reason', () => {
    const p = one(
      `SELECT status, suspension_reason FROM "tabService Policy" WHERE customer = 'Frigorífico del Sur Ltda.'`,
    );
    expect(p.status).toBe('Suspended');
  });

  it('a wrong secret shows nothing of the póliza', async () => {
    const page = await guestPage('es');
    await page.goto(link.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)));
    await expect.poll(() => page.getByTestId('renewal-error').textContent()).toMatch(/El enlace no es válido/);
    expect(await page.getByTestId('renewal-page').textContent()).not.toContain('Cobranzas');
    await page.context().close();
  });

  it('the customer reads the term, amount and bank details, in Spanish and English, on a phone too, and accepts once', async () => {
    const en = await guestPage('en');
    await en.goto(link);
    await expect.poll(() => en.getByTestId('renewal-amount').textContent()).toMatch(/180,000/);
    await en.screenshot({ path: 'tests/e2e/screenshots/renewal-en.png', fullPage: true });
    await en.context().close();
    const phone = await guestPage('es', 390);
    await phone.goto(link);
    await expect.poll(() => phone.getByTestId('renewal-amount').textContent()).toMatch(/\$180\.000/);
    expect(await phone.getByTestId('renewal-bank').textContent()).toMatch(/Banco de Chile/);
    await phone.screenshot({ path: 'tests/e2e/screenshots/renewal-phone.png', fullPage: true });
    await phone.getByTestId('renewal-accept').click();
    await expect
      .poll(() => phone.getByTestId('renewal-done').textContent())
      .toMatch(/Renovación aceptada: su nueva póliza es POL-/);
    await phone.screenshot({ path: 'tests/e2e/screenshots/renewal-accepted.png', fullPage: true });
    const next = String(one('SELECT renewed_to FROM "tabService Policy" WHERE name = ?', [policy]).renewed_to);
    expect(one('SELECT status, renewed_from, customer FROM "tabService Policy" WHERE name = ?', [next])).toMatchObject({
      status: 'Draft',
      renewed_from: policy,
      customer: 'Cobranzas Integrales SpA',
    });
    // Opened again, the link says it was accepted and offers nothing more.
    await phone.reload();
    await expect.poll(() => phone.getByTestId('renewal-done').textContent()).toContain(next);
    expect(await phone.getByTestId('renewal-accept').count()).toBe(0);
    expect(Number(one('SELECT COUNT(*) AS n FROM "tabService Policy" WHERE renewed_from = ?', [policy]).n)).toBe(1);
    await phone.context().close();
  });
});
