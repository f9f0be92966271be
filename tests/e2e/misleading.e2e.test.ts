/**
 * What misled a new support team on day one, tried again in the browser: a mistyped time zone, an overdue case
 * reading "at risk", a quantity beyond the stock, a caller nobody could reach, the version chosen at intake, and a
 * serial delivered to another customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyDoc } from '../../host-client/client.ts';
import { login, openDemo, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};

beforeAll(async () => {
  env = await openDemo();
  await login(env, 'ana.gonzalez@postventa.demo');
});
afterAll(async () => {
  await env.close();
});

describe('no longer misleading', () => {
  it('a mistyped time zone is refused, the field named, and the calendar keeps its zone', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' });
    await login(env, 'augusto.aguanti@postventa.demo', page);
    await page.goto(`${env.demo.url}/postventa#/admin`);
    await page.getByTestId('windows').waitFor();
    const calendar = await page.getByTestId('calendar-select').inputValue();
    const zone = one('SELECT time_zone FROM "tabSupport Calendar" WHERE name = ?', [calendar]).time_zone;
    await page.getByTestId('time-zone').fill('America/Santigo');
    await page.getByTestId('save-calendar').click();
    await expect
      .poll(() => page.locator('[role=alert],[role=status]').allTextContents())
      .toContainEqual(expect.stringMatching(/Zona horaria/));
    expect(one('SELECT time_zone FROM "tabSupport Calendar" WHERE name = ?', [calendar]).time_zone).toBe(zone);
    await page.close();
  });

  it('an unanswered case past its response deadline reads Incumplido, with both SLA lines', async () => {
    const { page } = env;
    const late = one(
      `SELECT name FROM "tabSupport Case" WHERE status = 'Open' AND first_responded_on IS NULL AND response_by < ? ORDER BY response_by LIMIT 1`,
      [env.demo.site.nowString(env.demo.site.context('Administrator'))],
    ).name;
    expect(late).toBeTruthy();
    await page.goto(`${env.demo.url}/postventa#/desk`);
    const row = page.getByTestId(`case-${String(late)}`);
    await row.waitFor();
    expect(await row.getByTestId('sla-response').textContent()).toMatch(/Respuesta: vencida hace/);
    expect(await row.getByTestId('sla-resolution').textContent()).toMatch(/Resolución:/);
    expect(await row.textContent()).toContain('Incumplido');
    expect(await row.textContent()).not.toContain('En riesgo');
  });

  it('a supply beyond the stock on hand is refused with the item and both quantities', async () => {
    const { page } = env;
    const name = one(`SELECT name FROM "tabSupport Case" WHERE status = 'In Progress' ORDER BY name LIMIT 1`).name;
    await page.goto(`${env.demo.url}/postventa#/desk/case/${String(name)}`);
    await page.getByTestId('supply-item').fill('CT-15');
    await page.getByTestId('supply-item').press('Tab');
    await page.getByTestId('supply-stock').waitFor();
    const stock = Number((await page.getByTestId('supply-stock').textContent())?.replace(/\D/g, ''));
    await page.getByLabel('Cantidad').fill(String(stock + 100));
    await page.getByTestId('add-supply').click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining(`No hay stock suficiente de CT-15: pide ${stock + 100}`));
    expect(
      one('SELECT count(*) AS n FROM "tabSupport Case Supply" WHERE parent = ? AND qty = ?', [
        String(name),
        stock + 100,
      ]).n,
    ).toBe(0);
  });

  it('a caller who is not a customer can be written to and called from the case', async () => {
    const { page } = env;
    const c = await env.demo.admin.insert(
      'Support Case',
      {
        subject: 'Consulta de un particular',
        symptom: 'Pregunta por repuestos.',
        caller_name: 'Marta Ríos',
        raised_by: 'marta.rios@correo.cl',
        caller_phone: '+56 9 5555 1234',
      },
      AnyDoc,
    );
    await page.goto(`${env.demo.url}/postventa#/desk/case/${String(c.name)}`);
    const line = page.getByTestId('caller-contact');
    await line.waitFor();
    expect(await line.locator('a[href="mailto:marta.rios@correo.cl"]').count()).toBe(1);
    expect(await line.locator('a[href="tel:+56 9 5555 1234"]').count()).toBe(1);
  });

  it('intake keeps the version and customized modules of the customer, and refuses a serial of another customer', async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk/new`);
    await page.getByTestId('customer-search').fill('Minera');
    await page.getByTestId('customer-option-Minera Los Andes Ltda.').click();
    await expect.poll(() => page.getByTestId('env-customized').textContent()).toContain('Alarmas Modbus');
    await page.getByTestId('subject').fill('Compresor con alarma');
    await page.getByTestId('symptom').fill('Alarma al partir.');
    // Aceros del Norte's compressor, not Minera's.
    await page.getByTestId('serial').fill('CT-15-MX-0001');
    await page.getByTestId('serial').press('Tab');
    await page.getByTestId('create-case').click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/Número de serie: CT-15-MX-0001 fue entregado a otro cliente/));
    expect(page.url()).toMatch(/#\/desk\/new/);
    // Minera's own router: the version registered for it comes with the case.
    await page.getByTestId('serial').fill('');
    await page.getByTestId('product').fill('RI-8');
    await page.getByTestId('product').press('Tab');
    await page.getByTestId('create-case').click();
    await page.waitForURL(/#\/desk\/case\/CASO-/);
    const made = decodeURIComponent(page.url().split('/').pop() ?? '');
    const saved = one('SELECT software_version, customized_modules FROM "tabSupport Case" WHERE name = ?', [made]);
    expect(saved.software_version).toBe('firmware 2.1.7');
    expect(String(saved.customized_modules)).toContain('Alarmas Modbus');
  });
});

describe("the user's own formats", () => {
  it('a Mexican agent (host language es-MX) gets es-MX formats; a Chilean one es-CL; the page says which', async () => {
    expect(await env.page.evaluate('document.documentElement.lang')).toBe('es-CL');
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' });
    await login(env, 'bruno.diaz@postventa.demo', page);
    await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe('es-MX');
    await page.close();
  });
});
