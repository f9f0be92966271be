/**
 * Billing benchmark (issue 13), on an in-process dev host counting every REST request the companion makes:
 * invoicing 1,000 closed billable cases (3 supplies and 2 labour lines each) in one run of the case-billing job,
 * against the same cases billed one at a time as the Support Case webhook does (measured on 50, in the same run);
 * and the policy-money sweep over 10,000 pólizas (100 overdue, 50 to lift) against its budget N/500 + 10.
 * Rows are loaded straight into the tables (setup, not the path measured). Printed, never pass/fail.
 */
import { DevHost } from '../../devhost/site.ts';
import { hashName } from '../../devhost/model/naming.ts';
import { bulkRows, benchCompanion, RequestMeter } from './bulk-cases.ts';
import { inProcessFetch, installLocally } from '../../scripts/demo/local-install.ts';
import { billClosedCase } from '../../server-scripts/companion/billing.ts';
import { HostClient } from '../../host-client/client.ts';

const CASES = Number(process.env.BENCH_BILLING_CASES ?? 1_000);
const POLICIES = Number(process.env.BENCH_POLICIES ?? 10_000);
const STAMP = '2026-11-20 10:00:00.000000';

async function setup(now: () => Date) {
  const site = await DevHost.create({ dataDir: null, clock: now });
  const { companionKeys: keys } = await installLocally(site, {
    base: 'http://bench',
    configPath: '.data/bench-billing.json',
  });
  await site.internal(async (ctx) => {
    const ins = (dt: string, doc: Record<string, unknown>) =>
      site.docs.insert(ctx, dt, doc, { ignorePermissions: true });
    await ins('Company', { company_name: 'Bench Andes', abbr: 'BA', default_currency: 'CLP', country: 'Chile' });
    await ins('Fiscal Year', { year: '2026', year_start_date: '2026-01-01', year_end_date: '2026-12-31' });
    await ins('Customer', { customer_name: 'Bench Cliente' });
    for (const [code, rate] of [
      ['MO-N1', 8000],
      ['MO-N2', 8000],
      ['REP-A', 1200],
      ['REP-B', 3400],
      ['REP-C', 560],
      ['POLIZA', 100000],
    ] as const) {
      await ins('Item', { item_code: code, item_group: 'Services', is_stock_item: 0, valuation_rate: rate / 2 });
      await ins('Item Price', { item_code: code, price_list: 'Standard Selling', price_list_rate: rate });
    }
    await site.docs.update(
      ctx,
      'Postventa Settings',
      'Postventa Settings',
      { n1_labour_item: 'MO-N1', n2_labour_item: 'MO-N2', default_company: 'Bench Andes' },
      { ignorePermissions: true },
    );
  });
  return { site, keys };
}

function loadCases(site: DevHost, n: number): string[] {
  const names = Array.from({ length: n }, () => hashName());
  bulkRows(
    site,
    'Support Case',
    names.map((name, i) => ({
      name,
      subject: `Caso ${i}`,
      symptom: 'Falla',
      customer: 'Bench Cliente',
      status: 'Closed',
      case_type: 'Billable',
      priority: 'P3',
      severity: 'S3',
      support_level: 'N1',
      received_on: STAMP,
    })),
  );
  bulkRows(
    site,
    'Support Case Supply',
    names.flatMap((parent) =>
      ['REP-A', 'REP-B', 'REP-C'].map((item, idx) => ({
        parent,
        parenttype: 'Support Case',
        parentfield: 'supplies',
        idx: idx + 1,
        item,
        qty: 1,
      })),
    ),
  );
  const sheets = names.map(() => hashName());
  bulkRows(
    site,
    'Timesheet',
    sheets.map((name) => ({ name, docstatus: 1, company: 'Bench Andes' })),
  );
  bulkRows(
    site,
    'Timesheet Detail',
    names.flatMap((c, i) =>
      (['N1', 'N2'] as const).map((level, idx) => ({
        parent: sheets[i],
        parenttype: 'Timesheet',
        parentfield: 'time_logs',
        idx: idx + 1,
        docstatus: 1,
        support_case: c,
        support_level: level,
        hours: 1.5,
        from_time: STAMP,
      })),
    ),
  );
  return names;
}

