/** docs/host-contract.md: login, cookies, token auth, guests, CSRF. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, data, getHost, res, uid } from './host.ts';
import { newUser as makeUser } from './fixtures.ts';

let admin: Client;
/** A unique lower-case suffix, so the suite can run again on the same site. */
const slug = (): string => uid().split(' ').pop() ?? '';
beforeAll(async () => {
  admin = await Client.admin();
});

const newUser = (roles: string[]): Promise<{ email: string; password: string }> => makeUser(admin, roles);

describe('login and sessions', () => {
  it('a system user logs in: "Logged In", /app home page, full name, sid cookie', async () => {
    const h = await getHost();
    const c = await Client.guest();
    const r = await c.post('/api/method/login', { usr: h.user, pwd: h.password });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ message: 'Logged In' });
    expect(String(r.body.home_page)).toMatch(/^\/app/);
    expect(c.cookie('sid')).toBeTruthy();
    expect(c.cookie('system_user')).toBe('yes');
  });

  it('a website user gets "No App"', async () => {
    const u = await newUser([]);
    const c = await Client.guest();
    const r = await c.post('/api/method/login', { usr: u.email, pwd: u.password });
    expect(r.body.message).toBe('No App');
    expect(c.cookie('system_user')).toBe('no');
  });

  it('a wrong password is 401 AuthenticationError "Invalid login credentials"', async () => {
    const c = await Client.guest();
    const r = await c.post('/api/method/login', { usr: 'Administrator', pwd: 'not-the-password' });
    expect(r.status).toBe(401);
    expect(r.body.exc_type).toBe('AuthenticationError');
    expect(r.body.message).toBe('Invalid login credentials');
  });

  it('missing credentials are 401 "Incomplete login details"', async () => {
    const r = await (await Client.guest()).post('/api/method/login', { usr: 'Administrator' });
    expect(r.status).toBe(401);
    expect(r.body.message).toBe('Incomplete login details');
  });

  it('get_logged_user names the session user', async () => {
    const h = await getHost();
    expect((await admin.get('/api/method/frappe.auth.get_logged_user')).body.message).toBe(h.user);
  });

  it('logout ends the session', async () => {
    const u = await newUser(['System Manager']);
    const c = await Client.as(u.email, u.password);
    expect((await c.post('/api/method/logout')).status).toBe(200);
    expect((await c.get(res('User'))).status).toBe(403);
  });

  it('the sid may be passed as a parameter instead of a cookie', async () => {
    const u = await newUser(['System Manager']);
    const c = await Client.as(u.email, u.password);
    const sid = c.cookie('sid');
    const bare = await Client.guest();
    const r = await bare.get('/api/method/frappe.auth.get_logged_user', { sid });
    expect(r.body.message).toBe(u.email);
  });

  it('a guest asking get_logged_user gets 403 PermissionError (Frappe 15.75), not 401', async () => {
    const r = await (await Client.guest()).get('/api/method/frappe.auth.get_logged_user');
    expect(r.status).toBe(403);
    expect(r.body.exc_type).toBe('PermissionError');
  });

  it('a guest listing a protected doctype gets 403, not 401', async () => {
    const r = await (await Client.guest()).get(res('User'));
    expect(r.status).toBe(403);
    expect(r.body.exc_type).toBe('PermissionError');
  });

  it('a guest calling a method that does not allow guests gets 403', async () => {
    expect((await (await Client.guest()).get('/api/method/frappe.client.get_list', { doctype: 'User' })).status).toBe(
      403,
    );
  });
});

describe('token auth', () => {
  it('generate_keys then "Authorization: token key:secret" authenticates', async () => {
    const u = await newUser(['System Manager']);
    const keys = (await admin.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: u.email })).body
      .message as { api_secret: string };
    const key = String(data(await admin.get(res('User', u.email))).api_key);
    const c = await Client.guest();
    c.token = `${key}:${keys.api_secret}`;
    expect((await c.get('/api/method/frappe.auth.get_logged_user')).body.message).toBe(u.email);
  });

  it('Basic base64(key:secret) works too', async () => {
    const u = await newUser(['System Manager']);
    const keys = (await admin.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: u.email })).body
      .message as { api_secret: string };
    const key = String(data(await admin.get(res('User', u.email))).api_key);
    const r = await (
      await Client.guest()
    ).request('GET', '/api/method/frappe.auth.get_logged_user', {
      headers: { authorization: `Basic ${Buffer.from(`${key}:${keys.api_secret}`).toString('base64')}` },
    });
    expect(r.body.message).toBe(u.email);
  });

  it('a wrong secret is 401', async () => {
    const c = await Client.guest();
    c.token = 'nokey:nosecret';
    const r = await c.get('/api/method/frappe.auth.get_logged_user');
    expect(r.status).toBe(401);
    expect(r.body.exc_type).toBe('AuthenticationError');
  });

  it('api_secret is masked in responses', async () => {
    const u = await newUser(['System Manager']);
    await admin.post('/api/method/frappe.core.doctype.user.user.generate_keys', { user: u.email });
    expect(String(data(await admin.get(res('User', u.email))).api_secret)).toMatch(/^\*+$/);
  });
});

