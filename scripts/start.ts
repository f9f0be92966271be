/**
 * `npm start`: the demo on the embedded dev host. First run creates the site in `.data/demo`, installs Postventa's
 * model and seeds `fixtures/demo/`; later runs reuse it. PORT (8000) and DEMO_PASSWORD (demo) can be set.
 */
import { DevHost } from '../devhost/site.ts';
import { serve } from '../devhost/server.ts';
import { installModel } from '../devhost/demo/install-model.ts';
import { seedDemo } from '../devhost/demo/seed.ts';

const port = Number(process.env.PORT ?? 8000);
const password = process.env.DEMO_PASSWORD ?? 'demo';
const url = `http://127.0.0.1:${port}`;
const site = await DevHost.create({
  dataDir: process.env.DEMO_DATA ?? '.data/demo',
  baseUrl: url,
  log: (l) => console.error(l),
});
const started = Date.now();
const installed = await site.internal((ctx) => installModel(site, ctx, '.'));
const seeded = await site.internal((ctx) => seedDemo(site, ctx, 'fixtures/demo', password));
const server = await serve(site, port);
console.log(`Postventa demo on the Frappe 15 dev host: ${url}
  model: ${installed.created ? `${installed.created} doctypes installed` : 'already installed'}; demo data: ${seeded.inserted} new, ${seeded.skipped} already there (${Date.now() - started} ms)

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
       curl -s -b /tmp/pv '${url}/api/resource/Support%20Case?fields=["name","subject","status","priority"]&order_by=received_on%20desc'
Ctrl+C stops it; data stays in .data/demo.`);
const stop = (): void => {
  server.close(() => {
    site.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