function loadPolicies(site: DevHost, n: number): void {
  const names = Array.from({ length: n }, (_, i) => `POL-BENCH-${String(i).padStart(6, '0')}`);
  bulkRows(
    site,
    'Service Policy',
    names.map((name, i) => ({
      name,
      customer: 'Bench Cliente',
      status: i < 50 ? 'Suspended' : 'Active',
      period: 'Monthly',
      start_date: '2026-11-01',
      end_date: '2027-10-31',
      usage_period_start: '2026-11-01',
    })),
  );
  bulkRows(
    site,
    'Sales Invoice',
    names.slice(100, 200).map((p) => ({
      customer: 'Bench Cliente',
      company: 'Bench Andes',
      service_policy: p,
      docstatus: 1,
      posting_date: '2026-10-01',
      due_date: '2026-10-15',
      grand_total: 100000,
      outstanding_amount: 100000,
      status: 'Overdue',
    })),
  );
}

export async function runBillingBench(log: (line: string) => void): Promise<void> {
  let now = new Date('2026-11-23T13:00:00Z');
  const { site, keys } = await setup(() => now);
  const meter = new RequestMeter(inProcessFetch(site, 'http://bench'));
  // The baseline: 50 cases billed one at a time, as the webhook does when each closes.
  const single = loadCases(site, 50);
  const client = new HostClient({
    baseUrl: 'http://bench',
    apiKey: keys.api_key,
    apiSecret: keys.api_secret,
    fetch: meter.fetch,
  });
  let t = performance.now();
  for (const name of single) await billClosedCase(client, name);
  const perCase = meter.total / single.length;
  const perCaseMs = (performance.now() - t) / single.length;
  log(
    `billing one case at a time (webhook path, ${single.length} measured): ${perCase.toFixed(1)} REST requests and ${perCaseMs.toFixed(0)} ms per case`,
  );
  loadCases(site, CASES);
  const companion = await benchCompanion(keys, () => now, meter.fetch);
  meter.reset();
  const rss0 = process.memoryUsage().rss;
  t = performance.now();
  const out = await companion.runJobNow('case-billing');
  const ms = performance.now() - t;
  const invoices = Number(
    site.db.get('SELECT COUNT(*) AS n FROM "tabSales Invoice" WHERE support_case IS NOT NULL')?.n ?? 0,
  );
  log(
    `invoicing ${CASES} closed cases (3 supplies, 2 labour lines each) in one job run: ${meter.total} REST requests (goal ≤ 30; one at a time: ${Math.round(perCase * CASES)}, ${((perCase * CASES) / Math.max(1, meter.total)).toFixed(0)}× more), ${(ms / 1000).toFixed(1)} s (one at a time: ${((perCaseMs * CASES) / 1000).toFixed(1)} s), RSS +${Math.round((process.memoryUsage().rss - rss0) / 1048576)} MB, ${invoices - single.length} invoices, ${'result' in out ? JSON.stringify(out.result.detail) : JSON.stringify(out)}`,
  );
  log(`billing   requests by kind: ${meter.byKind()}`);
  loadPolicies(site, POLICIES);
  now = new Date(now.getTime() + 60_000);
  meter.reset();
  t = performance.now();
  const pm = await companion.runJobNow('policy-money');
  log(
    `policy suspension/lift sweep over ${POLICIES} pólizas: ${meter.total} REST requests (budget N/500 + 10 = ${POLICIES / 500 + 10}), ${((performance.now() - t) / 1000).toFixed(1)} s, ${'result' in pm ? JSON.stringify(pm.result.detail) : JSON.stringify(pm)}`,
  );
  log(`billing   requests by kind: ${meter.byKind()}`);
  log(
    `billing peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (dev host and companion in one process)`,
  );
  await companion.close();
  site.close();
}
