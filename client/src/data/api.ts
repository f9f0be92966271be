/**
 * The client's only door to the host: Frappe's v1 API on the same origin (docs/host-contract.md). Sends the session's
 * CSRF token once the session has one, unwraps `{data}` / `{message}`, and turns error envelopes into ApiError with
 * the host's own messages in the reader's language. One error policy, set at boot. The token is read from `postventa.session.boot`, and read
 * again when the host refuses it (opening /app in the same session replaces it): the write is then sent once more.
 */
import { reactive } from 'vue';
import { hostMessages, readerHalf } from '../i18n/host-messages.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly excType: string,
    readonly messages: string[],
  ) {
    super(messages[0] ?? excType);
    this.name = 'ApiError';
  }
}

/** The session's CSRF token, as `postventa.session.boot` last gave it ("" while the session has none). */
let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token === 'None' || token.includes('{{') ? '' : token;
}
const BOOT = '/api/method/postventa.session.boot';

function decode(raw: unknown): string[] {
  if (typeof raw !== 'string') return [];
  try {
    return (JSON.parse(raw) as string[]).map((s) =>
      String((JSON.parse(s) as { message?: unknown }).message ?? '').replace(/<[^>]*>/g, ''),
    );
  } catch {
    return [];
  }
}

/** Toasts: the single place errors and confirmations are shown. */
export const toasts = reactive<{ id: number; text: string; kind: 'error' | 'ok' }[]>([]);
let toastId = 0;
export function toast(text: string, kind: 'error' | 'ok' = 'ok'): void {
  const id = ++toastId;
  toasts.push({ id, text, kind });
  setTimeout(() => {
    const i = toasts.findIndex((x) => x.id === id);
    if (i >= 0) toasts.splice(i, 1);
  }, 6000);
}

/**
 * One round trip: the session's CSRF token when it has one, the body unwrapped from `{data}` / `{message}`, an
 * error envelope turned into ApiError (toasted unless quiet). A 400 CSRFTokenError re-reads the token and sends the
 * request once more.
 */
async function send<T>(
  url: URL | string,
  init: RequestInit & { headers: Record<string, string> },
  quiet: boolean,
  retried = false,
): Promise<T> {
  init.headers.accept = 'application/json';
  if (csrfToken) init.headers['x-frappe-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: 'include' });
  } catch {
    throw new ApiError(0, 'NetworkError', [readerHalf('No hay conexión con el servidor. / Cannot reach the server.')]);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    // The host's words in the reader's language (i18n/host-messages.ts), the field named as the form names it.
    const err = new ApiError(
      res.status,
      String(body.exc_type ?? res.statusText),
      await hostMessages([
        ...decode(body._server_messages),
        ...(typeof body.message === 'string' ? [body.message] : []),
      ]),
    );
    if (!retried && res.status === 400 && err.excType === 'CSRFTokenError') {
      await refreshCsrfToken();
      return send<T>(url, init, quiet, true);
    }
    if (!quiet) toast(err.message, 'error');
    throw err;
  }
  return (body.data ?? body.message ?? body) as T;
}

export interface Boot {
  user: string;
  /** The user's roles that decide their part of the app (client/src/access.ts). */
  roles?: string[];
  full_name: string;
  csrf_token: string;
  time_zone: string;
  /** The host user's language ("es", "es-MX", "en"). */
  lang: string;
  /** The user's company: its country and currency decide how numbers, dates and money are written. */
  company?: { name: string; country: string | null; currency: string | null } | null;
}

/** Who the session is and its current CSRF token (a GET: it needs no token itself). */
export async function readBoot(): Promise<Boot> {
  const boot = await send<Boot>(BOOT, { method: 'GET', headers: {} }, true, true);
  setCsrfToken(String(boot.csrf_token || ''));
  return boot;
}

async function refreshCsrfToken(): Promise<void> {
  await readBoot().catch(() => setCsrfToken(''));
}

export function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  opts: { query?: Record<string, unknown>; body?: unknown; quiet?: boolean } = {},
): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(opts.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const init: RequestInit & { headers: Record<string, string> } =
    opts.body === undefined
      ? { method, headers: {} }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.body) };
  return send<T>(url, init, opts.quiet ?? false);
}

/** Multipart upload (`upload_file`, docs/host-contract.md): private by default, attached to a document. */
export const upload = <T>(form: FormData): Promise<T> =>
  send<T>('/api/method/upload_file', { method: 'POST', headers: {}, body: form }, false);

export const resource = (doctype: string, name?: string): string =>
  `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
export const method = (path: string): string => `/api/method/${path}`;

/** `[field, op, value]`, or `[child doctype, field, op, value]` for a child table's field. */
export type Filter = [string, string, unknown] | [string, string, string, unknown];

export function list<T>(
  doctype: string,
  q: {
    fields: string[];
    filters?: Filter[];
    orFilters?: Filter[];
    orderBy: string;
    limit?: number;
    start?: number;
    groupBy?: string;
    parent?: string;
  },
): Promise<T[]> {
  return request<T[]>('GET', resource(doctype), {
    query: {
      fields: q.fields,
      filters: q.filters ?? [],
      ...(q.orFilters ? { or_filters: q.orFilters } : {}),
      order_by: q.orderBy,
      limit_page_length: q.limit ?? 20,
      limit_start: q.start ?? 0,
      ...(q.groupBy ? { group_by: q.groupBy } : {}),
      ...(q.parent ? { parent: q.parent } : {}),
    },
  });
}
