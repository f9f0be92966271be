/** docs/host-contract.md: ERPNext 15's masters, Sales Invoice and Payment Request, as observed on a running site. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, serverMessages, uid } from './host.ts';
import { ensureCompany, newCustomer, newItem } from './fixtures.ts';

let c: Client;
let company: { name: string; abbr: string };
let customer: string;
let service: string;
beforeAll(async () => {
  c = await Client.admin();
  company = await ensureCompany(c);
  customer = await newCustomer(c);
  service = await newItem(c, { item_group: 'Services', stock_uom: 'Hour' });
});

const plusDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function invoice(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await c.post(res('Sales Invoice'), {
    customer,
    items: [{ item_code: service, qty: 2, rate: 45 }],
    ...body,
  });
  if (r.status !== 200) throw new Error(r.text);
  return data(r);
}

async function pay(inv: string, amount: number): Promise<void> {
  const r = await c.post(res('Payment Entry'), {
    payment_type: 'Receive',
    party_type: 'Customer',
    party: customer,
    paid_amount: amount,
    received_amount: amount,
    paid_to: `Cash - ${company.abbr}`,
    mode_of_payment: 'Cash',
    references: [{ reference_doctype: 'Sales Invoice', reference_name: inv, allocated_amount: amount }],
    docstatus: 1,
  });
  if (r.status !== 200) throw new Error(r.text);
}

describe('masters', () => {
  it('Customer: name = customer_name; a taken name becomes "<name> - 1" with a note', async () => {
    const name = uid('Dup');
    expect(data(await c.post(res('Customer'), { customer_name: name })).name).toBe(name);
    const second = await c.post(res('Customer'), { customer_name: name });
    expect(data(second).name).toBe(`${name} - 1`);
    expect(serverMessages(second.body)[0]?.message).toContain(`Changed customer name to '${name} - 1'`);
  });

  it('Item needs an item_group (417 MandatoryError) and defaults item_name and stock_uom', async () => {
    const code = uid('I').replace(/ /g, '-');
    const missing = await c.post(res('Item'), { item_code: code, is_stock_item: 1 });
    expect(missing.status).toBe(417);
    expect(missing.body.exc_type).toBe('MandatoryError');
    const ok = data(await c.post(res('Item'), { item_code: code, item_group: 'Products', is_stock_item: 1 }));
    expect(ok).toMatchObject({ item_name: code, stock_uom: 'Nos' });
  });

  it('Item Price: a second identical price is 417 ItemPriceDuplicateItem', async () => {
    const item = await newItem(c);
    expect(
      (await c.post(res('Item Price'), { item_code: item, price_list: 'Standard Selling', price_list_rate: 45 }))
        .status,
    ).toBe(200);
    const dup = await c.post(res('Item Price'), {
      item_code: item,
      price_list: 'Standard Selling',
      price_list_rate: 50,
    });
    expect(dup.status).toBe(417);
    expect(dup.body.exc_type).toBe('ItemPriceDuplicateItem');
  });

  it('the standard Activity Types and Item Groups exist', async () => {
    const acts = data<{ name: string }[]>(await c.get(res('Activity Type'), { limit_page_length: 0 })).map(
      (a) => a.name,
    );
    expect(acts).toEqual(
      expect.arrayContaining(['Planning', 'Research', 'Proposal Writing', 'Execution', 'Communication']),
    );
    const groups = data<{ name: string }[]>(await c.get(res('Item Group'), { limit_page_length: 0 })).map(
      (a) => a.name,
    );
    expect(groups).toEqual(expect.arrayContaining(['Products', 'Services', 'Raw Material', 'Consumable']));
  });
});

describe('Sales Invoice', () => {
  it('the minimal body saves a Draft with company defaults, due_date = posting_date and the outstanding already set', async () => {
    const d = await invoice({});
    expect(d).toMatchObject({
      status: 'Draft',
      docstatus: 0,
      company: company.name,
      grand_total: 90,
      outstanding_amount: 90,
    });
    expect(d.due_date).toBe(d.posting_date);
    expect(String(d.name)).toMatch(/^ACC-SINV-\d{4}-\d{5}$/);
    expect((d.payment_schedule as unknown[]).length).toBe(1);
  });

  it('a due_date on the first POST is kept; a later PUT of due_date alone is ignored unless the schedule is sent empty', async () => {
    const d = await invoice({ due_date: plusDays(30) });
    expect(d.due_date).toBe(plusDays(30));
    const ignored = data(await c.put(res('Sales Invoice', String(d.name)), { due_date: plusDays(40) }));
    expect(ignored.due_date).toBe(plusDays(30));
    const applied = data(
      await c.put(res('Sales Invoice', String(d.name)), { due_date: plusDays(40), payment_schedule: [] }),
    );
    expect(applied.due_date).toBe(plusDays(40));
  });

  it('submitting with a future due date gives Unpaid', async () => {
    const d = await invoice({ due_date: plusDays(10) });
    const s = data(await c.put(res('Sales Invoice', String(d.name)), { docstatus: 1 }));
    expect(s).toMatchObject({ docstatus: 1, status: 'Unpaid', outstanding_amount: 90 });
  });

  it('a past due date is Overdue straight away on submit', async () => {
    const d = await invoice({ set_posting_time: 1, posting_date: plusDays(-40), due_date: plusDays(-10) });
    expect(data(await c.put(res('Sales Invoice', String(d.name)), { docstatus: 1 })).status).toBe('Overdue');
  });

  it('a partial payment gives Partly Paid; the rest gives Paid', async () => {
    const d = await invoice({ due_date: plusDays(10), docstatus: 1 });
    await pay(String(d.name), 30);
    expect(data(await c.get(res('Sales Invoice', String(d.name))))).toMatchObject({
      status: 'Partly Paid',
      outstanding_amount: 60,
    });
    await pay(String(d.name), 60);
    expect(data(await c.get(res('Sales Invoice', String(d.name))))).toMatchObject({
      status: 'Paid',
      outstanding_amount: 0,
    });
  });

  it('a partial payment on an overdue invoice leaves it Overdue', async () => {
    const d = await invoice({
      set_posting_time: 1,
      posting_date: plusDays(-40),
      due_date: plusDays(-10),
      docstatus: 1,
    });
    await pay(String(d.name), 40);
    expect(data(await c.get(res('Sales Invoice', String(d.name))))).toMatchObject({
      status: 'Overdue',
      outstanding_amount: 50,
    });
  });

  it('cancelling gives Cancelled, even when partly paid', async () => {
    const d = await invoice({ due_date: plusDays(10), docstatus: 1 });
    await pay(String(d.name), 10);
    expect(data(await c.put(res('Sales Invoice', String(d.name)), { docstatus: 2 })).status).toBe('Cancelled');
  });

  it('a Payment Entry without paid_to fails with "Target Exchange Rate is mandatory"', async () => {
    const d = await invoice({ due_date: plusDays(10), docstatus: 1 });
    const r = await c.post(res('Payment Entry'), {
      payment_type: 'Receive',
      party_type: 'Customer',
      party: customer,
      paid_amount: 10,
      received_amount: 10,
      references: [{ reference_doctype: 'Sales Invoice', reference_name: d.name, allocated_amount: 10 }],
    });
    expect(r.status).toBe(417);
    expect(r.text).toMatch(/Target Exchange Rate is mandatory/);
  });

  it('get_payment_entry returns an unsaved entry for the outstanding; a bank entry needs a reference number', async () => {
    const d = await invoice({ due_date: plusDays(10), docstatus: 1 });
    const pe = (
      await c.get('/api/method/erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry', {
        dt: 'Sales Invoice',
        dn: d.name,
      })
    ).body.message as Record<string, unknown>;
    expect(pe).toMatchObject({ payment_type: 'Receive', party_type: 'Customer', paid_amount: 90, __islocal: 1 });
    expect(String(pe.paid_to)).toMatch(/Bank/);
    const { __islocal: _a, __unsaved: _b, ...body } = pe;
    const noRef = await c.post(res('Payment Entry'), { ...body, docstatus: 1 });
    expect(noRef.status).toBe(417);
    expect(noRef.text).toMatch(/Reference No and Reference Date is mandatory for Bank transaction/);
    const ok = await c.post(res('Payment Entry'), { ...body, reference_no: 'TRX-1', docstatus: 1 });
    expect(data(ok).status).toBe('Submitted');
  });
});

describe('Payment Request', () => {
  it('make_payment_request saves a Draft without a payment URL; a second call returns that draft; once submitted, another is refused', async () => {
    const d = await invoice({ due_date: plusDays(10), docstatus: 1 });
    const r = await c.post(
      '/api/method/erpnext.accounts.doctype.payment_request.payment_request.make_payment_request',
      { dt: 'Sales Invoice', dn: d.name },
    );
    const pr = r.body.message as Record<string, unknown>;
    expect(pr).toMatchObject({ status: 'Draft', payment_request_type: 'Inward', grand_total: 90 });
    expect(pr.payment_url ?? null).toBeNull();
    const again = await c.post(
      '/api/method/erpnext.accounts.doctype.payment_request.payment_request.make_payment_request',
      { dt: 'Sales Invoice', dn: d.name },
    );
    // ERPNext 15.71: an existing draft is answered as it is; only submitted requests count against the amount.
    expect(again.status).toBe(200);
    expect((again.body.message as Record<string, unknown>).name).toBe(pr.name);
    const submitted = data(await c.put(res('Payment Request', String(pr.name)), { docstatus: 1 }));
    expect(submitted).toMatchObject({ status: 'Requested', outstanding_amount: 90 });
    const third = await c.post(
      '/api/method/erpnext.accounts.doctype.payment_request.payment_request.make_payment_request',
      { dt: 'Sales Invoice', dn: d.name },
    );
    expect(third.status).toBe(417);
    expect(third.text).toMatch(/Payment Request is already created/);
    const cancel = await c.put(res('Sales Invoice', String(d.name)), { docstatus: 2 });
    expect(cancel.status).toBe(417);
    expect(cancel.body.exc_type).toBe('LinkExistsError');
  });
});
