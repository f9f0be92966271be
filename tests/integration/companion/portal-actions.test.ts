/**
 * What a portal customer does (issue 16): opens a case (postventa.portal.case — on their own serial, refused while
 * their póliza is suspended or when the setting is off) and attaches a file to it; answers the resolution
 * (postventa.portal.resolution); writes back on a case that waited on them (it goes back to the agents); reads their
 * invoices (postventa.portal.invoices) and the vault credentials marked for them (postventa.portal.credentials); is
 * suggested knowledge-base articles by the words of their problem and says one solved it (postventa.kb.deflected).
 * Each role tries to do more than its own.
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
}, 60_000);
afterAll(() => env.close());

describe('a new case from the portal', () => {
  it('is refused while the setting is off, with the reason', async () => {
    single('allow_portal_case_creation', '0');
    const r = await newCase('cliente@aldia.test', { subject: 'No enciende', symptom: 'La pantalla queda negra' });
    single('allow_portal_case_creation', '1');
    expect(r.status).toBe(403);
    expect(messages(r.body)).toContain('mesa de ayuda');
  });

  it("opens on the customer's own serial through the Portal channel, and its owner attaches a file", async () => {
    const r = await newCase('cliente@aldia.test', {
      subject: 'No enciende',
      symptom: 'La pantalla queda negra\n<script>alert(1)</script>',
      serial_no: 'ZZA-1',
      severity: 'S2',
    });
    expect(r.status, messages(r.body)).toBe(200);
    const name = String((r.body.message as { name: string }).name);
    const c = row('SELECT * FROM "tabSupport Case" WHERE name = ?', [name]);
    expect(c).toMatchObject({
      customer: 'Al Día SpA',
      channel: 'Portal',
      product: 'ZZA-EQ',
      serial_no: 'ZZA-1',
      severity: 'S2',
      priority: 'P3',
      status: 'Open',
      owner: 'cliente@aldia.test',
      raised_by: 'cliente@aldia.test',
    });
    expect(String(c.contact)).not.toBe('');
    expect(String(c.symptom)).toContain('&lt;script&gt;');
    expect((await as('cliente@aldia.test', 'GET', `/api/resource/Support Case/${name}`)).status).toBe(200);
    const upload = async (who: string): Promise<number> => {
      const form = new FormData();
      form.set('file', new Blob(['%PDF-1.4 foto'], { type: 'application/pdf' }), 'foto.pdf');
      form.set('doctype', 'Support Case');
      form.set('docname', name);
      form.set('is_private', '1');
      const login = await fetch(`${env.url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usr: who, pwd: 'Zzv-Pass-1234' }),
      });
      const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
      return (await fetch(`${env.url}/api/method/upload_file`, { method: 'POST', headers: { cookie }, body: form }))
        .status;
    };
    expect(await upload('cliente@aldia.test')).toBe(200);
    expect(await upload('cliente@moroso.test')).toBe(403);
    expect(row('SELECT COUNT(*) AS n FROM tabFile WHERE attached_to_name = ?', [name]).n).toBe(1);
  });

  it("is refused on another customer's serial, for another customer, and for staff and guests", async () => {
    const base = { subject: 'Falla', symptom: 'Algo' };
    const before = row('SELECT COUNT(*) AS n FROM "tabSupport Case"').n;
    const serial = await newCase('cliente@aldia.test', { ...base, serial_no: 'ZZA-2' });
    expect([serial.status, messages(serial.body)]).toEqual([417, expect.stringContaining('no es un equipo de')]);
    const other = await newCase('cliente@aldia.test', { ...base, customer: 'Moroso SpA' });
    expect(other.status).toBe(403);
    for (const bad of [{ subject: '' }, { subject: 'x'.repeat(141) }, { symptom: 7 }, { severity: 'S9' }])
      expect((await newCase('cliente@aldia.test', { ...base, ...bad })).status, JSON.stringify(bad)).toBe(417);
    for (const who of ['agente@pv.test', 'Guest']) expect((await newCase(who, base)).status, who).toBe(403);
    expect(row('SELECT COUNT(*) AS n FROM "tabSupport Case"').n).toBe(before);
  });

  it('is refused while the póliza is suspended, saying why and that paying lifts it', async () => {
    const r = await newCase('cliente@moroso.test', { subject: 'Falla', symptom: 'No imprime', serial_no: 'ZZA-2' });
    expect(r.status).toBe(417);
    expect(messages(r.body)).toContain('está suspendida');
    expect(messages(r.body)).toContain('registre el pago');
  });
});

describe('answering the resolution and writing back', () => {
  const caseOf = async (status: string): Promise<string> => {
    const r = await newCase('cliente@aldia.test', { subject: `Caso ${status}`, symptom: 'Algo falla' });
    const name = String((r.body.message as { name: string }).name);
    env.site.db.run('UPDATE "tabSupport Case" SET status = ? WHERE name = ?', [status, name]);
    return name;
  };
  const answer = (who: string, body: Record<string, unknown>) =>
    as(who, 'POST', '/api/method/postventa.portal.resolution', body);

  it('confirms once; a second answer is refused', async () => {
    const name = await caseOf('Resolved');
    expect((await answer('cliente@aldia.test', { case: name, solved: 1 })).status).toBe(200);
    expect(
      row('SELECT customer_confirmed_on FROM "tabSupport Case" WHERE name = ?', [name]).customer_confirmed_on,
    ).toBeTruthy();
    expect((await answer('cliente@aldia.test', { case: name, solved: 0, comment: 'Sigue' })).status).toBe(417);
  });

  it('rejecting reopens the case, counts it and keeps what they said as a message', async () => {
    const name = await caseOf('Resolved');
    expect((await answer('cliente@aldia.test', { case: name, solved: 0 })).status).toBe(417); // a comment is needed
    const r = await answer('cliente@aldia.test', { case: name, solved: 0, comment: 'Sigue sin <b>imprimir</b>' });
    expect(r.status, messages(r.body)).toBe(200);
    expect(row('SELECT status, reopened_count FROM "tabSupport Case" WHERE name = ?', [name])).toEqual({
      status: 'Open',
      reopened_count: 1,
    });
    const m = row('SELECT content, sent_or_received FROM tabCommunication WHERE reference_name = ?', [name]);
    expect(m).toEqual({ content: '<p>Sigue sin &lt;b&gt;imprimir&lt;/b&gt;</p>', sent_or_received: 'Received' });
  });

  it("another customer, staff and guests cannot answer someone's resolution; an open case has none", async () => {
    const name = await caseOf('Resolved');
    expect((await answer('cliente@moroso.test', { case: name, solved: 1 })).status).toBe(404);
    for (const who of ['agente@pv.test', 'Guest'])
      expect((await answer(who, { case: name, solved: 1 })).status, who).toBe(403);
    expect((await answer('cliente@aldia.test', { case: name, solved: 'maybe' })).status).toBe(417);
    expect(
      row('SELECT customer_confirmed_on FROM "tabSupport Case" WHERE name = ?', [name]).customer_confirmed_on,
    ).toBeNull();
    const open = await caseOf('Open');
    expect((await answer('cliente@aldia.test', { case: open, solved: 1 })).status).toBe(417);
  });

  it('a message on a case that waited on the customer gives it back to the agents', async () => {
    const name = await caseOf('Waiting on Customer');
    const r = await as('cliente@aldia.test', 'POST', '/api/method/postventa.portal.message', {
      case: name,
      text: 'Ya reinicié el equipo',
    });
    expect(r.status, messages(r.body)).toBe(200);
    expect(row('SELECT status FROM "tabSupport Case" WHERE name = ?', [name]).status).toBe('In Progress');
  });
});

describe("the customer's invoices", () => {
  beforeAll(() => {
    const ins = (name: string, customer: string, docstatus: number, outstanding: number, due: string): void =>
      env.site.db.run(
        `INSERT INTO "tabSales Invoice" (name, customer, posting_date, due_date, currency, grand_total, outstanding_amount, status, docstatus, creation, modified, owner, modified_by)
         VALUES (?, ?, '2026-10-01', ?, 'CLP', 100000, ?, 'Unpaid', ?, '2026-10-01', '2026-10-01', 'Administrator', 'Administrator')`,
        [name, customer, due, outstanding, docstatus],
      );
    ins('ZZA-INV-1', 'Al Día SpA', 1, 100000, '2026-10-31');
    ins('ZZA-INV-2', 'Al Día SpA', 1, 0, '2026-11-30');
    ins('ZZA-INV-DRAFT', 'Al Día SpA', 0, 100000, '2026-12-31');
    ins('ZZA-INV-M', 'Moroso SpA', 1, 100000, '2026-10-31');
  });

  it('reads their submitted invoices with what is owed and overdue — never a draft or another customer', async () => {
    const r = await as('cliente@aldia.test', 'GET', '/api/method/postventa.portal.invoices');
    expect(r.status, messages(r.body)).toBe(200);
    const inv = (r.body.message as { invoices: { name: string; outstanding_amount: number; overdue: boolean }[] })
      .invoices;
    expect(inv.map((i) => [i.name, i.outstanding_amount, i.overdue]).sort()).toEqual([
      ['ZZA-INV-1', 100000, true],
      ['ZZA-INV-2', 0, false],
    ]);
    expect((await as('cliente@aldia.test', 'GET', '/api/resource/Sales Invoice/ZZA-INV-M')).status).toBe(403);
    for (const who of ['agente@pv.test', 'Guest'])
      expect((await as(who, 'GET', '/api/method/postventa.portal.invoices')).status, who).toBe(403);
  });
});

describe('vault credentials in the portal', () => {
  beforeAll(async () => {
    for (const [system, customer, visible] of [
      ['ERP Al Día', 'Al Día SpA', 1],
      ['Router interno', 'Al Día SpA', 0],
      ['ERP Moroso', 'Moroso SpA', 1],
    ] as const)
      await env.insert('Customer Credential', {
        customer,
        system,
        username: 'admin',
        password: 'S3creta!',
        visible_to_customer: visible,
      });
  });
  const list = (who: string) => as(who, 'GET', '/api/method/postventa.portal.credentials');

  it('lists nothing while the setting is off; then only their own marked visible, never a secret', async () => {
    single('show_credentials_in_portal', '0');
    expect((await list('cliente@aldia.test')).body.message).toEqual({ enabled: false, credentials: [] });
    single('show_credentials_in_portal', '1');
    const r = (await list('cliente@aldia.test')).body.message as { credentials: { system: string }[] };
    expect(r.credentials.map((c) => c.system)).toEqual(['ERP Al Día']);
    expect(JSON.stringify(r)).not.toContain('S3creta');
    expect(JSON.stringify(r)).not.toContain('admin');
  });

  it('the customer reveals their visible one (audited) and no other', async () => {
    const id = (system: string): string =>
      String(row('SELECT name FROM "tabCustomer Credential" WHERE system = ?', [system]).name);
    const reveal = (name: string) =>
      as('cliente@aldia.test', 'POST', '/api/method/postventa.credential.reveal', { name });
    const ok = await reveal(id('ERP Al Día'));
    expect([ok.status, (ok.body.message as { password: string }).password]).toEqual([200, 'S3creta!']);
    expect(row('SELECT user FROM "tabCredential Access Log" WHERE credential = ?', [id('ERP Al Día')]).user).toBe(
      'cliente@aldia.test',
    );
    expect((await reveal(id('Router interno'))).status).toBe(403);
    expect((await reveal(id('ERP Moroso'))).status).toBe(403);
  });
});

describe('knowledge-base suggestions and deflection', () => {
  beforeAll(async () => {
    for (const [title, visibility, status] of [
      ['La impresora no imprime después de actualizar', 'Customer Portal', 'Published'],
      ['Pantalla negra al encender', 'Customer Portal', 'Published'],
      ['Clave del router del cliente', 'Internal', 'Published'],
      ['Borrador de impresora', 'Customer Portal', 'Draft'],
    ])
      await env.insert('KB Article', { title, visibility, status, symptom: title, solution: 'Reinicie el servicio' });
  });

  it('a sentence finds the articles sharing most of its words first, only published portal ones', async () => {
    const r = await as('cliente@aldia.test', 'POST', '/api/method/postventa.kb.articles', {
      search: 'Mi impresora no imprime nada desde ayer',
    });
    const titles = (r.body.message as { title: string }[]).map((a) => a.title);
    expect(titles[0]).toBe('La impresora no imprime después de actualizar');
    expect(titles).not.toContain('Clave del router del cliente');
    expect(titles).not.toContain('Borrador de impresora');
  });

  it('an article that solved it is counted once a day per user, with an interaction on the customer', async () => {
    const art = String(row(`SELECT name FROM "tabKB Article" WHERE title LIKE 'Pantalla%'`).name);
    const say = (who: string, article: string) => as(who, 'POST', '/api/method/postventa.kb.deflected', { article });
    expect((await say('cliente@aldia.test', art)).body.message).toEqual({ article: art, counted: true });
    expect((await say('cliente@aldia.test', art)).body.message).toEqual({ article: art, counted: false });
    expect(row('SELECT deflection_count FROM "tabKB Article" WHERE name = ?', [art]).deflection_count).toBe(1);
    expect(
      row(`SELECT customer, interaction_type FROM "tabCustomer Interaction" WHERE user = 'cliente@aldia.test'`),
    ).toEqual({ customer: 'Al Día SpA', interaction_type: 'Portal' });
    const internal = String(row(`SELECT name FROM "tabKB Article" WHERE visibility = 'Internal'`).name);
    expect((await say('cliente@aldia.test', internal)).status).toBe(404);
    expect((await say('agente@pv.test', art)).status).toBe(403);
  });
});
