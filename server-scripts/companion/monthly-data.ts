/**
 * What a page of pólizas' monthly reports needs from the host, in a fixed number of POSTed lists however many
 * pólizas the page holds (issue 15 counts the requests per póliza): their cases that matter to the month (received,
 * first answered or resolved in it, or still open), the hours logged on them in the month (summed by the host,
 * grouped by case), the visits finished in the month, the covered serials, the SLA targets, the customers' names and
 * languages and the reports already made. domain/reports/monthly.ts turns each póliza's share into its figures.
 */
import { z } from 'zod';
import type { HostClient } from '../../host-client/client.ts';
import { periodContaining } from '../../domain/billing/policy.ts';
import { OPEN_STATUSES } from '../../domain/case/status.ts';
import { reportKey, type MonthlyInput, type ReportCase, type ReportVisit } from '../../domain/reports/monthly.ts';
import { plainText } from '../../domain/text/plain.ts';

const str = z.string().nullish();
const num = z.coerce.number().nullish();
const flag = z.union([z.number(), z.boolean(), z.string()]).nullish();

export const ReportPolicy = z.object({
  name: z.string(),
  customer: z.string(),
  company: str,
  plan: str,
  status: z.string(),
  sla_policy: str,
  period: str,
  allowance_hours: num,
  allowance_cases: num,
  start_date: str,
  end_date: str,
});
export type ReportPolicy = z.infer<typeof ReportPolicy>;

const CaseRow = z.object({
  name: z.string(),
  service_policy: z.string(),
  subject: str,
  status: z.string(),
  priority: str,
  severity: str,
  product: str,
  module: str,
  case_type: str,
  received_on: str,
  first_responded_on: str,
  resolved_on: str,
  first_response_seconds: num,
  resolution_seconds: num,
  response_breached: flag,
  resolution_breached: flag,
});
const HoursRow = z.object({ support_case: str, hours: num, from_time: str });
const VisitRow = z.object({
  name: z.string(),
  customer: z.string(),
  finished_on: str,
  technician: str,
  technician_name: str,
  serial_no: str,
  support_case: str,
  recommendations: str,
});
const EquipmentRow = z.object({ parent: z.string(), serial_no: str });
const TargetRow = z.object({
  parent: z.string(),
  priority: str,
  severity: str,
  response_minutes: num,
  resolution_minutes: num,
});
const CustomerRow = z.object({ name: z.string(), customer_name: str, language: str });
const ReportRow = z.object({ name: z.string(), report_key: str, status: z.string(), recommendations: str });

export interface PolicyMonth {
  input: MonthlyInput;
  customerName: string;
  lang: 'es' | 'en';
  /** The month's report already on the host, if any. */
  report: z.infer<typeof ReportRow> | null;
}

const NONE = ['\u0000'];
const on = (v: unknown): boolean => v === 1 || v === true || v === '1';
const group = <T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const x of list) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
};

const toCase = (c: z.infer<typeof CaseRow>): ReportCase => ({
  name: c.name,
  subject: c.subject ?? null,
  status: c.status,
  priority: c.priority ?? null,
  severity: c.severity ?? null,
  product: c.product ?? null,
  module: c.module ?? null,
  case_type: c.case_type ?? null,
  received_on: c.received_on ?? null,
  first_responded_on: c.first_responded_on ?? null,
  resolved_on: c.resolved_on ?? null,
  first_response_seconds: c.first_response_seconds ?? null,
  resolution_seconds: c.resolution_seconds ?? null,
  response_breached: on(c.response_breached),
  resolution_breached: on(c.resolution_breached),
});

async function read(client: HostClient, policies: readonly ReportPolicy[], month: { start: string; end: string }) {
  const names = policies.map((p) => p.name);
  const customers = [...new Set(policies.map((p) => p.customer))];
  const slas = [...new Set(policies.map((p) => p.sla_policy).filter((x): x is string => !!x))];
  const range = [month.start, month.end];
  // The allowance's periods may begin before the month: their cases and hours count in the consumption bar.
  const from = policies.reduce((a, p) => {
    const span = periodContaining(
      { start_date: p.start_date ?? null, end_date: p.end_date ?? null, period: p.period ?? null },
      month.end,
    );
    return span && span.start < a ? span.start : a;
  }, month.start);
  const cases = await client.allRows(
    'Support Case',
    {
      fields: Object.keys(CaseRow.shape),
      filters: [['service_policy', 'in', names]],
      orFilters: [
        ['received_on', 'between', [from, month.end]],
        ['first_responded_on', 'between', range],
        ['resolved_on', 'between', range],
        ['status', 'in', [...OPEN_STATUSES]],
      ],
    },
    CaseRow,
  );
  const caseNames = cases.map((c) => c.name);
  const [hours, visits, equipment, targets, people, reports] = await Promise.all([
    client.allRows(
      'Timesheet Detail',
      {
        parent: 'Timesheet',
        fields: ['support_case', 'hours', 'from_time'],
        filters: [
          ['support_case', 'in', caseNames.length ? caseNames : NONE],
          ['from_time', 'between', [from, month.end]],
          ['docstatus', '<', 2],
        ],
      },
      HoursRow,
    ),
    client.allRows(
      'Service Visit',
      {
        fields: Object.keys(VisitRow.shape),
        filters: [
          ['customer', 'in', customers],
          ['status', '=', 'Completed'],
          ['finished_on', 'between', range],
        ],
      },
      VisitRow,
    ),
    client.allRows(
      'Policy Equipment',
      { parent: 'Service Policy', fields: ['parent', 'serial_no'], filters: [['parent', 'in', names]] },
      EquipmentRow,
    ),
    client.allRows(
      'SLA Target',
      {
        parent: 'SLA Policy',
        fields: Object.keys(TargetRow.shape),
        filters: [['parent', 'in', slas.length ? slas : NONE]],
      },
      TargetRow,
    ),
    client.allRows(
      'Customer',
      { fields: ['name', 'customer_name', 'language'], filters: [['name', 'in', customers]] },
      CustomerRow,
    ),
    client.allRows(
      'Policy Report',
      {
        fields: ['name', 'report_key', 'status', 'recommendations'],
        filters: [['report_key', 'in', names.map((n) => reportKey(n, month.start))]],
      },
      ReportRow,
    ),
  ]);
  return { cases, hours, visits, equipment, targets, people, reports };
}

