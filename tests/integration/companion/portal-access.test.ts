/**
 * Portal access (issue 16, server-scripts/host/portal_access.py): support staff invite a customer's contact — a
 * Website user with the Support Customer role, bound by one User Permission to that customer, sent the invitation
 * with the host's set-password link (kept out of any record an agent reads) — who sets their password through the
 * host's own flow and lands in the portal; a customer manager flag; revoking; and each role trying more than its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
const access = (who: string, body: Record<string, unknown>) =>
  as(who, 'POST', '/api/method/postventa.portal.access', body);
const row = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.site.db.get(sql, params) ?? {};
const rolesOf = (user: string): string[] =>
  env.site.db.all('SELECT role FROM "tabHas Role" WHERE parent = ? ORDER BY role', [user]).map((r) => String(r.role));
let contact: string;
let other: string;

beforeAll(async () => {
  env = await startHostScriptsEnv();
  await env.insert('Email Account', {
    email_account_name: 'Soporte',
    email_id: 'soporte@pv.test',
    enable_outgoing: 1,
    default_outgoing: 1,
  });
  contact = String(
    (
      await env.insert('Contact', {
        first_name: 'Nueva',
        last_name: 'Usuaria',
        email_id: 'Nueva@AlDia.test',
        links: [{ link_doctype: 'Customer', link_name: 'Al Día SpA' }],
      })
    ).name,
  );
  other = String(
    (
      await env.insert('Contact', {
        first_name: 'Otro',
        email_id: 'otro@moroso.test',
        links: [{ link_doctype: 'Customer', link_name: 'Moroso SpA' }],
      })
    ).name,
  );
}, 60_000);
afterAll(() => env.close());

describe('inviting a contact to the portal', () => {
  let link = '';
  it('makes a Website user bound to that customer only, links the contact and mails the set-password link', async () => {
    const r = await access('agente@pv.test', { action: 'invite', customer: 'Al Día SpA', contact });
    expect(r.status, messages(r.body)).toBe(200);
    expect(r.body.message).toMatchObject({ user: 'nueva@aldia.test', created: true, invited: true, manager: false });
    expect(row('SELECT user_type, enabled FROM tabUser WHERE name = ?', ['nueva@aldia.test'])).toEqual({
      user_type: 'Website User',
      enabled: 1,
    });
    expect(rolesOf('nueva@aldia.test')).toEqual(['Support Customer']);
    expect(
      env.site.db
        .all('SELECT allow, for_value FROM "tabUser Permission" WHERE user = ?', ['nueva@aldia.test'])
        .map((p) => `${String(p.allow)}:${String(p.for_value)}`),
    ).toEqual(['Customer:Al Día SpA']);
    expect(row('SELECT user FROM tabContact WHERE name = ?', [contact]).user).toBe('nueva@aldia.test');
    const mail = String(row(`SELECT message FROM "tabEmail Queue" WHERE reference_name = 'Al Día SpA'`).message);
    expect(mail).toContain('Definir mi contraseña');
    expect(mail).toContain('Al Día SpA');
    link = /href="([^"]*update-password\?key=[0-9a-f]+)"/.exec(mail)?.[1] ?? '';
    expect(link).not.toBe('');
    const key = new URL(link).searchParams.get('key') ?? '';
    // The secret is the host's alone: stored hashed, and in no Communication or interaction an agent reads.
    expect(
      String(row('SELECT reset_password_key FROM tabUser WHERE name = ?', ['nueva@aldia.test']).reset_password_key),
    ).not.toContain(key);
    expect(row(`SELECT COUNT(*) AS n FROM tabCommunication WHERE content LIKE ?`, [`%${key}%`]).n).toBe(0);
    expect(row(`SELECT COUNT(*) AS n FROM "tabCustomer Interaction" WHERE outcome LIKE ?`, [`%${key}%`]).n).toBe(0);
    expect((await as('agente@pv.test', 'GET', '/api/resource/Email Queue?fields=["message"]')).status).toBe(403);
  });

  it('the link sets the password once, signs them in and sends them to the portal', async () => {
    const key = new URL(link).searchParams.get('key') ?? '';
    const set = (k: string) =>
      fetch(`${env.url}/api/method/frappe.core.doctype.user.user.update_password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: k, new_password: 'Nueva-Clave-2026!' }),
      });
    const r = await set(key);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { message: string }).message).toBe('/postventa#/portal');
    expect(r.headers.getSetCookie().some((c) => c.startsWith('sid=') && !c.startsWith('sid=Guest'))).toBe(true);
    expect((await set(key)).status).toBe(410);
    const login = await fetch(`${env.url}/api/method/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ usr: 'nueva@aldia.test', pwd: 'Nueva-Clave-2026!' }),
    });
    expect(login.status).toBe(200);
  });

  it('marks and unmarks a customer manager without a second mail once they signed in', async () => {
    const before = Number(row('SELECT COUNT(*) AS n FROM "tabEmail Queue"').n);
    const on = await access('super@pv.test', { action: 'invite', customer: 'Al Día SpA', contact, manager: 1 });
    expect(on.body.message).toMatchObject({ created: false, invited: false, manager: true });
    expect(rolesOf('nueva@aldia.test')).toEqual(['Support Customer', 'Support Customer Manager']);
    await access('super@pv.test', { action: 'invite', customer: 'Al Día SpA', contact, manager: 0 });
    expect(rolesOf('nueva@aldia.test')).toEqual(['Support Customer']);
    expect(Number(row('SELECT COUNT(*) AS n FROM "tabEmail Queue"').n)).toBe(before);
    const list = await as('agente@pv.test', 'GET', '/api/method/postventa.portal.access?customer=Al Día SpA');
    const users = (list.body.message as { users: { name: string; manager: boolean }[] }).users;
    expect(users.map((u) => [u.name, u.manager])).toEqual(
      expect.arrayContaining([
        ['nueva@aldia.test', false],
        ['cliente@aldia.test', false],
      ]),
    );
  });

  it('refuses a contact of another customer, an internal user, bad input, portal users and guests', async () => {
    const wrong = await access('agente@pv.test', { action: 'invite', customer: 'Al Día SpA', contact: other });
    expect([wrong.status, messages(wrong.body)]).toEqual([417, expect.stringContaining('no es un contacto de')]);
    const staff = String(
      (
        await env.insert('Contact', {
          first_name: 'Interno',
          email_id: 'super@pv.test',
          links: [{ link_doctype: 'Customer', link_name: 'Al Día SpA' }],
        })
      ).name,
    );
    const internal = await access('agente@pv.test', { action: 'invite', customer: 'Al Día SpA', contact: staff });
    expect([internal.status, messages(internal.body)]).toEqual([403, expect.stringContaining('usuario interno')]);
    expect(rolesOf('super@pv.test')).not.toContain('Support Customer');
    expect(row(`SELECT COUNT(*) AS n FROM "tabUser Permission" WHERE user = 'super@pv.test'`).n).toBe(0);
    for (const bad of [{ action: 'grant' }, { customer: 'Nadie SpA' }, { contact: 'x'.repeat(141) }])
      expect(
        (await access('agente@pv.test', { action: 'invite', customer: 'Al Día SpA', contact, ...bad })).status,
        JSON.stringify(bad),
      ).toBeGreaterThanOrEqual(400);
    for (const who of ['cliente@aldia.test', 'Guest'])
      expect((await access(who, { action: 'invite', customer: 'Al Día SpA', contact: other })).status, who).toBe(403);
    expect(
      (await as('cliente@aldia.test', 'GET', '/api/method/postventa.portal.access?customer=Al Día SpA')).status,
    ).toBe(403);
  });

  it('revoking removes the binding and, with no customer left, the portal roles', async () => {
    const r = await access('agente@pv.test', { action: 'revoke', customer: 'Al Día SpA', user: 'nueva@aldia.test' });
    expect(r.status, messages(r.body)).toBe(200);
    expect(row(`SELECT COUNT(*) AS n FROM "tabUser Permission" WHERE user = 'nueva@aldia.test'`).n).toBe(0);
    expect(rolesOf('nueva@aldia.test')).toEqual([]);
    expect((await as('nueva@aldia.test', 'GET', '/api/method/postventa.portal.home')).status).toBe(403);
    expect(
      (await access('agente@pv.test', { action: 'revoke', customer: 'Al Día SpA', user: 'nueva@aldia.test' })).status,
    ).toBe(404);
  });
});
