/** Host scripts: only safe_exec names, bilingual messages, and their behaviour on a host. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyDoc } from '../../../host-client/client.ts';
import { startEnv, type Env } from './env.ts';

const CHECK = 'scripts/check-host-scripts.py';

describe('safe_exec whitelist (static)', () => {
  it('every host script uses only names Frappe 15 allows', () => {
    const files = readdirSync('server-scripts/host')
      .filter((f) => f.endsWith('.py'))
      .map((f) => join('server-scripts/host', f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const r = spawnSync('python3', [CHECK, ...files], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['import os\n', /import is not allowed/],
    ['msg = "Caso {0}".format(1)\n', /"format" is an unsafe attribute/],
    ['msg = "Caso {x}".format_map({"x": 1})\n', /"format_map" is an unsafe attribute/],
    ['x = frappe.get_roles()\n', /"frappe.get_roles" is not in safe_exec/],
    ['frappe.db.delete("ToDo")\n', /"frappe.db.delete" is not in safe_exec/],
    ['y = frappe.utils.now_time()\n', /"frappe.utils.now_time" is not in safe_exec/],
    ['z = doc.__class__\n', /starts with "_"/],
    ['eval("1")\n', /name "eval" is not in safe_exec/],
    ['open("/etc/passwd")\n', /name "open" is not in safe_exec/],
  ])('refuses %j', (source, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-script-'));
    writeFileSync(join(dir, 'bad.py'), source);
    const r = spawnSync('python3', [CHECK, join(dir, 'bad.py')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(message);
  });
});

let env: Env;
const sid = new Map<string, string>();
async function as(
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let cookie = sid.get(user);
  if (!cookie && user !== 'Guest') {
    const r = await fetch(`${env.url}/api/method/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ usr: user, pwd: 'Zzv-Pass-1234' }),
    });
    cookie = (r.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    sid.set(user, cookie);
  }
  const r = await fetch(`${env.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
function messages(body: Record<string, unknown>): string {
  return typeof body._server_messages === 'string'
    ? (JSON.parse(body._server_messages) as string[])
        .map((m) => (JSON.parse(m) as { message: string }).message)
        .join(' ')
    : '';
}
/** The confirmation secret the host keeps encrypted for a case (null when none was made). */
const tokenOf = (c: { name?: unknown }): string | null =>
  env.site.docs.getPassword('Support Case', String(c.name), 'confirmation_token');
async function user(email: string, roles: string[]): Promise<void> {
  await env.insert('User', {
    email,
    first_name: email.split('@')[0],
    new_password: 'Zzv-Pass-1234',
    send_welcome_email: 0,
    roles: roles.map((role) => ({ role })),
  });
}

beforeAll(async () => {
  env = await startEnv();
  await user('agente@pv.test', ['Support Agent']);
  await user('super@pv.test', ['Support Supervisor', 'Support Agent']);
  await env.insert('Customer', { customer_name: 'Moroso SpA' });
  await env.insert('Customer', { customer_name: 'Al Día SpA' });
  await env.insert('Service Policy', {
    customer: 'Moroso SpA',
    status: 'Suspended',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
    suspension_reason: 'Factura vencida',
  });
  await env.insert('Service Policy', {
    customer: 'Al Día SpA',
    status: 'Active',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
  });
  await user('cliente@aldia.test', ['Support Customer']);
  await env.insert('User Permission', { user: 'cliente@aldia.test', allow: 'Customer', for_value: 'Al Día SpA' });
});
afterAll(() => env.close());

