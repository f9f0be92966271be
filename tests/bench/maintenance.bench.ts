/**
 * Maintenance benchmark (issue 14), on an in-process dev host counting every REST request the companion makes:
 * the maintenance job over 10,000 active pólizas with 3 covered serials each, their next dates spread over four
 * weeks (a normal day: 1/28 of them are due), against the budget N/200 + 10; then, with 200 pólizas left active, a
 * catch-up after 30 days of downtime, checking that the occurrences made are exactly the missed dates the rule
 * (domain/maintenance/schedule.ts) names and that no key is made twice. After the normal day, the notices job
 * sends the customer's notices for what the two days made (requests against notices/100 + 2 × notices/500 + 10). Rows are loaded straight into the tables
 * (setup, not the path measured). Printed, never pass/fail.
 */
import { DevHost } from '../../devhost/site.ts';
import { inProcessFetch, installLocally } from '../../scripts/demo/local-install.ts';
import { bulkRows, benchCompanion, RequestMeter } from './bulk-cases.ts';
import {
  dueOccurrences,
  type MaintenanceEquipment,
  type MaintenancePolicy,
} from '../../domain/maintenance/schedule.ts';

const POLICIES = Number(process.env.BENCH_POLICIES ?? 10_000);
const CATCH_UP = Math.min(200, POLICIES);