/** Which póliza a visit belongs to: its case's, else the one covering its serial, else the customer's only one. */
function visitOwner(
  v: z.infer<typeof VisitRow>,
  caseOwner: Map<string, string>,
  serialOwner: Map<string, string>,
  byCustomer: Map<string, ReportPolicy[]>,
): string | null {
  if (v.support_case && caseOwner.has(v.support_case)) return caseOwner.get(v.support_case) ?? null;
  if (v.serial_no && serialOwner.has(v.serial_no)) return serialOwner.get(v.serial_no) ?? null;
  const mine = byCustomer.get(v.customer) ?? [];
  return !v.support_case && !v.serial_no && mine.length === 1 ? (mine[0]?.name ?? null) : null;
}

export async function gatherMonth(
  client: HostClient,
  policies: readonly ReportPolicy[],
  month: { start: string; end: string },
): Promise<Map<string, PolicyMonth>> {
  if (!policies.length) return new Map();
  const r = await read(client, policies, month);
  const caseOwner = new Map(r.cases.map((c) => [c.name, c.service_policy]));
  const logsOf = group(
    r.hours.filter((h) => h.support_case && h.from_time),
    (h) => caseOwner.get(h.support_case ?? '') ?? '',
  );
  const casesOf = group(r.cases, (c) => c.service_policy);
  const serialOwner = new Map(r.equipment.flatMap((e) => (e.serial_no ? [[e.serial_no, e.parent] as const] : [])));
  const byCustomer = group(policies, (p) => p.customer);
  const visitsOf = new Map<string, ReportVisit[]>();
  for (const v of r.visits) {
    const owner = visitOwner(v, caseOwner, serialOwner, byCustomer);
    if (!owner) continue;
    const visit: ReportVisit = {
      name: v.name,
      finished_on: v.finished_on ?? null,
      technician: v.technician_name || v.technician || null,
      serial_no: v.serial_no ?? null,
      support_case: v.support_case ?? null,
      recommendations: plainText(v.recommendations ?? ''),
    };
    visitsOf.set(owner, [...(visitsOf.get(owner) ?? []), visit]);
  }
  const targetsOf = group(r.targets, (t) => t.parent);
  const people = new Map(r.people.map((c) => [c.name, c]));
  const reports = new Map(r.reports.map((x) => [x.report_key ?? '', x]));
  const out = new Map<string, PolicyMonth>();
  for (const p of policies) {
    const report = reports.get(reportKey(p.name, month.start)) ?? null;
    const who = people.get(p.customer);
    out.set(p.name, {
      customerName: who?.customer_name || p.customer,
      lang: (who?.language ?? '').toLowerCase().startsWith('en') ? 'en' : 'es',
      report,
      input: {
        month,
        policy: {
          allowance_hours: p.allowance_hours ?? 0,
          allowance_cases: p.allowance_cases ?? 0,
          period: p.period ?? null,
          start_date: p.start_date ?? null,
          end_date: p.end_date ?? null,
        },
        timeLogs: (logsOf.get(p.name) ?? []).map((h) => ({
          support_case: h.support_case ?? '',
          date: (h.from_time ?? '').slice(0, 10),
          hours: h.hours ?? 0,
        })),
        targets: (p.sla_policy ? (targetsOf.get(p.sla_policy) ?? []) : []).map((t) => ({
          priority: t.priority ?? null,
          severity: t.severity ?? null,
          response_minutes: t.response_minutes ?? null,
          resolution_minutes: t.resolution_minutes ?? null,
        })),
        cases: (casesOf.get(p.name) ?? []).map(toCase),
        visits: visitsOf.get(p.name) ?? [],
        extraRecommendations: plainText(report?.recommendations ?? ''),
      },
    });
  }
  return out;
}
