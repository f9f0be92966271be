/** The same handler mounted in-process through msw: no port, same answers. */
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevHost } from '../../../devhost/site.ts';

let site: DevHost;
const server = setupServer();
beforeAll(async () => {
  site = await DevHost.create({ dataDir: null });
  server.use(http.all('http://frappe.test/*', ({ request }) => site.handle(request)));
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => server.close());

describe('msw mount', () => {
  it('answers fetch() without any socket', async () => {
    const login = await fetch('http://frappe.test/api/method/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ usr: 'Administrator', pwd: 'admin' }),
    });
    expect(await login.json()).toMatchObject({ message: 'Logged In' });
    const sid = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const list = await fetch(
      'http://frappe.test/api/resource/Role?fields=["name"]&limit_page_length=3&order_by=name%20asc',
      { headers: { cookie: sid } },
    );
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(3);
  });
});
