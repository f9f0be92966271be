/** Host scripts: only safe_exec names, bilingual messages, and their behaviour on a host. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyDoc } from '../../../host-client/client.ts';
import { as, messages, startHostScriptsEnv } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

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
beforeAll(async () => {
  env = await startHostScriptsEnv();
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

describe('postventa.sla.events (events and their notices in one host transaction)', () => {
  it('only the integration user may call it; bad input is refused before any write; an event and its notice are written once', async () => {
    const c = await env.insert('Support Case', { subject: 'Eventos', symptom: 'x', customer: 'Al Día SpA' });
    const key = `breach:${String(c.name)}:test`;
    const event = {
      support_case: c.name,
      event_type: 'SLA Breach',
      at: '2026-11-23 10:00:00',
      dedupe_key: key,
      reason: 'Plazo vencido',
      notice: {
        subject: {
          es: `SLA incumplido ${String(c.name)} [pv:abc123]`,
          en: `SLA breached ${String(c.name)} [pv:abc123]`,
        },
        content: { es: '<p>Plazo vencido</p>', en: '<p>Deadline missed</p>' },
        recipients: 'a@pv.test',
      },
    };
    const body = { events: [event], now: '2026-11-23 10:00:05' };
    for (const who of ['agente@pv.test', 'cliente@aldia.test', 'Guest'])
      expect((await as(who, 'POST', '/api/method/postventa.sla.events', body)).status).toBeGreaterThanOrEqual(403);
    const record = (b: unknown): Promise<unknown> =>
      env.client.call('postventa.sla.events', b as Record<string, unknown>);
    const count = (doctype: string, field: string): number =>
      Number(env.site.db.get(`SELECT count(*) AS n FROM "tab${doctype}" WHERE ${field} = ?`, [String(c.name)])?.n);
    for (const bad of [
      { events: [{ ...event, event_type: 'Drop Table' }] },
      { events: [{ ...event, dedupe_key: { $ne: 1 } }] },
      { events: [{ ...event, notice: 'hola' }] },
      { events: [{ ...event, notice: { ...event.notice, subject: 'solo un idioma' } }], now: '2026-11-23 10:00:05' },
      { events: [event] },
      { events: 'not json', now: '2026-11-23 10:00:05' },
      { events: Array.from({ length: 1001 }, () => event), now: '2026-11-23 10:00:05' },
    ])
      await expect(record(bad)).rejects.toThrow();
    expect(count('Support Case Event', 'support_case')).toBe(0);
    const first = (await record(body)) as { claimed: unknown[]; notified: string[] };
    expect(first.claimed).toHaveLength(1);
    expect(first.notified).toEqual([key]);
    expect(await record(body)).toEqual({ claimed: [], notified: [] });
    expect(count('Support Case Event', 'support_case')).toBe(1);
    expect(count('Communication', 'reference_name')).toBe(1);
    expect(
      env.site.db.get('SELECT notified_on FROM "tabSupport Case Event" WHERE dedupe_key = ?', [key])?.notified_on,
    ).toBeTruthy();
  });

  it('a backfill records history as already announced and mails nobody', async () => {
    const c = await env.insert('Support Case', { subject: 'Historia', symptom: 'x', customer: 'Al Día SpA' });
    const events = [
      {
        support_case: c.name,
        event_type: 'SLA Breach',
        at: '2026-10-01 10:00:00',
        dedupe_key: `old:${String(c.name)}`,
      },
    ];
    const answer = (await env.client.call('postventa.sla.events', { events, backfill: '2026-11-23 10:00:05' })) as {
      claimed: unknown[];
      notified: string[];
    };
    expect(answer.claimed).toHaveLength(1);
    expect(answer.notified).toEqual([]);
    expect(
      env.site.db.get('SELECT count(*) AS n FROM "tabCommunication" WHERE reference_name = ?', [String(c.name)])?.n,
    ).toBe(0);
  });
});
