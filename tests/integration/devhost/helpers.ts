/** In-process helpers for dev host integration tests: a site, a logged-in request function. */
import { DevHost, type DevHostOptions } from '../../../devhost/site.ts';

export interface Api {
  site: DevHost;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function openSite(opts: Partial<DevHostOptions> = {}): Promise<Api> {
  const site = await DevHost.create({ dataDir: null, adminPassword: 'admin', ...opts });
  return apiFor(site);
}

export async function apiFor(site: DevHost): Promise<Api> {
  const login = await site.handle(
    new Request('http://devhost.test/api/method/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ usr: 'Administrator', pwd: 'admin' }),
    }),
  );
  const sid = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  return {
    site,
    async call(method, path, body) {
      const r = await site.handle(
        new Request(`http://devhost.test${path}`, {
          method,
          headers: { 'content-type': 'application/json', cookie: sid },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      const text = await r.text();
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { text };
      }
      return { status: r.status, body: parsed };
    },
  };
}

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
