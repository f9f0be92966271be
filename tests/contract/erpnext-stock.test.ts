/** docs/host-contract.md: ERPNext 15's stock and serials, Timesheet, Task and Holiday List, as observed on a running site. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, serverMessages, uid } from './host.ts';
import { ensureCompany, newCustomer, newItem } from './fixtures.ts';

let c: Client;
let company: { name: string; abbr: string };
let customer: string;
beforeAll(async () => {
  c = await Client.admin();
  company = await ensureCompany(c);
  customer = await newCustomer(c);
});

const isoToday = (): string => new Date().toISOString().slice(0, 10);
const plusDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('stock', () => {
  it('a Material Receipt raises the Bin; a Material Issue lowers it; issuing too much is NegativeStockError', async () => {
    const item = await newItem(c, { is_stock_item: 1 });
    const wh = `Stores - ${company.abbr}`;
    expect(data<unknown[]>(await c.get(res('Bin'), { filters: [['item_code', '=', item]] }))).toEqual([]);
    await c.post(res('Stock Entry'), {
      stock_entry_type: 'Material Receipt',
      items: [{ item_code: item, qty: 10, t_warehouse: wh, basic_rate: 20 }],
      docstatus: 1,
    });
    const bin = data<Record<string, number>[]>(
      await c.get(res('Bin'), {
        filters: [['item_code', '=', item]],
        fields: ['actual_qty', 'valuation_rate', 'stock_value'],
      }),
    )[0];
    expect(bin).toMatchObject({ actual_qty: 10, valuation_rate: 20, stock_value: 200 });
    await c.post(res('Stock Entry'), {
      stock_entry_type: 'Material Issue',
      items: [{ item_code: item, qty: 1, s_warehouse: wh }],
      docstatus: 1,
    });
    expect(
      data<Record<string, number>[]>(
        await c.get(res('Bin'), { filters: [['item_code', '=', item]], fields: ['actual_qty'] }),
      )[0]?.actual_qty,
    ).toBe(9);
    const draft = data(
      await c.post(res('Stock Entry'), {
        stock_entry_type: 'Material Issue',
        items: [{ item_code: item, qty: 50, s_warehouse: wh }],
      }),
    );
    const r = await c.put(res('Stock Entry', String(draft.name)), { docstatus: 1 });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('NegativeStockError');
    expect(serverMessages(r.body)[0]?.message).toContain('<strong>41.0</strong> units of');
  });

  it('a serial number cannot be created directly with a warehouse', async () => {
    const item = await newItem(c, { is_stock_item: 1, has_serial_no: 1, warranty_period: '365' });
    const r = await c.post(res('Serial No'), {
      serial_no: uid('SN').replace(/ /g, '-'),
      item_code: item,
      company: company.name,
      warehouse: `Stores - ${company.abbr}`,
    });
    expect(r.status).toBe(417);
    expect(r.body.exc_type).toBe('SerialNoCannotCreateDirectError');
  });

  it('a direct serial copies the item warranty; read-only fields are writable over REST; maintenance_status is computed', async () => {
    const item = await newItem(c, { is_stock_item: 1, has_serial_no: 1, warranty_period: '365' });
    const sn = uid('SN').replace(/ /g, '-');
    const d = data(
      await c.post(res('Serial No'), {
        serial_no: sn,
        item_code: item,
        company: company.name,
        customer,
        status: 'Delivered',
        warranty_expiry_date: plusDays(365),
      }),
    );
    expect(d).toMatchObject({
      warranty_period: 365,
      customer,
      status: 'Delivered',
      maintenance_status: 'Under Warranty',
    });
    // A few days back, so the site's time zone cannot still call it today.
    expect(data(await c.put(res('Serial No', sn), { warranty_expiry_date: plusDays(-5) })).maintenance_status).toBe(
      'Out of Warranty',
    );
  });

  it('a receipt with serials creates Active serials in the warehouse; issuing one consumes it', async () => {
    const item = await newItem(c, { is_stock_item: 1, has_serial_no: 1 });
    const wh = `Stores - ${company.abbr}`;
    const sns = [1, 2, 3].map(() => uid('SN').replace(/ /g, '-'));
    const receipt = await c.post(res('Stock Entry'), {
      stock_entry_type: 'Material Receipt',
      items: [{ item_code: item, qty: 3, t_warehouse: wh, basic_rate: 100, serial_no: sns.join('\n') }],
      docstatus: 1,
    });
    expect(receipt.status).toBe(200);
    expect(data(await c.get(res('Serial No', sns[0])))).toMatchObject({ status: 'Active', warehouse: wh });
    const issue = await c.post(res('Stock Entry'), {
      stock_entry_type: 'Material Issue',
      items: [{ item_code: item, qty: 1, s_warehouse: wh, serial_no: sns[1], use_serial_batch_fields: 1 }],
      docstatus: 1,
    });
    expect(issue.status).toBe(200);
    const consumed = data(await c.get(res('Serial No', sns[1])));
    expect(consumed.status).toBe('Consumed');
    expect(consumed.warehouse ?? null).toBeNull();
  });

  it('a serialized receipt without serials is refused', async () => {
    const item = await newItem(c, { is_stock_item: 1, has_serial_no: 1 });
    const r = await c.post(res('Stock Entry'), {
      stock_entry_type: 'Material Receipt',
      items: [{ item_code: item, qty: 1, t_warehouse: `Stores - ${company.abbr}`, basic_rate: 1 }],
      docstatus: 1,
    });
    expect(r.status).toBe(417);
    expect(r.text).toMatch(/Serial and Batch Bundle not set/);
  });
});

describe('Timesheet, Task, Holiday List', () => {
  it('Timesheet totals: hours from times, billing_hours sent explicitly bills right the first time', async () => {
    const d = data(
      await c.post(res('Timesheet'), {
        customer,
        time_logs: [
          {
            activity_type: 'Execution',
            from_time: `${isoToday()} 09:00:00`,
            to_time: `${isoToday()} 11:30:00`,
            hours: 2.5,
            is_billable: 1,
            billing_rate: 45,
            billing_hours: 2,
          },
          { activity_type: 'Communication', from_time: `${isoToday()} 12:00:00`, hours: 1 },
        ],
      }),
    );
    expect(d).toMatchObject({
      total_hours: 3.5,
      total_billable_hours: 2,
      total_billable_amount: 90,
      start_date: isoToday(),
      end_date: isoToday(),
    });
    expect(String(d.name)).toMatch(/^TS-\d{4}-\d{5}$/);
  });

  it('Timesheet without billing_hours bills 0 on the first save (ERPNext quirk), right after another save', async () => {
    const d = data(
      await c.post(res('Timesheet'), {
        customer,
        time_logs: [
          {
            activity_type: 'Execution',
            from_time: `${isoToday()} 09:00:00`,
            hours: 2.5,
            is_billable: 1,
            billing_rate: 45,
          },
        ],
      }),
    );
    expect(d.total_billable_amount).toBe(0);
    expect(data(await c.put(res('Timesheet', String(d.name)), { note: 'again' })).total_billable_amount).toBe(112.5);
  });

  it('an unknown Activity Type is a LinkValidationError naming the row', async () => {
    const r = await c.post(res('Timesheet'), {
      time_logs: [{ activity_type: 'ZZV Nope', from_time: `${isoToday()} 09:00:00`, hours: 1 }],
    });
    expect(r.status).toBe(417);
    expect(serverMessages(r.body)[0]?.message).toBe('Could not find Row #1: Activity Type: ZZV Nope');
  });

  it('Task: only subject is required; Completed sets progress 100 but not completed_on', async () => {
    const t = data(await c.post(res('Task'), { subject: uid('Task'), priority: 'High' }));
    expect(t.status).toBe('Open');
    const done = data(await c.put(res('Task', String(t.name)), { status: 'Completed' }));
    expect(done.progress).toBe(100);
    expect(done.completed_on ?? null).toBeNull();
    const bad = await c.put(res('Task', String(t.name)), { status: 'Bogus' });
    expect(bad.status).toBe(417);
  });

  it('Holiday List: rows sorted by date, total counted; duplicates and dates outside the range refused', async () => {
    const name = uid('Feriados');
    const d = data(
      await c.post(res('Holiday List'), {
        holiday_list_name: name,
        from_date: '2026-01-01',
        to_date: '2026-12-31',
        weekly_off: 'Sunday',
        holidays: [
          { holiday_date: '2026-12-25', description: 'Navidad' },
          { holiday_date: '2026-01-01', description: 'Año Nuevo' },
        ],
      }),
    );
    expect((d.holidays as { holiday_date: string }[]).map((h) => h.holiday_date)).toEqual(['2026-01-01', '2026-12-25']);
    expect(d.total_holidays).toBe(2);
    const dup = await c.post(res('Holiday List'), {
      holiday_list_name: uid('F'),
      from_date: '2026-01-01',
      to_date: '2026-12-31',
      holidays: [
        { holiday_date: '2026-12-25', description: 'a' },
        { holiday_date: '2026-12-25', description: 'b' },
      ],
    });
    expect(dup.status).toBe(417);
    expect(dup.text).toMatch(/added multiple times/);
    const outside = await c.post(res('Holiday List'), {
      holiday_list_name: uid('F'),
      from_date: '2026-01-01',
      to_date: '2026-12-31',
      holidays: [{ holiday_date: '2027-01-06', description: 'Reyes' }],
    });
    expect(outside.status).toBe(417);
    expect(outside.text).toMatch(/is not between From Date and To Date/);
  });

  it('get_weekly_off_dates returns the Sundays unsaved; holidays are readable through the Holiday child list', async () => {
    const name = uid('Feriados');
    await c.post(res('Holiday List'), {
      holiday_list_name: name,
      from_date: '2026-01-01',
      to_date: '2026-12-31',
      weekly_off: 'Sunday',
      holidays: [{ holiday_date: '2026-12-25', description: 'Navidad' }],
    });
    const r = await c.post('/api/method/run_doc_method', {
      dt: 'Holiday List',
      dn: name,
      method: 'get_weekly_off_dates',
    });
    const doc = (r.body.docs as Record<string, unknown>[])[0];
    expect((doc?.holidays as unknown[]).length).toBe(53);
    expect(data(await c.get(res('Holiday List', name))).total_holidays).toBe(1);
    const rows = data<{ holiday_date: string }[]>(
      await c.get(res('Holiday'), {
        parent: 'Holiday List',
        filters: [
          ['parent', '=', name],
          ['holiday_date', 'between', ['2026-12-20', '2026-12-31']],
        ],
        fields: ['holiday_date', 'description'],
      }),
    );
    expect(rows.map((x) => x.holiday_date)).toEqual(['2026-12-25']);
  });
});