describe('case guards', () => {
  it('a new case for a customer whose policy is Suspended is refused for an agent, in Spanish and English', async () => {
    const r = await as('agente@pv.test', 'POST', '/api/resource/Support Case', {
      subject: 'No funciona',
      symptom: 'x',
      customer: 'Moroso SpA',
    });
    expect(r.status).toBe(417);
    expect(messages(r.body)).toMatch(/está suspendida.*\/ Service policy .* is suspended/);
  });

  it('a supervisor may still open it (emergency on a suspended contract)', async () => {
    expect(
      (
        await as('super@pv.test', 'POST', '/api/resource/Support Case', {
          subject: 'Urgente',
          symptom: 'x',
          customer: 'Moroso SpA',
        })
      ).status,
    ).toBe(200);
  });

  it('closing a policy case with no hours logged is refused; with a timesheet row it closes', async () => {
    const c = await as('agente@pv.test', 'POST', '/api/resource/Support Case', {
      subject: 'Revisión',
      symptom: 'x',
      customer: 'Al Día SpA',
    });
    const name = String((c.body.data as { name: string }).name);
    // The companion links the customer's policy (people cannot: service_policy is the integration's to write).
    await env.client.update(
      'Support Case',
      name,
      {
        service_policy: env.site.db.get('SELECT name FROM "tabService Policy" WHERE customer = ?', ['Al Día SpA'])
          ?.name as string,
      },
      AnyDoc,
    );
    const refused = await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${name}`, { status: 'Closed' });
    expect(refused.status).toBe(417);
    expect(messages(refused.body)).toMatch(/no tiene horas registradas.*\/.*no time logged/);
    await env.insert('Timesheet', {
      time_logs: [{ activity_type: 'Execution', from_time: '2026-11-23 09:00:00', hours: 1.5, support_case: name }],
    });
    expect((await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${name}`, { status: 'Closed' })).status).toBe(
      200,
    );
  });
});

