/** The companion's HTTP endpoint: `/health` and `/webhooks/<topic>` on a configurable port; bodies capped at 1 MB. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleWebhook, type WebhookDeps } from './webhooks.ts';

const MAX_BODY = 1024 * 1024;

export interface HealthInfo {
  replica: string;
  startedAt: string;
  lastRun: Record<string, unknown> | null;
}

export function startHttp(
  deps: WebhookDeps & { secret: string; health: () => HealthInfo },
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const send = (status: number, body: Record<string, unknown>): void => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://companion');
    if (req.method === 'GET' && url.pathname === '/health') return send(200, { ok: true, ...deps.health() });
    const m = /^\/webhooks\/([a-z-]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') return send(404, { error: 'not found' });
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) return send(413, { error: 'body too large' });
      const header = req.headers['x-frappe-webhook-signature'];
      handleWebhook(m[1] ?? '', Buffer.concat(chunks), Array.isArray(header) ? header[0] : header, deps.secret, deps)
        .then((a) => send(a.status, a.body))
        .catch((e: unknown) => {
          deps.log('error', 'webhook failed', { error: e instanceof Error ? e.message : String(e) });
          // The host retries on non-2xx (3 tries); the sweep covers it after that.
          send(503, { error: 'could not process now; the sweep will' });
        });
    });
  });
  // Idle keep-alive sockets outlive the host's and the tests' fetch pools, so a client never reuses a socket that is
  // being closed (ECONNRESET under load).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({ server, url: `http://${host}:${(server.address() as AddressInfo).port}` }),
    );
  });
}
