/**
 * Request parsing and response envelopes of Frappe's v1 API (docs/host-contract.md): a non-empty JSON body is
 * the whole `form_dict` (the query string is then ignored), otherwise query args merged with form fields; a JSON
 * array body becomes `form_dict.data`; `_` is dropped. Resource responses drop null fields; method responses keep
 * them under `message`.
 */
import { encodeServerMessages, errorBody, FrappeError, type ServerMessage } from '../errors.ts';

export type FormDict = Record<string, unknown>;

export interface UploadedFile {
  filename: string;
  type: string;
  bytes: Uint8Array;
}

export interface ParsedRequest {
  method: string;
  path: string;
  form: FormDict;
  files: Map<string, UploadedFile>;
}

export async function parseRequest(req: Request): Promise<ParsedRequest> {
  const url = new URL(req.url);
  const method = req.method.toUpperCase();
  const files = new Map<string, UploadedFile>();
  const query: FormDict = Object.fromEntries(url.searchParams.entries());
  let form: FormDict = query;
  if (method !== 'GET' && method !== 'HEAD') {
    const type = (req.headers.get('content-type') ?? '').toLowerCase();
    if (type.includes('multipart/form-data')) {
      const data = await req.formData().catch(() => {
        throw badRequest('The browser (or proxy) sent a request that this server could not understand.');
      });
      form = { ...query };
      for (const [k, v] of data.entries()) {
        if (typeof v === 'string') form[k] = v;
        else files.set(k, { filename: v.name, type: v.type, bytes: new Uint8Array(await v.arrayBuffer()) });
      }
    } else {
      const text = await req.text();
      if (text.trim() !== '' && type.includes('json')) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new FrappeError('ValidationError', 'Invalid JSON in request body', [
            { message: 'Invalid JSON in request body', title: 'Message', indicator: 'red', raise_exception: 1 },
          ]);
        }
        if (tooDeep(body)) throw badRequest('The request body nests too deeply.');
        form = Array.isArray(body)
          ? { data: body }
          : typeof body === 'object' && body !== null
            ? (body as FormDict)
            : { data: body };
      } else if (text.trim() !== '') {
        form = { ...query, ...Object.fromEntries(new URLSearchParams(text).entries()) };
      }
    }
  }
  delete form._;
  return { method, path: decodeURIComponent(url.pathname), form, files };
}

/** werkzeug's 400 for a body it cannot read (a broken multipart, JSON nested beyond what the server parses). */
function badRequest(message: string): FrappeError {
  return new FrappeError('BadRequest', message, [], {}, 400);
}

/** Whether a parsed body nests deeper than Python's json would read (its recursion limit is about 1,000). */
export function tooDeep(value: unknown, limit = 500): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (d > limit) return true;
    if (v && typeof v === 'object') for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return false;
}

/** Removes null/undefined keys recursively, as `as_dict(no_nulls=True)` does for documents. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function withMessages(body: Record<string, unknown>, messages: ServerMessage[]): Record<string, unknown> {
  return messages.length ? { ...body, _server_messages: encodeServerMessages(messages) } : body;
}

export function errorResponse(
  err: FrappeError,
  allowTraceback: boolean,
  accept: string | null,
  headers: Record<string, string> = {},
): Response {
  if ((accept ?? '').startsWith('text')) {
    return new Response(
      `<!doctype html><title>${err.excType}</title><h1>${err.httpStatus} ${err.excType}</h1><p>${err.message.replace(/</g, '&lt;')}</p>`,
      { status: err.httpStatus, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } },
    );
  }
  return json(err.httpStatus, errorBody(err, allowTraceback), headers);
}
