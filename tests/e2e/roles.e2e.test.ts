/**
 * Each role gets its own part of the app: a portal customer never loads the agents' desk, administration is for
 * managers, an accountant lands on the cases to invoice. Each in a fresh browser context (its own session).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, openDemo, shot, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
beforeAll(async () => {
  env = await openDemo();
});
afterAll(async () => {
  await env.close();
});

async function as(user: string, lands: RegExp): Promise<Page> {
  const ctx = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' });
  const page = await ctx.newPage();
  await login(env, user, page, lands);
  return page;
}

describe('every role lands in its own part of the app', () => {
  it('a portal customer gets their cases, never the desk, even by typing its address', async () => {
    const page = await as('carolina.munoz@mineralosandes.cl', /#\/portal/);
    await page.getByTestId('portal-home').waitFor();
    // Their own cases (the demo's were opened by agents, which portal users do not see), or a clear empty state.
    await expect
      .poll(
        async () =>
          (await page.getByTestId('portal-case-list').count()) + (await page.getByText('No tiene casos').count()),
      )
      .toBeGreaterThan(0);
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toMatch(/@postventa\.demo/); // no assignee e-mails
    expect(text).not.toMatch(/Administración/);
    await shot(page, 'portal-home');
    for (const route of ['#/desk', '#/desk/new', '#/admin', '#/accounts']) {
      await page.goto(`${env.demo.url}/postventa${route}`);
      await page.waitForURL(/#\/portal/);
      expect(await page.getByTestId('queue-list').count()).toBe(0);
    }
    await page.context().close();
  });

  it('an agent works the desk without Administración; the admin address sends them back to the queue', async () => {
    const page = await as('ana.gonzalez@postventa.demo', /#\/desk/);
    await page.getByTestId('queue-list').waitFor();
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto(`${env.demo.url}/postventa#/admin`);
    await page.waitForURL(/#\/desk$/);
    await page.getByTestId('queue-list').waitFor();
    await page.context().close();
  });

  it('a support manager has the desk and Administración', async () => {
    const page = await as('gustavo.cuccina@postventa.demo', /#\/desk/);
    await page.getByTestId('nav-admin').click();
    await page.waitForURL(/#\/admin/);
    await page.context().close();
  });

  it('an accountant lands on the cases to invoice, with no "not found" and no English permission message', async () => {
    const page = await as('hector.lara@postventa.demo', /#\/accounts/);
    await page.getByTestId('accounts-page').waitFor();
    await page.waitForLoadState('networkidle');
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('Casos por facturar');
    expect(text).not.toMatch(/No se encontró|No permission|Not permitted/);
    await shot(page, 'accounts');
    await page.goto(`${env.demo.url}/postventa#/desk`);
    await page.waitForURL(/#\/accounts/);
    await page.context().close();
  });
});
