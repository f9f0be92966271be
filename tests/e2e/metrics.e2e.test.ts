/**
 * The after-sales dashboard and the satisfaction survey (issue 17) in the demo with its six months of history
 * (scripts/demo/history.ts): the manager reads the KPI tiles, the charts and their tables, and the numbers equal the
 * host's Query Reports over the same period; an agent is kept out (the route and the host); a customer answers a
 * survey on a phone, once. Screenshots: dashboard (Spanish and English, desktop), dashboard-phone, survey-phone,
 * survey-thanks-phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { hostRequest, login, openDemo, shot, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
const today = DateTime.now().setZone('America/Santiago');
// The dashboard opens on the month so far; the same dates go to the reports.
const period = { from_date: today.startOf('month').toISODate() ?? '', to_date: today.toISODate() ?? '' };
const last90 = { from_date: today.minus({ days: 89 }).toISODate() ?? '', to_date: period.to_date };

beforeAll(async () => {
  env = await openDemo({ history: true });
  await login(env, 'augusto.aguanti@postventa.demo');
}, 120_000);
afterAll(() => env.close());

const tileValue = async (page: Page, key: string): Promise<number> =>
  Number(await page.getByTestId(`kpi-${key}`).getAttribute('data-value'));

async function report(page: Page, name: string, filters: Record<string, string>): Promise<Record<string, unknown>[]> {
  const r = await hostRequest(page, 'POST', '/api/method/frappe.desk.query_report.run', {
    report_name: name,
    filters,
  });
  expect(r.status, r.text).toBe(200);
  return (r.body.message as { result: Record<string, unknown>[] }).result;
}
const sum = (rows: Record<string, unknown>[], key: string): number => rows.reduce((a, r) => a + Number(r[key] ?? 0), 0);

async function openDashboard(page: Page, preset?: string): Promise<void> {
  await page.goto(`${env.demo.url}/postventa#/desk/dashboard`);
  await expect.poll(() => page.getByTestId('kpi-tiles').count(), { timeout: 20_000 }).toBe(1);
  if (preset) {
    await page.getByTestId('dash-period').selectOption(preset);
    await page.getByTestId('dash-apply').click();
    await expect.poll(() => page.getByTestId('kpi-tiles').count(), { timeout: 20_000 }).toBe(1);
  }
  await page.waitForTimeout(800); // the charts' first animation
}

describe('dashboard', () => {
  it('the manager reads tiles, charts and tables; the numbers equal the Query Reports', async () => {
    const { page } = env;
    env.apiRequests.length = 0;
    await openDashboard(page, 'quarter');
    expect(env.apiRequests.filter((r) => r.includes('postventa.metrics.dashboard')).length).toBeGreaterThan(0);
    const cases = await tileValue(page, 'cases');
    expect(cases).toBeGreaterThan(50);
    for (const id of [
      'chart-sla',
      'chart-proactive',
      'chart-channel',
      'chart-priority',
      'chart-symptoms',
      'chart-satisfaction',
    ])
      expect(await page.getByTestId(`${id}-table`).locator('tbody tr').count(), id).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=chart-sla] svg').count()).toBeGreaterThan(0);
    await shot(page, 'dashboard');

    const sla = await report(page, 'Cumplimiento de SLA', last90);
    const judged = sum(sla, 'casos_con_sla');
    expect(Math.round((1000 * sum(sla, 'cumplidos')) / judged) / 10).toBe(await tileValue(page, 'sla'));
    const sat = await report(page, 'Satisfacción (CSAT/NPS)', last90);
    expect(sat).toHaveLength(1); // every answered survey of the window follows a closed case
    expect(Number(sat[0]?.csat_promedio)).toBe(await tileValue(page, 'csat'));
    expect(Number(sat[0]?.nps)).toBe(await tileValue(page, 'nps'));
    const causes = await report(page, 'Casos por causa raíz', last90);
    const top = await page.getByTestId('chart-symptoms-table').locator('tbody tr').first().locator('td').first();
    const bySymptom = new Map<string, number>();
    for (const r of causes)
      bySymptom.set(
        `${String(r.síntoma)} · ${String(r.producto)}`,
        (bySymptom.get(`${String(r.síntoma)} · ${String(r.producto)}`) ?? 0) + Number(r.casos),
      );
    const most = Math.max(...bySymptom.values());
    expect(Number(await top.textContent())).toBe(most);
  });

  it('a segment narrows every figure; the at-risk list and the agents table are there', async () => {
    const { page } = env;
    const all = await tileValue(page, 'cases');
    await page.getByTestId('dash-segment').selectOption('agent');
    await page.getByTestId('dash-value').fill('camila.perez@postventa.demo');
    await page.getByTestId('dash-apply').click();
    await expect.poll(() => tileValue(page, 'cases'), { timeout: 20_000 }).toBeLessThan(all);
    expect(await tileValue(page, 'cases')).toBeGreaterThan(0);
    await page.getByTestId('dash-segment').selectOption('');
    await page.getByTestId('dash-apply').click();
    await expect.poll(() => tileValue(page, 'cases'), { timeout: 20_000 }).toBe(all);
    expect(await page.getByTestId('agent-table').locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('risk-list').count()).toBe(1);
  });

  it('in English and on a phone', async () => {
    const { page } = env;
    await page.evaluate("localStorage.setItem('pv-locale', 'en')");
    await page.reload();
    await openDashboard(page, 'quarter');
    expect(await page.getByTestId('dashboard-page').textContent()).toContain('SLA compliance');
    await shot(page, 'dashboard-en');
    await page.evaluate("localStorage.removeItem('pv-locale')");
    await page.reload();
    await page.setViewportSize({ width: 390, height: 844 });
    await openDashboard(page, 'quarter');
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(392);
    await shot(page, 'dashboard-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('an agent is sent home, and the host refuses the figures and the reports', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' });
    const page = await context.newPage();
    await login(env, 'ana.gonzalez@postventa.demo', page);
    await page.goto(`${env.demo.url}/postventa#/desk/dashboard`);
    await expect.poll(() => page.url()).not.toContain('dashboard');
    expect(await page.getByTestId('dashboard-page').count()).toBe(0);
    const figures = await hostRequest(page, 'POST', '/api/method/postventa.metrics.dashboard', period);
    expect(figures.status).toBe(403);
    const r = await hostRequest(page, 'POST', '/api/method/frappe.desk.query_report.run', {
      report_name: 'Clientes en riesgo',
      filters: {},
    });
    expect(r.status).toBe(403);
    await context.close();
  });
});