describe('field-level write rules (permission levels on Support Case)', () => {
  it("a customer's new case keeps only what a customer may say; policy, status, SLA facts and tokens are not taken", async () => {
    await env.insert('Customer', { customer_name: 'Ajena SpA' });
    const foreign = await env.insert('Service Policy', {
      customer: 'Ajena SpA',
      status: 'Active',
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    });
    const r = await as('cliente@aldia.test', 'POST', '/api/resource/Support Case', {
      subject: 'Portal',
      symptom: 'No enciende',
      customer: 'Al Día SpA',
      service_policy: foreign.name,
      status: 'Closed',
      support_level: 'N3',
      priority: 'P1',
      is_vip: 1,
      sla_timeline: '[]',
      response_breached: 1,
      confirmation_token: 'forged-token-abcdefghij',
      support_cost: 1,
      received_on: '2020-01-01 00:00:00',
    });
    expect(r.status).toBe(200);
    const row = env.site.db.get(
      'SELECT subject, symptom, service_policy, status, support_level, priority, is_vip, response_breached, confirmation_token, support_cost, received_on FROM "tabSupport Case" WHERE name = ?',
      [String((r.body.data as { name: string }).name)],
    );
    expect(row).toMatchObject({
      subject: 'Portal',
      symptom: 'No enciende',
      status: 'Open',
      support_level: 'N1',
      priority: 'P3',
      is_vip: 0,
      response_breached: 0,
      support_cost: 0,
    });
    expect(row?.service_policy ?? null).toBeNull();
    expect(row?.confirmation_token || null).toBeNull();
    expect(
      env.site.docs.getPassword('Support Case', String((r.body.data as { name: string }).name), 'confirmation_token'),
    ).toBeNull();
    expect(String(row?.received_on)).not.toMatch(/^2020/);
    // Nor can the customer read the token of their own case.
    const own = await as(
      'cliente@aldia.test',
      'GET',
      `/api/resource/Support Case/${String((r.body.data as { name: string }).name)}`,
    );
    expect(own.status).toBe(200);
    expect((own.body.data as Record<string, unknown>).confirmation_token).toBeUndefined();
  });

  it('an agent cannot hide a breach: SLA facts, received_on and the policy link stay as the companion wrote them', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Incumplido',
      symptom: 'x',
      customer: 'Al Día SpA',
      received_on: '2026-11-20 09:00:00',
      sla_status: 'Breached',
      response_breached: 1,
      resolution_breached: 1,
      sla_timeline: '[{"kind":"breach"}]',
    });
    const r = await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${String(c.name)}`, {
      sla_status: 'On Track',
      response_breached: 0,
      resolution_breached: 0,
      sla_timeline: '[]',
      received_on: '2026-11-23 09:55:00',
      diagnosis: 'Revisado',
    });
    expect(r.status).toBe(200);
    expect(
      env.site.db.get(
        'SELECT sla_status, response_breached, resolution_breached, sla_timeline, received_on, diagnosis FROM "tabSupport Case" WHERE name = ?',
        [String(c.name)],
      ),
    ).toMatchObject({
      sla_status: 'Breached',
      response_breached: 1,
      resolution_breached: 1,
      sla_timeline: '[{"kind":"breach"}]',
      received_on: '2026-11-20 09:00:00.000000',
      diagnosis: 'Revisado',
    });
  });
});

describe("Support Case Events: people cannot pre-claim the companion's keys", () => {
  it("an agent's event is stored without the dedupe key it sent, so a coming breach is still notified", async () => {
    const c = await env.insert('Support Case', { subject: 'Clave', symptom: 'x', customer: 'Al Día SpA' });
    const key = `breach:${String(c.name)}:response`;
    const r = await as('agente@pv.test', 'POST', '/api/resource/Support Case Event', {
      support_case: c.name,
      event_type: 'Level Change',
      dedupe_key: key,
      notified_on: '2026-11-23 10:00:00',
    });
    expect(r.status).toBe(200);
    expect(
      env.site.db.get('SELECT dedupe_key, notified_on FROM "tabSupport Case Event" WHERE name = ?', [
        String((r.body.data as { name: string }).name),
      ]),
    ).toEqual({ dedupe_key: null, notified_on: null });
    const companion = await env.client.insert(
      'Support Case Event',
      { support_case: c.name, event_type: 'SLA Breach', dedupe_key: key },
      AnyDoc,
    );
    expect(companion.dedupe_key).toBe(key);
  });
});

describe('knowledge base visibility is enforced by permission, not by a screen', () => {
  it('a portal customer reads only published portal articles, through the script; the doctype itself is refused', async () => {
    for (const [title, status, visibility] of [
      ['Reinicio del router', 'Published', 'Customer Portal'],
      ['Clave maestra del técnico', 'Published', 'Internal'],
      ['Borrador de garantía', 'Draft', 'Customer Portal'],
    ] as const)
      await env.insert('KB Article', { title, status, visibility, symptom: 'x', solution: 'y' });
    expect((await as('cliente@aldia.test', 'GET', '/api/resource/KB Article')).status).toBe(403);
    expect((await as('cliente@aldia.test', 'GET', '/api/resource/KB Article/x')).status).toBeGreaterThanOrEqual(403);
    const r = await as('cliente@aldia.test', 'GET', '/api/method/postventa.kb.articles');
    const titles = (r.body.message as { title: string }[]).map((a) => a.title);
    expect(titles).toContain('Reinicio del router');
    expect(titles).not.toContain('Clave maestra del técnico');
    expect(titles).not.toContain('Borrador de garantía');
    const searched = await as('cliente@aldia.test', 'GET', '/api/method/postventa.kb.articles?search=Clave');
    expect(searched.body.message).toEqual([]);
    expect((await as('Guest', 'GET', '/api/method/postventa.kb.articles')).status).toBe(403);
    const bad = await as('cliente@aldia.test', 'POST', '/api/method/postventa.kb.articles', { search: ['like', '%'] });
    expect(bad.status).toBe(417);
    // Staff still read every article.
    expect((await as('agente@pv.test', 'GET', '/api/resource/KB Article?limit_page_length=0')).status).toBe(200);
  });
});

describe("a case's hours are derived on the host from its Timesheets", () => {
  it('an agent writes only the Timesheet; saving, adding, cancelling and deleting keep hours_logged right', async () => {
    const c = await env.insert('Support Case', { subject: 'Horas', symptom: 'x', customer: 'Al Día SpA' });
    const name = String(c.name);
    const log = (hours: number) => ({
      activity_type: 'Execution',
      from_time: '2026-11-23 09:00:00',
      hours,
      support_case: name,
    });
    const a = await as('agente@pv.test', 'POST', '/api/resource/Timesheet', { time_logs: [log(1.5)] });
    expect(a.status).toBe(200);
    expect(env.get('Support Case', name).hours_logged).toBe(1.5);
    const b = await as('agente@pv.test', 'POST', '/api/resource/Timesheet', { time_logs: [log(2), log(0.5)] });
    expect(env.get('Support Case', name).hours_logged).toBe(4);
    const bName = String((b.body.data as { name: string }).name);
    expect((await as('agente@pv.test', 'PUT', `/api/resource/Timesheet/${bName}`, { docstatus: 1 })).status).toBe(200);
    expect((await as('agente@pv.test', 'PUT', `/api/resource/Timesheet/${bName}`, { docstatus: 2 })).status).toBe(200);
    expect(env.site.db.all('SELECT docstatus FROM "tabTimesheet Detail" WHERE parent = ?', [bName])).toEqual([
      { docstatus: 2 },
      { docstatus: 2 },
    ]);
    expect(env.get('Support Case', name).hours_logged).toBe(1.5);
    const aName = String((a.body.data as { name: string }).name);
    await env.client.delete('Timesheet', aName);
    expect(env.get('Support Case', name).hours_logged).toBe(0);
  });
});

describe('postventa.sla.stamp (the companion writes SLA facts in bulk)', () => {
  it('only the integration user may call it, only SLA fields, and it leaves modified alone', async () => {
    const c = await env.insert('Support Case', { subject: 'Sello', symptom: 'x', customer: 'Al Día SpA' });
    const before = env.get('Support Case', String(c.name));
    const rows = [{ name: c.name, patch: { sla_status: 'Breached', response_breached: 1 } }];
    for (const who of ['agente@pv.test', 'cliente@aldia.test', 'Guest'])
      expect((await as(who, 'POST', '/api/method/postventa.sla.stamp', { rows })).status).toBeGreaterThanOrEqual(403);
    expect(env.get('Support Case', String(c.name)).sla_status).toBe(before.sla_status);
    // The test's own hand is Administrator, whom the script lets through like the integration user.
    const stamp = (body: unknown): Promise<unknown> =>
      env.client.call('postventa.sla.stamp', body as Record<string, unknown>);
    for (const bad of [
      { rows: [{ name: c.name, patch: { subject: 'x' } }] },
      { rows: [{ name: c.name, patch: { sla_status: { $ne: 1 } } }] },
      { rows: [{ name: ['like', '%'], patch: { sla_status: 'x' } }] },
      { rows: 'not json' },
      { rows: Array.from({ length: 1001 }, () => ({ name: c.name, patch: { sla_status: 'x' } })) },
    ])
      await expect(stamp(bad)).rejects.toThrow();
    expect(await stamp({ rows })).toEqual({ written: 1, failed: [] });
    const after = env.get('Support Case', String(c.name));
    expect(after).toMatchObject({ sla_status: 'Breached', response_breached: 1, modified: before.modified });
    expect(await stamp({ rows: [{ name: 'CASO-NO', patch: { sla_status: 'x' } }] })).toEqual({
      written: 0,
      failed: ['CASO-NO'],
    });
  });
});

describe('guest APIs', () => {
  it('a survey is answered by token once; bad input and unknown tokens are refused', async () => {
    const sr = await env.insert('Survey Response', {
      customer: 'Al Día SpA',
      status: 'Sent',
      token: 'tok-123-survey-abcdef',
    });
    const survey = String(sr.name);
    // The secret is kept encrypted: the column holds asterisks, so no filter or count can find it.
    expect(env.site.db.get('SELECT token FROM "tabSurvey Response" WHERE name = ?', [survey])).toEqual({
      token: '*'.repeat(21),
    });
    expect(
      (
        await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
          survey,
          token: 'tok-123-survey-abcdef',
          csat: 9,
        })
      ).status,
    ).toBe(417);
    const ok = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey,
      token: 'tok-123-survey-abcdef',
      csat: 5,
      nps: 10,
      comments: 'Excelente atención',
    });
    expect(ok.body.message).toMatchObject({ ok: true });
    expect(env.site.db.get('SELECT status, csat, nps FROM "tabSurvey Response" WHERE name = ?', [survey])).toEqual({
      status: 'Answered',
      csat: 5,
      nps: 10,
    });
    const again = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey,
      token: 'tok-123-survey-abcdef',
      csat: 4,
    });
    expect(messages(again.body)).toMatch(/ya fue respondida/);
    for (const body of [
      { survey, token: 'nope', csat: 4 },
      { survey, token: 'tok-123-survey-abcdeX', csat: 4 },
      { survey: ['like', '%'], token: 'tok-123-survey-abcdef', csat: 4 },
      { token: 'tok-123-survey-abcdef', csat: 4 },
    ])
      expect((await as('Guest', 'POST', '/api/method/postventa.survey.submit', body)).status).toBe(404);
  });

  it('a resolution is confirmed by token; "not solved" reopens the case with the customer’s comment', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Confirmar',
      symptom: 'x',
      customer: 'Al Día SpA',
      status: 'Resolved',
    });
    const ok = await as('Guest', 'POST', '/api/method/postventa.case.confirm', {
      case: c.name,
      token: tokenOf(c),
      solved: 1,
    });
    expect(ok.body.message).toMatchObject({ ok: true, status: 'Resolved' });
    expect(env.get('Support Case', String(c.name)).customer_confirmed_on).toBeTruthy();
    const r = await env.insert('Support Case', {
      subject: 'Reabrir',
      symptom: 'x',
      customer: 'Al Día SpA',
      status: 'Resolved',
    });
    const reopened = await as('Guest', 'POST', '/api/method/postventa.case.confirm', {
      case: r.name,
      token: tokenOf(r),
      solved: 0,
      comment: 'Sigue fallando',
    });
    expect(reopened.body.message).toMatchObject({ status: 'Open' });
    // The old link is dead while the case is open, and resolving again makes a new secret.
    const old = tokenOf(r);
    expect((await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: r.name, token: old })).status).toBe(
      417,
    );
    await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${String(r.name)}`, { status: 'Resolved' });
    expect(tokenOf(r)).not.toBe(old);
  });

  it('the host makes the confirmation secret: what people send is dropped, staff read it, customers and guests do not', async () => {
    const c = await env.insert('Support Case', { subject: 'Secreto', symptom: 'x', customer: 'Al Día SpA' });
    const put = await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${String(c.name)}`, {
      confirmation_token: 'agent-chosen-token-abc',
    });
    expect(put.status).toBe(200);
    expect(tokenOf(c)).toBeNull();
    await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${String(c.name)}`, {
      status: 'Resolved',
      confirmation_token: 'agent-chosen-token-abc',
    });
    const token = tokenOf(c);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    // No list filter or count reads it (frappe.client.get_count checks no permission on the host).
    const query = new URLSearchParams({
      doctype: 'Support Case',
      filters: JSON.stringify([['confirmation_token', 'like', `${String(token).slice(0, 1)}%`]]),
    });
    const count = await as('cliente@aldia.test', 'GET', `/api/method/frappe.client.get_count?${query.toString()}`);
    expect(count.body.message).toBe(0);
    const link = await as('agente@pv.test', 'POST', '/api/method/postventa.case.confirmation_link', { case: c.name });
    expect(link.body.message).toEqual({ case: c.name, token });
    for (const who of ['cliente@aldia.test', 'Guest'])
      expect(
        (await as(who, 'POST', '/api/method/postventa.case.confirmation_link', { case: c.name })).status,
      ).toBeGreaterThanOrEqual(403);
    expect(
      (await as('agente@pv.test', 'POST', '/api/method/postventa.case.confirmation_link', { case: ['like', '%'] }))
        .status,
    ).toBe(417);
  });

  it('resolving is one host call: solution, status, secret and the customer message with the link, or nothing', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Resolver',
      symptom: 'x',
      customer: 'Al Día SpA',
      raised_by: 'cliente@aldia.test',
    });
    const name = String(c.name);
    const body = {
      case: name,
      solution: '<p>Reinicio</p>',
      diagnosis: '',
      message: '<p>Confirme: <a href="[[link]]">[[link]]</a></p>',
    };
    for (const who of ['cliente@aldia.test', 'Guest'])
      expect((await as(who, 'POST', '/api/method/postventa.case.resolve', body)).status).toBeGreaterThanOrEqual(403);
    expect(
      (await as('agente@pv.test', 'POST', '/api/method/postventa.case.resolve', { ...body, solution: '' })).status,
    ).toBe(417);
    expect(env.get('Support Case', name).status).toBe('Open');
    const r = await as('agente@pv.test', 'POST', '/api/method/postventa.case.resolve', body);
    expect(r.status).toBe(200);
    const out = r.body.message as { token: string; communication: string; status: string };
    expect(out.status).toBe('Resolved');
    expect(out.token).toBe(tokenOf(c));
    const comm = env.get('Communication', out.communication);
    expect(String(comm.content)).toContain(`/postventa#/confirm/${name}/${out.token}`);
    expect(comm.recipients).toBe('cliente@aldia.test');
    expect(env.get('Support Case', name)).toMatchObject({ status: 'Resolved', solution: '<p>Reinicio</p>' });
    // A resolved case is not resolved again (a second link would replace the one the customer has).
    expect((await as('agente@pv.test', 'POST', '/api/method/postventa.case.resolve', body)).status).toBe(417);
  });

  it('a guest cannot confirm with a filter, a GET, a used link or a bad "solved"; errors name no case', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Ataque',
      symptom: 'x',
      customer: 'Al Día SpA',
      status: 'Resolved',
    });
    const name = String(c.name);
    const token = String(tokenOf(c));
    for (const body of [
      { case: name, token: ['is', 'set'] },
      { case: name, token: ['like', '%'] },
      { case: name, token: { $ne: '' } },
      { case: name, token: '%' },
      { case: name, token: 'x'.repeat(200) },
      { case: name, token: `${token.slice(0, -1)}0` === token ? `${token.slice(0, -1)}1` : `${token.slice(0, -1)}0` },
      { case: ['like', '%'], token },
      { case: 'CASO-NO-EXISTE', token },
      { token },
    ]) {
      const r = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { ...body, solved: 0 });
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 404]);
      expect(JSON.stringify(r.body)).not.toMatch(/CASO-2/);
    }
    const get = await as('Guest', 'GET', `/api/method/postventa.case.confirm?case=${name}&token=${token}&solved=0`);
    expect(get.status).toBe(403);
    for (const solved of ['yes', 'abc', [1]]) {
      const r = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: name, token, solved });
      expect(r.status).toBe(417);
    }
    const ok = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: name, token, solved: 1 });
    expect(ok.status).toBe(200);
    const reuse = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: name, token, solved: 0 });
    expect(reuse.status).toBe(417);
    expect(env.site.db.get('SELECT status FROM "tabSupport Case" WHERE name = ?', [name])).toEqual({
      status: 'Resolved',
    });
  });
});

