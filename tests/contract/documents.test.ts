/** docs/host-contract.md: updates, child tables, timestamps, docstatus, deletes, frappe.client.* */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, serverMessages, uid } from './host.ts';
import { customDoctype, newCustomer } from './fixtures.ts';

let c: Client;
let dt: string;
let child: string;
let parent: string;
let sub: string;
beforeAll(async () => {
  c = await Client.admin();
  dt = await customDoctype(c);
  child = await customDoctype(c, {
    istable: 1,
    fields: [
      { fieldname: 'item', fieldtype: 'Data', label: 'Item' },
      { fieldname: 'qty', fieldtype: 'Float', label: 'Qty' },
    ],
  });
  parent = await customDoctype(c, {
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: child },
    ],
  });
  sub = await customDoctype(c, {
    is_submittable: 1,
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      { fieldname: 'note', fieldtype: 'Data', label: 'Note', allow_on_submit: 1 },
      { fieldname: 'customer', fieldtype: 'Link', label: 'Customer', options: 'Customer' },
    ],
  });
});

async function make(body: Record<string, unknown> = {}, doctype = dt): Promise<Record<string, unknown>> {
  const r = await c.post(res(doctype), { title: uid(), ...body });
  if (r.status !== 200) throw new Error(r.text);
  return data(r);
}

