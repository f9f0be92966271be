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
import { loadHistory } from './history.ts';
import { startCompanion, type Companion } from '../../server-scripts/serve.ts';
import { DateTime } from 'luxon';
import { z } from 'zod';
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
  /** The site's and the companion's clock (tests move it forward); the real one by default. */
  clock?: () => Date;
  log?: (line: string) => void;
  /** Six months of closed cases and surveys for the dashboard (scripts/demo/history.ts): `npm start` and its tests. */
  history?: boolean;
}): Promise<Demo> {
  const url = `http://127.0.0.1:${opts.port}`;
  const companionPort = opts.port + 1;
  const configPath = `${opts.dataDir}/companion.json`;
  const site = await DevHost.create({
    dataDir: opts.dataDir,
    baseUrl: url,
    // The demo site has the Frappe WhatsApp app, so its notices show both channels.
    apps: ['frappe_whatsapp'],
    ...(opts.clock ? { clock: opts.clock } : {}),
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
    {
      log: process.env.COMPANION_LOG ? jsonLogger() : () => undefined,
      ...(opts.clock ? { clock: opts.clock } : {}),
    },
  );
  const seeded = await site.internal((ctx) => seedDemo(site, ctx, 'fixtures/demo', opts.password));
  const adminKeys = await site.internal((ctx) => site.generateKeys(ctx, 'Administrator'));
  await companion.runJobNow('sla-sweep');
  // After the sweep's first run: later runs read only what is due or changed, so the history keeps its SLA facts.
  if (opts.history) await loadHistory(site, opts.clock?.() ?? new Date());
  await companion.runJobNow('dev-task-return');
  await companion.runJobNow('policy-money');
  const admin = new HostClient({ baseUrl: url, apiKey: adminKeys.api_key, apiSecret: adminKeys.api_secret });
  await companion.runJobNow('maintenance');
  await confirmDemoVisit(admin);
  await companion.runJobNow('notices');
  await companion.runJobNow('policy-reports');
  if (opts.history) await companion.runJobNow('customer-metrics');
  return {
    url,
    site,
    companion,
    admin,
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

/**
 * The board as a supervisor leaves it: the Clínica's request (fixtures/demo/21-appointment-request.json) confirmed
 * for Camila on the first weekday three days or more ahead, 15:00–16:30, so the schedule shows a visit.
 */
async function confirmDemoVisit(admin: HostClient): Promise<void> {
  const [req] = await admin.list(
    'Appointment Request',
    {
      fields: ['name'],
      filters: [
        ['customer', '=', 'Clínica San Rafael'],
        ['status', '=', 'Requested'],
      ],
      orderBy: 'name asc',
      pageSize: 1,
    },
    z.object({ name: z.string() }),
  );
  if (!req) return;
  let day = DateTime.now().setZone('America/Santiago').plus({ days: 3 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const date = day.toISODate() ?? '';
  await admin.call('postventa.appointment.schedule', {
    request: req.name,
    action: 'confirm',
    technician: 'camila.perez@postventa.demo',
    start: `${date} 15:00:00`,
    end: `${date} 16:30:00`,
  });
}
