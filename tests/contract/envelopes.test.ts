/** docs/host-contract.md and the checklist: envelopes, status codes, error bodies. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, serverMessages, uid } from './host.ts';
import { customDoctype } from './fixtures.ts';

let c: Client;
let dt: string;
beforeAll(async () => {
  c = await Client.admin();
  dt = await customDoctype(c);
});

describe('envelopes', () => {
  it('POST /api/resource creates with status 200 (not 201) and answers {data}', async () => {
    const r = await c.post(res(dt), { title: uid() });
    expect(r.status).toBe(200);
    expect(data(r)).toMatchObject({ doctype: dt, docstatus: 0 });
  });

  it('GET a document drops null fields; frappe.client.get keeps them as null', async () => {
    const name = String(data(await c.post(res(dt), { title: uid() })).name);
    const viaResource = data(await c.get(res(dt, name)));
    expect(viaResource).not.toHaveProperty('notes');
    expect(viaResource).not.toHaveProperty('due');
    const viaMethod = (await c.get('/api/method/frappe.client.get', { doctype: dt, name })).body.message as Record<
      string,
      unknown
    >;
    expect(viaMethod).toHaveProperty('notes', null);
  });

  it('a document carries the standard fields', async () => {
    const d = data(await c.post(res(dt), { title: uid() }));
    for (const k of ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'doctype'])
      expect(d).toHaveProperty(k);
    expect(String(d.creation)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/);
  });

  it('DELETE answers 202 {"data":"ok"}; the document is gone (404)', async () => {
    const name = String(data(await c.post(res(dt), { title: uid() })).name);
    const del = await c.delete(res(dt, name));
    expect(del.status).toBe(202);
    expect(del.body).toEqual({ data: 'ok' });
    expect((await c.get(res(dt, name))).status).toBe(404);
  });

  it('/api/method answers {message}', async () => {
    const r = await c.get('/api/method/frappe.auth.get_logged_user');
    expect(r.status).toBe(200);
    expect(typeof r.body.message).toBe('string');
  });

  it('frappe.client.delete answers {} (no message)', async () => {
    const name = String(data(await c.post(res(dt), { title: uid() })).name);
    const r = await c.post('/api/method/frappe.client.delete', { doctype: dt, name });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({});
  });

  it('/api/v1/ routes behave as /api/', async () => {
    const r = await c.get(`/api/v1/resource/${encodeURIComponent(dt)}`, { limit_page_length: 1 });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.data)).toBe(true);
  });

  it('a missing document is 404 DoesNotExistError with a message', async () => {
    const r = await c.get(res(dt, 'no-such-doc'));
    expect(r.status).toBe(404);
    expect(r.body.exc_type).toBe('DoesNotExistError');
  });

  it('an unknown doctype is 404', async () => {
    expect((await c.get(res('No Such Doctype ZZV'))).status).toBe(404);
  });

  it('an unknown method path is 417 ValidationError ("Failed to get method")', async () => {
    const r = await c.get('/api/method/zzv_nowhere.api.nothing');
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('ValidationError');
  });

  it('a wrong HTTP verb on a whitelisted method is 403', async () => {
    const r = await c.get('/api/method/frappe.client.insert', { doc: { doctype: dt, title: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body.exc_type).toBe('PermissionError');
  });

  it('a non-whitelisted ERPNext function is 403 (docs/host-contract.md)', async () => {
    const r = await c.get('/api/method/erpnext.setup.doctype.holiday_list.holiday_list.is_holiday', {
      holiday_list: 'x',
    });
    expect(r.status).toBe(403);
  });

  it('error bodies carry exc_type, exception and a double-encoded _server_messages', async () => {
    const r = await c.post(res(dt), { status: 'Open' });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('MandatoryError');
    expect(typeof r.body.exception).toBe('string');
    expect(typeof r.body.exc).toBe('string');
    expect(Array.isArray(JSON.parse(String(r.body.exc)))).toBe(true);
    expect(typeof r.body._server_messages).toBe('string');
    const outer = JSON.parse(String(r.body._server_messages)) as unknown[];
    expect(typeof outer[0]).toBe('string');
    expect(serverMessages(r.body)[0]?.message).toMatch(/Value missing for .*: Title/);
  });

  it('with a JSON body the query string is ignored', async () => {
    const t = uid();
    const r = await c.request('POST', `${res(dt)}?title=${encodeURIComponent('from query')}`, { json: { title: t } });
    expect(data(r).title).toBe(t);
  });

  it('a form-encoded body works too, with `data` holding the JSON document', async () => {
    const t = uid();
    const r = await c.request('POST', res(dt), { form: { data: JSON.stringify({ title: t }) } });
    expect(r.status).toBe(200);
    expect(data(r).title).toBe(t);
  });

  it('a name in a POST body is ignored unless the doctype is named by prompt', async () => {
    const r = await c.post(res(dt), { name: 'my-own-name', title: uid() });
    expect(data(r).name).not.toBe('my-own-name');
  });

  it('unknown keys in a body are dropped silently', async () => {
    const r = await c.post(res(dt), { title: uid(), not_a_field: 'x' });
    expect(r.status).toBe(200);
    expect(data(r)).not.toHaveProperty('not_a_field');
  });

  it('Check and Int come back as numbers, Float as a number', async () => {
    const d = data(await c.post(res(dt), { title: uid(), qty: '7', amount: '2.5' }));
    expect(d.qty).toBe(7);
    expect(d.amount).toBe(2.5);
  });

  it('Date values are YYYY-MM-DD', async () => {
    const d = data(await c.post(res(dt), { title: uid(), due: '2026-12-31' }));
    expect(d.due).toBe('2026-12-31');
  });

  it('GET of a Single doctype uses its own name', async () => {
    const r = await c.get(res('System Settings', 'System Settings'));
    expect(r.status).toBe(200);
    expect(data(r).name).toBe('System Settings');
  });

  it('an Accept: text/html error is HTML, not JSON', async () => {
    const r = await c.request('GET', res(dt, 'nope'), { headers: { accept: 'text/html' } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
  });
});
