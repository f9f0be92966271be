/**
 * `npm start`: the demo on the embedded dev host, with Postventa installed by `postventa install` and the companion
 * running beside it. First run creates the site in `.data/demo` and seeds `fixtures/demo/`; later runs reuse it.
 * PORT (8000; the companion takes PORT+1), DEMO_PASSWORD (demo) and DEMO_DATA can be set.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo } from './demo/run.ts';

const port = Number(process.env.PORT ?? 8000);
const password = process.env.DEMO_PASSWORD ?? 'demo';
const dataDir = process.env.DEMO_DATA ?? '.data/demo';
const started = Date.now();

/** The newest modification time under a folder (the client's sources), to rebuild only when they changed. */
const newest = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
if (!existsSync('client/dist/index.html') || newest('client/src') > statSync('client/dist/index.html').mtimeMs) {
  console.log('Building the client (vite build)…');
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'],
    { stdio: 'inherit' },
  );
}

const demo = await startDemo({ port, dataDir, password, history: true });
const { url, companion, installLog, seeded } = demo;
const summary = installLog.find((l) => /^\s+\d+ to create/.test(l))?.trim() ?? '';
console.log(`Postventa demo on the Frappe 15 dev host: ${url}/postventa   (companion: ${companion.url})
  install: ${summary}; demo data: ${seeded.inserted} new, ${seeded.skipped} already there (${Date.now() - started} ms)
  Open ${url}/postventa and sign in as an agent below: the support desk; calendars and SLAs at #/admin.
  Cases get their SLA within seconds: webhooks reach the companion, and its sweep runs every 15 s.

  Logins (password "${password}" unless noted):
    Administrator                      admin (DEVHOST_ADMIN_PASSWORD)
    ana.gonzalez@postventa.demo        agente N1
    bruno.diaz@postventa.demo          agente N1 en México (formatos es-MX)
    camila.perez@postventa.demo        agente N2
    diego.morales@postventa.demo       agente N3 (desarrollo)
    elena.castro@postventa.demo        supervisora
    augusto.aguanti@postventa.demo     gerente de soporte (formatos es-AR)
    hector.lara@postventa.demo         contabilidad
    carolina.munoz@mineralosandes.cl   cliente portal (Minera Los Andes)
    jorge.ramirez@acerosnorte.mx       cliente portal (Aceros del Norte)

  Try: curl -s -X POST ${url}/api/method/login -H 'content-type: application/json' -d '{"usr":"ana.gonzalez@postventa.demo","pwd":"${password}"}' -c /tmp/pv
       curl -s -b /tmp/pv '${url}/api/resource/Support%20Case?fields=["name","subject","status","priority","sla_status","response_by"]&order_by=received_on%20desc'
Ctrl+C stops both; data stays in ${dataDir}.`);
const stop = (): void => {
  void demo.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