describe('updates', () => {
  it('PUT merges: fields not sent keep their values', async () => {
    const d = await make({ status: 'Open', qty: 3 });
    const u = data(await c.put(res(dt, String(d.name)), { qty: 4 }));
    expect(u).toMatchObject({ status: 'Open', qty: 4, title: d.title });
  });

  it('PUT moves `modified` forward and sets modified_by', async () => {
    const d = await make();
    await new Promise((r) => setTimeout(r, 5));
    const u = data(await c.put(res(dt, String(d.name)), { qty: 1 }));
    expect(String(u.modified) > String(d.modified)).toBe(true);
    expect(u.modified_by).toBe(d.owner);
  });

  it('PUT with a stale `modified` is 417 TimestampMismatchError; without it there is no check', async () => {
    const d = await make();
    await c.put(res(dt, String(d.name)), { qty: 1 });
    const stale = await c.put(res(dt, String(d.name)), { qty: 2, modified: d.modified });
    expect(stale.status).toBe(417);
    expect(stale.body.exc_type).toBe('TimestampMismatchError');
    expect((await c.put(res(dt, String(d.name)), { qty: 3 })).status).toBe(200);
  });

  it('two writers with the same `modified`: the second gets the conflict, never a lost update', async () => {
    const d = await make();
    const [a, b] = await Promise.all([
      c.put(res(dt, String(d.name)), { qty: 10, modified: d.modified }),
      c.put(res(dt, String(d.name)), { qty: 20, modified: d.modified }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 417]);
    const winner = a.status === 200 ? 10 : 20;
    expect(data(await c.get(res(dt, String(d.name)))).qty).toBe(winner);
  });

  it('PUT on a missing document is 404', async () => {
    expect((await c.put(res(dt, 'zzv-missing'), { qty: 1 })).status).toBe(404);
  });

  it('a table field in the PUT body replaces the whole child list', async () => {
    const d = await make(
      {
        lines: [
          { item: 'a', qty: 1 },
          { item: 'b', qty: 2 },
          { item: 'c', qty: 3 },
        ],
      },
      parent,
    );
    const rows = d.lines as { name: string; item: string }[];
    const u = data(
      await c.put(res(parent, String(d.name)), {
        lines: [
          { name: rows[1]?.name, item: 'b2', qty: 5 },
          { item: 'new', qty: 9 },
        ],
      }),
    );
    const after = u.lines as { name: string; item: string; idx: number }[];
    expect(after.map((r) => r.item)).toEqual(['b2', 'new']);
    expect(after[0]?.name).toBe(rows[1]?.name);
    expect(after.map((r) => r.idx)).toEqual([1, 2]);
  });

  it('a PUT without the table field leaves the children alone', async () => {
    const d = await make({ lines: [{ item: 'a', qty: 1 }] }, parent);
    const u = data(await c.put(res(parent, String(d.name)), { title: 'renamed' }));
    expect((u.lines as unknown[]).length).toBe(1);
  });
});

describe('docstatus', () => {
  it('PUT {"docstatus":1} submits; {"docstatus":2} cancels', async () => {
    const d = await make({}, sub);
    expect(data(await c.put(res(sub, String(d.name)), { docstatus: 1 })).docstatus).toBe(1);
    expect(data(await c.put(res(sub, String(d.name)), { docstatus: 2 })).docstatus).toBe(2);
  });

  it('POST with "docstatus":1 inserts and submits in one call', async () => {
    expect((await make({ docstatus: 1 }, sub)).docstatus).toBe(1);
  });

  it('0 → 2 is a DocstatusTransitionError (417)', async () => {
    const d = await make({}, sub);
    const r = await c.put(res(sub, String(d.name)), { docstatus: 2 });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('DocstatusTransitionError');
  });

  it('submitting a doctype that is not submittable is refused', async () => {
    const d = await make();
    expect((await c.put(res(dt, String(d.name)), { docstatus: 1 })).status).toBe(417);
  });

  it('a submitted document accepts changes only to allow_on_submit fields', async () => {
    const d = await make({ docstatus: 1 }, sub);
    expect(data(await c.put(res(sub, String(d.name)), { note: 'later note' })).note).toBe('later note');
    const r = await c.put(res(sub, String(d.name)), { title: 'changed' });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('UpdateAfterSubmitError');
  });

  it('a cancelled document cannot be edited', async () => {
    const d = await make({ docstatus: 1 }, sub);
    await c.put(res(sub, String(d.name)), { docstatus: 2 });
    expect((await c.put(res(sub, String(d.name)), { title: 'x' })).status).toBe(417);
  });

  it('a submitted document cannot be deleted', async () => {
    const d = await make({ docstatus: 1 }, sub);
    const r = await c.delete(res(sub, String(d.name)));
    expect(r.status).toBe(417);
  });

  it('deleting a record another document links to is 417 LinkExistsError', async () => {
    const customer = await newCustomer(c);
    await make({ customer }, sub);
    const r = await c.delete(res('Customer', customer));
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('LinkExistsError');
  });

  it('deleting an unlinked record works', async () => {
    const customer = await newCustomer(c);
    expect((await c.delete(res('Customer', customer))).status).toBe(202);
  });
});

describe('frappe.client', () => {
  it('get_value returns {field: value} for a name or filters; {} when nothing matches', async () => {
    const d = await make({ qty: 9 });
    expect(
      (await c.get('/api/method/frappe.client.get_value', { doctype: dt, fieldname: 'qty', filters: String(d.name) }))
        .body.message,
    ).toEqual({ qty: 9 });
    expect(
      (
        await c.get('/api/method/frappe.client.get_value', {
          doctype: dt,
          fieldname: ['qty', 'title'],
          filters: { name: d.name },
        })
      ).body.message,
    ).toEqual({ qty: 9, title: d.title });
    expect(
      (
        await c.get('/api/method/frappe.client.get_value', {
          doctype: dt,
          fieldname: 'qty',
          filters: { title: 'zzv none at all' },
        })
      ).body.message,
    ).toEqual({});
  });

  it('get_count counts with filters', async () => {
    const title = uid('count');
    await make({ title, qty: 1 });
    await make({ title, qty: 2 });
    expect((await c.get('/api/method/frappe.client.get_count', { doctype: dt, filters: { title } })).body.message).toBe(
      2,
    );
  });

  it('set_value changes a field and returns the whole document; standard fields are refused', async () => {
    const d = await make();
    const r = await c.post('/api/method/frappe.client.set_value', {
      doctype: dt,
      name: d.name,
      fieldname: 'qty',
      value: 42,
    });
    expect((r.body.message as Record<string, unknown>).qty).toBe(42);
    const multi = await c.post('/api/method/frappe.client.set_value', {
      doctype: dt,
      name: d.name,
      fieldname: { qty: 43, status: 'Closed' },
    });
    expect(multi.body.message).toMatchObject({ qty: 43, status: 'Closed' });
    const refused = await c.post('/api/method/frappe.client.set_value', {
      doctype: dt,
      name: d.name,
      fieldname: 'owner',
      value: 'x',
    });
    expect(refused.status).toBe(417);
  });

  it('insert takes a doc with its doctype and returns it (nulls kept)', async () => {
    const r = await c.post('/api/method/frappe.client.insert', { doc: { doctype: dt, title: uid() } });
    expect(r.status).toBe(200);
    expect((r.body.message as Record<string, unknown>).notes).toBeNull();
  });

  it('insert of a child row returns the parent', async () => {
    const p = await make({ lines: [] }, parent);
    const r = await c.post('/api/method/frappe.client.insert', {
      doc: { doctype: child, parenttype: parent, parent: p.name, parentfield: 'lines', item: 'z' },
    });
    expect((r.body.message as Record<string, unknown>).name).toBe(p.name);
    expect(((r.body.message as Record<string, unknown>).lines as unknown[]).length).toBe(1);
  });

  it('insert_many returns the names', async () => {
    const r = await c.post('/api/method/frappe.client.insert_many', {
      docs: [
        { doctype: dt, title: uid() },
        { doctype: dt, title: uid() },
      ],
    });
    expect((r.body.message as unknown[]).length).toBe(2);
  });

  it('save rebuilds the document from the payload: a stale or missing `modified` conflicts', async () => {
    const d = await make({ qty: 1, status: 'Open' });
    const noModified = await c.post('/api/method/frappe.client.save', {
      doc: { doctype: dt, name: d.name, title: d.title },
    });
    expect(noModified.status).toBe(417);
    const full = (await c.get('/api/method/frappe.client.get', { doctype: dt, name: d.name })).body.message as Record<
      string,
      unknown
    >;
    const ok = await c.post('/api/method/frappe.client.save', { doc: { ...full, qty: 2 } });
    expect((ok.body.message as Record<string, unknown>).qty).toBe(2);
  });

  it('submit and cancel', async () => {
    const d = await make({}, sub);
    const full = (await c.get('/api/method/frappe.client.get', { doctype: sub, name: d.name })).body.message as Record<
      string,
      unknown
    >;
    expect(
      ((await c.post('/api/method/frappe.client.submit', { doc: full })).body.message as Record<string, unknown>)
        .docstatus,
    ).toBe(1);
    expect(
      (
        (await c.post('/api/method/frappe.client.cancel', { doctype: sub, name: d.name })).body.message as Record<
          string,
          unknown
        >
      ).docstatus,
    ).toBe(2);
  });

  it('rename_doc renames and keeps links pointing at the new name', async () => {
    const customer = await newCustomer(c);
    const d = await make({ customer }, sub);
    const newName = `${customer} renamed`;
    const r = await c.post('/api/method/frappe.client.rename_doc', {
      doctype: 'Customer',
      old_name: customer,
      new_name: newName,
    });
    expect(r.body.message).toBe(newName);
    expect(data(await c.get(res(sub, String(d.name)))).customer).toBe(newName);
  });

  it('has_permission answers {has_permission}', async () => {
    const d = await make();
    expect(
      (await c.get('/api/method/frappe.client.has_permission', { doctype: dt, docname: d.name, perm_type: 'write' }))
        .body.message,
    ).toEqual({ has_permission: true });
  });

  it('messages from a successful call arrive in _server_messages with status 200', async () => {
    const name = uid('Dup');
    await c.post(res('Customer'), { customer_name: name });
    const r = await c.post(res('Customer'), { customer_name: name });
    expect(r.status).toBe(200);
    expect(serverMessages(r.body)[0]?.message).toMatch(/Changed customer name/);
  });
});
