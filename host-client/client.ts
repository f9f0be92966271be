/**
 * The one way Postventa's server side talks to a host: Frappe's v1 REST API with API-key auth (docs/host-contract.md).
 * Lists always name their fields, send `order_by` (REST lists have no default order) and page with `limit_start`;
 * `iterate` streams any list page by page for everyone (docs/conventions.md). Network errors, 5xx, 429 and 503 are
 * retried with exponential backoff; 4xx never are. Every call has a timeout.
 *
 * Built on the platform `fetch` rather than frappe-js-sdk: the SDK sends `limit` and an empty `order_by` on lists and
 * flattens error envelopes (docs/host-contract.md), and we need the status codes and `_server_messages` intact.
 */
import { z } from 'zod';
import { decodeServerMessages, HostError, HostUnreachableError } from './errors.ts';

/** Any document or row, for calls whose answer is only passed on or read loosely. */
export const AnyDoc = z.record(z.string(), z.unknown());

export type Filter = [string, string, unknown] | [string, string, string, unknown];

export interface HostClientOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs?: number;
  retries?: number;
  /** Backoff base, ms (doubled each try). */
  backoffMs?: number;
  fetch?: typeof fetch;
  /** Counts requests, for benchmarks and tests. */
  onRequest?: (method: string, path: string) => void;
}

export interface ListQuery {
  fields: string[];
  filters?: Filter[];
  orFilters?: Filter[];
  orderBy: string;
  pageSize?: number;
  parent?: string;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

export class HostClient {
  private readonly base: string;
  private readonly auth: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly onRequest: ((method: string, path: string) => void) | undefined;

  constructor(opts: HostClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.auth = `token ${opts.apiKey}:${opts.apiSecret}`;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.retries = opts.retries ?? 4;
    this.backoffMs = opts.backoffMs ?? 250;
    this.fetchImpl = opts.fetch ?? fetch;
    this.onRequest = opts.onRequest;
  }

  get url(): string {
    return this.base;
  }

  /** One HTTP exchange with retries; returns the parsed JSON body of a 2xx answer. */
  async request(
    method: string,
    path: string,
    opts: { query?: Record<string, unknown>; body?: unknown; form?: FormData } = {},
  ): Promise<Record<string, unknown>> {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      this.onRequest?.(method, path);
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method,
          headers: {
            authorization: this.auth,
            accept: 'application/json',
            ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          // A multipart form (upload_file) sets its own content type and boundary.
          ...(opts.form ? { body: opts.form } : opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        lastError = e;
        continue;
      }
      const text = await res.text();
      let body: Record<string, unknown>;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { _raw: text };
      }
      if (res.ok) return body;
      const err = new HostError(
        res.status,
        String(body.exc_type ?? res.statusText),
        decodeServerMessages(body._server_messages).concat(
          typeof body._error_message === 'string' ? [body._error_message] : [],
        ),
        text.slice(0, 300),
      );
      if (!RETRY_STATUS.has(res.status)) throw err;
      lastError = err;
    }
    if (lastError instanceof HostError) throw lastError;
    throw new HostUnreachableError(
      `${method} ${path}: the host did not answer after ${this.retries + 1} tries (${lastError instanceof Error ? lastError.message : String(lastError)})`,
      { cause: lastError },
    );
  }

