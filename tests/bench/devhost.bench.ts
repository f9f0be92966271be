/**
 * Dev host benchmark: document-API insert rate, then a list of 20 rows with 3 filters from
 * 100,000 Support Case rows (goal: median under 20 ms with the search_index indexes), in-process and through the
 * full HTTP handler, and memory. Printed, never asserted.
 */
import { DevHost } from '../../devhost/site.ts';
import { installLocally } from '../../scripts/demo/local-install.ts';
import { bulkLoadCases, STATUSES } from './bulk-cases.ts';

const TOTAL = 100_000;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const LEVELS = ['N1', 'N2', 'N3'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function runDevhostBench(log: (line: string) => void): Promise<void> {
  const site = await DevHost.create({ dataDir: null });
  await installLocally(site, { base: 'http://bench', configPath: '.data/bench-companion.json' });
  await site.internal(async (ctx) => {
    await site.docs.insert(ctx, 'Customer', { customer_name: 'Bench Cliente' }, { ignorePermissions: true });
  });

  const apiN = 2_000;
  let t = performance.now();
  await site.internal(async (ctx) => {
    for (let i = 0; i < apiN; i++) {
      await site.docs.insert(
        ctx,
        'Support Case',
        {
          subject: `Caso ${i}`,
          symptom: 'Falla',
          customer: 'Bench Cliente',
          status: STATUSES[i % 7],
          priority: PRIORITIES[i % 4],
          support_level: LEVELS[i % 3],
        },
        { ignorePermissions: true },
      );
    }
  });
  log(
    `devhost insert via document API (validation, naming, hooks): ${Math.round((apiN * 1000) / (performance.now() - t))} docs/s`,
  );

  t = performance.now();
  bulkLoadCases(
    site,
    apiN,
    TOTAL,
    STATUSES,
    (i) =>
      `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00.000000`,
  );
  log(`devhost bulk load to ${TOTAL} Support Case rows: ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const args = {
    doctype: 'Support Case',
    fields: ['name', 'subject', 'status', 'priority', 'support_level', 'modified'],
    filters: [
      ['status', '=', 'Open'],
      ['priority', '=', 'P1'],
      ['support_level', '=', 'N1'],
    ],
    order_by: 'modified desc',
    limit_page_length: 20,
  };
  const ctx = site.context('Administrator');
  const inProcess: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    site.list(ctx, args);
    inProcess.push(performance.now() - s);
  }
  log(
    `devhost list 20 rows, 3 filters, order by modified, of ${TOTAL}: median ${median(inProcess).toFixed(2)} ms in-process (goal < 20 ms)`,
  );

  const login = await site.handle(
    new Request('http://bench/api/method/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ usr: 'Administrator', pwd: 'admin' }),
    }),
  );
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const url = `http://bench/api/resource/Support%20Case?fields=${encodeURIComponent(JSON.stringify(args.fields))}&filters=${encodeURIComponent(JSON.stringify(args.filters))}&order_by=modified%20desc&limit_page_length=20`;
  const http: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    const r = await site.handle(new Request(url, { headers: { cookie } }));
    await r.text();
    http.push(performance.now() - s);
  }
  log(`devhost same list through the HTTP handler (auth, envelope, JSON): median ${median(http).toFixed(2)} ms`);
  const mem = process.memoryUsage();
  log(
    `devhost memory with ${TOTAL} cases: rss ${Math.round(mem.rss / 1048576)} MB, heap ${Math.round(mem.heapUsed / 1048576)} MB`,
  );
  site.close();
}
