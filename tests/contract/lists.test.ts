/** docs/host-contract.md: fields, filters in every form, operators with Frappe's null semantics, ordering, paging. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, uid } from './host.ts';
import { customDoctype, newCustomer } from './fixtures.ts';

let c: Client;
let dt: string;
let child: string;
let parent: string;
let tag: string;
const names: string[] = [];
beforeAll(async () => {
  c = await Client.admin();
  dt = await customDoctype(c, {
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
      { fieldname: 'tag', fieldtype: 'Data', label: 'Tag', search_index: 1 },
      { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: '\nOpen\nClosed' },
      { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
      { fieldname: 'amount', fieldtype: 'Float', label: 'Amount' },
      { fieldname: 'due', fieldtype: 'Date', label: 'Due' },
      { fieldname: 'seen_at', fieldtype: 'Datetime', label: 'Seen At' },
      { fieldname: 'customer', fieldtype: 'Link', label: 'Customer', options: 'Customer' },
    ],
  });
  tag = uid('tag');
  const customer = await newCustomer(c);
  const rows = [
    { title: 'a', status: 'Open', qty: 1, amount: 10, due: '2026-01-10', seen_at: '2026-01-10 08:00:00', customer },
    { title: 'b', status: 'Open', qty: 2, amount: 20, due: '2026-02-10', seen_at: '2026-02-10 23:59:00' },
    { title: 'c', status: 'Closed', qty: 3, amount: 30, due: '2026-03-10' },
    { title: 'd', qty: 4, amount: 40 },
    { title: 'e', status: 'Closed', qty: 5, amount: 50, due: '2026-05-10' },
  ];
  for (const r of rows) names.push(String(data(await c.post(res(dt), { ...r, tag })).name));
  child = await customDoctype(c, {
    istable: 1,
    fields: [
      { fieldname: 'item', fieldtype: 'Data', label: 'Item' },
      { fieldname: 'hours', fieldtype: 'Float', label: 'Hours' },
    ],
  });
  parent = await customDoctype(c, {
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      { fieldname: 'tag', fieldtype: 'Data', label: 'Tag' },
      { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: child },
    ],
  });
  await c.post(res(parent), {
    title: 'p1',
    tag,
    lines: [
      { item: 'x', hours: 1 },
      { item: 'y', hours: 2 },
    ],
  });
  await c.post(res(parent), { title: 'p2', tag, lines: [{ item: 'z', hours: 4 }] });
});

async function titles(filters: unknown, extra: Record<string, unknown> = {}): Promise<string[]> {
  const r = await c.get(res(dt), {
    fields: ['title'],
    filters: [['tag', '=', tag], ...(filters as unknown[])],
    order_by: 'title asc',
    ...extra,
  });
  if (r.status !== 200) throw new Error(r.text);
  return data<{ title: string }[]>(r).map((x) => x.title);
}

describe('fields', () => {
  it('default fields are just ["name"]', async () => {
    const r = data<Record<string, unknown>[]>(await c.get(res(dt), { filters: { tag }, limit_page_length: 1 }));
    expect(Object.keys(r[0] ?? {})).toEqual(['name']);
  });

  it('"*" returns every column', async () => {
    const r = data<Record<string, unknown>[]>(
      await c.get(res(dt), { fields: ['*'], filters: { tag }, limit_page_length: 1 }),
    );
    expect(r[0]).toHaveProperty('title');
    expect(r[0]).toHaveProperty('modified');
  });

  it('list rows keep null values (they are not documents)', async () => {
    const r = data<Record<string, unknown>[]>(
      await c.get(res(dt), { fields: ['title', 'due'], filters: { tag, title: 'd' } }),
    );
    expect(r[0]).toEqual({ title: 'd', due: null });
  });

  it('fields must be a JSON list: a comma string is a 500 JSONDecodeError (Frappe 15.75)', async () => {
    const r = await c.request(
      'GET',
      `${res(dt)}?fields=${encodeURIComponent('name, title')}&filters=${encodeURIComponent(JSON.stringify({ tag }))}&limit_page_length=1`,
    );
    expect(r.status).toBe(500);
    expect(r.body.exc_type).toBe('JSONDecodeError');
  });

  it('count(name) as n with group_by aggregates', async () => {
    const r = data<{ status: string | null; n: number }[]>(
      await c.get(res(dt), {
        fields: ['status', 'count(name) as n'],
        filters: { tag },
        group_by: 'status',
        order_by: 'status asc',
      }),
    );
    const map = Object.fromEntries(r.map((x) => [x.status ?? '', x.n]));
    expect(map).toEqual({ '': 1, Closed: 2, Open: 2 });
  });

  it('sum() and an alias', async () => {
    const r = data<{ total: number }[]>(await c.get(res(dt), { fields: ['sum(amount) as total'], filters: { tag } }));
    expect(r[0]?.total).toBe(150);
  });

  it('"link_field.target_field" joins the linked record, keyed by the target field alone (alias it to rename)', async () => {
    const r = data<Record<string, unknown>[]>(
      await c.get(res(dt), {
        fields: ['title', 'customer.customer_name', 'customer.customer_name as linked_name'],
        filters: { tag, title: 'a' },
      }),
    );
    expect(String(r[0]?.customer_name ?? '')).toMatch(/^ZZV Cliente/);
    expect(String(r[0]?.linked_name ?? '')).toMatch(/^ZZV Cliente/);
    expect(r[0]?.['customer.customer_name']).toBeUndefined();
  });

  it('"table_field.child_field" gives one row per child row', async () => {
    const r = data<Record<string, unknown>[]>(
      await c.get(res(parent), { fields: ['title', 'lines.item'], filters: { tag }, order_by: 'title asc' }),
    );
    expect(r.length).toBe(3);
  });

  it('an unknown field is a 4xx error, never a 500', async () => {
    const r = await c.get(res(dt), { fields: ['no_such_field'] });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('a sub-query in fields fails (500 on Frappe 15.75): never a result', async () => {
    const r = await c.get(res(dt), { fields: ['(select 1) as x'] });
    expect(r.status).toBe(500);
    expect(r.body.data).toBeUndefined();
  });

  it('as_dict=0 returns lists of values', async () => {
    const r = data<unknown[]>(
      await c.get(res(dt), { fields: ['title', 'qty'], filters: { tag, title: 'a' }, as_dict: 0 }),
    );
    expect(r).toEqual([['a', 1]]);
  });
});

describe('filter forms', () => {
  it('a dict: plain values mean =, lists mean [operator, value]', async () => {
    const r = data<{ title: string }[]>(
      await c.get(res(dt), { fields: ['title'], filters: { tag, qty: ['>', 3] }, order_by: 'title asc' }),
    );
    expect(r.map((x) => x.title)).toEqual(['d', 'e']);
  });

  it('a list of [field, op, value]', async () => {
    expect(await titles([['status', '=', 'Open']])).toEqual(['a', 'b']);
  });

  it('a list of [doctype, field, op, value] on a child table filters parents', async () => {
    const r = data<{ title: string }[]>(
      await c.get(res(parent), {
        fields: ['title'],
        filters: [
          [parent, 'tag', '=', tag],
          [child, 'item', '=', 'z'],
        ],
      }),
    );
    expect(r.map((x) => x.title)).toEqual(['p2']);
  });

  it('a 3-item filter on a child field is 417 "Field not permitted in query"; the 4-item form names the table', async () => {
    const refused = await c.get(res(parent), {
      fields: ['title'],
      filters: [
        ['tag', '=', tag],
        ['item', '=', 'x'],
      ],
    });
    expect(refused.status).toBe(417);
    expect(refused.text).toMatch(/Field not permitted in query/);
    const r = data<{ title: string }[]>(
      await c.get(res(parent), {
        fields: ['title'],
        filters: [
          [parent, 'tag', '=', tag],
          [child, 'item', '=', 'x'],
        ],
      }),
    );
    expect(r.map((x) => x.title)).toEqual(['p1']);
  });

  it('or_filters', async () => {
    expect(
      await titles([], {
        or_filters: [
          ['qty', '=', 1],
          ['qty', '=', 5],
        ],
      }),
    ).toEqual(['a', 'e']);
  });

  it('an invalid operator is 417 "Operator must be one of"', async () => {
    const r = await c.get(res(dt), { filters: [['qty', '<>', 1]] });
    expect(r.status).toBe(417);
    expect(r.text).toMatch(/Operator must be one of/);
  });
});

describe('operators and null semantics', () => {
  it('= and != on numbers', async () => {
    expect(await titles([['qty', '=', 2]])).toEqual(['b']);
    expect(await titles([['qty', '!=', 2]])).toEqual(['a', 'c', 'd', 'e']);
  });

  it('docstatus compares as a number', async () => {
    expect(await titles([['docstatus', '<', 1]])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await titles([['docstatus', '<', 0]])).toEqual([]);
    expect(await titles([['docstatus', '>', 0]])).toEqual([]);
  });

  it('> < >= <= on numbers', async () => {
    expect(await titles([['qty', '>', 3]])).toEqual(['d', 'e']);
    expect(await titles([['qty', '<=', 2]])).toEqual(['a', 'b']);
    expect(
      await titles([
        ['amount', '>=', 30],
        ['amount', '<', 50],
      ]),
    ).toEqual(['c', 'd']);
  });

  it('= "" matches NULL values', async () => {
    expect(await titles([['status', '=', '']])).toEqual(['d']);
  });

  it('!= "x" includes NULL values', async () => {
    expect(await titles([['status', '!=', 'Open']])).toEqual(['c', 'd', 'e']);
  });

  it('like / not like (the caller adds %)', async () => {
    expect(await titles([['status', 'like', 'Op%']])).toEqual(['a', 'b']);
    expect(await titles([['status', 'not like', 'Op%']])).toEqual(['c', 'd', 'e']);
  });

  it('in with a list; in with a comma string', async () => {
    expect(await titles([['title', 'in', ['a', 'c']]])).toEqual(['a', 'c']);
    expect(await titles([['title', 'in', 'b,e']])).toEqual(['b', 'e']);
  });

  it('in does not match NULL unless the list holds ""', async () => {
    expect(await titles([['status', 'in', ['Open']]])).toEqual(['a', 'b']);
    expect(await titles([['status', 'in', ['Open', '']]])).toEqual(['a', 'b', 'd']);
  });

  it('not in always includes NULL values', async () => {
    expect(await titles([['status', 'not in', ['Open']]])).toEqual(['c', 'd', 'e']);
  });

  it('is set / is not set', async () => {
    expect(await titles([['due', 'is', 'set']])).toEqual(['a', 'b', 'c', 'e']);
    expect(await titles([['due', 'is', 'not set']])).toEqual(['d']);
  });

  it('between on a Date compares the dates as given', async () => {
    expect(await titles([['due', 'between', ['2026-02-01', '2026-03-10']]])).toEqual(['b', 'c']);
  });

  it('between on a Datetime with date-only bounds covers whole days', async () => {
    expect(await titles([['seen_at', 'between', ['2026-02-10', '2026-02-10']]])).toEqual(['b']);
  });

  it('< on a Date treats NULL as the earliest date', async () => {
    expect(await titles([['due', '<', '2026-02-01']])).toEqual(['a', 'd']);
  });

  it('Check/Int values are compared as numbers, even when sent as text', async () => {
    expect(await titles([['qty', '=', '3']])).toEqual(['c']);
  });
});

describe('ordering and paging', () => {
  it('order_by asc and desc, several keys', async () => {
    expect(await titles([], { order_by: 'qty desc' })).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await titles([], { order_by: 'status asc, qty desc' })).toEqual(['d', 'e', 'c', 'b', 'a']);
  });

  it('the default page is 20 rows', async () => {
    const many = await customDoctype(c);
    await c.post('/api/method/frappe.client.insert_many', {
      docs: Array.from({ length: 25 }, (_, i) => ({ doctype: many, title: `row ${i}` })),
    });
    expect(data<unknown[]>(await c.get(res(many))).length).toBe(20);
    expect(data<unknown[]>(await c.get(res(many), { limit_page_length: 0 })).length).toBe(25);
  });

  it('limit_start pages through rows', async () => {
    const page1 = await titles([], { limit_page_length: 2, limit_start: 0 });
    const page2 = await titles([], { limit_page_length: 2, limit_start: 2 });
    const page3 = await titles([], { limit_page_length: 2, limit_start: 4 });
    expect([...page1, ...page2, ...page3]).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('frappe.client.get_list answers the same rows in {message}', async () => {
    const r = await c.post('/api/method/frappe.client.get_list', {
      doctype: dt,
      fields: ['title'],
      filters: { tag },
      order_by: 'title asc',
      limit_page_length: 2,
    });
    expect((r.body.message as { title: string }[]).map((x) => x.title)).toEqual(['a', 'b']);
  });
});

describe('child doctypes', () => {
  it('listing a child doctype without parent is 403', async () => {
    expect((await c.get(res(child))).status).toBe(403);
  });

  it('with parent=<parent doctype> it works', async () => {
    const r = await c.get(res(child), { parent, fields: ['item', 'hours'], order_by: 'idx asc', limit_page_length: 0 });
    expect(r.status).toBe(200);
    expect(data<unknown[]>(r).length).toBeGreaterThanOrEqual(3);
  });
});
