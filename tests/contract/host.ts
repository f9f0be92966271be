/**
 * The host under test. With HOST_URL set, the suite talks to that site (HOST_USER / HOST_PASSWORD, default
 * Administrator / admin); otherwise it starts an in-memory dev host on a free 127.0.0.1 port, once per worker.
 * Every test creates its own records with unique names, so the suite can run against a real site.
 */
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { serve } from '../../devhost/server.ts';
import { DevHost } from '../../devhost/site.ts';

export interface HostInfo {
  url: string;
  user: string;
  password: string;
  /** The in-process dev host, when the suite started one (for dev-host-only checks). */
  devhost: DevHost | null;
}

let started: Promise<HostInfo> | null = null;

export function getHost(): Promise<HostInfo> {
  started ??= (async (): Promise<HostInfo> => {
    const url = process.env.HOST_URL;
    if (url)
      return {
        url: url.replace(/\/$/, ''),
        user: process.env.HOST_USER ?? 'Administrator',
        password: process.env.HOST_PASSWORD ?? 'admin',
        devhost: null,
      };
    const site = await DevHost.create({ dataDir: null, adminPassword: 'admin' });
    const server = await serve(site, 0);
    const port = (server.address() as AddressInfo).port;
    return { url: `http://127.0.0.1:${port}`, user: 'Administrator', password: 'admin', devhost: site };
  })();
  return started;
}

/** A unique, recognisable test name (ZZV prefix as in docs/host-contract.md). */
export function uid(label = 'T'): string {
  return `ZZV ${label} ${randomBytes(4).toString('hex')}`;
}

export interface Res {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  text: string;
}

/** One HTTP client with its own cookie jar (a browser session) or token. */
export class Client {
  private cookies = new Map<string, string>();
  token: string | null = null;
  csrf: string | null = null;

  constructor(readonly base: string) {}

  static async admin(): Promise<Client> {
    const h = await getHost();
    const c = new Client(h.url);
    const r = await c.post('/api/method/login', { usr: h.user, pwd: h.password });
    if (r.status !== 200) throw new Error(`login failed: ${r.text}`);
    return c;
  }

  static async as(user: string, password: string): Promise<Client> {
    const c = new Client((await getHost()).url);
    const r = await c.post('/api/method/login', { usr: user, pwd: password });
    if (r.status !== 200) throw new Error(`login as ${user} failed: ${r.text}`);
    return c;
  }

  static async guest(): Promise<Client> {
    return new Client((await getHost()).url);
  }

  async request(
    method: string,
    path: string,
    opts: {
      query?: Record<string, unknown>;
      json?: unknown;
      form?: Record<string, string>;
      body?: RequestInit['body'];
      headers?: Record<string, string>;
    } = {},
  ): Promise<Res> {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.token) headers.authorization = `token ${this.token}`;
    if (this.csrf) headers['x-frappe-csrf-token'] = this.csrf;
    let body: RequestInit['body'] | undefined = opts.body;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      if (i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = {};
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  }

  get(path: string, query?: Record<string, unknown>): Promise<Res> {
    return this.request('GET', path, query ? { query } : {});
  }
  post(path: string, json?: unknown): Promise<Res> {
    return this.request('POST', path, json === undefined ? {} : { json });
  }
  put(path: string, json: unknown): Promise<Res> {
    return this.request('PUT', path, { json });
  }
  delete(path: string): Promise<Res> {
    return this.request('DELETE', path);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export function res(doctype: string, name?: string): string {
  return `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

/** `_server_messages` decoded: a JSON string of a list of JSON strings (docs/host-contract.md). */
export function serverMessages(
  body: Record<string, unknown>,
): { message: string; title?: string; indicator?: string }[] {
  const raw = body._server_messages;
  if (typeof raw !== 'string') return [];
  return (JSON.parse(raw) as string[]).map((s) => JSON.parse(s) as { message: string });
}

export function data<T = Record<string, unknown>>(r: Res): T {
  return r.body.data as T;
}
