/**
 * The whole demo in one call: a dev host on a port, Postventa installed by the real installer (client included when
 * built), the companion beside it on port+1, and the demo data. Used by `npm start` and the browser tests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { DevHost } from '../../devhost/site.ts';
import { serve } from '../../devhost/server.ts';
import { installLocally } from './local-install.ts';
import { seedDemo } from './seed.ts';
import { startCompanion, type Companion } from '../../server-scripts/serve.ts';
import { HostClient } from '../../host-client/client.ts';
import { jsonLogger } from '../../server-scripts/companion/log.ts';

export interface Demo {
  url: string;
  site: DevHost;
  companion: Companion;
  /** A REST client signed in as Administrator (API keys), for tests that act as the back office. */
  admin: HostClient;
  installLog: string[];
  seeded: { inserted: number; skipped: number };
  close(): Promise<void>;
}

export async function startDemo(opts: {
  port: number;
  dataDir: string;
  password: string;
  sweepSeconds?: number;
  log?: (line: string) => void;
}): Promise<Demo> {
  const url = `http://127.0.0.1:${opts.port}`;
  const companionPort = opts.port + 1;
  const configPath = `${opts.dataDir}/companion.json`;
  const site = await DevHost.create({
    dataDir: opts.dataDir,
    baseUrl: url,
    // The demo site has the Frappe WhatsApp app, so its notices show both channels.
    apps: ['frappe_whatsapp'],
    log: opts.log ?? ((l) => console.error(l)),
  });
  const server = await serve(site, opts.port);
  const saved = existsSync(configPath)
    ? (JSON.parse(readFileSync(configPath, 'utf8')) as { webhookSecret?: string })
    : {};
  const webhookSecret = saved.webhookSecret ?? randomBytes(24).toString('base64url');
  const installLog: string[] = [];
  const { code, companionKeys } = await installLocally(site, {
    base: url,
    companionUrl: `http://127.0.0.1:${companionPort}`,
    webhookSecret,
    configPath,
    log: (l) => installLog.push(l),
  });
  if (code !== 0) {
    server.close();
    site.close();
    throw new Error(`install failed (exit ${code}):\n${installLog.join('\n')}`);
  }
  const companion = await startCompanion(
    {
      site: url,
      apiKey: companionKeys.api_key,
      apiSecret: companionKeys.api_secret,
      webhookSecret,
      port: companionPort,
      host: '127.0.0.1',
      sweepSeconds: opts.sweepSeconds ?? 15,
      replica: 'demo',
    },
    { log: process.env.COMPANION_LOG ? jsonLogger() : () => undefined },
  );
  const seeded = await site.internal((ctx) => seedDemo(site, ctx, 'fixtures/demo', opts.password));
  const adminKeys = await site.internal((ctx) => site.generateKeys(ctx, 'Administrator'));
  await companion.runJobNow('sla-sweep');
  await companion.runJobNow('dev-task-return');
  await companion.runJobNow('policy-money');
  return {
    url,
    site,
    companion,
    admin: new HostClient({ baseUrl: url, apiKey: adminKeys.api_key, apiSecret: adminKeys.api_secret }),
    installLog,
    seeded,
    close: async () => {
      await companion.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      site.close();
    },
  };
}
