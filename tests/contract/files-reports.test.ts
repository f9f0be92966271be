/** docs/host-contract.md: uploads and file serving, Query Reports, Webhook records, assignments, comments, communications. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, uid } from './host.ts';
import { customDoctype } from './fixtures.ts';

let c: Client;
let dt: string;
beforeAll(async () => {
  c = await Client.admin();
  dt = await customDoctype(c);
});

async function upload(
  client: Client,
  name: string,
  content: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.set('file', new Blob([content], { type: 'text/plain' }), name);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return client.request('POST', '/api/method/upload_file', { body: form });
}

describe('files', () => {
  it('upload_file stores a public file, answers the File doc in message, and /files/<name> serves it', async () => {
    const name = `${uid('f').replace(/ /g, '_')}.txt`;
    const content = `hola archivo ${uid()}`; // unique content: identical content reuses the first File's URL
    const r = await upload(c, name, content);
    expect(r.status).toBe(200);
    const file = r.body.message as Record<string, unknown>;
    expect(file).toMatchObject({ file_name: name, is_private: 0 });
    expect(String(file.file_url)).toBe(`/files/${name}`);
    const served = await (
      await Client.guest()
    ).request('GET', String(file.file_url), { headers: { accept: 'text/plain' } });
    expect(served.text).toBe(content);
  });

  it('a private file attached to a document is not served to a guest', async () => {
    const doc = data(await c.post(res(dt), { title: uid() }));
    const secret = `secreto ${uid()}`;
    const r = await upload(c, `${uid('p').replace(/ /g, '_')}.txt`, secret, {
      is_private: '1',
      doctype: dt,
      docname: String(doc.name),
    });
    const url = String((r.body.message as Record<string, unknown>).file_url);
    expect(url.startsWith('/private/files/')).toBe(true);
    expect(
      (await (await Client.guest()).request('GET', url, { headers: { accept: 'text/plain' } })).status,
    ).toBeGreaterThanOrEqual(403);
    expect((await c.request('GET', url, { headers: { accept: 'text/plain' } })).text).toBe(secret);
  });

  it('guests cannot upload unless System Settings allow it', async () => {
    const r = await upload(await Client.guest(), 'guest.txt', 'x');
    expect(r.status).toBe(403);
  });
});

describe('Query Reports', () => {
  it('run returns result rows keyed by fieldname and the columns', async () => {
    const name = uid('Report');
    const title = uid('row');
    await c.post(res(dt), { title, qty: 5 });
    await c.post(res('Report'), {
      report_name: name,
      ref_doctype: dt,
      report_type: 'Query Report',
      is_standard: 'No',
      query: `select title as "Title:Data:200", qty as "Quantity:Int:80" from \`tab${dt}\` where title = %(title)s`,
    });
    const r = await c.post('/api/method/frappe.desk.query_report.run', { report_name: name, filters: { title } });
    const msg = r.body.message as {
      result: Record<string, unknown>[];
      columns: { fieldname: string; fieldtype: string }[];
    };
    expect(msg.columns.map((x) => [x.fieldname, x.fieldtype])).toEqual([
      ['title', 'Data'],
      ['quantity', 'Int'],
    ]);
    expect(msg.result).toEqual([{ title, quantity: 5 }]);
    expect(msg).toHaveProperty('execution_time');
  });

  it('a Query Report that is not a SELECT saves (200) and is refused when run (403), deleting nothing', async () => {
    const title = uid('keep');
    await c.post(res(dt), { title });
    const name = uid('Bad');
    const r = await c.post(res('Report'), {
      report_name: name,
      ref_doctype: dt,
      report_type: 'Query Report',
      is_standard: 'No',
      query: `delete from \`tab${dt}\``,
    });
    expect(r.status).toBe(200);
    const run = await c.post('/api/method/frappe.desk.query_report.run', { report_name: name, filters: {} });
    expect(run.status).toBe(403);
    expect(run.text).toMatch(/Query must be of SELECT or read-only WITH type/);
    expect(data<unknown[]>(await c.get(res(dt), { filters: [['title', '=', title]] })).length).toBe(1);
  });
});

describe('Webhook records', () => {
  it('need a name (autoname prompt): "__newname" works, none is refused', async () => {
    const none = await c.post(res('Webhook'), {
      webhook_doctype: 'Customer',
      webhook_docevent: 'after_insert',
      request_url: 'http://127.0.0.1:9/hook',
    });
    expect(none.status).toBe(417);
    expect(none.text).toMatch(/Please set the document name/);
    const ok = await c.post(res('Webhook'), {
      __newname: uid('Hook'),
      webhook_doctype: 'Customer',
      webhook_docevent: 'after_insert',
      request_url: 'http://127.0.0.1:9/hook',
      enabled: 0,
      enable_security: 1,
      webhook_secret: 'zzv-secret-123',
    });
    expect(ok.status).toBe(200);
    expect(data(ok).webhook_secret).toBe('**************');
  });

  it('on_submit on a doctype that is not submittable is refused', async () => {
    const r = await c.post(res('Webhook'), {
      __newname: uid('Hook'),
      webhook_doctype: 'Customer',
      webhook_docevent: 'on_submit',
      request_url: 'http://127.0.0.1:9/hook',
    });
    expect(r.status).toBe(417);
    expect(r.text).toMatch(/DocType must be Submittable for the selected Doc Event/);
  });
});

describe('timeline helpers', () => {
  it('assign_to.add creates one open ToDo per user and fills _assign; a second add is skipped', async () => {
    const doc = data(await c.post(res(dt), { title: uid() }));
    const r = await c.post('/api/method/frappe.desk.form.assign_to.add', {
      doctype: dt,
      name: doc.name,
      assign_to: ['Administrator'],
      description: 'Revisar',
    });
    expect(r.body.message).toEqual([expect.objectContaining({ owner: 'Administrator' })]);
    await c.post('/api/method/frappe.desk.form.assign_to.add', {
      doctype: dt,
      name: doc.name,
      assign_to: ['Administrator'],
    });
    const todos = data<unknown[]>(
      await c.get(res('ToDo'), { filters: { reference_type: dt, reference_name: doc.name, status: 'Open' } }),
    );
    expect(todos.length).toBe(1);
    const assigned = data<{ _assign: string }[]>(
      await c.get(res(dt), { fields: ['_assign'], filters: { name: doc.name } }),
    )[0];
    expect(JSON.parse(String(assigned?._assign))).toEqual(['Administrator']);
    await c.post('/api/method/frappe.desk.form.assign_to.remove', {
      doctype: dt,
      name: doc.name,
      assign_to: 'Administrator',
    });
    expect(
      data<unknown[]>(
        await c.get(res('ToDo'), { filters: { reference_type: dt, reference_name: doc.name, status: 'Open' } }),
      ),
    ).toEqual([]);
  });

  it('add_comment returns the Comment; communication.make returns {name, emails_not_sent_to}', async () => {
    const doc = data(await c.post(res(dt), { title: uid() }));
    const cm = await c.post('/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: dt,
      reference_name: doc.name,
      content: 'nota interna',
      comment_email: 'admin@example.com',
      comment_by: 'Administrator',
    });
    expect((cm.body.message as Record<string, unknown>).comment_type).toBe('Comment');
    const mk = await c.post('/api/method/frappe.core.doctype.communication.email.make', {
      doctype: dt,
      name: doc.name,
      subject: 'Respuesta',
      content: '<p>Hola</p>',
      recipients: 'cliente@example.com',
      send_email: 0,
    });
    expect(mk.body.message).toMatchObject({ emails_not_sent_to: '' });
    const comms = data<{ subject: string }[]>(
      await c.get(res('Communication'), {
        fields: ['subject'],
        filters: { reference_doctype: dt, reference_name: doc.name },
      }),
    );
    expect(comms.map((x) => x.subject)).toEqual(['Respuesta']);
  });

  it('a save of a track_changes doctype writes a Version with the changed fields', async () => {
    const customer = data(await c.post(res('Customer'), { customer_name: uid('V') }));
    await c.put(res('Customer', String(customer.name)), { tax_id: '76.123.456-7' });
    await new Promise((r) => setTimeout(r, 50));
    const versions = data<{ data: string }[]>(
      await c.get(res('Version'), { fields: ['data'], filters: { ref_doctype: 'Customer', docname: customer.name } }),
    );
    expect(versions.length).toBe(1);
    expect(JSON.parse(String(versions[0]?.data)).changed).toEqual([['tax_id', null, '76.123.456-7']]);
  });
});