  private static resource(doctype: string, name?: string): string {
    return `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  async getDoc<S extends z.ZodType>(doctype: string, name: string, schema: S): Promise<z.infer<S>> {
    return schema.parse((await this.request('GET', HostClient.resource(doctype, name))).data);
  }

  /** A document, or null when it does not exist (404). */
  async findDoc<S extends z.ZodType>(doctype: string, name: string, schema: S): Promise<z.infer<S> | null> {
    try {
      return await this.getDoc(doctype, name, schema);
    } catch (e) {
      if (e instanceof HostError && e.isNotFound) return null;
      throw e;
    }
  }

  async list<S extends z.ZodType>(
    doctype: string,
    q: ListQuery & { start?: number },
    schema: S,
  ): Promise<z.infer<S>[]> {
    const body = await this.request('GET', HostClient.resource(doctype), {
      query: {
        fields: q.fields,
        filters: q.filters ?? [],
        ...(q.orFilters ? { or_filters: q.orFilters } : {}),
        order_by: q.orderBy,
        limit_start: q.start ?? 0,
        limit_page_length: q.pageSize ?? 500,
        ...(q.parent ? { parent: q.parent } : {}),
      },
    });
    const rows = Array.isArray(body.data) ? body.data : [];
    return rows.map((r) => schema.parse(r));
  }

  /**
   * Every matching row in one POSTed `frappe.client.get_list` (no page limit, no URL length limit: for `in` filters
   * over many names), with aggregates and `groupBy` when asked. Child rows need `parent`.
   */
  async allRows<S extends z.ZodType>(
    doctype: string,
    q: Omit<ListQuery, 'orderBy' | 'pageSize'> & { orderBy?: string; groupBy?: string },
    schema: S,
  ): Promise<z.infer<S>[]> {
    const message = await this.call('frappe.client.get_list', {
      doctype,
      fields: q.fields,
      filters: q.filters ?? [],
      ...(q.orFilters ? { or_filters: q.orFilters } : {}),
      ...(q.groupBy ? { group_by: q.groupBy } : {}),
      order_by: q.orderBy ?? (q.groupBy ? `${q.groupBy} asc` : 'name asc'),
      limit_page_length: 0,
      ...(q.parent ? { parent: q.parent } : {}),
    });
    return z.array(schema).parse(message ?? []);
  }

  /** Streams every matching row, one page at a time, so memory stays flat however large the list. */
  async *iterate<S extends z.ZodType>(doctype: string, q: ListQuery, schema: S): AsyncGenerator<z.infer<S>[]> {
    const size = q.pageSize ?? 500;
    for (let start = 0; ; start += size) {
      const page = await this.list(doctype, { ...q, start, pageSize: size }, schema);
      if (page.length) yield page;
      if (page.length < size) return;
    }
  }

  /**
   * Pages by key, not by offset: each page asks for names after the last one seen, so rows written while the walk
   * goes on never shift a page (and a deep page costs what the first does).
   */
  async *iterateByName<S extends z.ZodType<{ name: string }>>(
    doctype: string,
    q: Omit<ListQuery, 'start' | 'orderBy'>,
    schema: S,
  ): AsyncGenerator<z.infer<S>[]> {
    const size = q.pageSize ?? 500;
    let last: string | null = null;
    for (;;) {
      const filters: Filter[] = [...(q.filters ?? []), ...(last === null ? [] : [['name', '>', last] as Filter])];
      const page: z.infer<S>[] = await this.list(
        doctype,
        { ...q, filters, orderBy: 'name asc', pageSize: size },
        schema,
      );
      if (page.length) yield page;
      if (page.length < size) return;
      last = page[page.length - 1]?.name ?? null;
    }
  }

  async insert<S extends z.ZodType>(doctype: string, doc: Record<string, unknown>, schema: S): Promise<z.infer<S>> {
    return schema.parse((await this.request('POST', HostClient.resource(doctype), { body: doc })).data);
  }

  async update<S extends z.ZodType>(
    doctype: string,
    name: string,
    patch: Record<string, unknown>,
    schema: S,
  ): Promise<z.infer<S>> {
    return schema.parse((await this.request('PUT', HostClient.resource(doctype, name), { body: patch })).data);
  }

  async delete(doctype: string, name: string): Promise<void> {
    await this.request('DELETE', HostClient.resource(doctype, name));
  }

  /** `upload_file` with a multipart form (file, is_private, doctype, docname, …): the File document. */
  /** The bytes of a file the user may read (`/files/…`, `/private/files/…`): a photo to put in a PDF. */
  async download(path: string, maxBytes = 15_000_000): Promise<Uint8Array> {
    if (!/^\/(private\/)?files\//.test(path)) throw new Error(`download: ${path} is not a file of the site`);
    const res = await this.fetchImpl(new URL(this.base + path), {
      headers: { authorization: this.auth },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new HostError(res.status, res.statusText, [], path);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > maxBytes) throw new Error(`download: ${path} is larger than ${maxBytes} bytes`);
    return bytes;
  }

  async uploadFile(form: FormData): Promise<unknown> {
    return (await this.request('POST', '/api/method/upload_file', { form })).message;
  }

  /** `/api/method/<path>`: the `message` value. */
  async call(path: string, args: Record<string, unknown> = {}, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
    const body =
      method === 'GET'
        ? await this.request('GET', `/api/method/${path}`, { query: args })
        : await this.request('POST', `/api/method/${path}`, { body: args });
    return body.message;
  }

  async count(doctype: string, filters: Filter[] = []): Promise<number> {
    return Number(await this.call('frappe.client.get_count', { doctype, filters }, 'GET'));
  }
}
