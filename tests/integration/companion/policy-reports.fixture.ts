/**
 * The site of the monthly-report tests (issue 15): two pólizas of one customer that ran in November — a monthly one
 * from 24 October with two covered serials, a quarterly one from 1 August — and a Draft one, cases with their SLA
 * facts set in the tables (some of October, one still open), hours logged in and out of the month, and two finished
 * visits (one in November with a recommendation). `expected` counts November's figures with plain SQL.
 */
import { expect } from 'vitest';
import { as, messages } from './host-scripts.fixture.ts';
import { all, CUSTOMER, get, policyBody, startContractEnv } from './service-contract.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
export const policies: Record<'main' | 'quarterly' | 'draft', string> = { main: '', quarterly: '', draft: '' };
export const KEY = (p: string) => `${p}|2026-11`;

interface CaseFacts {
  policy: 'main' | 'quarterly';
  priority: string;
  severity: string;
  received: string;
  responded?: string;
  resolved?: string;
  frt?: number;
  ttr?: number;
  breached?: boolean;
  status?: string;
  product?: string;
}
const CASES: CaseFacts[] = [
  {
    policy: 'main',
    priority: 'P1',
    severity: 'S1',
    received: '2026-11-03 09:00:00',
    responded: '2026-11-03 09:20:00',
    resolved: '2026-11-03 12:00:00',
    frt: 1200,
    ttr: 10800,
    product: 'ZZS-MONITOR',
  },
  {
    policy: 'main',
    priority: 'P2',
    severity: 'S2',
    received: '2026-11-10 10:00:00',
    responded: '2026-11-10 11:00:00',
    resolved: '2026-11-12 10:00:00',
    frt: 3600,
    ttr: 36000,
    breached: true,
    product: 'ZZS-MONITOR',
  },
  {
    policy: 'main',
    priority: 'P3',
    severity: 'S3',
    received: '2026-11-20 15:00:00',
    responded: '2026-11-20 16:30:00',
    frt: 5400,
    status: 'In Progress',
  },
  {
    policy: 'main',
    priority: 'P2',
    severity: 'S3',
    received: '2026-10-28 10:00:00',
    responded: '2026-10-28 11:00:00',
    resolved: '2026-11-02 09:00:00',
    frt: 3600,
    ttr: 28800,
  },
  {
    policy: 'main',
    priority: 'P2',
    severity: 'S2',
    received: '2026-10-05 10:00:00',
    responded: '2026-10-05 10:30:00',
    resolved: '2026-10-06 10:00:00',
    frt: 1800,
    ttr: 9000,
  },
  {
    policy: 'quarterly',
    priority: 'P1',
    severity: 'S2',
    received: '2026-11-15 08:00:00',
    responded: '2026-11-15 08:10:00',
    resolved: '2026-11-15 09:00:00',
    frt: 600,
    ttr: 3000,
  },
];
const caseNames: string[] = [];

/** The cases' facts are set in the tables once the hours are logged (a closed case takes no more hours). */
function setFacts(): void {
  for (const [i, c] of CASES.entries()) {
    const name = caseNames[i] ?? '';
    env.site.db.run(
      `UPDATE "tabSupport Case" SET service_policy = ?, priority = ?, severity = ?, received_on = ?, first_responded_on = ?,
         resolved_on = ?, first_response_seconds = ?, resolution_seconds = ?, response_breached = 0,
         resolution_breached = ?, status = ?, product = ? WHERE name = ?`,
      [
        policies[c.policy],
        c.priority,
        c.severity,
        c.received,
        c.responded ?? null,
        c.resolved ?? null,
        c.frt ?? 0,
        c.ttr ?? 0,
        c.breached ? 1 : 0,
        c.status ?? (c.resolved ? 'Closed' : 'Open'),
        c.product ?? null,
        name,
      ],
    );
  }
}

