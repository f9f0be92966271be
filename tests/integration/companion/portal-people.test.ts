/**
 * The portal's people and their equipment (issue 16): a customer manager (role Support Customer Manager) sees and
 * follows every case of their customer while a plain user sees their own (postventa.portal.cases / case_detail); a
 * serial's service log (postventa.portal.serial_log); visits asked for, moved and cancelled from the portal
 * (postventa.portal.appointments). Each role tries to do more than its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
const single = (field: string, value: string): void => {
  env.site.db.run('DELETE FROM "tabSingles" WHERE doctype = ? AND field = ?', ['Postventa Settings', field]);
  env.site.db.run('INSERT INTO "tabSingles" (doctype, field, value) VALUES (?, ?, ?)', [
    'Postventa Settings',
    field,
    value,
  ]);
};
const newCase = (who: string, body: Record<string, unknown>) =>
  as(who, 'POST', '/api/method/postventa.portal.case', body);
const row = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.site.db.get(sql, params) ?? {};

beforeAll(async () => {
  env = await startHostScriptsEnv();
  const company = String(
    (
      await env.insert('Company', {
        company_name: 'ZZV Acciones',
        abbr: 'ZZA',
        default_currency: 'CLP',
        country: 'Chile',
      })
    ).name,
  );
  await env.insert('Item', { item_code: 'ZZA-EQ', item_group: 'Products', has_serial_no: 1 });
  await env.insert('Serial No', { serial_no: 'ZZA-1', item_code: 'ZZA-EQ', company, customer: 'Al Día SpA' });
  await env.insert('Serial No', { serial_no: 'ZZA-2', item_code: 'ZZA-EQ', company, customer: 'Moroso SpA' });
  await user('cliente@moroso.test', ['Support Customer']);
  await env.insert('User Permission', { user: 'cliente@moroso.test', allow: 'Customer', for_value: 'Moroso SpA' });
  await env.insert('Contact', { first_name: 'Clienta', email_id: 'cliente@aldia.test', user: 'cliente@aldia.test' });
  single('allow_portal_case_creation', '1');
  const r = await newCase('cliente@aldia.test', {
    subject: 'No enciende',
    symptom: 'Pantalla negra',
    serial_no: 'ZZA-1',
  });
  if (r.status !== 200) throw new Error(messages(r.body));
}, 60_000);
afterAll(() => env.close());

describe('a customer manager sees all the customer’s cases; a plain user only their own', () => {
  let colleagues: string;
  let byAgent: string;
  beforeAll(async () => {
    await user('jefa@aldia.test', ['Support Customer', 'Support Customer Manager']);
    await env.insert('User Permission', { user: 'jefa@aldia.test', allow: 'Customer', for_value: 'Al Día SpA' });
    await user('colega@aldia.test', ['Support Customer']);
    await env.insert('User Permission', { user: 'colega@aldia.test', allow: 'Customer', for_value: 'Al Día SpA' });
    await user('jefe@moroso.test', ['Support Customer', 'Support Customer Manager']);
    await env.insert('User Permission', { user: 'jefe@moroso.test', allow: 'Customer', for_value: 'Moroso SpA' });
    colleagues = String(
      (
        (await newCase('colega@aldia.test', { subject: 'Caso del colega', symptom: 'x' })).body.message as {
          name: string;
        }
      ).name,
    );
    byAgent = String(
      (await env.insert('Support Case', { subject: 'Caso del agente', symptom: 'x', customer: 'Al Día SpA' })).name,
    );
  });
  const cases = async (who: string, scope: string): Promise<string[]> =>
    (
      (await as(who, 'GET', `/api/method/postventa.portal.cases?scope=${scope}&state=`)).body.message as {
        cases: { name: string }[];
      }
    ).cases.map((c) => c.name);

  it('lists: the manager every case of Al Día, the colleague only theirs, the other customer none', async () => {
    expect(await cases('jefa@aldia.test', 'all')).toEqual(expect.arrayContaining([colleagues, byAgent]));
    expect(await cases('jefa@aldia.test', 'mine')).toEqual([]);
    const own = await cases('colega@aldia.test', 'all'); // a plain user asking for all gets their own
    expect(own).toEqual([colleagues]);
    expect(await cases('jefe@moroso.test', 'all')).not.toContain(colleagues);
    expect((await as('colega@aldia.test', 'GET', '/api/method/postventa.portal.cases?start=-1')).status).toBe(417);
  });

  it("reads, follows and writes on a colleague's case as manager; nobody else can", async () => {
    const detail = (who: string, name: string) =>
      as(who, 'GET', `/api/method/postventa.portal.case_detail?case=${encodeURIComponent(name)}`);
    const d = await detail('jefa@aldia.test', colleagues);
    expect([d.status, (d.body.message as { mine: boolean }).mine]).toEqual([200, false]);
    expect(JSON.stringify(d.body)).not.toContain('colega@aldia.test'); // who opened it is not a field of the page
    expect((await as('jefa@aldia.test', 'GET', `/api/method/postventa.case.timeline?case=${colleagues}`)).status).toBe(
      200,
    );
    const wrote = await as('jefa@aldia.test', 'POST', '/api/method/postventa.portal.message', {
      case: colleagues,
      text: 'Lo sigo yo',
    });
    expect(wrote.status, messages(wrote.body)).toBe(200);
    for (const who of ['cliente@aldia.test', 'jefe@moroso.test']) {
      expect((await detail(who, colleagues)).status, who).toBe(404);
      expect((await as(who, 'GET', `/api/method/postventa.case.timeline?case=${colleagues}`)).status, who).toBe(404);
      expect(
        (await as(who, 'POST', '/api/method/postventa.portal.message', { case: colleagues, text: 'x' })).status,
        who,
      ).toBe(404);
    }
    expect((await detail('agente@pv.test', colleagues)).status).toBe(403);
  });
});

describe("a serial's service log", () => {
  it("gives the customer their serial's cases and visits, and nobody else's serial", async () => {
    await env.insert('Service Visit', {
      customer: 'Al Día SpA',
      serial_no: 'ZZA-1',
      status: 'Completed',
      scheduled_start: '2026-10-10 09:00:00',
      finished_on: '2026-10-10 11:00:00',
      work_done: '<p>Cambio de filtros.</p>',
    });
    const log = async (who: string, serial: string) =>
      as(who, 'GET', `/api/method/postventa.portal.serial_log?serial_no=${serial}`);
    const mine = await log('cliente@aldia.test', 'ZZA-1');
    expect(mine.status, messages(mine.body)).toBe(200);
    const body = mine.body.message as { cases: { subject: string }[]; visits: { status: string }[] };
    expect(body.cases.map((c) => c.subject)).toContain('No enciende');
    expect(body.visits.map((v) => v.status)).toEqual(['Completed']);
    expect((await log('cliente@aldia.test', 'ZZA-2')).status).toBe(404);
    expect((await log('cliente@moroso.test', 'ZZA-1')).status).toBe(404);
    expect((await log('agente@pv.test', 'ZZA-1')).status).toBe(403);
  });
});

describe('appointments from the portal', () => {
  const appt = (who: string, body: Record<string, unknown>) =>
    as(who, 'POST', '/api/method/postventa.portal.appointments', body);
  const tomorrowPlus = (days: number): string => {
    const d = new Date(env.clock.now.getTime() + days * 86_400_000);
    return d.toISOString().slice(0, 10);
  };

  it('requests a visit on their serial, changes its date once and cancels it, each kept in its history', async () => {
    const made = await appt('cliente@aldia.test', {
      action: 'request',
      serial_no: 'ZZA-1',
      reason: 'Mantención anual',
      preferred_date: tomorrowPlus(3),
      preferred_slot: 'Morning',
      location: 'Bodega central',
    });
    expect(made.status, messages(made.body)).toBe(200);
    const name = String((made.body.message as { name: string }).name);
    expect(
      row('SELECT customer, status, requested_via, serial_no FROM "tabAppointment Request" WHERE name = ?', [name]),
    ).toEqual({ customer: 'Al Día SpA', status: 'Requested', requested_via: 'Portal', serial_no: 'ZZA-1' });
    // Confirmed by the board, then the customer asks for another day: back to the board, the visit freed.
    const visit = await env.insert('Service Visit', {
      customer: 'Al Día SpA',
      serial_no: 'ZZA-1',
      status: 'Scheduled',
      scheduled_start: `${tomorrowPlus(3)} 10:00:00`,
    });
    env.site.db.run(
      `UPDATE "tabAppointment Request" SET status = 'Confirmed', service_visit = ?, confirmed_start = ? WHERE name = ?`,
      [String(visit.name), `${tomorrowPlus(3)} 10:00:00`, name],
    );
    const moved = await appt('cliente@aldia.test', {
      action: 'change',
      name,
      reason: 'Ese día no hay acceso a la bodega',
      preferred_date: tomorrowPlus(6),
      preferred_slot: 'Afternoon',
    });
    expect(moved.status, messages(moved.body)).toBe(200);
    const after = row('SELECT * FROM "tabAppointment Request" WHERE name = ?', [name]);
    expect([after.status, after.preferred_date, after.reschedule_count, after.service_visit]).toEqual([
      'Requested',
      tomorrowPlus(6),
      1,
      null,
    ]);
    expect(String(after.schedule_history)).toContain('Ese día no hay acceso');
    expect(row('SELECT status FROM "tabService Visit" WHERE name = ?', [String(visit.name)]).status).toBe('Cancelled');
    const listed = await as('cliente@aldia.test', 'GET', '/api/method/postventa.portal.appointments');
    expect((listed.body.message as { name: string }[]).map((a) => a.name)).toContain(name);
    expect((await appt('cliente@aldia.test', { action: 'cancel', name })).status).toBe(417); // a reason is needed
    expect((await appt('cliente@aldia.test', { action: 'cancel', name, reason: 'Ya no se necesita' })).status).toBe(
      200,
    );
    expect(row('SELECT status FROM "tabAppointment Request" WHERE name = ?', [name]).status).toBe('Cancelled');
    expect((await appt('cliente@aldia.test', { action: 'cancel', name, reason: 'otra vez' })).status).toBe(417);
  });

  it("refuses a past date, another customer's serial or appointment, and staff or guests", async () => {
    const base = { action: 'request', reason: 'Visita', preferred_date: tomorrowPlus(2) };
    expect((await appt('cliente@aldia.test', { ...base, preferred_date: '2020-01-01' })).status).toBe(417);
    expect((await appt('cliente@aldia.test', { ...base, preferred_date: 'mañana' })).status).toBe(417);
    expect((await appt('cliente@aldia.test', { ...base, serial_no: 'ZZA-2' })).status).toBe(417);
    expect((await appt('cliente@aldia.test', { ...base, customer: 'Moroso SpA' })).status).toBe(403);
    const theirs = String(((await appt('cliente@moroso.test', base)).body.message as { name: string }).name);
    expect((await appt('cliente@aldia.test', { action: 'cancel', name: theirs, reason: 'x' })).status).toBe(404);
    const list = await as('cliente@aldia.test', 'GET', '/api/method/postventa.portal.appointments');
    expect(JSON.stringify(list.body)).not.toContain(theirs);
    for (const who of ['agente@pv.test', 'Guest']) expect((await appt(who, base)).status, who).toBe(403);
  });
});

describe('surveys waiting in the portal', () => {
  let mine: string;
  let theirs: string;
  beforeAll(async () => {
    const caseName = String(row(`SELECT name FROM "tabSupport Case" WHERE subject = 'No enciende'`).name);
    mine = String(
      (
        await env.insert('Survey Response', {
          customer: 'Al Día SpA',
          support_case: caseName,
          contact_email: 'cliente@aldia.test',
          status: 'Sent',
          sent_on: '2026-11-30 10:00:00',
        })
      ).name,
    );
    theirs = String(
      (
        await env.insert('Survey Response', {
          customer: 'Moroso SpA',
          contact_email: 'cliente@moroso.test',
          status: 'Sent',
        })
      ).name,
    );
  });
  const answer = (who: string, body: Record<string, unknown>) =>
    as(who, 'POST', '/api/method/postventa.portal.surveys', body);

  it('lists their own, answers once and stamps the case; never another customer’s', async () => {
    const list = await as('cliente@aldia.test', 'GET', '/api/method/postventa.portal.surveys');
    expect((list.body.message as { name: string; subject: string }[]).map((s) => [s.name, s.subject])).toEqual([
      [mine, 'No enciende'],
    ]);
    const home = await as('cliente@aldia.test', 'GET', '/api/method/postventa.portal.home');
    expect((home.body.message as { surveys: { name: string }[] }).surveys.map((s) => s.name)).toEqual([mine]);
    expect((await answer('cliente@aldia.test', { survey: mine, csat: 7 })).status).toBe(417);
    expect((await answer('cliente@aldia.test', { survey: mine, csat: 4, nps: 11 })).status).toBe(417);
    expect((await answer('cliente@aldia.test', { survey: theirs, csat: 5 })).status).toBe(404);
    const ok = await answer('cliente@aldia.test', { survey: mine, csat: 4, nps: 9, comments: 'Rápidos' });
    expect(ok.status, messages(ok.body)).toBe(200);
    expect(row('SELECT status, csat, nps FROM "tabSurvey Response" WHERE name = ?', [mine])).toEqual({
      status: 'Answered',
      csat: 4,
      nps: 9,
    });
    expect(row(`SELECT csat FROM "tabSupport Case" WHERE subject = 'No enciende'`).csat).toBe(4);
    expect((await answer('cliente@aldia.test', { survey: mine, csat: 1 })).status).toBe(417);
    for (const who of ['agente@pv.test', 'Guest'])
      expect((await answer(who, { survey: mine, csat: 5 })).status).toBe(403);
  });
});
