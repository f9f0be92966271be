/**
 * The site the attack suite runs against. With HOST_URL set it is that site (Postventa installed; HOST_USER /
 * HOST_PASSWORD an administrator, default Administrator / admin), otherwise a dev host on 127.0.0.1 with Postventa
 * installed by the real installer. Either way the suite makes its own customers, users and records through REST, with
 * a unique marker in each record's text, so a response that carries a marker to someone who may not read the record
 * is a leak whatever the endpoint.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DevHost } from '../../devhost/site.ts';
import { serve } from '../../devhost/server.ts';
import { installLocally } from '../../scripts/demo/local-install.ts';
import { Client, res } from '../contract/host.ts';
import { seedContracts } from './seed-contracts.ts';

export const ACTORS = ['guest', 'portalA', 'portalB', 'managerA', 'agent', 'supervisor', 'accountant'] as const;
export type Actor = (typeof ACTORS)[number];

/** One record under attack: who may read it, and the text that must not reach anyone else. */
export interface Target {
  label: string;
  doctype: string;
  name: string;
  /** A field holding the marker (for filters and get_value). */
  field: string;
  marker: string;
  readers: readonly Actor[];
  /** Who may read the record itself when `readers` are those of one field (default: `readers`). */
  recordReaders?: readonly Actor[];
  /** A private file's URL, downloaded as well as read as a record. */
  fileUrl?: string;
}

export interface SecuritySite {
  url: string;
  real: boolean;
  admin: Client;
  as: Record<Actor, Client>;
  users: Record<Exclude<Actor, 'guest'>, string>;
  customers: { A: string; B: string };
  targets: Target[];
  /** A case of customer A made by portal user A, which A may read and write. */
  ownCase: string;
  devhost: DevHost | null;
  close(): Promise<void>;
}

const STAFF: readonly Actor[] = ['agent', 'supervisor'];
/** Cases are read by staff and, for invoicing, by accountants (Accounts User, levels 0–2). */
const CASE_READERS: readonly Actor[] = [...STAFF, 'accountant'];

