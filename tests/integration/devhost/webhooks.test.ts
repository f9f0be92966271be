/** Webhook delivery as docs/host-contract.md / docs/host-contract.md describe it, received by a real HTTP listener on 127.0.0.1. */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../devhost/webhooks/dispatcher.ts';
import { pyDumps } from '../../../devhost/errors.ts';
import { openSite, waitFor, type Api } from './helpers.ts';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
}

let server: Server;
let base: string;
const received: Received[] = [];
let failuresLeft = 0;
let api: Api;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks) });
      if (failuresLeft > 0) {
        failuresLeft--;
        res.statusCode = 500;
        res.end('boom');
      } else res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = await openSite();
  api.site.webhooks.options = { retryDelaysMs: [5, 5, 5] };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const at = (path: string): Received[] => received.filter((r) => r.path === path);

describe('webhook delivery', () => {
  it('docs/host-contract.md vector: {"name": "ZZV Hook Cliente"} signed with zzv-secret-123', () => {
    const body = pyDumps({ name: 'ZZV Hook Cliente' });
    expect(body).toBe('{"name": "ZZV Hook Cliente"}');
    expect(createHmac('sha256', 'zzv-secret-123').update(body).digest('base64')).toBe(
      'XYIk6iFM6o6u0BCFdUviKUdiR3Li9LVXUnEtdLdt1zA=',
    );
  });

  it('after_insert delivers the rendered JSON with Python separators, an HMAC over the raw body, no Content-Type', async () => {
    await api.call('POST', '/api/resource/Webhook', {
      __newname: 'ZZV Customer Hook',
      webhook_doctype: 'Customer',
      webhook_docevent: 'after_insert',
      request_url: `${base}/hook1`,
      request_method: 'POST',
      request_structure: 'JSON',
      webhook_json: '{"name": "{{ doc.name }}"}',
      enable_security: 1,
      webhook_secret: 'zzv-secret-123',
    });
    await api.call('POST', '/api/resource/Customer', { customer_name: 'ZZV Hook Cliente' });
    const got = await waitFor(() => at('/hook1')[0]);
    expect(got.raw.toString()).toBe('{"name": "ZZV Hook Cliente"}');
    expect(got.headers['x-frappe-webhook-signature']).toBe('XYIk6iFM6o6u0BCFdUviKUdiR3Li9LVXUnEtdLdt1zA=');
    expect(got.headers['content-type']).toBeUndefined();
  });

  it('header rows are sent; tojson renders values as JSON', async () => {
    await api.call('POST', '/api/resource/Webhook', {
      __newname: 'ZZV Json Hook',
      webhook_doctype: 'Customer',
      webhook_docevent: 'on_update',
      request_url: `${base}/hook2`,
      webhook_json:
        '{"doctype": "{{ doc.doctype }}", "name": {{ doc.name | tojson }}, "modified": "{{ doc.modified }}"}',
      webhook_headers: [{ key: 'Content-Type', value: 'application/json' }],
    });
    await api.call('POST', '/api/resource/Customer', { customer_name: 'Comillas "raras" Ñuñoa' });
    const got = await waitFor(() => at('/hook2')[0]);
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.raw.toString())).toMatchObject({ doctype: 'Customer', name: 'Comillas "raras" Ñuñoa' });
  });

  it('on_update fires once per request for a document, though insert runs both after_insert and on_update', async () => {
    await api.call('POST', '/api/resource/Webhook', {
      __newname: 'ZZV Once Hook',
      webhook_doctype: 'Task',
      webhook_docevent: 'on_update',
      request_url: `${base}/hook3`,
      webhook_json: '{"name": "{{ doc.name }}", "status": "{{ doc.status }}"}',
    });
    await api.call('POST', '/api/resource/Task', { subject: 'once' });
    await waitFor(() => at('/hook3')[0]);
    await new Promise((r) => setTimeout(r, 50));
    expect(at('/hook3')).toHaveLength(1);
  });

  it('a failing receiver is tried 3 times in all, each attempt in Webhook Request Log', async () => {
    await api.call('POST', '/api/resource/Webhook', {
      __newname: 'ZZV Retry Hook',
      webhook_doctype: 'ToDo',
      webhook_docevent: 'after_insert',
      request_url: `${base}/hook4`,
      webhook_json: '{"name": "{{ doc.name }}"}',
    });
    failuresLeft = 2;
    await api.call('POST', '/api/resource/ToDo', { description: 'retry me' });
    await waitFor(() => (at('/hook4').length === 3 ? true : undefined));
    const logs = await waitFor(async () => {
      const r = await api.call(
        'GET',
        '/api/resource/Webhook Request Log?fields=["error","response"]&filters=[["webhook","=","ZZV Retry Hook"]]&order_by=creation%20asc',
      );
      const rows = r.body.data as { error: string | null; response: string | null }[];
      return rows.length === 3 ? rows : undefined;
    });
    expect(logs.map((l) => (l.error ? 'error' : 'ok'))).toEqual(['error', 'error', 'ok']);
  });

  it('a condition filters deliveries; a rolled-back request delivers nothing', async () => {
    await api.call('POST', '/api/resource/Webhook', {
      __newname: 'ZZV Cond Hook',
      webhook_doctype: 'Customer',
      webhook_docevent: 'after_insert',
      request_url: `${base}/hook5`,
      condition: 'doc.customer_type == "Individual"',
      webhook_json: '{"name": "{{ doc.name }}"}',
    });
    await api.call('POST', '/api/resource/Customer', { customer_name: 'Empresa SA', customer_type: 'Company' });
    await api.call('POST', '/api/resource/Customer', { customer_name: 'Persona', customer_type: 'Individual' });
    await api.call('POST', '/api/resource/Customer', { customer_type: 'Individual' });
    await waitFor(() => at('/hook5')[0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(at('/hook5').map((r) => JSON.parse(r.raw.toString()).name)).toEqual(['Persona']);
  });

  it('renderTemplate leaves None for missing values, as Jinja renders Python None', () => {
    expect(renderTemplate('{"a": "{{ doc.missing }}"}', {})).toBe('{"a": "None"}');
  });
});
