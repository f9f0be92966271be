/** Loads N Support Case rows straight into a dev host's table (fast setup for benchmarks; not the API path). */
import type { DevHost } from '../../devhost/site.ts';
import { hashName } from '../../devhost/model/naming.ts';
import { startCompanion } from '../../server-scripts/serve.ts';

export const STATUSES = [
  'Open',
  'In Progress',
  'Waiting on Customer',
  'Escalated to Development',
  'Resolved',
  'Closed',
  'Cancelled',
];

export function bulkLoadCases(
  site: DevHost,
  from: number,
  to: number,
  statuses: readonly string[],
  timestamp: (i: number) => string,
): void {
  site.db.begin();
  for (let i = from; i < to; i++) {
    const ts = timestamp(i);
    site.db.run(
      'INSERT INTO "tabSupport Case" (name, creation, modified, modified_by, owner, docstatus, idx, subject, symptom, customer, status, priority, severity, support_level, received_on, case_type, channel, affected_users, requires_specialist, is_vip, response_breached, resolution_breached, total_hold_seconds, reopened_count, hours_logged, support_cost) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 0, 0, 0, 0, 0, 0, 0)',
      [
        hashName(),
        ts,
        ts,
        'Administrator',
        'Administrator',
        `Caso ${i}`,
        'Falla',
        'Bench Cliente',
        statuses[i % statuses.length] ?? 'Open',
        ['P1', 'P2', 'P3', 'P4'][i % 4] ?? 'P3',
        ['S1', 'S2', 'S3', 'S4'][(i >> 2) % 4] ?? 'S3',
        ['N1', 'N2', 'N3'][i % 3] ?? 'N1',
        ts,
        'Billable',
        'Phone',
      ],
    );
  }
  site.db.commit();
}

const BULK_STAMP = '2026-11-20 10:00:00.000000';

/** Inserts rows straight into a doctype's table with the standard columns filled (bench setup only). */
export function bulkRows(site: DevHost, doctype: string, rows: Record<string, unknown>[]): void {
  if (!rows.length) return;
  site.db.begin();
  for (const r of rows) {
    const row: Record<string, unknown> = {
      name: hashName(),
      creation: BULK_STAMP,
      modified: BULK_STAMP,
      modified_by: 'Administrator',
      owner: 'Administrator',
      docstatus: 0,
      idx: 0,
      ...r,
    };
    const cols = Object.keys(row);
    site.db.run(
      `INSERT INTO "tab${doctype}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) => row[c] as string | number | null),
    );
  }
  site.db.commit();
}

/** A companion on the in-process bench host, unscheduled (the bench runs its jobs), its clock and fetch the bench's. */
export const benchCompanion = (
  keys: { api_key: string; api_secret: string },
  clock: () => Date,
  fetch: typeof globalThis.fetch,
): ReturnType<typeof startCompanion> =>
  startCompanion(
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
    { schedule: false, log: () => undefined, clock, fetch },
  );

/**
 * Counts the requests a bench's companion makes through `base`, by kind (a method's name, or verb and doctype), with
 * the time each kind took; `reset` starts a scenario afresh.
 */
export class RequestMeter {
  total = 0;
  private readonly counts = new Map<string, number>();
  private readonly spent = new Map<string, number>();

  constructor(private readonly base: typeof fetch) {}

  readonly fetch: typeof fetch = (input, init) => {
    this.total++;
    const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
    const key = path.startsWith('/api/method/')
      ? path.slice(12)
      : `${init?.method ?? 'GET'} ${decodeURIComponent(path.split('/')[3] ?? '')}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const t0 = performance.now();
    const settle = (): void => void this.spent.set(key, (this.spent.get(key) ?? 0) + performance.now() - t0);
    return this.base(input, init).finally(settle);
  };

  reset(): void {
    this.total = 0;
    this.counts.clear();
    this.spent.clear();
  }

  /** "kind n, …", the most frequent first; with `times`, each kind's seconds too. */
  byKind(times = false): string {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => (times ? `${k} ${v} (${((this.spent.get(k) ?? 0) / 1000).toFixed(1)} s)` : `${k} ${v}`))
      .join(', ');
  }
}
