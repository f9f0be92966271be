/**
 * docs/host-contract.md: what Postventa's billing relies on, as a running ERPNext 15 answers — a Sales Invoice keeps
 * the period it covers (from_date / to_date), `frappe.client.get_list` answers a POST with child rows of many
 * parents at once (no URL grows with the batch), a Customer has an account manager, and a Notification Log is
 * created for a user. Runs against the dev host, or a real site with HOST_URL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res } from './host.ts';
import { ensureCompany, newCustomer, newItem } from './fixtures.ts';

let c: Client;
let customer: string;
let service: string;
beforeAll(async () => {
  c = await Client.admin();
  await ensureCompany(c);
  customer = await newCustomer(c);
  service = await newItem(c, { item_group: 'Services', stock_uom: 'Hour' });
});

describe('billing on the host', () => {
  it('a draft Sales Invoice keeps the period it covers', async () => {
    const r = await c.post(res('Sales Invoice'), {
      customer,
      from_date: '2026-11-01',
      to_date: '2026-11-30',
      items: [{ item_code: service, qty: 1, rate: 100 }],
    });
    expect(r.status).toBe(200);
    expect(data(r)).toMatchObject({ from_date: '2026-11-01', to_date: '2026-11-30', docstatus: 0 });
  });

  it('frappe.client.get_list by POST returns the child rows of several parents, filtered by parent', async () => {
    const a = data(await c.post(res('Sales Invoice'), { customer, items: [{ item_code: service, qty: 1, rate: 1 }] }));
    const b = data(await c.post(res('Sales Invoice'), { customer, items: [{ item_code: service, qty: 2, rate: 1 }] }));
    const r = await c.post('/api/method/frappe.client.get_list', {
      doctype: 'Sales Invoice Item',
      parent: 'Sales Invoice',
      fields: ['parent', 'qty'],
      filters: [['parent', 'in', [a.name, b.name]]],
      order_by: 'parent asc',
      limit_page_length: 0,
    });
    expect(r.status).toBe(200);
    const rows = (r.body.message as { parent: string; qty: number }[]).map((x) => [x.parent, x.qty]);
    expect(rows.sort()).toEqual(
      [
        [a.name, 1],
        [b.name, 2],
      ].sort(),
    );
  });

  it('a Customer has an account manager (a User)', async () => {
    const r = await c.put(res('Customer', customer), { account_manager: 'Administrator' });
    expect(r.status).toBe(200);
    expect(data(r).account_manager).toBe('Administrator');
  });

  it('a Notification Log is created for a user', async () => {
    const r = await c.post(res('Notification Log'), {
      for_user: 'Administrator',
      type: 'Alert',
      subject: 'Prueba de aviso',
      document_type: 'Customer',
      document_name: customer,
    });
    expect(r.status).toBe(200);
    expect(data(r)).toMatchObject({ for_user: 'Administrator', type: 'Alert' });
  });
});
