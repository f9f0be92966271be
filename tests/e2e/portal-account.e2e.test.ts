/**
 * The customer portal, continued (issue 16): each customer reads only their own invoices; reveals their own visible
 * vault credential (audited) while staff keep the vault and the other customer is refused; the help page; a manager
 * invites a contact as customer manager, whose link sets the password through the host's flow and lands in the
 * portal with the company's cases; a serial's service log; asking for, moving and cancelling a visit.
 * Screenshots: portal-invoices, portal-credentials and -phone, customer-vault, portal-help, customer-portal-access,
 * portal-manager-phone, portal-serial-log, portal-appointments and -phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostRequest, login, openDemo, shot, type BrowserEnv } from './browser.ts';
import { CUSTOMERS, portalTools } from './portal-support.ts';
import { AnyDoc } from '../../host-client/client.ts';

let env: BrowserEnv;
const { one, portal } = portalTools(() => env);

beforeAll(async () => {
  env = await openDemo();
  // A case of Carolina's on her compressor: the serial's log and her company's manager both show it.
  const page = await portal(CUSTOMERS.minera.user);
  const made = await hostRequest(page, 'POST', '/api/method/postventa.portal.case', {
    subject: 'El compresor se detiene por alta temperatura',
    symptom: 'Alarma T-HIGH a los 20 minutos.',
    serial_no: 'CT-15-CL-0001',
  });
  if (made.status !== 200) throw new Error(made.text);
  await page.context().close();
  // A survey about it waiting for her.
  await env.demo.admin.insert(
    'Survey Response',
    {
      customer: CUSTOMERS.minera.customer,
      support_case: (made.body.message as { name: string }).name,
      contact_email: CUSTOMERS.minera.user,
      status: 'Sent',
    },
    AnyDoc,
  );
}, 120_000);
afterAll(() => env.close());

describe('what a customer reads in the portal', () => {
  it("each customer reads only their own invoices; the other's are refused", async () => {
    const invoices = (customer: string): string[] =>
      env.demo.site.db
        .all('SELECT name FROM "tabSales Invoice" WHERE customer = ? AND docstatus = 1', [customer])
        .map((r) => String(r.name));
    const page = await portal(CUSTOMERS.minera.user);
    await page.goto(page.url().replace(/#.*$/, '#/portal/invoices'));
    await page.getByTestId('portal-owed').waitFor();
    const text = (await page.getByTestId('portal-invoices').textContent()) ?? '';
    for (const i of invoices(CUSTOMERS.minera.customer)) expect(text).toContain(i);
    const theirs = invoices(CUSTOMERS.aceros.customer);
    for (const i of theirs) expect(text).not.toContain(i);
    await shot(page, 'portal-invoices');
    if (theirs[0])
      expect((await hostRequest(page, 'GET', `/api/resource/Sales Invoice/${theirs[0]}`)).status).toBe(403);
    await page.context().close();
  }, 60_000);

  it('a customer reveals their own visible credential (audited); staff keep the vault; the other is refused', async () => {
    const cred = (system: string): string =>
      String(one('SELECT name FROM "tabCustomer Credential" WHERE system = ?', [system]).name);
    const scada = cred('Portal SCADA planta Antofagasta');
    const page = await portal(CUSTOMERS.minera.user);
    await page.goto(page.url().replace(/#.*$/, '#/portal/credentials'));
    const vault = page.getByTestId('portal-vault');
    await expect.poll(() => vault.textContent()).toContain('Portal SCADA planta Antofagasta');
    expect(await vault.textContent()).not.toContain('Router de la sala');
    expect(await vault.textContent()).not.toContain('Optimizador de Cobranza');
    await page.getByTestId(`portal-credential-${scada}`).getByTestId('vault-reveal').click();
    await expect.poll(() => page.getByTestId('vault-password').textContent()).toBe('Demo-Scada-2026!');
    expect(one('SELECT user FROM "tabCredential Access Log" WHERE credential = ?', [scada]).user).toBe(
      CUSTOMERS.minera.user,
    );
    await shot(page, 'portal-credentials');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'portal-credentials-phone');
    await page.context().close();
    const other = await portal(CUSTOMERS.aceros.user);
    for (const name of [scada, cred('Router de la sala de compresores')])
      expect((await hostRequest(other, 'POST', '/api/method/postventa.credential.reveal', { name })).status).toBe(403);
    await other.context().close();
    const manager = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(env, 'augusto.aguanti@postventa.demo', manager);
    await manager.goto(
      manager.url().replace(/#.*$/, `#/desk/customer/${encodeURIComponent(CUSTOMERS.minera.customer)}`),
    );
    const desk = manager.getByTestId('vault');
    await expect.poll(() => desk.textContent()).toContain('Router de la sala de compresores');
    await manager.getByTestId('vault-purpose').fill('Revisión de la sala 2');
    await desk
      .getByTestId(`vault-row-${cred('Router de la sala de compresores')}`)
      .getByTestId('vault-reveal')
      .click();
    await expect.poll(() => desk.getByTestId('vault-password').textContent()).toBe('Demo-Router-Interno#9');
    await manager.getByTestId('vault-log').locator('summary').click();
    await expect.poll(() => manager.getByTestId('vault-log').textContent()).toContain('augusto.aguanti');
    expect(await manager.getByTestId('vault-log').textContent()).toContain(CUSTOMERS.minera.user);
    await shot(manager, 'customer-vault');
    await manager.context().close();
  }, 90_000);

  it('the help page finds public articles by words', async () => {
    const page = await portal(CUSTOMERS.aceros.user);
    await page.goto(page.url().replace(/#.*$/, '#/portal/help'));
    await page.getByTestId('kb-search').fill('compresor temperatura');
    await expect.poll(() => page.getByTestId('kb-results').textContent()).toContain('Compresor CT-15');
    expect(await page.getByTestId('kb-results').textContent()).not.toContain(
      'Optimizador de Cobranza: la segmentación',
    );
    await shot(page, 'portal-help');
    await page.context().close();
  }, 60_000);
});

describe('surveys in the portal', () => {
  it('a waiting survey is answered once from the home', async () => {
    const page = await portal(CUSTOMERS.minera.user);
    const box = page.getByTestId('portal-surveys');
    await expect.poll(() => box.textContent()).toContain('El compresor se detiene por alta temperatura');
    await box.getByText('4', { exact: true }).first().click();
    await box.getByText('9', { exact: true }).click();
    await shot(page, 'portal-survey');
    await box.getByTestId('survey-send').click();
    await expect.poll(() => page.getByTestId('portal-surveys').count()).toBe(0);
    expect(
      one(`SELECT status, csat, nps FROM "tabSurvey Response" WHERE contact_email = ?`, [CUSTOMERS.minera.user]),
    ).toEqual({ status: 'Answered', csat: 4, nps: 9 });
    await page.context().close();
  }, 60_000);
});

describe('portal access', () => {
  it('a manager invites a contact as customer manager; the link sets the password and lands in the portal', async () => {
    const manager = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(env, 'augusto.aguanti@postventa.demo', manager);
    await manager.goto(
      manager.url().replace(/#.*$/, `#/desk/customer/${encodeURIComponent(CUSTOMERS.minera.customer)}`),
    );
    const card = manager.getByTestId('portal-access');
    await expect.poll(() => card.textContent()).toContain('Pedro Soto');
    const contact = String(one(`SELECT name FROM tabContact WHERE email_id = 'psoto@mineralosandes.cl'`).name);
    const row = card.getByTestId(`portal-contact-${contact}`);
    await row.getByLabel(/Ve todos los casos/).check();
    await row.getByTestId('portal-invite').click();
    await expect.poll(() => card.getByTestId('portal-user-psoto@mineralosandes.cl').count()).toBe(1);
    await shot(manager, 'customer-portal-access');
    await manager.context().close();
    const mail = String(
      one(`SELECT message FROM "tabEmail Queue" WHERE message LIKE '%update-password%' ORDER BY creation DESC`).message,
    );
    const link = /href="([^"]*update-password\?key=[0-9a-f]+)"/.exec(mail)?.[1] ?? '';
    expect(link).toContain('/update-password?key=');
    const guest = await env.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'es-CL' });
    await guest.goto(link.replace(/^https?:\/\/[^/]+/, env.demo.url));
    await guest.locator('input[name=new_password]').fill('Pedro-Mina-2026!');
    await guest.locator('input[name=confirm_password]').fill('Pedro-Mina-2026!');
    await guest.getByRole('button', { name: 'Confirm' }).click();
    await guest.getByTestId('portal-home').waitFor();
    await guest.getByTestId('portal-scope').selectOption('all'); // a customer manager sees the company's cases
    await guest.getByTestId('portal-state').selectOption('');
    await expect
      .poll(() => guest.getByTestId('portal-case-list').textContent())
      .toContain('El compresor se detiene por alta temperatura');
    await shot(guest, 'portal-manager-phone');
    await guest.context().close();
  }, 90_000);
});

describe("a serial's service log", () => {
  it('opens under the serial with its cases and visits', async () => {
    const page = await portal(CUSTOMERS.minera.user);
    await page.getByTestId('serial-log-open-CT-15-CL-0001').click();
    const log = page.getByTestId('serial-log-CT-15-CL-0001');
    await expect.poll(() => log.textContent()).toContain('El compresor se detiene por alta temperatura');
    await shot(page, 'portal-serial-log');
    await page.context().close();
  }, 60_000);
});

describe('visits from the portal', () => {
  it('a customer asks for a visit, sees it confirmed, asks for another day and cancels it', async () => {
    const page = await portal(CUSTOMERS.aceros.user);
    await page.goto(page.url().replace(/#.*$/, '#/portal/appointments'));
    const serial = String(
      one('SELECT name FROM "tabSerial No" WHERE customer = ? LIMIT 1', [CUSTOMERS.aceros.customer]).name,
    );
    await page.getByTestId('wish-serial').selectOption(serial);
    const day = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('wish-date').fill(day(5));
    await page.getByTestId('wish-slot').selectOption('Morning');
    await page.getByTestId('wish-place').fill('Planta Monterrey, nave 3');
    await page.getByTestId('wish-reason').fill('Revisión del equipo antes de la auditoría');
    await page.getByTestId('wish-send').click();
    const where = `FROM "tabAppointment Request" WHERE location = 'Planta Monterrey, nave 3'`;
    await expect.poll(() => Number(one(`SELECT COUNT(*) AS n ${where}`).n)).toBe(1);
    const name = String(one(`SELECT name ${where}`).name);
    expect(one('SELECT requested_via, status FROM "tabAppointment Request" WHERE name = ?', [name])).toEqual({
      requested_via: 'Portal',
      status: 'Requested',
    });
    env.demo.site.db.run(
      `UPDATE "tabAppointment Request" SET status = 'Confirmed', confirmed_start = ?, technician = 'camila.perez@postventa.demo' WHERE name = ?`,
      [`${day(5)} 10:00:00`, name],
    );
    await page.reload();
    const card = page.getByTestId(`appointment-${name}`);
    await expect.poll(() => card.textContent()).toContain('Confirmada para el');
    await shot(page, 'portal-appointments');
    await card.getByTestId('appointment-change').click();
    await card.getByTestId('wish-date').fill(day(8));
    await card.getByTestId('wish-reason').fill('La planta cierra ese día');
    await card.getByTestId('wish-send').click();
    await expect.poll(() => card.getByTestId('appointment-status').textContent()).toContain('Solicitada');
    expect(one('SELECT preferred_date, reschedule_count FROM "tabAppointment Request" WHERE name = ?', [name])).toEqual(
      {
        preferred_date: day(8),
        reschedule_count: 1,
      },
    );
    await card.getByTestId('appointment-cancel').click();
    await card.getByTestId('cancel-why').fill('Ya no se necesita');
    await card.getByTestId('cancel-send').click();
    await expect.poll(() => page.getByTestId(`appointment-${name}`).count()).toBe(0);
    expect(one('SELECT status FROM "tabAppointment Request" WHERE name = ?', [name]).status).toBe('Cancelled');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(page, 'portal-appointments-phone');
    await page.context().close();
  }, 90_000);
});