const plusDays = (iso: string, n: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Pólizas started on a day of October, 3 serials each, their next dates spread over the four weeks ahead. */
function load(site: DevHost, names: string[]): void {
  // Pólizas started on a day of October; their next dates fall on that day of the coming month.
  bulkRows(
    site,
    'Service Policy',
    names.map((name, i) => ({
      name,
      customer: 'Bench Cliente',
      status: 'Active',
      start_date: plusDays('2026-10-23', i % 28),
      end_date: '2027-09-30',
      maintenance_interval_months: 1,
      maintenance_lead_days: 7,
    })),
  );
  bulkRows(
    site,
    'Policy Equipment',
    names.flatMap((parent, i) =>
      [0, 1, 2].map((k) => ({
        parent,
        parenttype: 'Service Policy',
        parentfield: 'equipment',
        idx: k + 1,
        serial_no: `SN-${i}-${k}`,
        item: 'BOMBA',
        next_maintenance_on: plusDays('2026-11-23', i % 28),
      })),
    ),
  );
  bulkRows(
    site,
    'Serial No',
    names.flatMap((_, i) =>
      [0, 1, 2].map((k) => ({
        name: `SN-${i}-${k}`,
        serial_no: `SN-${i}-${k}`,
        item_code: 'BOMBA',
        company: 'Bench Andes',
        customer: 'Bench Cliente',
        status: 'Delivered',
      })),
    ),
  );
}

export async function runMaintenanceBench(log: (line: string) => void): Promise<void> {
  let now = new Date('2026-11-23T13:00:00Z');
  const site = await DevHost.create({ dataDir: null, clock: () => now });
  const { companionKeys: keys } = await installLocally(site, {
    base: 'http://bench',
    configPath: '.data/bench-maintenance.json',
  });
  await site.internal(async (ctx) => {
    const ins = (dt: string, doc: Record<string, unknown>) =>
      site.docs.insert(ctx, dt, doc, { ignorePermissions: true });
    await ins('Company', { company_name: 'Bench Andes', abbr: 'BA', default_currency: 'CLP', country: 'Chile' });
    await ins('Customer', { customer_name: 'Bench Cliente' });
    await ins('Item', { item_code: 'BOMBA', item_group: 'Products', has_serial_no: 1 });
  });
  const names = Array.from({ length: POLICIES }, (_, i) => `POL-MB-${String(i).padStart(6, '0')}`);
  load(site, names);
  const meter = new RequestMeter(inProcessFetch(site, 'http://bench'));
  const companion = await benchCompanion(keys, () => now, meter.fetch);
  const run = async (label: string, budget: number): Promise<void> => {
    meter.reset();
    const rss0 = process.memoryUsage().rss;
    const t = performance.now();
    const out = await companion.runJobNow('maintenance');
    const ms = performance.now() - t;
    log(
      `maintenance ${label}: ${meter.total} REST requests (budget ${budget}), ${(ms / 1000).toFixed(1)} s, RSS +${Math.round((process.memoryUsage().rss - rss0) / 1048576)} MB, ${'result' in out ? JSON.stringify(out.result.detail) : JSON.stringify(out)}`,
    );
  };
  // Day one makes the first week's dates (lead 7); each later day, 1/28 of the pólizas come within the lead.
  await run(`${POLICIES} pólizas × 3 serials, the first day (a week ahead)`, Math.ceil(POLICIES / 200) + 10);
  now = new Date(now.getTime() + 86_400_000);
  await run(`${POLICIES} pólizas × 3 serials, a normal day`, Math.ceil(POLICIES / 200) + 10);
  // The customer's notices for what the day made (mjml e-mail, WhatsApp where installed), each once.
  now = new Date(now.getTime() + 60_000);
  meter.reset();
  const t0 = performance.now();
  const sent = await companion.runJobNow('notices');
  const notices = 'result' in sent ? sent.result.items : 0;
  // Budget: one send per 100 notices, the occurrences and their visits read 500 a page, and 10 for the other lists.
  log(
    `notices after the first two days: ${meter.total} REST requests for ${notices} notices (budget ${Math.ceil(notices / 100) + 2 * Math.ceil(notices / 500) + 10}), ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  now = new Date(now.getTime() + 60_000);
  await run('the same day again (nothing due)', Math.ceil(POLICIES / 200) + 10);
  // Catch-up: 200 pólizas stay active; 30 days go by with the companion down.
  site.db.run(
    `UPDATE "tabService Policy" SET status = 'Expired' WHERE name NOT IN (${names
      .slice(0, CATCH_UP)
      .map((n) => `'${n}'`)
      .join(', ')})`,
  );
  now = new Date(now.getTime() + 30 * 86_400_000);
  const today = now.toISOString().slice(0, 10);
  const missed = new Set<string>();
  for (const name of names.slice(0, CATCH_UP)) {
    const p = site.db.get(
      'SELECT name, status, start_date, end_date, maintenance_interval_months, maintenance_lead_days FROM "tabService Policy" WHERE name = ?',
      [name],
    );
    const rows = site.db.all(
      'SELECT name, serial_no, item, maintenance_interval_months, next_maintenance_on FROM "tabPolicy Equipment" WHERE parent = ?',
      [name],
    );
    for (const o of dueOccurrences(
      p as unknown as MaintenancePolicy,
      rows as unknown as MaintenanceEquipment[],
      today,
      7,
    ))
      missed.add(o.key);
  }
  const before = Number(site.db.get('SELECT COUNT(*) AS n FROM "tabMaintenance Occurrence"')?.n ?? 0);
  await run(
    `catch-up after 30 days down (${CATCH_UP} pólizas)`,
    Math.ceil(CATCH_UP / 200) + 10 + Math.ceil(missed.size / 200),
  );
  const made = site.db
    .all('SELECT occurrence_key FROM "tabMaintenance Occurrence" ORDER BY creation')
    .slice(before)
    .map((r) => String(r.occurrence_key));
  const exact = made.length === missed.size && made.every((k) => missed.has(k));
  const dupes = Number(
    site.db.get(
      'SELECT COUNT(*) AS n FROM (SELECT occurrence_key FROM "tabMaintenance Occurrence" GROUP BY occurrence_key HAVING COUNT(*) > 1)',
    )?.n ?? 0,
  );
  log(
    `maintenance catch-up: ${made.length} occurrences made, the rule names ${missed.size} missed dates: ${exact ? 'exactly those' : 'NOT the same'}; ${dupes} keys made twice`,
  );
  log(
    `maintenance peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (dev host and companion in one process)`,
  );
  await companion.close();
  site.close();
}
