/**
 * Monthly póliza reports and visits in the desk (issue 15), in the demo: the start of the demo made last month's
 * reports (the policy-reports job) and mailed the Minera's to its recipient; the manager downloads it from the póliza
 * page, previews this month so far, writes the report's recommendations and regenerates — each answered by the
 * companion through the webhook, with no sweep; an agent does not see them, and the host refuses the agent's own
 * requests. A signed visit shows its signature and PDF on the case and on the customer.
 * Screenshots: policy-reports (Spanish and English, desktop) and -phone, case-visits, customer-visits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { gradientPng } from '../support/png.ts';
import { hostRequest, login, openDemo, shot, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
let policy = '';
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};
const PNG = `data:image/png;base64,${gradientPng(96, 40).toString('base64')}`;

beforeAll(async () => {
  env = await openDemo();
  policy = String(
    one(`SELECT name FROM "tabService Policy" WHERE customer = 'Minera Los Andes Ltda.' AND status = 'Active'`).name,
  );
  await login(env, 'augusto.aguanti@postventa.demo');
}, 120_000);
afterAll(() => env.close());

const siteNow = () => DateTime.now().setZone('America/Santiago');
const lastMonth = (): string => siteNow().minus({ months: 1 }).toFormat('yyyy-MM');
const reportRow = (page: Page, month: string) => page.getByTestId(`report-${month}`);

describe('monthly reports in the desk', () => {
  it("last month's report is on the póliza page, sent to the recipient, and its PDF downloads", async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk/policy/${policy}`);
    const row = reportRow(page, lastMonth());
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('report-status').textContent()).toContain('Enviado');
    expect(await row.textContent()).toContain('cmunoz@mineralosandes.cl');
    const href = String(await row.getByTestId('report-download').getAttribute('href'));
    const pdf = await page.request.get(`${env.demo.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the manager previews this month and regenerates with recommendations; the webhook answers at once', async () => {
    const { page } = env;
    await page.getByTestId('report-preview').click();
    const month = siteNow().toFormat('yyyy-MM');
    const row = reportRow(page, month);
    await expect.poll(() => row.getByTestId('report-download').count(), { timeout: 20_000 }).toBe(1);
    expect(await row.getByTestId('report-status').textContent()).toContain('Vista previa');
    expect(await row.getByTestId('report-send').count()).toBe(0); // a month in progress is never sent
    const past = reportRow(page, lastMonth());
    await past.getByTestId('report-edit').click();
    await past.getByTestId('report-recommendations').fill('Programar el cambio de rodamientos del CT-15 en enero.');
    await past.getByTestId('report-save').click();
    await expect
      .poll(
        () =>
          String(
            one('SELECT kpis, requested_action FROM "tabPolicy Report" WHERE report_key = ?', [
              `${policy}|${lastMonth()}`,
            ]).kpis,
          ),
        { timeout: 20_000 },
      )
      .toContain('rodamientos del CT-15');
    await expect.poll(() => past.getByTestId('report-edit').count(), { timeout: 10_000 }).toBe(1);
    await shot(page, 'policy-reports');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('policy-reports').scrollIntoViewIfNeeded();
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(page, 'policy-reports-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 60_000);

  it('in English', async () => {
    const page = await env.browser.newPage({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
    await page.addInitScript("localStorage.setItem('pv-locale', 'en')");
    await login(env, 'augusto.aguanti@postventa.demo', page);
    await page.goto(`${env.demo.url}/postventa#/desk/policy/${policy}`);
    await expect.poll(() => page.getByTestId('policy-reports').textContent()).toContain('Monthly reports');
    await shot(page, 'policy-reports-en');
    await page.close();
  }, 60_000);

  it('an agent sees no reports and cannot ask for one, on screen or past it', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(env, 'ana.gonzalez@postventa.demo', page);
    await page.goto(`${env.demo.url}/postventa#/desk/policy/${policy}`);
    await expect.poll(() => page.getByTestId('policy-occurrences').count()).toBe(1);
    expect(await page.getByTestId('policy-reports').count()).toBe(0);
    const name = String(
      one('SELECT name FROM "tabPolicy Report" WHERE report_key = ?', [`${policy}|${lastMonth()}`]).name,
    );
    const r = await hostRequest(page, 'PUT', `/api/resource/Policy Report/${name}`, { requested_action: 'Send' });
    expect(r.status).toBe(403);
    await page.close();
  }, 60_000);
});

describe('signed visits on the case and the customer', () => {
  it('show the signature and the service report', async () => {
    const { page } = env;
    const caseName = String(
      one(`SELECT name FROM "tabSupport Case" WHERE customer = 'Minera Los Andes Ltda.' ORDER BY creation LIMIT 1`)
        .name,
    );
    const visit = String(one('SELECT name FROM "tabService Visit" ORDER BY creation LIMIT 1').name);
    env.demo.site.db.run(
      `UPDATE "tabService Visit" SET customer = 'Minera Los Andes Ltda.', support_case = ?, status = 'Completed',
        finished_on = scheduled_start, signed_by = 'Carolina Muñoz', signed_on = scheduled_start,
        customer_signature = ?, report_file = '/private/files/informe-demo.pdf' WHERE name = ?`,
      [caseName, PNG, visit],
    );
    await page.goto(`${env.demo.url}/postventa#/desk/case/${caseName}`);
    const onCase = page.getByTestId('case-visits');
    await expect.poll(() => onCase.getByTestId('visit-signature').count()).toBe(1);
    await expect
      .poll(() =>
        onCase.getByTestId('visit-signature').evaluate((img) => (img as { naturalWidth: number }).naturalWidth),
      )
      .toBe(96);
    expect(await onCase.textContent()).toContain('Firmado por Carolina Muñoz');
    expect(await onCase.getByTestId('visit-report-link').getAttribute('href')).toBe('/private/files/informe-demo.pdf');
    await onCase.scrollIntoViewIfNeeded();
    await shot(page, 'case-visits');
    await page.goto(`${env.demo.url}/postventa#/desk/customer/${encodeURIComponent('Minera Los Andes Ltda.')}`);
    await expect.poll(() => page.getByTestId('customer-visits').getByTestId('visit-signature').count()).toBe(1);
    await shot(page, 'customer-visits');
  }, 60_000);
});
