/**
 * Isolation: every role × every read endpoint the host exposes × every record it may not read. A response that
 * carries the record's marker to such a role is a leak. Runs against the dev host with Postventa installed, or
 * against a real site with HOST_URL (docs/host-contract.md). Prints tried / refused / leaked / 5xx.
 *
 * `frappe.client.get_count` applies no permission check on Frappe 15 (design note in SECURITY.md): it can tell
 * whether a record with a given value exists. Postventa keeps its secrets (credentials, confirmation and survey
 * tokens) in Password fields, which no filter can read; counts over those are leaks, counts over ordinary text are
 * reported on their own line as the host's known weakness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTORS, startSecuritySite, Tally, type Actor, type SecuritySite, type Target } from './site.ts';
import { res, type Client, type Res } from '../contract/host.ts';

let site: SecuritySite;
const tally = new Tally();
const hostCounts: string[] = [];

beforeAll(async () => {
  site = await startSecuritySite();
}, 120_000);
afterAll(async () => {
  console.log(tally.line('security isolation'));
  console.log(
    `security isolation: frappe.client.get_count (host, unchecked) told existence ${hostCounts.length} times`,
  );
  await site?.close();
});

const SECRET_FIELDS = new Set(['username', 'password', 'confirmation_token', 'token']);

type Probe = [endpoint: string, call: (c: Client, t: Target) => Promise<Res>, leaked?: (r: Res, t: Target) => boolean];

/** Whether the actor being probed may read the record (not the field): set per probe run. */
let readsRecord = false;
/** A count that reveals a value: a leak for secrets, the host's known weakness for ordinary text. */
function countLeak(r: Res, t: Target): boolean {
  if (!counted(r)) return false;
  if (SECRET_FIELDS.has(t.field)) return true;
  if (readsRecord) hostCounts.push(t.label);
  return !readsRecord;
}

const carries = (r: Res, t: Target): boolean => r.text.includes(t.marker);
const counted = (r: Res): boolean => r.status === 200 && Number(r.body.message) > 0;

const PROBES: Probe[] = [
  ['GET /api/resource/:doctype/:name', (c, t) => c.get(res(t.doctype, t.name))],
  [
    'GET /api/resource/:doctype (by name)',
    (c, t) => c.get(res(t.doctype), { fields: ['*'], filters: [['name', '=', t.name]], limit_page_length: 0 }),
  ],
  [
    'GET /api/resource/:doctype (by marker)',
    (c, t) => c.get(res(t.doctype), { fields: ['name', t.field], filters: [[t.field, 'like', `%${t.marker}%`]] }),
  ],
  [
    'GET /api/resource/:doctype (all, every field)',
    (c, t) => c.get(res(t.doctype), { fields: ['*'], limit_page_length: 0 }),
  ],
  ['frappe.client.get', (c, t) => c.get('/api/method/frappe.client.get', { doctype: t.doctype, name: t.name })],
  [
    'frappe.client.get (filters)',
    (c, t) => c.post('/api/method/frappe.client.get', { doctype: t.doctype, filters: { name: t.name } }),
  ],
  [
    'frappe.client.get_value',
    (c, t) =>
      c.post('/api/method/frappe.client.get_value', {
        doctype: t.doctype,
        fieldname: t.field,
        filters: { name: t.name },
      }),
  ],
  [
    'frappe.client.get_list',
    (c, t) =>
      c.post('/api/method/frappe.client.get_list', {
        doctype: t.doctype,
        fields: ['*'],
        filters: { name: t.name },
        limit_page_length: 0,
      }),
  ],
  [
    'frappe.desk.reportview.get',
    (c, t) =>
      c.post('/api/method/frappe.desk.reportview.get', {
        doctype: t.doctype,
        fields: JSON.stringify(['*']),
        filters: JSON.stringify([[t.doctype, 'name', '=', t.name]]),
      }),
  ],
  [
    'frappe.desk.reportview.get_count (marker)',
    (c, t) =>
      c.post('/api/method/frappe.desk.reportview.get_count', {
        doctype: t.doctype,
        filters: JSON.stringify([[t.doctype, t.field, 'like', `%${t.marker}%`]]),
      }),
    countLeak,
  ],
  [
    'frappe.desk.form.load.getdoc',
    (c, t) => c.get('/api/method/frappe.desk.form.load.getdoc', { doctype: t.doctype, name: t.name }),
  ],
  [
    'frappe.desk.form.load.get_docinfo',
    (c, t) => c.post('/api/method/frappe.desk.form.load.get_docinfo', { doctype: t.doctype, name: t.name }),
  ],
  [
    'frappe.desk.search.search_link',
    (c, t) => c.post('/api/method/frappe.desk.search.search_link', { doctype: t.doctype, txt: t.name }),
    (r, t) => carries(r, t) || (r.status === 200 && r.text.includes(JSON.stringify(t.name)) && !readsRecord),
  ],
  [
    'frappe.client.get_count (secret fields only)',
    (c, t) =>
      c.post('/api/method/frappe.client.get_count', {
        doctype: t.doctype,
        filters: JSON.stringify([[t.field, 'like', `${t.marker.slice(0, 8)}%`]]),
      }),
    (r, t) => {
      if (!SECRET_FIELDS.has(t.field)) {
        if (counted(r)) hostCounts.push(`${t.label}`);
        return false;
      }
      return counted(r);
    },
  ],
  ['file download', (c, t) => (t.fileUrl ? c.get(t.fileUrl) : c.get(res(t.doctype, t.name))), (r, t) => carries(r, t)],
  [
    'postventa.case.timeline',
    (c, t) => c.post('/api/method/postventa.case.timeline', { case: t.doctype === 'Support Case' ? t.name : '' }),
  ],
  ['postventa.credential.reveal', (c, t) => c.post('/api/method/postventa.credential.reveal', { name: t.name })],
  ['postventa.kb.articles', (c, t) => c.post('/api/method/postventa.kb.articles', { search: t.marker })],
  ['postventa.portal.home', (c) => c.get('/api/method/postventa.portal.home')],
  ['postventa.portal.invoices', (c) => c.get('/api/method/postventa.portal.invoices')],
  ['postventa.portal.credentials', (c) => c.get('/api/method/postventa.portal.credentials')],
  ['postventa.portal.cases', (c) => c.get('/api/method/postventa.portal.cases', { scope: 'all', state: '' })],
  ['postventa.portal.case_detail', (c, t) => c.get('/api/method/postventa.portal.case_detail', { case: t.name })],
  ['postventa.portal.surveys', (c) => c.get('/api/method/postventa.portal.surveys')],
  ['postventa.portal.appointments', (c) => c.get('/api/method/postventa.portal.appointments')],
  ['postventa.portal.serial_log', (c, t) => c.get('/api/method/postventa.portal.serial_log', { serial_no: t.name })],
  ['postventa.portal.access', (c) => c.get('/api/method/postventa.portal.access', { customer: site.customers.B })],
];

