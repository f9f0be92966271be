/**
 * The service contract in the demo, as its people do it (issue 14): a manager creates a monthly plan and a póliza
 * with two serials, lead 7 days; the maintenance job makes the occurrence, the proactive case and the proposed
 * visit, the notices job e-mails the customer (the HTML read back) and sends the WhatsApp message (the demo site has
 * the app); an agent books a visit for the customer at a time of day; the supervisor confirms it on the board and
 * reschedules it once — the customer is told twice; 24 h before the maintenance visits the reminder goes once.
 * Screenshots of the plan, póliza, customer page and board, desktop and phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { AnyDoc } from '../../host-client/client.ts';
import { firstDateFrom } from '../../domain/maintenance/schedule.ts';
import { login, openDemo, shot, type BrowserEnv } from './browser.ts';

let offset = 0; // the demo's clock runs `offset` ms ahead of real time (a job runs once per hour-long period)
let env: BrowserEnv;
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};
const rows = (sql: string, params: (string | number)[] = []) => env.demo.site.db.all(sql, params);
const CUSTOMER = 'Transportes Australes S.A.';
const today = DateTime.now().setZone('America/Santiago');
const iso = (d: DateTime): string => d.toISODate() ?? '';
const start = iso(today.plus({ days: 7 }).minus({ months: 1 }));
const due = firstDateFrom(start, 1, iso(today));
let serials: string[] = [];
let policy = '';
let manager: Page;
let agent: Page;
let supervisor: Page;
/** One run of a job now; its period (an hour in the demo) may be taken by the sweep: then the clock moves on. */
const job = async (name: string) => {
  for (let i = 0; i < 4; i++) {
    offset += 3_600_000;
    const out = await env.demo.companion.runJobNow(name);
    if ('error' in out) throw new Error(`${name}: ${out.error}`);
    if (out.ran) return out.result;
  }
  throw new Error(`${name}: every period was taken`);
};
const phone = async (page: Page, name: string) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1366, height: 900 });
};
const nextWeekday = (from: DateTime): DateTime => {
  let d = from;
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d;
};