function ok<T = Record<string, unknown>>(
  r: { status: number; body: Record<string, unknown>; text: string },
  what: string,
): T {
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 400)}`);
  return (r.body.data ?? r.body.message) as T;
}

/** The site: HOST_URL signed in as its administrator, or a fresh dev host with Postventa installed. */
async function connect(opts: {
  forceDevhost?: boolean;
  clock?: () => Date;
}): Promise<{ url: string; admin: Client; devhost: DevHost | null; server: Server | null; real: boolean }> {
  const hostUrl = opts.forceDevhost ? undefined : process.env.HOST_URL;
  if (hostUrl) {
    const url = hostUrl.replace(/\/$/, '');
    const admin = new Client(url);
    const r = await admin.post('/api/method/login', {
      usr: process.env.HOST_USER ?? 'Administrator',
      pwd: process.env.HOST_PASSWORD ?? 'admin',
    });
    if (r.status !== 200) throw new Error(`login failed: ${r.text}`);
    return { url, admin, devhost: null, server: null, real: true };
  }
  const devhost = await DevHost.create({
    dataDir: null,
    adminPassword: 'admin',
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const server = await serve(devhost, 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const configPath = join(mkdtempSync(join(tmpdir(), 'pv-sec-')), 'companion.json');
  const installed = await installLocally(devhost, { base: url, configPath });
  if (installed.code !== 0) throw new Error('install failed');
  const admin = new Client(url);
  ok(await admin.post('/api/method/login', { usr: 'Administrator', pwd: 'admin' }), 'login');
  return { url, admin, devhost, server, real: false };
}

type Users = Record<Exclude<Actor, 'guest'>, string>;

/** What seeding the records under attack is handed. */
interface Seeding {
  admin: Client;
  as: Record<Actor, Client>;
  users: Users;
  customers: { A: string; B: string };
  tag: string;
  mark(label: string): string;
  insert(
    doctype: string,
    doc: Record<string, unknown>,
    by?: Client,
  ): Promise<Record<string, unknown> & { name: string }>;
  target(t: Target): Target;
}

/** Two customers, one user per actor (portal users bound to their customer), each signed in. */
async function makeActors(
  url: string,
  insert: Seeding['insert'],
  tag: string,
  mark: (label: string) => string,
): Promise<Pick<Seeding, 'as' | 'users' | 'customers'>> {
  const password = `Zzv-${randomBytes(8).toString('hex')}-Pass!`;
  const customers = {
    A: (await insert('Customer', { customer_name: `ZZV Sec A ${tag}`, customer_type: 'Company' })).name,
    B: (await insert('Customer', { customer_name: `ZZV Sec B ${tag}`, customer_type: 'Company' })).name,
  };
  const roles: Record<Exclude<Actor, 'guest'>, string[]> = {
    portalA: ['Support Customer'],
    // A customer manager of A: every case of A through the portal's methods, nothing of B.
    managerA: ['Support Customer', 'Support Customer Manager'],
    portalB: ['Support Customer'],
    agent: ['Support Agent'],
    supervisor: ['Support Supervisor'],
    accountant: ['Accounts User'],
  };
  const users = {} as Users;
  for (const [actor, list] of Object.entries(roles) as [Exclude<Actor, 'guest'>, string[]][]) {
    const email = `zzv-sec-${actor.toLowerCase()}-${tag}@example.com`;
    await insert('User', {
      email,
      first_name: `ZZV ${actor}`,
      last_name: mark('User'),
      new_password: password,
      send_welcome_email: 0,
      roles: list.map((role) => ({ role })),
    });
    users[actor] = email;
  }
  for (const [actor, customer] of [
    ['portalA', customers.A],
    ['managerA', customers.A],
    ['portalB', customers.B],
  ] as const)
    await insert('User Permission', {
      user: users[actor],
      allow: 'Customer',
      for_value: customer,
      apply_to_all_doctypes: 1,
    });
  const as = { guest: new Client(url) } as Record<Actor, Client>;
  for (const actor of Object.keys(users) as Exclude<Actor, 'guest'>[]) {
    const c = new Client(url);
    ok(await c.post('/api/method/login', { usr: users[actor], pwd: password }), `login ${actor}`);
    as[actor] = c;
  }
  return { as, users, customers };
}

/** Cases under attack; returns A's own case. */
async function seedCases(s: Seeding): Promise<string> {
  // Cases: B's own (made by portal user B), one with no customer (e-mail intake), one of A's customer made by an agent.
  const ownMarker = s.mark('OwnA');
  const ownCase = (
    await s.insert('Support Case', { subject: ownMarker, symptom: 'x', customer: s.customers.A }, s.as.portalA)
  ).name;
  const caseBMarker = s.mark('CaseB');
  const caseB = (
    await s.insert(
      'Support Case',
      { subject: caseBMarker, symptom: s.mark('SymptomB'), customer: s.customers.B },
      s.as.portalB,
    )
  ).name;
  s.target({
    label: "customer B's case",
    doctype: 'Support Case',
    name: caseB,
    field: 'subject',
    marker: caseBMarker,
    readers: ['portalB', ...CASE_READERS],
  });
  const noneMarker = s.mark('NoCustomer');
  const caseNone = (
    await s.insert('Support Case', { subject: noneMarker, symptom: 'x', raised_by: `prospect-${s.tag}@example.com` })
  ).name;
  s.target({
    label: 'a case with no customer',
    doctype: 'Support Case',
    name: caseNone,
    field: 'subject',
    marker: noneMarker,
    readers: CASE_READERS,
  });
  // A staff-only field (permission level 3) on A's own case: A reads the case, never the field.
  const staffMarker = s.mark('StaffNote');
  ok(await s.admin.put(res('Support Case', ownCase), { close_reason: staffMarker }), 'close reason');
  s.target({
    label: "a staff-only field of A's own case",
    doctype: 'Support Case',
    name: ownCase,
    field: 'close_reason',
    marker: staffMarker,
    readers: STAFF,
    recordReaders: ['portalA', 'managerA', ...CASE_READERS],
  });
  const agentCase = s.mark('AgentMadeA');
  const caseByAgent = (
    await s.insert('Support Case', { subject: agentCase, symptom: 'x', customer: s.customers.A }, s.as.agent)
  ).name;
  s.target({
    label: "a case an agent opened for A (portal users see only their own; A's customer manager sees it)",
    doctype: 'Support Case',
    name: caseByAgent,
    field: 'subject',
    marker: agentCase,
    readers: ['managerA', ...CASE_READERS],
  });
  return ownCase;
}

/** An internal note, a vault credential and knowledge-base articles staff only may read. */
async function seedRecords(s: Seeding, caseB: string): Promise<void> {
  // An internal note and a reply on B's case.
  const noteMarker = s.mark('Note');
  const note = ok<{ name: string }>(
    await s.admin.post('/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: 'Support Case',
      reference_name: caseB,
      content: noteMarker,
      comment_email: 'Administrator',
      comment_by: 'Administrator',
    }),
    'note',
  );
  s.target({
    label: 'an internal note on B',
    doctype: 'Comment',
    name: note.name,
    field: 'content',
    marker: noteMarker,
    readers: STAFF,
  });
  // A vault credential of B, visible to the customer: its username and password are secrets.
  const userMarker = s.mark('Username');
  const passMarker = s.mark('Password');
  const cred = await s.insert('Customer Credential', {
    customer: s.customers.B,
    system: `VPN ${s.tag}`,
    username: userMarker,
    password: passMarker,
    visible_to_customer: 1,
  });
  s.target({
    label: "B's credential username",
    doctype: 'Customer Credential',
    name: cred.name,
    field: 'username',
    marker: userMarker,
    readers: STAFF,
  });
  s.target({
    label: "B's credential password",
    doctype: 'Customer Credential',
    name: cred.name,
    field: 'password',
    marker: passMarker,
    readers: STAFF,
  });
  // Knowledge base: an internal article and a draft.
  for (const [status, visibility] of [
    ['Published', 'Internal'],
    ['Draft', 'Customer Portal'],
  ] as const) {
    const m = s.mark(`Kb${status}`);
    const kb = await s.insert('KB Article', { title: m, status, visibility, symptom: 'x', solution: m });
    s.target({
      label: `a ${status} ${visibility} KB article`,
      doctype: 'KB Article',
      name: kb.name,
      field: 'title',
      marker: m,
      readers: STAFF,
    });
  }
}

/** A private file, a contact and a user's API key. */
async function seedFilesAndPeople(s: Seeding, caseB: string): Promise<void> {
  // A private file attached to B's case.
  const fileMarker = s.mark('File');
  const form = new FormData();
  form.set('file', new Blob([`secret ${fileMarker}`], { type: 'text/plain' }), `zzv-sec-${s.tag}.txt`);
  form.set('is_private', '1');
  form.set('doctype', 'Support Case');
  form.set('docname', caseB);
  const up = ok<{ name: string; file_url: string }>(
    await s.as.portalB.request('POST', '/api/method/upload_file', { body: form }),
    'upload',
  );
  s.target({
    label: "B's private file",
    doctype: 'File',
    name: up.name,
    field: 'file_name',
    marker: fileMarker,
    readers: ['portalB', ...CASE_READERS],
    fileUrl: up.file_url,
  });
  // A contact of B and the portal user B themself.
  const contactMarker = s.mark('Contact');
  const contact = await s.insert('Contact', {
    first_name: `ZZV Contact ${s.tag}`,
    designation: contactMarker,
    email_ids: [{ email_id: `contact-${s.tag}@example.com`, is_primary: 1 }],
    links: [{ link_doctype: 'Customer', link_name: s.customers.B }],
  });
  s.target({
    label: "B's contact",
    doctype: 'Contact',
    name: contact.name,
    field: 'first_name',
    marker: contactMarker,
    readers: [...STAFF, 'accountant'],
  });
  // Portal user B's API key: only System Managers read it (User.api_key is permission level 1).
  ok(await s.admin.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: s.users.portalB }), 'keys');
  const userB = ok<{ api_key: string }>(await s.admin.get(res('User', s.users.portalB)), 'user B');
  s.target({
    label: "portal user B's API key",
    doctype: 'User',
    name: s.users.portalB,
    field: 'api_key',
    marker: userB.api_key,
    readers: [],
    // Desk users may pick users in link fields (select permission: name and full name only).
    recordReaders: [...CASE_READERS],
  });
}

export async function startSecuritySite(
  opts: { forceDevhost?: boolean; clock?: () => Date } = {},
): Promise<SecuritySite> {
  const { url, admin, devhost, server, real } = await connect(opts);
  const tag = randomBytes(4).toString('hex');
  const mark = (label: string): string => `PVLEAK${label}${randomBytes(6).toString('hex')}`;
  const insert: Seeding['insert'] = async (doctype, doc, by = admin) =>
    ok<Record<string, unknown> & { name: string }>(await by.post(res(doctype), doc), `insert ${doctype}`);
  const targets: Target[] = [];
  const actors = await makeActors(url, insert, tag, mark);
  const seeding: Seeding = { admin, ...actors, tag, mark, insert, target: (t) => (targets.push(t), t) };
  const ownCase = await seedCases(seeding);
  const caseB = targets.find((t) => t.label === "customer B's case")?.name ?? '';
  await seedRecords(seeding, caseB);
  await seedContracts(seeding, { staff: STAFF, caseReaders: CASE_READERS, customerB: 'portalB' });
  await seedFilesAndPeople(seeding, caseB);
  return {
    url,
    real,
    admin,
    as: actors.as,
    users: actors.users,
    customers: actors.customers,
    targets,
    ownCase,
    devhost,
    async close() {
      if (server) {
        const srv = server;
        await new Promise<void>((r) => {
          srv.close(() => r());
          srv.closeAllConnections();
        });
      }
    },
  };
}

export { Tally } from './tally.ts';
