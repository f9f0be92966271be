/** What the portal's browser tests share: the demo's two portal customers and signing in as one of them. */
import type { Page } from 'playwright-core';
import { login, type BrowserEnv } from './browser.ts';

export const CUSTOMERS = {
  minera: { user: 'carolina.munoz@mineralosandes.cl', customer: 'Minera Los Andes Ltda.' },
  aceros: { user: 'jorge.ramirez@acerosnorte.mx', customer: 'Aceros del Norte SA de CV' },
} as const;

export function portalTools(env: () => BrowserEnv): {
  one: (sql: string, params?: (string | number)[]) => Record<string, unknown>;
  portal: (user: string, locale?: 'es' | 'en') => Promise<Page>;
} {
  const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
    env().demo.site.db.get(sql, params) ?? {};
  /** A fresh browser context signed in as a portal user, on their home. */
  async function portal(user: string, locale: 'es' | 'en' = 'es'): Promise<Page> {
    const ctx = await env().browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: locale === 'es' ? 'es-CL' : 'en-US',
    });
    if (locale === 'en') await ctx.addInitScript("localStorage.setItem('pv-locale', 'en')");
    const page = await ctx.newPage();
    await login(env(), user, page, /#\/portal/);
    await page.getByTestId('portal-home').waitFor();
    return page;
  }
  return { one, portal };
}
