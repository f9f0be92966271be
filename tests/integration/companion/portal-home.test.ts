/**
 * The portal home (issue 16, server-scripts/host/portal_home.py): a customer's user reads their own pólizas with this
 * period's consumption and their own equipment — never another customer's, never a serial still in stock (which a
 * REST list would show a Website user whose User Permission link is empty on the row) — and only a portal user is
 * answered. Each role tries to read more than its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
interface Home {
  customers: string[];
  policies: { name: string; customer: string; status: string; hours_used: number; suspension_reason: string | null }[];
  equipment: { serial_no: string; customer: string; policy: string | null; location: string | null }[];
}
const home = async (who: string) => as(who, 'GET', '/api/method/postventa.portal.home');

beforeAll(async () => {
  env = await startHostScriptsEnv();
  const company = String(
    (
      await env.insert('Company', {
        company_name: 'ZZV Portal',
        abbr: 'ZZP',
        default_currency: 'CLP',
        country: 'Chile',
      })
    ).name,
  );
  await env.insert('Item', { item_code: 'ZZP-EQ', item_group: 'Products', has_serial_no: 1 });
  for (const [serial_no, customer] of [
    ['ZZP-1', 'Al Día SpA'],
    ['ZZP-2', 'Moroso SpA'],
    ['ZZP-STOCK', null],
  ])
    await env.insert('Serial No', { serial_no, item_code: 'ZZP-EQ', company, ...(customer ? { customer } : {}) });
  const active = String(env.site.db.get(`SELECT name FROM "tabService Policy" WHERE customer = 'Al Día SpA'`)?.name);
  env.site.db.run('UPDATE "tabService Policy" SET hours_used = 7.5, allowance_hours = 10 WHERE name = ?', [active]);
  env.site.db.run(
    `INSERT INTO "tabPolicy Equipment" (name, parent, parenttype, parentfield, idx, serial_no, location, creation, modified, owner, modified_by, docstatus)
     VALUES ('PE-ZZP-1', ?, 'Service Policy', 'equipment', 1, 'ZZP-1', 'Bodega central', '2026-11-01', '2026-11-01', 'Administrator', 'Administrator', 0)`,
    [active],
  );
  await user('cliente@moroso.test', ['Support Customer']);
  await env.insert('User Permission', { user: 'cliente@moroso.test', allow: 'Customer', for_value: 'Moroso SpA' });
  await user('nadie@portal.test', ['Support Customer']);
});
afterAll(() => env.close());

describe('the portal home', () => {
  it("a customer's user reads their pólizas, consumption and equipment — only theirs", async () => {
    const r = await home('cliente@aldia.test');
    expect(r.status, messages(r.body)).toBe(200);
    const h = r.body.message as Home;
    expect(h.customers).toEqual(['Al Día SpA']);
    expect(h.policies.map((p) => [p.customer, p.status, p.hours_used])).toEqual([['Al Día SpA', 'Active', 7.5]]);
    expect(h.equipment.map((e) => [e.serial_no, e.location])).toEqual([['ZZP-1', 'Bodega central']]);
    expect(JSON.stringify(h)).not.toContain('Moroso');
    expect(JSON.stringify(h)).not.toContain('ZZP-STOCK');
  });

  it('a suspended póliza says why', async () => {
    const h = (await home('cliente@moroso.test')).body.message as Home;
    expect(h.policies).toMatchObject([
      { customer: 'Moroso SpA', status: 'Suspended', suspension_reason: 'Factura vencida' },
    ]);
    expect(h.equipment.map((e) => e.serial_no)).toEqual(['ZZP-2']);
  });

  it('a portal user of no customer reads nothing; staff and guests are not answered', async () => {
    expect((await home('nadie@portal.test')).body.message).toMatchObject({
      customers: [],
      policies: [],
      equipment: [],
    });
    for (const who of ['agente@pv.test', 'super@pv.test', 'Guest']) expect((await home(who)).status, who).toBe(403);
  });

  it('a portal user cannot list serials, pólizas of others or stock through REST', async () => {
    expect((await as('cliente@aldia.test', 'GET', '/api/resource/Serial No?fields=["name"]')).status).toBe(403);
    const other = String(env.site.db.get(`SELECT name FROM "tabService Policy" WHERE customer = 'Moroso SpA'`)?.name);
    expect((await as('cliente@aldia.test', 'GET', `/api/resource/Service Policy/${other}`)).status).toBe(403);
    const listed = await as('cliente@aldia.test', 'GET', '/api/resource/Service Policy?fields=["name","customer"]');
    expect((listed.body.data as { customer: string }[]).map((p) => p.customer)).toEqual(['Al Día SpA']);
  });

  it("a customer reads their case's messages, never the agents' internal notes", async () => {
    const made = await as('cliente@aldia.test', 'POST', '/api/resource/Support Case', {
      subject: 'Equipo sin señal',
      symptom: '<p>No enciende.</p>',
      customer: 'Al Día SpA',
    });
    expect(made.status, messages(made.body)).toBe(200);
    const name = String((made.body.data as { name: string }).name);
    const note = await as('agente@pv.test', 'POST', '/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: 'Support Case',
      reference_name: name,
      content: '<p>Nota interna: cliente moroso en 2025.</p>',
      comment_email: 'agente@pv.test',
      comment_by: 'Agente',
    });
    expect(note.status, messages(note.body)).toBe(200);
    const timeline = (who: string) => as(who, 'GET', `/api/method/postventa.case.timeline?case=${name}`);
    const staff = (await timeline('agente@pv.test')).body.message as { comments: unknown[] };
    expect(staff.comments).toHaveLength(1);
    const mine = await timeline('cliente@aldia.test');
    expect(mine.status).toBe(200);
    expect((mine.body.message as { comments: unknown[] }).comments).toEqual([]);
    expect(JSON.stringify(mine.body)).not.toContain('Nota interna');
    expect((await timeline('cliente@moroso.test')).status).toBe(404);
    const direct = await as(
      'cliente@aldia.test',
      'GET',
      `/api/resource/Comment?filters=[["reference_name","=","${name}"]]`,
    );
    expect(direct.status).toBe(403);
  });

  it('a customer writes on their own open case only; the text is kept escaped', async () => {
    const made = await as('cliente@aldia.test', 'POST', '/api/resource/Support Case', {
      subject: 'Pantalla',
      symptom: 'x',
      customer: 'Al Día SpA',
    });
    const name = String((made.body.data as { name: string }).name);
    const write = (who: string, text: unknown, on = name) =>
      as(who, 'POST', '/api/method/postventa.portal.message', { case: on, text });
    const ok = await write('cliente@aldia.test', 'Sigue igual <script>alert(1)</script>\nGracias');
    expect(ok.status, messages(ok.body)).toBe(200);
    const stored = env.site.db.get(
      `SELECT content, sent_or_received FROM "tabCommunication" WHERE reference_name = ? ORDER BY creation DESC`,
      [name],
    );
    expect(stored).toMatchObject({ sent_or_received: 'Received' });
    expect(String(stored?.content)).toContain('&lt;script&gt;');
    expect(String(stored?.content)).toContain('<br>');
    expect((await write('cliente@moroso.test', 'hola')).status).toBe(404);
    expect((await write('agente@pv.test', 'hola')).status).toBe(403);
    expect((await write('Guest', 'hola')).status).toBe(403);
    expect(messages((await write('cliente@aldia.test', '')).body)).toContain('Mensaje');
    expect(messages((await write('cliente@aldia.test', 'x'.repeat(20_001))).body)).toContain('20.000');
    env.site.db.run(`UPDATE "tabSupport Case" SET status = 'Closed' WHERE name = ?`, [name]);
    expect(messages((await write('cliente@aldia.test', 'hola')).body)).toContain('está cerrado');
  });
});
