/**
 * What a real Frappe 15.75 / ERPNext 15.71 site did that the dev host once did differently (docs/host-contract.md,
 * "Observed on a real site"). Each case runs against the dev host in CI and against a real site with HOST_URL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, uid } from './host.ts';
import { customDoctype, userWith as makeUser } from './fixtures.ts';

let admin: Client;
beforeAll(async () => {
  admin = await Client.admin();
});

const userWith = (roles: string[]): Promise<Client> => makeUser(admin, roles);

describe('permissions of standard doctypes', () => {
  it('System Manager alone cannot list Customer, Timesheet, Sales Invoice, Holiday List, Serial No or Task', async () => {
    const sm = await userWith(['System Manager']);
    for (const dt of [
      'Customer',
      'Timesheet',
      'Sales Invoice',
      'Payment Entry',
      'Holiday List',
      'Bin',
      'Serial No',
      'Task',
    ])
      expect([dt, (await sm.get(res(dt), { limit_page_length: 1 })).status]).toEqual([dt, 403]);
  });

  it('Task needs Projects User; Holiday List needs HR Manager; Web Page needs Website Manager', async () => {
    expect((await (await userWith(['Projects User'])).get(res('Task'), { limit_page_length: 1 })).status).toBe(200);
    expect((await (await userWith(['HR Manager'])).get(res('Holiday List'), { limit_page_length: 1 })).status).toBe(
      200,
    );
    expect((await (await userWith(['Website Manager'])).get(res('Web Page'), { limit_page_length: 1 })).status).toBe(
      200,
    );
  });

  it('Comment is listable by System Manager and Website Manager only, not by other desk roles', async () => {
    expect((await (await userWith(['Sales User'])).get(res('Comment'), { limit_page_length: 1 })).status).toBe(403);
    expect((await (await userWith(['Website Manager'])).get(res('Comment'), { limit_page_length: 1 })).status).toBe(
      200,
    );
  });
});

describe('Communication lists', () => {
  it('a read row is not enough: without System Manager or Super Email User a user lists no mail of other accounts', async () => {
    const subject = uid('mail');
    const made = await admin.post(res('Communication'), {
      subject,
      content: 'x',
      communication_type: 'Communication',
      communication_medium: 'Email',
      sent_or_received: 'Sent',
      status: 'Linked',
    });
    expect(made.status).toBe(200);
    const list = async (c: Client): Promise<unknown[]> =>
      data<unknown[]>(await c.get(res('Communication'), { filters: [['subject', '=', subject]] }));
    // Inbox User has a read row on Communication, yet lists only its own accounts' mail.
    expect(await list(await userWith(['Inbox User']))).toEqual([]);
    const sup = await userWith(['Inbox User', 'Super Email User']);
    expect(await list(sup)).toHaveLength(1);
  });
});

describe("ERPNext's own doctypes", () => {
  it('ERPNext ships a single doctype named Support Settings (module Support)', async () => {
    const d = data(await admin.get(res('DocType', 'Support Settings')));
    expect(d).toMatchObject({ issingle: 1, module: 'Support' });
    const fields = (d.fields as { fieldname: string }[]).map((f) => f.fieldname);
    expect(fields).toEqual(expect.arrayContaining(['track_service_level_agreement', 'greeting_title']));
  });
});

describe('DocType rules on save', () => {
  it("in_list_view on an Attach Image field in a child table is refused: 'In Grid View' not allowed", async () => {
    const r = await admin.post(res('DocType'), {
      name: uid('Grid').replace(/[^A-Za-z0-9 ]/g, ''),
      module: 'Custom',
      custom: 1,
      istable: 1,
      fields: [{ fieldname: 'photo', fieldtype: 'Attach Image', label: 'Photo', in_list_view: 1 }],
    });
    expect(r.status).toBe(417);
    expect(r.text).toMatch(/'In Grid View' not allowed for type Attach Image in row 1/);
  });

  it('submit in the permissions of a doctype that is not submittable is refused, naming Submittable', async () => {
    const r = await admin.post(res('DocType'), {
      name: uid('Sub').replace(/[^A-Za-z0-9 ]/g, ''),
      module: 'Custom',
      custom: 1,
      autoname: 'hash',
      fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, submit: 1 }],
    });
    expect(r.status).toBe(417);
    expect(r.text).toMatch(/Submittable/);
  });

  it('a DocType description is stored with < and > escaped', async () => {
    const name = uid('Desc').replace(/[^A-Za-z0-9 ]/g, '');
    await admin.post(res('DocType'), {
      name,
      module: 'Custom',
      custom: 1,
      autoname: 'hash',
      description: 'a <b> c',
      fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1 }],
    });
    expect(data(await admin.get(res('DocType', name))).description).toBe('a &lt;b&gt; c');
  });

  it("a Single's permission rows lose report, import and export when saved", async () => {
    const name = uid('Single').replace(/[^A-Za-z0-9 ]/g, '');
    await admin.post(res('DocType'), {
      name,
      module: 'Custom',
      custom: 1,
      issingle: 1,
      fields: [{ fieldname: 'flag', fieldtype: 'Check', label: 'Flag' }],
      permissions: [{ role: 'System Manager', read: 1, write: 1, report: 1, export: 1, import: 1 }],
    });
    const perm = (data(await admin.get(res('DocType', name))).permissions as Record<string, unknown>[])[0];
    expect(perm).toMatchObject({ read: 1, write: 1, report: 0, export: 0, import: 0 });
  });
});

describe('documents', () => {
  it('an insert answers a Time exactly as sent ("09:05:00"); a later read gives "9:05:00"', async () => {
    const dt = await customDoctype(admin, { fields: [{ fieldname: 'at', fieldtype: 'Time', label: 'At' }] });
    const made = data(await admin.post(res(dt), { at: '09:05:00' }));
    expect(made.at).toBe('09:05:00');
    expect(data(await admin.get(res(dt, String(made.name)))).at).toBe('9:05:00');
  });
});

describe('comments and mail', () => {
  it('add_comment needs comment_email and comment_by (500 without them)', async () => {
    const dt = await customDoctype(admin);
    const doc = data(await admin.post(res(dt), { title: uid() }));
    const bare = await admin.post('/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: dt,
      reference_name: doc.name,
      content: 'nota',
    });
    expect(bare.status).toBe(500);
    const ok = await admin.post('/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: dt,
      reference_name: doc.name,
      content: 'nota',
      comment_email: 'admin@example.com',
      comment_by: 'Administrator',
    });
    expect(ok.status).toBe(200);
  });

  it('email.make with send_email and no outgoing Email Account is 501 and stores nothing', async () => {
    const accounts = data<unknown[]>(
      await admin.get(res('Email Account'), { filters: [['enable_outgoing', '=', 1]], limit_page_length: 1 }),
    );
    if (accounts.length) return; // a site with outgoing mail sends it: nothing to observe here
    const dt = await customDoctype(admin);
    const doc = data(await admin.post(res(dt), { title: uid() }));
    const subject = uid('mail');
    const r = await admin.post('/api/method/frappe.core.doctype.communication.email.make', {
      doctype: dt,
      name: doc.name,
      subject,
      content: 'hola',
      recipients: 'cliente@example.com',
      send_email: 1,
    });
    expect(r.status).toBe(501);
    expect(r.body.exc_type).toBe('OutgoingEmailError');
    expect(data<unknown[]>(await admin.get(res('Communication'), { filters: [['subject', '=', subject]] }))).toEqual(
      [],
    );
  });
});