describe('CSRF (enforced once the session has a token)', () => {
  it('an API-only cookie session is not CSRF-checked', async () => {
    const u = await newUser(['System Manager']);
    const c = await Client.as(u.email, u.password);
    expect((await c.post(res('ToDo'), { description: 'csrf-free' })).status).toBe(200);
  });

  it('a Web Page renders "None" until the session opens /app; then writes need the new token (400 CSRFTokenError)', async () => {
    const stamp = slug();
    const route = `zzv-boot-${stamp}`;
    await admin.post(res('Web Page'), {
      title: `ZZV Boot ${stamp}`,
      route,
      published: 1,
      content_type: 'HTML',
      dynamic_template: 1,
      main_section_html:
        '<script>window.csrf_token = "{{ frappe.session.csrf_token }}";</script><p>{{ frappe.session.user }}</p>',
    });
    const u = await newUser(['System Manager']);
    const c = await Client.as(u.email, u.password);
    const before = await c.request('GET', `/${route}`, { headers: { accept: 'text/html' } });
    expect(/csrf_token = "([^"]+)"/.exec(before.text)?.[1]).toBe('None');
    expect(before.text).toContain(u.email);
    expect((await c.post(res('ToDo'), { description: 'no token yet' })).status).toBe(200);
    await c.request('GET', '/app', { headers: { accept: 'text/html' } });
    const refused = await c.post(res('ToDo'), { description: 'needs csrf' });
    expect(refused.status).toBe(400);
    expect(refused.body.exc_type).toBe('CSRFTokenError');
    const after = await c.request('GET', `/${route}`, { headers: { accept: 'text/html' } });
    const token = /csrf_token = "([^"]+)"/.exec(after.text)?.[1] ?? '';
    expect(token).not.toBe('None');
    c.csrf = token;
    expect((await c.post(res('ToDo'), { description: 'with csrf' })).status).toBe(200);
  });

  it('a Web Page is rendered inside the website template, its HTML nested in article.web-page-content', async () => {
    const stamp = slug();
    const route = `zzv-chrome-${stamp}`;
    await admin.post(res('Web Page'), {
      title: `ZZV Chrome ${stamp}`,
      route,
      published: 1,
      content_type: 'HTML',
      main_section_html: '<div id="zzv-own">own</div>',
    });
    const page = await (await Client.guest()).request('GET', `/${route}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<article[^>]*class="[^"]*web-page-content[^"]*"[^>]*>\s*<div id="zzv-own">/);
    expect(page.text).toMatch(/<footer/);
    expect(page.text).toMatch(/navbar/);
  });

  it('a Web Page is named by its scrubbed title: the same title twice is 409', async () => {
    const stamp = slug();
    const title = `ZZV Same ${stamp}`;
    const first = await admin.post(res('Web Page'), { title, route: `zzv-same-a-${stamp}`, published: 0 });
    expect(first.status).toBe(200);
    expect(data(first).name).toBe(`zzv-same-${stamp}`.toLowerCase());
    const second = await admin.post(res('Web Page'), { title, route: `zzv-same-b-${stamp}`, published: 0 });
    expect(second.status).toBe(409);
  });

  it('Web Page is written by Website Manager only: a System Manager is refused', async () => {
    const u = await newUser(['System Manager']);
    const c = await Client.as(u.email, u.password);
    const stamp = slug();
    const r = await c.post(res('Web Page'), { title: `ZZV SM ${stamp}`, route: `zzv-sm-${stamp}`, published: 0 });
    expect(r.status).toBe(403);
  });

  it('a guest rendering the page gets the literal "None" token', async () => {
    const stamp = slug();
    const route = `zzv-guest-${stamp}`;
    await admin.post(res('Web Page'), {
      title: `ZZV Guest ${stamp}`,
      route,
      published: 1,
      content_type: 'HTML',
      dynamic_template: 1,
      main_section_html: '<i>{{ frappe.session.csrf_token }}|{{ frappe.session.user }}</i>',
    });
    const page = await (await Client.guest()).request('GET', `/${route}`, { headers: { accept: 'text/html' } });
    expect(page.text).toContain('<i>None|Guest</i>');
  });
});