describe('isolation matrix (role × endpoint × record)', () => {
  it('no role reads a record it may not: 0 leaks, 0 server errors', async () => {
    const leaks: string[] = [];
    for (const actor of ACTORS)
      for (const t of site.targets) {
        if (t.readers.includes(actor)) continue;
        readsRecord = (t.recordReaders ?? t.readers).includes(actor);
        for (const [endpoint, call, leaked = carries] of PROBES) {
          const r = await call(site.as[actor], t);
          const bad = leaked(r, t);
          tally.record(`${actor} · ${endpoint} · ${t.label}`, r.status, bad);
          if (bad) leaks.push(`${actor} · ${endpoint} · ${t.label} → ${r.status} ${r.text.slice(0, 160)}`);
        }
      }
    const grouped = new Map<string, string[]>();
    for (const l of leaks) {
      const [who = '', endpoint = '', rest = ''] = l.split(' · ');
      const key = `${who} · ${rest.split(' → ')[0] ?? ''}`;
      grouped.set(key, [...(grouped.get(key) ?? []), `${endpoint} (${rest.split(' → ')[1]?.slice(0, 3) ?? ''})`]);
    }
    expect({ leaks: [...grouped].map(([k, v]) => `${k}: ${v.join(', ')}`), errors: tally.errors }).toEqual({
      leaks: [],
      errors: [],
    });
    expect(tally.tried).toBeGreaterThan(500);
  });

  it('the readers the README names do read: a portal user their own case, staff every case', async () => {
    const own = await site.as.portalA.get(res('Support Case', site.ownCase));
    expect(own.status).toBe(200);
    expect((own.body.data as Record<string, unknown>).close_reason).toBeUndefined();
    for (const actor of ['agent', 'supervisor'] as Actor[])
      for (const t of site.targets.filter((x) => x.doctype === 'Support Case'))
        expect([actor, t.label, (await site.as[actor].get(res(t.doctype, t.name))).status]).toEqual([
          actor,
          t.label,
          200,
        ]);
    const b = site.targets.find((x) => x.doctype === 'File');
    expect(b?.fileUrl).toBeTruthy();
    const download = await site.as.portalB.get(String(b?.fileUrl));
    expect([download.status, download.text.includes(String(b?.marker))]).toEqual([200, true]);
  });
});

