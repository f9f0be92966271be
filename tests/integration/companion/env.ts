/** A dev host served on loopback with Postventa installed by the real installer, and companions beside it. */
import { HostError } from '../../../host-client/errors.ts';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevHost } from '../../../devhost/site.ts';
import { serve } from '../../../devhost/server.ts';
import { mainAsync } from '../../../cli/main.ts';
import { startCompanion, type Companion } from '../../../server-scripts/serve.ts';
import { HostClient } from '../../../host-client/client.ts';
import type { Doc } from '../../../devhost/model/types.ts';
import { API_USER_ROLES } from '../../../cli/install/access.ts';
import { apiUser } from '../../../scripts/demo/local-install.ts';

export const SECRET = 'test-webhook-secret-0123456789abcdef';
export const INSTALLER_ROLES = [...API_USER_ROLES.installer];
export const COMPANION_ROLES = [...API_USER_ROLES.companion];

export { apiUser };

export interface Env {
  site: DevHost;
  url: string;
  server: Server;
  keys: { api_key: string; api_secret: string };
  clock: { now: Date };
  client: HostClient;
  configPath: string;
  cli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; out: string[]; err: string[] }>;
  companion(replica?: string, extra?: Parameters<typeof startCompanion>[1]): Promise<Companion>;
  insert(doctype: string, doc: Doc): Promise<Doc>;
  get(doctype: string, name: string): Doc;
  close(): Promise<void>;
}

export async function startEnv(
  opts: { install?: boolean; companionUrl?: string; start?: Date; apps?: string[] } = {},
): Promise<Env> {
  const clock = { now: opts.start ?? new Date('2026-11-23T13:00:00Z') }; // Monday 10:00 in Santiago
  const site = await DevHost.create({ dataDir: null, clock: () => clock.now, apps: opts.apps ?? [] });
  site.webhooks.options = { retryDelaysMs: [5, 5, 5] };
  const server = await serve(site, 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The API users hold exactly the roles the manifest's access table requires (cli/install/access.ts), never
  // Administrator: the installer System Manager + Script Manager + Website Manager, the companion Postventa
  // Integration + Super Email User (created once install has made the role).
  const keys = await apiUser(site, 'installer@pv.test', INSTALLER_ROLES);
  let companionKeys: { api_key: string; api_secret: string } | null = null;
  const admin = await site.internal((ctx) => site.generateKeys(ctx, 'Administrator'));
  const configPath = join(mkdtempSync(join(tmpdir(), 'pv-cfg-')), 'companion.json');
  const companions: Companion[] = [];
  const env: Env = {
    site,
    url,
    server,
    keys,
    clock,
    configPath,
    // The test's own hand on the site (a developer closing a Task, a manager editing): Administrator.
    client: new HostClient({ baseUrl: url, apiKey: admin.api_key, apiSecret: admin.api_secret }),
    async cli(args, e = {}) {
      const out: string[] = [];
      const err: string[] = [];
      // The command's own flags come last, so a test can override the connection (parseArgs keeps the last value).
      const code = await mainAsync(
        [
          args[0] ?? '',
          '--site',
          url,
          '--api-key',
          keys.api_key,
          '--api-secret',
          keys.api_secret,
          '--config',
          configPath,
          ...args.slice(1),
        ],
        { out: (l) => out.push(l), err: (l) => err.push(l), env: e },
      );
      return { code, out, err };
    },
    async companion(replica = 'r1', extra = {}) {
      companionKeys ??= await apiUser(site, 'companion@pv.test', COMPANION_ROLES);
      const c = await startCompanion(
        {
          site: url,
          apiKey: companionKeys.api_key,
          apiSecret: companionKeys.api_secret,
          webhookSecret: SECRET,
          port: 0,
          host: '127.0.0.1',
          sweepSeconds: 60,
          replica,
        },
        { schedule: false, log: () => undefined, clock: () => clock.now, ...extra },
      );
      companions.push(c);
      return c;
    },
    insert: (doctype, doc) => site.internal((ctx) => site.docs.insert(ctx, doctype, doc, { ignorePermissions: true })),
    get: (doctype, name) => {
      const meta = site.meta.require(doctype);
      const d = site.docs.load(meta, name);
      if (!d) throw new Error(`${doctype} ${name} not found`);
      return d;
    },
    async close() {
      for (const c of companions) await c.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
  if (opts.install !== false) {
    const r = await env.cli([
      'install',
      '--yes',
      ...(opts.companionUrl ? ['--companion-url', opts.companionUrl, '--webhook-secret', SECRET] : []),
    ]);
    if (r.code !== 0) throw new Error(`install failed: ${[...r.out, ...r.err].join('\n')}`);
  }
  return env;
}

/** The host's refusal of a write, as its message (a write the host accepts fails the test). */
export async function refusal(write: () => Promise<unknown>): Promise<string> {
  try {
    await write();
  } catch (e) {
    if (e instanceof HostError) return e.message;
    throw e;
  }
  throw new Error('the host saved it');
}
