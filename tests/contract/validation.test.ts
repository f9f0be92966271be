/** docs/host-contract.md: validation errors with Frappe's classes, statuses and messages. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, serverMessages, uid } from './host.ts';
import { customDoctype, newCustomer } from './fixtures.ts';

let c: Client;
let dt: string;
let withLink: string;
let child: string;
let withChild: string;
beforeAll(async () => {
  c = await Client.admin();
  dt = await customDoctype(c, {
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
      { fieldname: 'code', fieldtype: 'Data', label: 'Code', unique: 1 },
      { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nClosed' },
      { fieldname: 'email', fieldtype: 'Data', label: 'Email', options: 'Email' },
      { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
      { fieldname: 'due', fieldtype: 'Date', label: 'Due' },
      { fieldname: 'short', fieldtype: 'Data', label: 'Short', length: 5 },
    ],
  });
  withLink = await customDoctype(c, {
    fields: [
      { fieldname: 'customer', fieldtype: 'Link', label: 'Customer', options: 'Customer' },
      { fieldname: 'ref_type', fieldtype: 'Link', label: 'Ref Type', options: 'DocType' },
      { fieldname: 'ref_name', fieldtype: 'Dynamic Link', label: 'Ref Name', options: 'ref_type' },
    ],
  });
  child = await customDoctype(c, {
    istable: 1,
    fields: [{ fieldname: 'item', fieldtype: 'Data', label: 'Item', reqd: 1 }],
  });
  withChild = await customDoctype(c, {
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      { fieldname: 'rows', fieldtype: 'Table', label: 'Rows', options: child },
    ],
  });
});

describe('validation', () => {
  it('a missing mandatory field is 417 MandatoryError, one message per field, "[Doctype, name]: fields"', async () => {
    const r = await c.post(res(dt), {});
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('MandatoryError');
    expect(serverMessages(r.body).map((m) => m.message)).toEqual([`Error: Value missing for ${dt}: Title`]);
    expect(String(r.body.exception)).toMatch(/\[.*, .*\]: title/);
  });

  it('a missing mandatory value in a child row names the row', async () => {
    const r = await c.post(res(withChild), { title: 'x', rows: [{ item: 'ok' }, {}] });
    expect(r.status).toBe(417);
    expect(serverMessages(r.body)[0]?.message).toMatch(/Row #2: Value missing for: Item/);
  });

  it('a blank string counts as missing', async () => {
    expect((await c.post(res(dt), { title: '   ' })).status).toBe(417);
  });

  it('a Link to a record that does not exist is 417 LinkValidationError "Could not find Customer: …"', async () => {
    const r = await c.post(res(withLink), { customer: 'ZZV nobody' });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('LinkValidationError');
    expect(serverMessages(r.body)[0]?.message).toBe('Could not find Customer: ZZV nobody');
  });

  it('a Link to an existing record passes', async () => {
    const customer = await newCustomer(c);
    expect((await c.post(res(withLink), { customer })).status).toBe(200);
  });

  it('a Dynamic Link is checked against the doctype named in its options field', async () => {
    const customer = await newCustomer(c);
    expect((await c.post(res(withLink), { ref_type: 'Customer', ref_name: customer })).status).toBe(200);
    const bad = await c.post(res(withLink), { ref_type: 'Customer', ref_name: 'ZZV missing' });
    expect(bad.status).toBe(417);
    expect(bad.body.exc_type).toBe('LinkValidationError');
  });

  it('a Select value outside its options is 417 with the options listed', async () => {
    const r = await c.post(res(dt), { title: 'x', status: 'Bogus' });
    expect(r.status).toBe(417);
    // The empty row prefix leaves a leading space, as in Frappe's message.
    expect(serverMessages(r.body)[0]?.message).toBe(' Status cannot be "Bogus". It should be one of "Open", "Closed"');
  });

  it('a duplicate value in a unique field is 417 UniqueValidationError "<Label> must be unique"', async () => {
    const code = uid('code');
    await c.post(res(dt), { title: 'a', code });
    const r = await c.post(res(dt), { title: 'b', code });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('UniqueValidationError');
    expect(serverMessages(r.body)[0]?.message).toBe('Code must be unique');
  });

  it('empty values in a unique field do not collide', async () => {
    expect((await c.post(res(dt), { title: 'a', code: '' })).status).toBe(200);
    expect((await c.post(res(dt), { title: 'b', code: '' })).status).toBe(200);
  });

  it('an invalid email in a Data/Email field is 417', async () => {
    const r = await c.post(res(dt), { title: 'x', email: 'not-an-email' });
    expect(r.status).toBe(417);
    expect(serverMessages(r.body)[0]?.message).toMatch(/not-an-email is not a valid Email Address/);
  });

  it('a value longer than the field allows is 417 CharacterLengthExceededError', async () => {
    const r = await c.post(res(dt), { title: 'x', short: 'far too long' });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('CharacterLengthExceededError');
  });

  it('a Data field holds up to 140 characters by default', async () => {
    expect((await c.post(res(dt), { title: 'x'.repeat(140) })).status).toBe(200);
    expect((await c.post(res(dt), { title: 'x'.repeat(141) })).status).toBe(417);
  });

  it('a non-numeric Int is stored as 0 (200, Frappe casts with cint)', async () => {
    const r = await c.post(res(dt), { title: 'x', qty: 'many' });
    expect(r.status).toBe(200);
    expect(data(r).qty).toBe(0);
  });

  it('an invalid date is a 500 from the database (MariaDB 1292) and stores nothing', async () => {
    const title = uid('baddate');
    expect((await c.post(res(dt), { title, due: '2026-13-45' })).status).toBe(500);
    expect(data<unknown[]>(await c.get(res(dt), { filters: [['title', '=', title]] }))).toEqual([]);
  });

  it('docstatus 1 on a doctype that is not submittable is accepted and stored', async () => {
    const r = await c.post(res(dt), { title: uid('ds'), docstatus: 1 });
    expect(r.status).toBe(200);
    expect(data(r).docstatus).toBe(1);
  });

  it('a failed insert leaves nothing behind', async () => {
    const title = uid('rollback');
    await c.post(res(dt), { title, status: 'Bogus' });
    const list = await c.get(res(dt), { filters: [['title', '=', title]] });
    expect(data<unknown[]>(list)).toEqual([]);
  });
});