/** Writes each role may not make: on B's case and file, the settings, scripts and users. */
function intrusions(caseB: string, file: string): [string, Actor, () => Promise<Res>][] {
  const form = new FormData();
  form.set('file', new Blob(['x'], { type: 'text/plain' }), 'intruder.txt');
  form.set('doctype', 'Support Case');
  form.set('docname', caseB);
  return [
    ["edit B's case", 'portalA', () => site.as.portalA.put(res('Support Case', caseB), { subject: 'pwned' })],
    [
      "set_value on B's case",
      'portalA',
      () =>
        site.as.portalA.post('/api/method/frappe.client.set_value', {
          doctype: 'Support Case',
          name: caseB,
          fieldname: 'subject',
          value: 'pwned',
        }),
    ],
    [
      'move own case to customer B',
      'portalA',
      () => site.as.portalA.put(res('Support Case', site.ownCase), { customer: site.customers.B }),
    ],
    [
      'open a case for customer B',
      'portalA',
      () => site.as.portalA.post(res('Support Case'), { subject: 'x', symptom: 'x', customer: site.customers.B }),
    ],
    [
      "repoint B's private file to own case",
      'portalA',
      () => site.as.portalA.put(res('File', file), { attached_to_name: site.ownCase }),
    ],
    ["attach to B's case", 'portalA', () => site.as.portalA.request('POST', '/api/method/upload_file', { body: form })],
    [
      "comment on B's case",
      'portalA',
      () =>
        site.as.portalA.post('/api/method/frappe.desk.form.utils.add_comment', {
          reference_doctype: 'Support Case',
          reference_name: caseB,
          content: 'x',
          comment_email: site.users.portalA,
          comment_by: 'A',
        }),
    ],
    [
      "reply on B's case",
      'portalA',
      () => site.as.portalA.post('/api/method/postventa.case.reply', { case: caseB, content: 'x' }),
    ],
    [
      'open a portal case for customer B',
      'portalA',
      () =>
        site.as.portalA.post('/api/method/postventa.portal.case', {
          subject: 'x',
          symptom: 'x',
          customer: site.customers.B,
        }),
    ],
    [
      'open a portal case as staff',
      'agent',
      () => site.as.agent.post('/api/method/postventa.portal.case', { subject: 'x', symptom: 'x' }),
    ],
    [
      "write on B's case from the portal",
      'portalA',
      () => site.as.portalA.post('/api/method/postventa.portal.message', { case: caseB, text: 'x' }),
    ],
    [
      "answer B's resolution",
      'portalA',
      () =>
        site.as.portalA.post('/api/method/postventa.portal.resolution', {
          case: caseB,
          solved: 0,
          comment: 'x',
        }),
    ],
    [
      'count a deflection on an internal article',
      'portalA',
      () =>
        site.as.portalA.post('/api/method/postventa.kb.deflected', {
          article: site.targets.find((t) => t.label === 'a Published Internal KB article')?.name ?? '',
        }),
    ],
    ["delete B's case", 'portalA', () => site.as.portalA.delete(res('Support Case', caseB))],
    ["delete B's case", 'agent', () => site.as.agent.delete(res('Support Case', caseB))],
    ["edit B's case", 'accountant', () => site.as.accountant.put(res('Support Case', caseB), { subject: 'pwned' })],
    ['read the settings', 'portalA', () => site.as.portalA.get(res('Postventa Settings', 'Postventa Settings'))],
    [
      'change the settings',
      'agent',
      () => site.as.agent.put(res('Postventa Settings', 'Postventa Settings'), { show_credentials_in_portal: 1 }),
    ],
    [
      'create a server script',
      'supervisor',
      () =>
        site.as.supervisor.post(res('Server Script'), {
          name: 'x',
          script_type: 'API',
          api_method: 'x',
          script: 'x',
        }),
    ],
    [
      'create a user',
      'supervisor',
      () => site.as.supervisor.post(res('User'), { email: 'x@example.com', first_name: 'x' }),
    ],
  ];
}

describe('writes beyond the role', () => {
  it('portal, agent and accountant writes outside their role are refused and change nothing', async () => {
    const caseB = site.targets.find((t) => t.label === "customer B's case");
    const file = site.targets.find((t) => t.doctype === 'File');
    if (!caseB || !file) throw new Error('fixture');
    const before = await site.admin.get(res('Support Case', caseB.name));
    const fileBefore = await site.admin.get(res('File', file.name));
    const attempts = intrusions(caseB.name, file.name);
    const refused: string[] = [];
    for (const [what, actor, attempt] of attempts) {
      const r = await attempt();
      tally.record(`${actor} · ${what}`, r.status, r.status < 400);
      refused.push(`${actor} · ${what} · ${r.status >= 400 && r.status < 500 ? 'refused' : r.status}`);
    }
    expect(refused.filter((l) => !l.endsWith('refused'))).toEqual([]);
    const after = await site.admin.get(res('Support Case', caseB.name));
    expect((after.body.data as Record<string, unknown>).subject).toBe(
      (before.body.data as Record<string, unknown>).subject,
    );
    expect((after.body.data as Record<string, unknown>).modified).toBe(
      (before.body.data as Record<string, unknown>).modified,
    );
    const fileAfter = await site.admin.get(res('File', file.name));
    expect((fileAfter.body.data as Record<string, unknown>).attached_to_name).toBe(
      (fileBefore.body.data as Record<string, unknown>).attached_to_name,
    );
    const own = await site.admin.get(res('Support Case', site.ownCase));
    expect((own.body.data as Record<string, unknown>).customer).toBe(site.customers.A);
  });
});
