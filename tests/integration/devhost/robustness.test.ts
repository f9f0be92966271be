/** Bad requests get Frappe's errors, never a 500; bounded fuzzing with a fixed seed. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { openSite, type Api } from './helpers.ts';
import { DevHost } from '../../../devhost/site.ts';

let api: Api;
beforeAll(async () => {
  api = await openSite();
  await api.call('POST', '/api/resource/Customer', { customer_name: 'Fuzz Cliente' });
});

const doctypes = [
  'Customer',
  'Item',
  'ToDo',
  'Sales Invoice',
  'User',
  'No Such',
  'DocType',
  'Task',
  'Holiday List',
  '',
];
const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxKeys: 4 }),
  fc.constantFrom(
    '[["name","like"]]',
    '{"a":',
    '[[1,2,3,4,5]]',
    '["*"]',
    'count(*)',
    'name; drop table x',
    '[["creation","between",["x","y"]]]',
    '[["qty","in",null]]',
  ),
);

describe('robustness', () => {
  it('600 random malformed requests: no 500, and the site still answers afterwards', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.constantFrom(...doctypes),
        fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
        fc.dictionary(
          fc.constantFrom(
            'fields',
            'filters',
            'or_filters',
            'order_by',
            'group_by',
            'limit_start',
            'limit_page_length',
            'as_dict',
            'parent',
            'customer_name',
            'items',
            'docstatus',
            'modified',
            'name',
            'description',
            'email',
          ),
          junk,
          { maxKeys: 5 },
        ),
        async (method, doctype, name, params) => {
          const path = `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
          const query =
            method === 'GET'
              ? `?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()}`
              : '';
          const r = await api.call(method, path + query, method === 'GET' || method === 'DELETE' ? undefined : params);
          seen.add(r.status);
          expect(r.status, JSON.stringify({ method, path, params, body: r.body })).not.toBe(500);
        },
      ),
      { numRuns: 450, seed: 4242 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'frappe.client.get_list',
          'frappe.client.get_value',
          'frappe.client.set_value',
          'frappe.client.insert',
          'frappe.client.save',
          'frappe.client.get_count',
          'frappe.client.rename_doc',
          'run_doc_method',
          'upload_file',
          'frappe.desk.query_report.run',
          'frappe.desk.form.assign_to.add',
          'login',
        ),
        fc.dictionary(
          fc.constantFrom(
            'doctype',
            'name',
            'fieldname',
            'value',
            'filters',
            'doc',
            'docs',
            'dt',
            'dn',
            'method',
            'report_name',
            'assign_to',
            'usr',
            'pwd',
          ),
          junk,
          { maxKeys: 5 },
        ),
        async (method, params) => {
          const r = await api.call('POST', `/api/method/${method}`, params);
          expect(r.status, JSON.stringify({ method, params, body: r.body })).not.toBe(500);
        },
      ),
      { numRuns: 150, seed: 99 },
    );
    expect(
      (await api.call('GET', '/api/resource/Customer?filters=[["customer_name","=","Fuzz Cliente"]]')).body.data,
    ).toHaveLength(1);
    expect(seen.has(200)).toBe(true);
  });

  it('a Python error inside a server script is a 500 named after the Python class, as on a real host', async () => {
    await api.call('POST', '/api/resource/Server Script', {
      name: 'Div Zero',
      script_type: 'API',
      api_method: 'zzv_div',
      script: 'frappe.response["message"] = 1 / 0',
    });
    const r = await api.call('GET', '/api/method/zzv_div');
    expect(r.status).toBe(500);
    expect(r.body.exc_type).toBe('ZeroDivisionError');
  });

  it('with server_script_enabled off, scripts answer 403 ServerScriptNotEnabled', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'pv-noscript-'));
    const site = await DevHost.create({ dataDir: dir });
    writeFileSync(
      join(dir, 'site_config.json'),
      JSON.stringify({
        ...JSON.parse((await import('node:fs')).readFileSync(join(dir, 'site_config.json'), 'utf8')),
        server_script_enabled: 0,
      }),
    );
    const { apiFor } = await import('./helpers.ts');
    const a = await apiFor(site);
    await a.call('POST', '/api/resource/Server Script', {
      name: 'Off',
      script_type: 'API',
      api_method: 'zzv_off',
      script: 'frappe.response["message"] = 1',
    });
    const r = await a.call('GET', '/api/method/zzv_off');
    expect(r.status).toBe(403);
    expect(r.body.exc_type).toBe('ServerScriptNotEnabled');
  });

  it('the daily job turns Unpaid invoices Overdue once the due date passes', async () => {
    let now = new Date('2026-11-21T15:00:00Z');
    const a = await openSite({ clock: () => now });
    await a.call('POST', '/api/resource/Company', {
      company_name: 'D Co',
      abbr: 'DC',
      default_currency: 'CLP',
      country: 'Chile',
    });
    await a.call('POST', '/api/resource/Fiscal Year', {
      year: '2026',
      year_start_date: '2026-01-01',
      year_end_date: '2026-12-31',
    });
    await a.call('POST', '/api/resource/Customer', { customer_name: 'D Cliente' });
    await a.call('POST', '/api/resource/Item', { item_code: 'D-S', item_group: 'Services', is_stock_item: 0 });
    const inv = await a.call('POST', '/api/resource/Sales Invoice', {
      customer: 'D Cliente',
      due_date: '2026-11-23',
      items: [{ item_code: 'D-S', qty: 1, rate: 100 }],
      docstatus: 1,
    });
    expect(inv.status, JSON.stringify(inv.body)).toBe(200);
    const name = String((inv.body.data as { name: string }).name);
    // Two days on: within the 170-hour session expiry, past the due date.
    now = new Date('2026-11-24T15:00:00Z');
    expect(await a.site.internal(async (ctx) => a.site.erpnext.runDaily(ctx))).toBe(1);
    expect(((await a.call('GET', `/api/resource/Sales Invoice/${name}`)).body.data as { status: string }).status).toBe(
      'Overdue',
    );
  });
});
