/**
 * Desk budgets: the JavaScript the queue route loads (gzip, budget 200 KB), the queue's first render with
 * 10,000 open cases in Chromium against the demo (budget 1 s), and API requests per screen. Printed as ratios
 * against the budgets and against a baseline measured in the same run: the same three API calls made bare from the
 * page (what any client must wait for). Then the portal home's budgets (portal.bench.ts).
 */
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { bulkLoadCases, STATUSES } from './bulk-cases.ts';
import { login, openDemo } from '../e2e/browser.ts';
import { measurePortal } from './portal.bench.ts';

const OPEN_CASES = Number(process.env.BENCH_QUEUE_CASES ?? 10_000);
const RUNS = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

type Demo = Awaited<ReturnType<typeof openDemo>>;

/** The JavaScript the queue route loads in a cold context, gzip-compressed as a server would send it. */
async function measureJs(env: Demo, log: (line: string) => void): Promise<void> {
  const { page } = env;
  // JavaScript on the queue route, cold: every script response, gzip-compressed as a server would send it.
  const scripts = new Map<string, number>();
  const onResponse = async (r: Awaited<ReturnType<Page['waitForResponse']>>): Promise<void> => {
    if (r.request().resourceType() !== 'script') return;
    const body = await r.body().catch(() => Buffer.alloc(0));
    scripts.set(new URL(r.url()).pathname, gzipSync(body).length);
  };
  const cold = await env.browser.newContext({
    viewport: { width: 1366, height: 900 },
    storageState: await page.context().storageState(),
  });
  const coldPage = await cold.newPage();
  coldPage.on('response', (r) => void onResponse(r));
  await coldPage.goto(`${env.demo.url}/postventa#/desk`);
  await coldPage.getByTestId('queue-list').locator('li').first().waitFor();
  await coldPage.waitForLoadState('networkidle');
  await cold.close();
  const jsGzip = [...scripts.values()].reduce((a, b) => a + b, 0);
  log(
    `client: queue route loads ${scripts.size} JS files, ${(jsGzip / 1024).toFixed(1)} KB gzip (budget 200 KB: ratio ${(jsGzip / 1024 / 200).toFixed(2)}; Frappe Helpdesk list: 926 KB in 41 chunks)`,
  );
}

/** The queue's first render with OPEN_CASES open cases, against the same API calls made bare from the page. */
async function measureFirstRender(env: Demo, log: (line: string) => void): Promise<void> {
  const { page } = env;
  // First render with OPEN_CASES open cases: navigation → first row painted, cold context each run.
  const renders: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await env.browser.newContext({
      viewport: { width: 1366, height: 900 },
      storageState: await page.context().storageState(),
    });
    const p = await ctx.newPage();
    const t0 = Date.now();
    await p.goto(`${env.demo.url}/postventa#/desk`);
    await p.getByTestId('queue-list').locator('li').first().waitFor();
    renders.push(Date.now() - t0);
    bare.push(
      await p.evaluate(async () => {
        const s = performance.now();
        const open = JSON.stringify([
          ['status', 'in', ['Open', 'In Progress', 'Waiting on Customer', 'Escalated to Development']],
        ]);
        await Promise.all([
          fetch(
            `/api/resource/Support Team Member?fields=["parent"]&filters=[]&parent=Support Team&limit_page_length=0`,
          ),
          fetch(
            `/api/resource/Support Case?fields=["name","subject","status","resolution_by"]&filters=${open}&order_by=resolution_by asc&limit_page_length=50`,
          ),
          fetch(
            `/api/resource/Support Case?fields=["assigned_to","team","sla_status","count(name) as n"]&filters=${open}&group_by=assigned_to, team, sla_status&order_by=n desc&limit_page_length=0`,
          ),
        ]);
        return performance.now() - s;
      }),
    );
    await ctx.close();
  }
  const r = median(renders);
  const b = median(bare);
  log(
    `client: queue first render with ${OPEN_CASES} open cases: ${r} ms median of ${RUNS} cold loads (budget 1000 ms: ratio ${(r / 1000).toFixed(2)}); the same 3 API calls bare: ${b.toFixed(0)} ms (render/bare ${(r / b).toFixed(1)}×)`,
  );
}

/** API requests per screen, warm. */
async function measureRequests(env: Demo, log: (line: string) => void): Promise<void> {
  const { page } = env;
  // Requests per screen (API calls only), warm.
  for (const [screen, path, ready] of [
    ['queue', '#/desk', 'queue-list'],
    ['new case', '#/desk/new', 'new-case-form'],
  ] as const) {
    await page.goto(`${env.demo.url}/postventa${path}`);
    await page.waitForLoadState('networkidle');
    env.apiRequests.length = 0;
    await page.reload();
    await page.getByTestId(ready).waitFor();
    await page.waitForLoadState('networkidle');
    log(`client: ${screen} screen: ${env.apiRequests.length} API requests`);
  }
  const first = String(
    env.demo.site.db.get('SELECT name FROM "tabSupport Case" WHERE name LIKE ? ORDER BY name LIMIT 1', ['CASO-%'])
      ?.name,
  );
  await page.goto(`${env.demo.url}/postventa#/desk/case/${first}`);
  await page.waitForLoadState('networkidle');
  env.apiRequests.length = 0;
  await page.reload();
  await page.getByTestId('case-page').waitFor();
  await page.waitForLoadState('networkidle');
  log(`client: case screen: ${env.apiRequests.length} API requests (${env.apiRequests.join(', ')})`);
}

export async function runClientBench(log: (line: string) => void): Promise<void> {
  if (!existsSync('client/dist/index.html'))
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'],
      { stdio: 'inherit' },
    );
  const env = await openDemo();
  try {
    bulkLoadCases(
      env.demo.site,
      0,
      OPEN_CASES,
      STATUSES.slice(0, 4),
      (i) =>
        `2026-11-${String(16 + (i % 5)).padStart(2, '0')} ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000000`,
    );
    await login(env, 'ana.gonzalez@postventa.demo');
    await measureJs(env, log);
    await measureFirstRender(env, log);
    await measureRequests(env, log);
    await measurePortal(env, log);
  } finally {
    await env.close();
  }
}