async function seed(): Promise<void> {
  for (const [i, c] of CASES.entries()) {
    const made = await env.insert('Support Case', { subject: `Caso ${i}`, symptom: 'x', customer: CUSTOMER });
    caseNames.push(String(made.name));
    env.site.db.run('UPDATE "tabSupport Case" SET service_policy = ? WHERE name = ?', [
      policies[c.policy],
      String(made.name),
    ]);
  }
  const log = (i: number, hours: number, from_time: string) => ({
    activity_type: 'Execution',
    from_time,
    hours,
    support_case: caseNames[i],
  });
  const ts = await as('agente@pv.test', 'POST', '/api/resource/Timesheet', {
    time_logs: [
      log(0, 1.5, '2026-11-03 10:00:00'),
      log(1, 2.25, '2026-11-11 09:00:00'),
      log(2, 0.75, '2026-11-21 09:00:00'),
      log(0, 3, '2026-10-30 09:00:00'),
      log(5, 1, '2026-11-15 08:30:00'),
    ],
  });
  expect(ts.status, messages(ts.body)).toBe(200);
  setFacts();
  const visits: [string, string][] = [
    ['2026-11-18 11:00:00', '<p>Cambiar la batería del monitor antes de marzo.</p>'],
    ['2026-10-18 11:00:00', '<p>De octubre: no va.</p>'],
  ];
  for (const [finished, recommendations] of visits) {
    const v = await env.insert('Service Visit', {
      customer: CUSTOMER,
      technician: 'tecnico@pv.test',
      status: 'Scheduled',
      serial_no: 'ZZS-1',
      scheduled_start: finished,
    });
    env.site.db.run(
      `UPDATE "tabService Visit" SET status = 'Completed', started_on = ?, finished_on = ?, recommendations = ? WHERE name = ?`,
      [finished, finished, recommendations, String(v.name)],
    );
  }
}

/** Starts the site and seeds it. */
export async function startReportsEnv(): Promise<Env> {
  env = await startContractEnv();
  const sla =
    get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', ['Postventa Settings', 'default_sla_policy'])
      ?.value ?? null;
  policies.main = String(
    (
      await env.insert(
        'Service Policy',
        policyBody({
          company: 'ZZV Contratos',
          sla_policy: sla,
          report_recipients: 'ti@hospital.test; jefa@hospital.test',
        }),
      )
    ).name,
  );
  policies.quarterly = String(
    (
      await env.insert('Service Policy', {
        customer: CUSTOMER,
        status: 'Active',
        period: 'Quarterly',
        allowance_hours: 10,
        allowance_cases: 3,
        start_date: '2026-08-01',
        end_date: '2027-07-31',
        sla_policy: sla,
      })
    ).name,
  );
  policies.draft = String(
    (
      await env.insert('Service Policy', {
        customer: CUSTOMER,
        status: 'Draft',
        start_date: '2026-11-01',
        end_date: '2027-10-31',
      })
    ).name,
  );
  await seed();
  return env;
}

/** November's figures as this test counts them: plain SQL over the site's tables. */
export function expected(policy: string) {
  const one = (sql: string, p: (string | number)[] = []) => Number(Object.values(get(sql, p) ?? {})[0] ?? 0);
  const nov = ["'2026-11-01'", "'2026-12-01'"];
  const inNov = (col: string) => `${col} >= ${nov[0]} AND ${col} < ${nov[1]}`;
  const sla = String(get('SELECT sla_policy FROM "tabService Policy" WHERE name = ?', [policy])?.sla_policy ?? '');
  const targeted = all('SELECT DISTINCT priority FROM "tabSLA Target" WHERE parent = ?', [sla]).map((r) =>
    String(r.priority),
  );
  const measured = all(
    `SELECT response_breached, resolution_breached FROM "tabSupport Case" WHERE service_policy = ? AND ${inNov('resolved_on')} AND priority IN (${targeted.map(() => '?').join(',') || "''"})`,
    [policy, ...targeted],
  );
  const met = measured.filter((r) => !Number(r.response_breached) && !Number(r.resolution_breached)).length;
  return {
    opened: one(`SELECT count(*) FROM "tabSupport Case" WHERE service_policy = ? AND ${inNov('received_on')}`, [
      policy,
    ]),
    resolved: one(`SELECT count(*) FROM "tabSupport Case" WHERE service_policy = ? AND ${inNov('resolved_on')}`, [
      policy,
    ]),
    compliance: measured.length ? Math.round((met / measured.length) * 1000) / 10 : null,
    avgResponseHours:
      Math.round(
        (one(
          `SELECT avg(first_response_seconds) FROM "tabSupport Case" WHERE service_policy = ? AND ${inNov('first_responded_on')}`,
          [policy],
        ) /
          3600) *
          100,
      ) / 100,
    monthHours: one(
      `SELECT sum(d.hours) FROM "tabTimesheet Detail" d JOIN "tabTimesheet" t ON t.name = d.parent
        JOIN "tabSupport Case" c ON c.name = d.support_case
        WHERE c.service_policy = ? AND t.docstatus < 2 AND ${inNov('d.from_time')}`,
      [policy],
    ),
    open: one(
      `SELECT count(*) FROM "tabSupport Case" WHERE service_policy = ? AND status NOT IN ('Resolved', 'Closed', 'Cancelled')`,
      [policy],
    ),
  };
}
