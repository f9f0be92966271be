/** docs/host-contract.md: Server Scripts (API and DocType Event) run with Frappe's semantics. Needs server_script_enabled. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, serverMessages, uid } from './host.ts';
import { customDoctype } from './fixtures.ts';

let c: Client;
let dt: string;
beforeAll(async () => {
  c = await Client.admin();
  dt = await customDoctype(c);
});

async function script(body: Record<string, unknown>): Promise<string> {
  const name = uid('Script');
  const r = await c.post(res('Server Script'), { name, ...body });
  if (r.status !== 200) throw new Error(r.text);
  return name;
}

describe('API scripts', () => {
  it('answer at /api/method/<api_method> with frappe.response["message"] (GET and POST)', async () => {
    const method = `zzv_echo_${Math.random().toString(36).slice(2, 8)}`;
    await script({
      script_type: 'API',
      api_method: method,
      script: 'frappe.response["message"] = {"hello": frappe.form_dict.get("who"), "user": frappe.session.user}',
    });
    const g = await c.get(`/api/method/${method}`, { who: 'get' });
    expect(g.body.message).toMatchObject({ hello: 'get', user: 'Administrator' });
    const p = await c.post(`/api/method/${method}`, { who: 'post' });
    expect(p.body.message).toMatchObject({ hello: 'post' });
  });

  it('frappe.flags becomes the message when set', async () => {
    const method = `zzv_flags_${Math.random().toString(36).slice(2, 8)}`;
    await script({ script_type: 'API', api_method: method, script: 'frappe.flags.ok = 1' });
    expect((await c.get(`/api/method/${method}`)).body.message).toEqual({ ok: 1 });
  });

  it('a guest is refused (403) unless allow_guest is set', async () => {
    const closed = `zzv_closed_${Math.random().toString(36).slice(2, 8)}`;
    const open = `zzv_open_${Math.random().toString(36).slice(2, 8)}`;
    await script({ script_type: 'API', api_method: closed, script: 'frappe.response["message"] = "hi"' });
    await script({
      script_type: 'API',
      api_method: open,
      allow_guest: 1,
      script: 'frappe.response["message"] = frappe.session.user',
    });
    const guest = await Client.guest();
    expect((await guest.get(`/api/method/${closed}`)).status).toBe(403);
    expect((await guest.get(`/api/method/${open}`)).body.message).toBe('Guest');
  });

  it('frappe.throw is a 417 with the message; frappe.throw(..., frappe.PermissionError) a 403', async () => {
    const m1 = `zzv_throw_${Math.random().toString(36).slice(2, 8)}`;
    const m2 = `zzv_perm_${Math.random().toString(36).slice(2, 8)}`;
    await script({ script_type: 'API', api_method: m1, script: 'frappe.throw("No se puede / Cannot")' });
    await script({ script_type: 'API', api_method: m2, script: 'frappe.throw("Prohibido", frappe.PermissionError)' });
    const r1 = await c.get(`/api/method/${m1}`);
    expect(r1.status).toBe(417);
    expect(serverMessages(r1.body)[0]?.message).toBe('No se puede / Cannot');
    expect((await c.get(`/api/method/${m2}`)).status).toBe(403);
  });

  it('scripts read and write documents through frappe.get_doc / get_all / db', async () => {
    const method = `zzv_docs_${Math.random().toString(36).slice(2, 8)}`;
    const tag = uid('tag');
    await script({
      script_type: 'API',
      api_method: method,
      script: `d = frappe.get_doc({"doctype": "${dt}", "title": "${tag}"})\nd.insert()\nrows = frappe.get_all("${dt}", filters={"title": "${tag}"}, fields=["name", "title"])\nfrappe.db.set_value("${dt}", d.name, "qty", 7)\nfrappe.response["message"] = {"count": len(rows), "qty": frappe.db.get_value("${dt}", d.name, "qty"), "exists": bool(frappe.db.exists("${dt}", d.name))}`,
    });
    expect((await c.post(`/api/method/${method}`)).body.message).toEqual({ count: 1, qty: 7, exists: true });
  });

  it('a script that imports saves (200) and fails when run: 500 ImportError', async () => {
    const method = `zzv_imp_${Math.random().toString(36).slice(2, 8)}`;
    const r = await c.post(res('Server Script'), {
      name: uid('Imp'),
      script_type: 'API',
      api_method: method,
      script: 'import os\nfrappe.response["message"] = 1',
    });
    expect(r.status).toBe(200);
    const run = await c.post(`/api/method/${method}`, {});
    expect(run.status).toBe(500);
    expect(run.body.exc_type).toBe('ImportError');
  });

  it('str.format is an unsafe attribute: the script saves and fails when run with 500 SyntaxError', async () => {
    const method = `zzv_fmt_${Math.random().toString(36).slice(2, 8)}`;
    const r = await c.post(res('Server Script'), {
      name: uid('Fmt'),
      script_type: 'API',
      api_method: method,
      script: 'frappe.response["message"] = "a {0}".format(1)',
    });
    expect(r.status).toBe(200);
    const run = await c.post(`/api/method/${method}`, {});
    expect(run.status).toBe(500);
    expect(run.body.exc_type).toBe('SyntaxError');
    expect(JSON.stringify(run.body)).toMatch(/format is an unsafe attribute/);
  });
});

describe('DocType Event scripts', () => {
  it('"Before Save" (validate) changes the document before it is stored', async () => {
    const d2 = await customDoctype(c);
    await script({
      script_type: 'DocType Event',
      reference_doctype: d2,
      doctype_event: 'Before Save',
      script: 'doc.notes = "stamped: " + doc.title',
    });
    const d = data(await c.post(res(d2), { title: 'abc' }));
    expect(d.notes).toBe('stamped: abc');
  });

  it('"Before Insert" can refuse with a clear message and nothing is stored', async () => {
    const d2 = await customDoctype(c);
    await script({
      script_type: 'DocType Event',
      reference_doctype: d2,
      doctype_event: 'Before Insert',
      script: 'if doc.qty and doc.qty > 10:\n    frappe.throw("Demasiado / Too many")',
    });
    const r = await c.post(res(d2), { title: 'big', qty: 11 });
    expect(r.status).toBe(417);
    expect(serverMessages(r.body)[0]?.message).toBe('Demasiado / Too many');
    expect(data<unknown[]>(await c.get(res(d2), { filters: { title: 'big' } }))).toEqual([]);
  });

  it('a disabled script does not run', async () => {
    const d2 = await customDoctype(c);
    await script({
      script_type: 'DocType Event',
      reference_doctype: d2,
      doctype_event: 'Before Save',
      disabled: 1,
      script: 'frappe.throw("should not run")',
    });
    expect((await c.post(res(d2), { title: 'ok' })).status).toBe(200);
  });
});
