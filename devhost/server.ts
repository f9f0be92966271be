/** Serves a DevHost over HTTP on 127.0.0.1 with node:http, translating to and from the fetch API's Request/Response. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DevHost } from './site.ts';

/** The largest body accepted, as a proxy in front of a real site would (25 MB, Frappe's default upload limit). */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

class TooLarge extends Error {}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TooLarge();
    chunks.push(c as Buffer);
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  const method = req.method ?? 'GET';
  const body = chunks.length && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? '/', base), { method, headers, ...(body ? { body } : {}) });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((v, k) => {
    if (k !== 'set-cookie') res.setHeader(k, v);
  });
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.statusCode = response.status;
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function serve(site: DevHost, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        await send(res, await site.handle(await toRequest(req, `http://${host}:${port}`)));
      } catch (e) {
        if (e instanceof TooLarge) {
          res.statusCode = 413;
          res.setHeader('connection', 'close');
          res.end(JSON.stringify({ exc_type: 'RequestEntityTooLarge', exception: 'Request Entity Too Large' }));
          req.destroy();
          return;
        }
        res.statusCode = 500;
        res.end(JSON.stringify({ exc_type: 'Exception', exception: e instanceof Error ? e.message : String(e) }));
      }
    })();
  });
  // Idle keep-alive sockets stay open longer than fetch (undici) keeps them, so the client never reuses a socket the
  // server is closing at that moment (ECONNRESET under load).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