beforeAll(async () => {
  env = await openDemo({ clock: () => new Date(Date.now() + offset) });
  // Two serials in stock delivered to the customer (a delivery would set their customer).
  serials = rows('SELECT name FROM "tabSerial No" WHERE item_code = \'RI-8\' ORDER BY name LIMIT 2').map((r) =>
    String(r.name),
  );
  for (const s of serials) await env.demo.admin.update('Serial No', s, { customer: CUSTOMER }, AnyDoc);
  await env.demo.admin.insert(
    'Contact',
    {
      first_name: 'Tomás',
      last_name: 'Aravena',
      email_id: 'taravena@australes.cl',
      mobile_no: '+56955554444',
      links: [{ link_doctype: 'Customer', link_name: CUSTOMER }],
    },
    AnyDoc,
  );
  manager = env.page;
  await login(env, 'augusto.aguanti@postventa.demo', manager);
  agent = await (await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' })).newPage();
  await login(env, 'ana.gonzalez@postventa.demo', agent);
  supervisor = await (
    await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' })
  ).newPage();
  await login(env, 'elena.castro@postventa.demo', supervisor);
});
afterAll(async () => {
  await env.close();
});

describe('plans and pólizas', () => {
  it('a manager creates a monthly plan', async () => {
    await manager.goto(`${env.demo.url}/postventa#/desk/plans`);
    await manager.getByTestId('plan-new').click();
    await manager.getByTestId('plan-name').fill('Plan Mantención Mensual');
    await manager.getByTestId('plan-allowance_hours').fill('6');
    await manager.getByTestId('plan-allowance_cases').fill('4');
    await manager.getByTestId('plan-maintenance_interval_months').fill('1');
    await manager.getByTestId('plan-price').fill('220000');
    await manager.getByTestId('plan-includes_preventive_maintenance').check();
    await manager.getByTestId('plan-save').click();
    await manager.getByText('Plan guardado').waitFor();
    expect(
      one('SELECT maintenance_interval_months, allowance_hours FROM "tabService Plan" WHERE name = ?', [
        'Plan Mantención Mensual',
      ]),
    ).toEqual({
      maintenance_interval_months: 1,
      allowance_hours: 6,
    });
    await shot(manager, 'contracts-plans-es-desktop');
    await phone(manager, 'contracts-plans-es');
  });

  it('and a póliza for the customer with two serials, lead 7 days: the serials point to it', async () => {
    await manager.goto(`${env.demo.url}/postventa#/desk/policies`);
    await manager.getByTestId('policy-new').click();
    await manager.getByTestId('policy-customer').fill('Transportes');
    await manager.getByRole('option', { name: /Transportes Australes/ }).click();
    await manager.getByTestId('policy-plan').selectOption('Plan Mantención Mensual');
    await manager.getByTestId('policy-start').fill(start);
    await manager.getByTestId('policy-lead').fill('7');
    for (const s of serials) await manager.getByTestId(`policy-serial-${s}`).waitFor();
    await manager.getByTestId('policy-create').click();
    await manager.waitForURL(/#\/desk\/policy\//);
    policy = decodeURIComponent(manager.url().split('/policy/')[1] ?? '');
    await manager.getByTestId('policy-equipment').waitFor();
    expect(
      one('SELECT status, maintenance_interval_months, maintenance_lead_days FROM "tabService Policy" WHERE name = ?', [
        policy,
      ]),
    ).toEqual({
      status: 'Active',
      maintenance_interval_months: 1,
      maintenance_lead_days: 7,
    });
    expect(
      rows('SELECT covering_policy FROM "tabSerial No" WHERE name IN (?, ?)', serials).map((r) => r.covering_policy),
    ).toEqual([policy, policy]);
  });
});

describe('maintenance and its notices', () => {
  it('7 days ahead: an occurrence per serial, a proactive case and a proposed visit on the date', async () => {
    const out = await job('maintenance');
    expect(out.detail).toMatchObject({ made: 2 });
    const made = rows(
      `SELECT o.scheduled_date, c.channel, c.proactive, v.status, v.scheduled_start FROM "tabMaintenance Occurrence" o
       JOIN "tabSupport Case" c ON c.name = o.support_case JOIN "tabService Visit" v ON v.name = o.service_visit
       WHERE o.service_policy = ?`,
      [policy],
    );
    expect(made).toHaveLength(2);
    for (const m of made)
      expect(m).toMatchObject({ scheduled_date: due, channel: 'Maintenance plan', proactive: 1, status: 'Proposed' });
  });

  it('the customer gets one e-mail per occurrence (rendered HTML) and one WhatsApp; the policy page shows them', async () => {
    await job('notices');
    const mails = rows(
      `SELECT c.subject, c.content, c.recipients FROM "tabCommunication" c JOIN "tabSupport Case" s ON s.name = c.reference_name
       WHERE s.service_policy = ? AND c.subject LIKE 'Mantención preventiva programada%'`,
      [policy],
    );
    expect(mails).toHaveLength(2);
    expect(mails[0]?.recipients).toBe('taravena@australes.cl');
    const html = String(mails[0]?.content);
    expect(html).toContain('Su mantención preventiva está programada');
    expect(html).toContain(CUSTOMER);
    expect(html).toMatch(/<mj-|@media/); // mjml's responsive output
    expect(rows('SELECT "to" FROM "tabWhatsApp Message" WHERE "to" = \'+56955554444\'')).toHaveLength(2);
    await job('notices');
    expect(rows('SELECT name FROM "tabWhatsApp Message" WHERE "to" = \'+56955554444\'')).toHaveLength(2);
    await manager.reload();
    await manager
      .getByTestId('policy-occurrences')
      .getByText(serials[0] ?? '')
      .first()
      .waitFor();
    await shot(manager, 'contracts-policy-es-desktop');
    await phone(manager, 'contracts-policy-es');
  });
});

describe('appointments', () => {
  const day = nextWeekday(today.plus({ days: 2 }));
  const moved = nextWeekday(day.plus({ days: 1 }));
  it('an agent books a visit for the customer from the customer page, in the afternoon', async () => {
    await agent.goto(`${env.demo.url}/postventa#/desk/customer/${encodeURIComponent(CUSTOMER)}`);
    await agent.getByTestId('customer-title').waitFor();
    await agent.getByTestId('book-reason').fill('Revisión de ruido en el rodillo');
    await agent.getByTestId('book-serial').selectOption(serials[0] ?? '');
    await agent.getByTestId('book-date').fill(iso(day));
    await agent.getByTestId('book-slot').selectOption('Afternoon');
    await agent.getByTestId('book-place').fill('Bodega Puerto Montt');
    await agent.getByTestId('book-submit').click();
    await agent.getByText('Solicitud registrada').waitFor();
    await agent.getByTestId('customer-appointments').getByText('Revisión de ruido').waitFor();
    await shot(agent, 'contracts-customer-es-desktop');
    await phone(agent, 'contracts-customer-es');
  });

  it('the supervisor confirms it on the board, then reschedules it once: the customer is told twice', async () => {
    const req = String(
      one('SELECT name FROM "tabAppointment Request" WHERE reason = ?', ['Revisión de ruido en el rodillo']).name,
    );
    await supervisor.goto(`${env.demo.url}/postventa#/desk/board`);
    await supervisor.getByTestId(`board-request-${req}`).click();
    await supervisor.getByTestId(`board-cell-bruno.diaz@postventa.demo-${iso(day)}`).click();
    expect(await supervisor.getByTestId('schedule-from').inputValue()).toBe('14:00');
    await supervisor.getByTestId('schedule-confirm').click();
    await supervisor.getByText('Visita confirmada').waitFor();
    await job('notices');
    await supervisor.getByTestId(`board-request-${req}`).click();
    await supervisor.getByTestId('schedule-day').fill(iso(moved));
    await supervisor.getByTestId('schedule-reason').fill('El cliente pidió otro día');
    await supervisor.getByTestId('schedule-reschedule').click();
    await supervisor.getByText('Visita reagendada').waitFor();
    await job('notices');
    expect(one('SELECT status, reschedule_count FROM "tabAppointment Request" WHERE name = ?', [req])).toEqual({
      status: 'Rescheduled',
      reschedule_count: 1,
    });
    const told = rows('SELECT subject FROM "tabCommunication" WHERE reference_name = ? ORDER BY creation', [req]);
    expect(told.map((r) => String(r.subject).split(':')[0])).toEqual(['Visita confirmada', 'Visita reagendada']);
    const visit = one(
      'SELECT technician, scheduled_start, status FROM "tabService Visit" WHERE appointment_request = ?',
      [req],
    );
    expect(visit).toMatchObject({ technician: 'bruno.diaz@postventa.demo', status: 'Scheduled' });
    expect(String(visit.scheduled_start).slice(0, 16)).toBe(`${iso(moved)} 14:00`);
    await supervisor.goto(`${env.demo.url}/postventa#/desk/board`);
    if (moved.weekNumber !== today.weekNumber) await supervisor.getByTestId('board-next').click();
    await supervisor.getByTestId('board-grid').getByText(CUSTOMER).first().waitFor();
    await shot(supervisor, 'contracts-board-es-desktop');
    await phone(supervisor, 'contracts-board-es');
  });

  it('an agent cannot confirm on the board: the host refuses', async () => {
    const req = String(
      one('SELECT name FROM "tabAppointment Request" WHERE status = \'Requested\' ORDER BY name LIMIT 1').name,
    );
    const r = await agent.evaluate(`(async () => {
      const boot = await (await fetch('/api/method/postventa.session.boot')).json();
      const r = await fetch('/api/method/postventa.appointment.schedule', { method: 'POST',
        headers: { 'content-type': 'application/json', 'x-frappe-csrf-token': boot.message.csrf_token },
        body: JSON.stringify({ request: ${JSON.stringify(req)}, action: 'confirm', technician: 'ana.gonzalez@postventa.demo',
          start: ${JSON.stringify(`${iso(day)} 10:00:00`)}, end: ${JSON.stringify(`${iso(day)} 11:00:00`)} }) });
      return r.status;
    })()`);
    expect(r).toBe(403);
  });
});

describe('the reminder', () => {
  it('24 h before the maintenance visits, one reminder each, once', async () => {
    const visitAt = DateTime.fromISO(`${due}T09:00:00`, { zone: 'America/Santiago' });
    offset = visitAt.minus({ hours: 23 }).toMillis() - Date.now();
    await job('notices');
    await job('notices');
    const reminded = rows(
      `SELECT v.reminder_sent_on FROM "tabService Visit" v JOIN "tabMaintenance Occurrence" o ON o.name = v.maintenance_occurrence
       WHERE o.service_policy = ?`,
      [policy],
    );
    expect(reminded.every((r) => !!r.reminder_sent_on)).toBe(true);
    const reminders = rows(
      `SELECT i.name FROM "tabCustomer Interaction" i WHERE i.customer = ? AND i.notice_key LIKE 'reminder|%'`,
      [CUSTOMER],
    );
    expect(reminders.length).toBeGreaterThanOrEqual(2);
  });
});
