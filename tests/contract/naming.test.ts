/** docs/host-contract.md naming rules, checked on custom doctypes created over REST (how the installer works). */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, uid } from './host.ts';
import { customDoctype } from './fixtures.ts';

let c: Client;
beforeAll(async () => {
  c = await Client.admin();
});

const year = String(new Date().getFullYear());

describe('naming', () => {
  it('a dotted series CASO-.YYYY.-.##### gives CASO-<year>-00001, then 00002', async () => {
    const prefix = `Z${Math.random().toString(36).slice(2, 7).toUpperCase()}`;
    const dt = await customDoctype(c, { autoname: `${prefix}-.YYYY.-.#####` });
    const a = String(data(await c.post(res(dt), { title: uid() })).name);
    const b = String(data(await c.post(res(dt), { title: uid() })).name);
    expect(a).toMatch(new RegExp(`^${prefix}-(${year}|${Number(year) - 1}|${Number(year) + 1})-00001$`));
    expect(b).toBe(a.replace(/00001$/, '00002'));
  });

  it('field:<fieldname> uses that value as the name', async () => {
    const dt = await customDoctype(c, {
      autoname: 'field:code',
      fields: [{ fieldname: 'code', fieldtype: 'Data', label: 'Code', reqd: 1, unique: 1 }],
    });
    const code = uid('code');
    expect(data(await c.post(res(dt), { code })).name).toBe(code);
  });

  it('field: naming with the same value twice is 409 DuplicateEntryError', async () => {
    const dt = await customDoctype(c, {
      autoname: 'field:code',
      fields: [{ fieldname: 'code', fieldtype: 'Data', label: 'Code', reqd: 1, unique: 1 }],
    });
    const code = uid('code');
    await c.post(res(dt), { code });
    const r = await c.post(res(dt), { code });
    expect(r.status).toBe(409);
    expect(r.body.exc_type).toBe('DuplicateEntryError');
  });

  it('hash gives a 10-character lowercase base32hex name', async () => {
    const dt = await customDoctype(c, { autoname: 'hash' });
    expect(String(data(await c.post(res(dt), { title: uid() })).name)).toMatch(/^[0-9a-v]{10}$/);
  });

  it('prompt takes "name" from the body, and "__newname" too', async () => {
    const dt = await customDoctype(c, { autoname: 'prompt' });
    const n1 = uid('p');
    const n2 = uid('p');
    expect(data(await c.post(res(dt), { name: n1, title: 'a' })).name).toBe(n1);
    expect(data(await c.post(res(dt), { __newname: n2, title: 'b' })).name).toBe(n2);
  });

  it('prompt without a name is 417 "Please set the document name" (docs/host-contract.md)', async () => {
    const dt = await customDoctype(c, { autoname: 'prompt' });
    const r = await c.post(res(dt), { title: 'x' });
    expect(r.status).toBe(417);
    expect(r.text).toMatch(/Please set the document name/);
  });

  it('format:PFX-{field}-{#####} expands fields; one counter runs across every value of the other parts', async () => {
    const dt = await customDoctype(c, {
      autoname: 'format:ZF-{kind}-{####}',
      fields: [{ fieldname: 'kind', fieldtype: 'Data', label: 'Kind', reqd: 1 }],
    });
    const kind = `K${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
    const other = `K${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
    const first = String(data(await c.post(res(dt), { kind })).name);
    const m = new RegExp(`^ZF-${kind}-(\\d{4,})$`).exec(first);
    expect(m).not.toBeNull();
    const n = Number(m?.[1]);
    expect(data(await c.post(res(dt), { kind })).name).toBe(`ZF-${kind}-${String(n + 1).padStart(4, '0')}`);
    expect(data(await c.post(res(dt), { kind: other })).name).toBe(`ZF-${other}-${String(n + 2).padStart(4, '0')}`);
  });

  it('autoincrement gives consecutive numeric names', async () => {
    const dt = await customDoctype(c, { autoname: 'autoincrement' });
    const a = Number(data(await c.post(res(dt), { title: 'a' })).name);
    const b = Number(data(await c.post(res(dt), { title: 'b' })).name);
    expect(b).toBe(a + 1);
  });

  it('a name with < or > is refused (409 NameError)', async () => {
    const dt = await customDoctype(c, { autoname: 'prompt' });
    const r = await c.post(res(dt), { name: 'bad<name>', title: 'x' });
    expect(r.status).toBe(409);
  });

  it('names are stripped of surrounding spaces', async () => {
    const dt = await customDoctype(c, { autoname: 'prompt' });
    const n = uid('s');
    expect(data(await c.post(res(dt), { name: `  ${n}  `, title: 'x' })).name).toBe(n);
  });

  it('names may contain "/" and are reachable by URL-encoded path', async () => {
    const dt = await customDoctype(c, { autoname: 'prompt' });
    const n = `${uid('a')}/b`;
    await c.post(res(dt), { name: n, title: 'x' });
    const r = await c.get(`/api/resource/${encodeURIComponent(dt)}/${n}`);
    expect(r.status).toBe(200);
    expect(data(r).name).toBe(n);
  });

  it('child rows get hash names, idx from 1, and parent/parentfield/parenttype', async () => {
    const child = await customDoctype(c, {
      istable: 1,
      fields: [{ fieldname: 'line', fieldtype: 'Data', label: 'Line' }],
    });
    const parent = await customDoctype(c, {
      fields: [
        { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
        { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: child },
      ],
    });
    const d = data(await c.post(res(parent), { title: 'p', lines: [{ line: 'a' }, { line: 'b' }] }));
    const rows = d.lines as Record<string, unknown>[];
    expect(rows.map((r) => r.idx)).toEqual([1, 2]);
    expect(rows[0]).toMatchObject({ parent: d.name, parentfield: 'lines', parenttype: parent, doctype: child });
    expect(String(rows[0]?.name)).toMatch(/^[0-9a-z]{10}$/);
  });
});
