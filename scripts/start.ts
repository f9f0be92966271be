/**
 * `npm start`: the demo on the embedded dev host, with Postventa installed by `postventa install` and the companion
 * running beside it. First run creates the site in `.data/demo` and seeds `fixtures/demo/`; later runs reuse it.
 * PORT (8000; the companion takes PORT+1), DEMO_PASSWORD (demo) and DEMO_DATA can be set.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { DevHost } from '../devhost/site.ts';
import { serve } from '../devhost/server.ts';
import { installLocally } from '../devhost/demo/local-install.ts';
import { seedDemo } from '../devhost/demo/seed.ts';
import { startCompanion } from '../server-scripts/serve.ts';
import { jsonLogger } from '../server-scripts/companion/log.ts';

const port = Number(process.env.PORT ?? 8000);
const password = process.env.DEMO_PASSWORD ?? 'demo';
const dataDir = process.env.DEMO_DATA ?? '.data/demo';
const url = `http://127.0.0.1:${port}`;
const companionPort = port + 1;
const configPath = `${dataDir}/companion.json`;
const started = Date.now();

const site = await DevHost.create({ dataDir, baseUrl: url, log: (l) => console.error(l) });
const server = await serve(site, port);
const saved = existsSync(configPath)
  ? (JSON.parse(readFileSync(configPath, 'utf8')) as { webhookSecret?: string })
  : {};
const webhookSecret = saved.webhookSecret ?? randomBytes(24).toString('base64url');
const installLog: string[] = [];
const { code, keys } = await installLocally(site, {
  base: url,
  companionUrl: `http://127.0.0.1:${companionPort}`,
  webhookSecret,
  configPath,
  log: (l) => installLog.push(l),
});
if (code !== 0) {
  console.error(installLog.join('\n'));
  process.exit(1);
}
const companion = await startCompanion(
  {
    site: url,
    apiKey: keys.api_key,
    apiSecret: keys.api_secret,
    webhookSecret,
    port: companionPort,
    host: '127.0.0.1',
    sweepSeconds: 15,
    replica: 'demo',
  },
  { log: process.env.COMPANION_LOG ? jsonLogger() : () => undefined },
);
const seeded = await site.internal((ctx) => seedDemo(site, ctx, 'fixtures/demo', password));
await companion.runJobNow('sla-sweep');
const summary = installLog.find((l) => /^\s+\d+ to create/.test(l))?.trim() ?? '';
console.log(`Postventa demo on the Frappe 15 dev host: ${url}   (companion: ${companion.url})
  install: ${summary}; demo data: ${seeded.inserted} new, ${seeded.skipped} already there (${Date.now() - started} ms)
  Cases get their SLA within seconds: webhooks reach the companion, and its sweep runs every 15 s.

  Logins (password "${password}" unless noted):
    Administrator                      admin (DEVHOST_ADMIN_PASSWORD)
    ana.gonzalez@postventa.demo        agente N1
    camila.perez@postventa.demo        agente N2
    diego.morales@postventa.demo       agente N3 (desarrollo)
    elena.castro@postventa.demo        supervisora
    augusto.aguanti@postventa.demo     gerente de soporte
    hector.lara@postventa.demo         contabilidad
    carolina.munoz@mineralosandes.cl   cliente portal (Minera Los Andes)
    jorge.ramirez@acerosnorte.mx       cliente portal (Aceros del Norte)

  Try: curl -s -X POST ${url}/api/method/login -H 'content-type: application/json' -d '{"usr":"ana.gonzalez@postventa.demo","pwd":"${password}"}' -c /tmp/pv
       curl -s -b /tmp/pv '${url}/api/resource/Support%20Case?fields=["name","subject","status","priority","sla_status","response_by"]&order_by=received_on%20desc'
Ctrl+C stops both; data stays in ${dataDir}.`);
const stop = (): void => {
  void companion.close().then(() => {
    server.close(() => {
      site.close();
      process.exit(0);
    });
    server.closeAllConnections();
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