describe('guest APIs are rate-limited by the host (Server Script "Enable Rate Limit")', () => {
  it('guessing tokens stops with 429 after 30 calls an hour from one address, and works again the next hour', async () => {
    let status = 0;
    let calls = 0;
    for (; calls < 40 && status !== 429; calls++)
      status = (
        await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
          survey: 'ENC-2026-00001',
          token: `guess-token-${String(calls).padStart(8, '0')}`,
          csat: 5,
        })
      ).status;
    expect(status).toBe(429);
    expect(calls).toBeLessThanOrEqual(31);
    env.clock.now = new Date(env.clock.now.getTime() + 3_601_000);
    const later = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey: 'ENC-2026-00001',
      token: 'guess-token-later000',
      csat: 5,
    });
    expect(later.status).toBe(404);
  });
});

describe("the agents' case page on real permissions", () => {
  it('an agent adds a note, replies without mail configured (stored, agent told) and reads both in the timeline', async () => {
    await env.insert('Customer', { customer_name: 'Otro Cliente SpA' });
    const mine = await env.insert('Support Case', { subject: 'Timeline', symptom: 'x', customer: 'Al Día SpA' });
    const other = await env.insert('Support Case', { subject: 'Ajeno', symptom: 'y', customer: 'Otro Cliente SpA' });
    const note = await as('agente@pv.test', 'POST', '/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: 'Support Case',
      reference_name: mine.name,
      content: 'Nota interna',
      comment_email: 'agente@pv.test',
      comment_by: 'Agente',
    });
    expect(note.status).toBe(200);
    const reply = await as('agente@pv.test', 'POST', '/api/method/postventa.case.reply', {
      case: mine.name,
      subject: 'Re: Timeline',
      content: '<p>Estamos revisando</p>',
      recipients: 'cliente@aldia.test',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.message).toMatchObject({ sent: false, mail_configured: false });
    const tl = await as('agente@pv.test', 'GET', `/api/method/postventa.case.timeline?case=${String(mine.name)}`);
    const m = tl.body.message as { comments: { content: string }[]; communications: { content: string }[] };
    expect(m.comments.map((c) => c.content)).toContain('Nota interna');
    expect(m.communications.map((c) => c.content)).toContain('<p>Estamos revisando</p>');
    // The customer of another company reads neither that case's timeline nor replies on it; a guest neither.
    expect(
      (await as('cliente@aldia.test', 'GET', `/api/method/postventa.case.timeline?case=${String(other.name)}`)).status,
    ).toBe(404);
    expect(
      (await as('cliente@aldia.test', 'POST', '/api/method/postventa.case.reply', { case: mine.name, content: 'x' }))
        .status,
    ).toBe(403);
    expect((await as('Guest', 'GET', `/api/method/postventa.case.timeline?case=${String(mine.name)}`)).status).toBe(
      403,
    );
    for (const bad of [['like', '%'], 'x'.repeat(200), '']) {
      const r = await as(
        'agente@pv.test',
        'GET',
        `/api/method/postventa.case.timeline?case=${encodeURIComponent(typeof bad === 'string' ? bad : JSON.stringify(bad))}`,
      );
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
  });

  it('postventa.session.boot tells the user, the zone and the CSRF token; a guest gets Guest', async () => {
    const boot = await as('agente@pv.test', 'GET', '/api/method/postventa.session.boot');
    expect(boot.body.message).toMatchObject({ user: 'agente@pv.test', time_zone: 'America/Santiago' });
    expect((await as('Guest', 'GET', '/api/method/postventa.session.boot')).body.message).toMatchObject({
      user: 'Guest',
    });
  });
});

describe('credential vault', () => {
  it('a support user sees the password and the access is logged; a portal user without visibility gets 403', async () => {
    const cred = await env.insert('Customer Credential', {
      customer: 'Al Día SpA',
      system: 'Router oficina',
      username: 'admin',
      password: 'S3creto!',
      visible_to_customer: 0,
    });
    const r = await as('agente@pv.test', 'POST', '/api/method/postventa.credential.reveal', {
      name: cred.name,
      purpose: 'Revisar VPN',
    });
    expect(r.body.message).toMatchObject({ username: 'admin', password: 'S3creto!' });
    expect(
      env.site.db.get('SELECT user, purpose FROM "tabCredential Access Log" WHERE credential = ?', [String(cred.name)]),
    ).toEqual({ user: 'agente@pv.test', purpose: 'Revisar VPN' });
    expect(
      env.site.db.get('SELECT ip_address FROM "tabCredential Access Log" WHERE credential = ?', [String(cred.name)])
        ?.ip_address,
    ).toBe('127.0.0.1');
    // A cross-site navigation (GET) writes no audit row in the user's name.
    const viaGet = await as(
      'agente@pv.test',
      'GET',
      `/api/method/postventa.credential.reveal?name=${String(cred.name)}`,
    );
    expect(viaGet.status).toBe(403);
    expect(
      (await as('cliente@aldia.test', 'POST', '/api/method/postventa.credential.reveal', { name: cred.name })).status,
    ).toBe(403);
    expect((await as('Guest', 'POST', '/api/method/postventa.credential.reveal', { name: cred.name })).status).toBe(
      403,
    );
  });
});
