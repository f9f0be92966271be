/**
 * Portal budgets (issue 16): the JavaScript the portal home loads (gzip, goal ≤ 100 KB), API requests to its first
 * render (goal ≤ 3) and the first render time against the same API calls made bare from the page, for a customer
 * with PORTAL_CASES cases and PORTAL_SERIALS covered serials.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { bulkRows } from './bulk-cases.ts';
import { login } from '../e2e/browser.ts';
import type { BrowserEnv } from '../e2e/browser.ts';

const PORTAL_CASES = Number(process.env.BENCH_PORTAL_CASES ?? 2_000);
const PORTAL_SERIALS = Number(process.env.BENCH_PORTAL_SERIALS ?? 500);
const RUNS = 5;
const USER = 'carolina.munoz@mineralosandes.cl';
const CUSTOMER = 'Minera Los Andes Ltda.';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The customer's cases and covered serials, straight into the tables (bench setup only). */
function loadCustomer(env: BrowserEnv): void {
  const site = env.demo.site;
  const policy = String(
    site.db.get(`SELECT name FROM "tabService Policy" WHERE customer = ? AND status = 'Active'`, [CUSTOMER])?.name,
  );
  const company = String(site.db.get('SELECT name FROM tabCompany LIMIT 1')?.name);
  const statuses = ['Open', 'In Progress', 'Waiting on Customer', 'Resolved', 'Closed'];
  bulkRows(
    site,
    'Support Case',
    Array.from({ length: PORTAL_CASES }, (_, i) => ({
      owner: USER,
      subject: `Caso del portal ${i}`,
      symptom: 'Falla',
      customer: CUSTOMER,
      status: statuses[i % statuses.length],
      priority: 'P3',
      severity: 'S3',
      support_level: 'N1',
      case_type: 'Billable',
      channel: 'Portal',
      received_on: `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00.000000`,
    })),
  );
  const serials = Array.from({ length: PORTAL_SERIALS }, (_, i) => `BENCH-CT-${String(i).padStart(4, '0')}`);
  bulkRows(
    site,
    'Serial No',
    serials.map((s) => ({
      name: s,
      serial_no: s,
      item_code: 'CT-15',
      customer: CUSTOMER,
      company,
      status: 'Delivered',
    })),
  );
  bulkRows(
    site,
    'Policy Equipment',
    serials.map((s, i) => ({
      parent: policy,
      parenttype: 'Service Policy',
      parentfield: 'equipment',
      idx: 100 + i,
      serial_no: s,
      location: `Faena ${i % 7}`,
      last_serviced_on: '2026-10-15',
    })),
  );
}

export async function measurePortal(env: BrowserEnv, log: (line: string) => void): Promise<void> {
  loadCustomer(env);
  const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
  await login(env, USER, page, /#\/portal/);
  const state = await page.context().storageState();
  await page.context().close();
  const renders: number[] = [];
  const bare: number[] = [];
  let jsGzip = 0;
  let jsFiles = 0;
  let requests: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, storageState: state });
    const p = await ctx.newPage();
    const scripts = new Map<string, number>();
    const api: string[] = [];
    p.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) api.push(`${r.method()} ${u.pathname}`);
    });
    const onResponse = async (r: Awaited<ReturnType<Page['waitForResponse']>>): Promise<void> => {
      if (r.request().resourceType() !== 'script') return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      scripts.set(new URL(r.url()).pathname, gzipSync(body).length);
    };
    p.on('response', (r) => void onResponse(r));
    const t0 = Date.now();
    await p.goto(`${env.demo.url}/postventa#/portal`);
    await p.getByTestId('portal-case-list').locator('li').first().waitFor();
    await p.getByTestId('portal-equipment').waitFor();
    renders.push(Date.now() - t0);
    if (i === 0) {
      requests = [...api];
      await p.waitForLoadState('networkidle');
      jsGzip = [...scripts.values()].reduce((a, b) => a + b, 0);
      jsFiles = scripts.size;
    }
    bare.push(
      await p.evaluate(async () => {
        const s = performance.now();
        await Promise.all([
          fetch('/api/method/postventa.portal.home').then((r) => r.text()),
          fetch('/api/method/postventa.portal.cases?scope=mine&state=open').then((r) => r.text()),
        ]);
        return performance.now() - s;
      }),
    );
    await ctx.close();
  }
  const r = median(renders);
  const b = median(bare);
  log(
    `portal: home route loads ${jsFiles} JS files, ${(jsGzip / 1024).toFixed(1)} KB gzip (goal 100 KB: ratio ${(jsGzip / 1024 / 100).toFixed(2)}); ${requests.length} API requests to first render (goal 3: ${requests.join(', ')}); customer of ${PORTAL_CASES} cases and ${PORTAL_SERIALS} covered serials`,
  );
  log(
    `portal: home first render ${r} ms median of ${RUNS} cold loads; the same 2 API calls bare: ${b.toFixed(0)} ms (render/bare ${(r / b).toFixed(1)}×)`,
  );
}
