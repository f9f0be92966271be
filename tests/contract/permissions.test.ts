/** docs/host-contract.md: role permissions, owner-only rules, User Permissions for website users. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, res, uid } from './host.ts';
import { customDoctype, newCustomer } from './fixtures.ts';

let admin: Client;
let role: string;
let dt: string;
let ownDt: string;
beforeAll(async () => {
  admin = await Client.admin();
  role = uid('Role');
  await admin.post(res('Role'), { role_name: role, desk_access: 1 });
  dt = await customDoctype(c0(), {
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      { fieldname: 'customer', fieldtype: 'Link', label: 'Customer', options: 'Customer' },
    ],
    permissions: [
      { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
      { role, read: 1, write: 0, create: 0, delete: 0 },
    ],
  });
  ownDt = await customDoctype(c0(), {
    fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
    permissions: [
      { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
      { role, read: 1, write: 1, create: 1, delete: 0, if_owner: 1 },
    ],
  });
});
function c0(): Client {
  return admin;
}

async function user(roles: string[]): Promise<Client> {
  const email = `${uid('p').replace(/ /g, '.').toLowerCase()}@example.com`;
  const r = await admin.post(res('User'), {
    email,
    first_name: 'Perm',
    new_password: 'Zzv-Perm-1234',
    send_welcome_email: 0,
    roles: roles.map((x) => ({ role: x })),
  });
  if (r.status !== 200) throw new Error(r.text);
  return Client.as(email, 'Zzv-Perm-1234');
}

describe('role permissions', () => {
  it('a read-only role reads but cannot create (403)', async () => {
    await admin.post(res(dt), { title: uid() });
    const u = await user([role]);
    expect((await u.get(res(dt))).status).toBe(200);
    const r = await u.post(res(dt), { title: 'x' });
    expect(r.status).toBe(403);
    expect(r.body.exc_type).toBe('PermissionError');
  });

  it('a user without any role on the doctype gets 403 on list and document', async () => {
    const d = data(await admin.post(res(dt), { title: uid() }));
    const u = await user([]);
    expect((await u.get(res(dt))).status).toBe(403);
    expect((await u.get(res(dt, String(d.name)))).status).toBe(403);
  });

  it('owner-only rules limit lists and reads to the user’s own documents', async () => {
    const theirs = data(await admin.post(res(ownDt), { title: 'admin owns this' }));
    const u = await user([role]);
    const mine = data(await u.post(res(ownDt), { title: 'mine' }));
    const list = data<{ name: string }[]>(await u.get(res(ownDt), { limit_page_length: 0 }));
    expect(list.map((x) => x.name)).toEqual([mine.name]);
    expect((await u.get(res(ownDt, String(theirs.name)))).status).toBe(403);
  });

  it('a user’s new role takes effect on the next request', async () => {
    const email = `${uid('late').replace(/ /g, '.').toLowerCase()}@example.com`;
    await admin.post(res('User'), { email, first_name: 'Late', new_password: 'Zzv-Perm-1234', send_welcome_email: 0 });
    const u = await Client.as(email, 'Zzv-Perm-1234');
    expect((await u.get(res(dt))).status).toBe(403);
    await admin.put(res('User', email), { roles: [{ role }] });
    expect((await u.get(res(dt))).status).toBe(200);
  });

  it('user_type is recomputed from roles: no desk role means Website User', async () => {
    const email = `${uid('web').replace(/ /g, '.').toLowerCase()}@example.com`;
    const r = await admin.post(res('User'), {
      email,
      first_name: 'Web',
      send_welcome_email: 0,
      user_type: 'System User',
    });
    expect(data(r).user_type).toBe('Website User');
  });
});

describe('User Permissions', () => {
  it('restrict a user to the records linked to their own Customer', async () => {
    const mine = await newCustomer(admin);
    const other = await newCustomer(admin);
    const a = data(await admin.post(res(dt), { title: 'for mine', customer: mine }));
    const b = data(await admin.post(res(dt), { title: 'for other', customer: other }));
    const email = `${uid('cust').replace(/ /g, '.').toLowerCase()}@example.com`;
    await admin.post(res('User'), {
      email,
      first_name: 'Cliente',
      new_password: 'Zzv-Perm-1234',
      send_welcome_email: 0,
      roles: [{ role }],
    });
    await admin.post(res('User Permission'), { user: email, allow: 'Customer', for_value: mine });
    const u = await Client.as(email, 'Zzv-Perm-1234');
    const visible = data<{ name: string }[]>(
      await u.get(res(dt), { filters: [['name', 'in', [a.name, b.name]]], limit_page_length: 0 }),
    ).map((x) => x.name);
    expect(visible).toEqual([a.name]);
    expect((await u.get(res(dt, String(b.name)))).status).toBe(403);
    expect((await u.get(res(dt, String(a.name)))).status).toBe(200);
  });
});
