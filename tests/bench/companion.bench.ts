/**
 * Companion sweep benchmark (issue 5 "Performance"): 100,000 open Support Cases on an in-process dev host; the
 * companion sweeps them through the REST API (an in-process fetch, so the count is exact). Printed: requests per
 * sweep against the budget cases/500 + 10, time, and peak RSS. The first sweep stamps every case (writes in bulk);
 * the second is the steady state the budget is about.
 */
import { DevHost } from '../../devhost/site.ts';
import { bulkLoadCases, STATUSES } from './bulk-cases.ts';
import { inProcessFetch, installLocally } from '../../scripts/demo/local-install.ts';
import { startCompanion } from '../../server-scripts/serve.ts';

const TOTAL = Number(process.env.BENCH_CASES ?? 100_000);

export async function runCompanionBench(log: (line: string) => void): Promise<void> {
  let now = new Date('2026-11-23T13:00:00Z');
  const site = await DevHost.create({ dataDir: null, clock: () => now });
  const { companionKeys: keys } = await installLocally(site, {
    base: 'http://bench',
    configPath: '.data/bench-companion.json',
  });
  await site.internal(async (ctx) => {
    await site.docs.insert(ctx, 'Customer', { customer_name: 'Bench Cliente' }, { ignorePermissions: true });
  });
  bulkLoadCases(
    site,
    0,
    TOTAL,
    STATUSES.slice(0, 4),
    (i) =>
      `2026-11-${String(16 + (i % 7)).padStart(2, '0')} ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000000`,
  );
  const counts = new Map<string, number>();
  const base = inProcessFetch(site, 'http://bench');
  let requests = 0;
  const counting: typeof fetch = (input, init) => {
    requests++;
    const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
    const key = path.startsWith('/api/method/')
      ? path.slice(12)
      : `${init?.method ?? 'GET'} ${decodeURIComponent(path.split('/')[3] ?? '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return base(input, init);
  };
  const companion = await startCompanion(
    {
      site: 'http://bench',
      apiKey: keys.api_key,
      apiSecret: keys.api_secret,
      webhookSecret: 'bench-secret-0123456789',
      port: 0,
      host: '127.0.0.1',
      sweepSeconds: 60,
      replica: 'bench',
    },
    { schedule: false, log: () => undefined, clock: () => now, fetch: counting },
  );
  const budget = Math.ceil(TOTAL / 500) + 10;
  for (const label of ['first sweep (stamps every case)', 'steady-state sweep']) {
    requests = 0;
    counts.clear();
    const t = performance.now();
    const out = await companion.runJobNow('sla-sweep');
    const ms = performance.now() - t;
    const detail = 'result' in out ? JSON.stringify(out.result.detail) : JSON.stringify(out);
    log(
      `companion ${label} of ${TOTAL} open cases: ${requests} REST requests (budget cases/500 + 10 = ${budget}; ${requests <= budget ? 'within' : 'over'}), ${(ms / 1000).toFixed(1)} s, ${detail}`,
    );
    log(
      `companion   requests by kind: ${[...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    now = new Date(now.getTime() + 60_000);
  }
  log(
    `companion peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (dev host and companion in one process; the companion holds one 1,000-row page at a time)`,
  );
  await companion.close();
}
