/**
 * Service plans and pólizas for supervisors and managers (issue 14). Plain REST on the Postventa doctypes; the host
 * decides what may change (server-scripts/host/policy_rules.py: plan defaults, status steps, covered serials) and
 * keeps each Serial No's covering_policy in step (policy_serials.py).
 */
import type { ServicePlan, ServicePolicy } from '../../../generated/doctypes/index.ts';
import { firstDateFrom } from '../../../domain/maintenance/schedule.ts';
import { list, request, resource } from './api.ts';

export const PLAN_FIELDS = [
  'name',
  'plan_name',
  'enabled',
  'description',
  'sla_policy',
  'vip',
  'period',
  'allowance_hours',
  'allowance_cases',
  'overage_hourly_rate',
  'covers_parts',
  'includes_preventive_maintenance',
  'maintenance_interval_months',
  'maintenance_basis',
  'price',
  'currency',
  'billing_item',
] as const;
export type PlanRow = Pick<ServicePlan, (typeof PLAN_FIELDS)[number]>;

export const plans = (): Promise<PlanRow[]> =>
  list<PlanRow>('Service Plan', { fields: [...PLAN_FIELDS], orderBy: 'plan_name asc', limit: 200 });

export const savePlan = (name: string | null, body: Partial<ServicePlan>): Promise<ServicePlan> =>
  name
    ? request<ServicePlan>('PUT', resource('Service Plan', name), { body })
    : request<ServicePlan>('POST', resource('Service Plan'), { body });

export type PolicyRow = Pick<
  ServicePolicy,
  | 'name'
  | 'customer'
  | 'plan'
  | 'status'
  | 'start_date'
  | 'end_date'
  | 'vip'
  | 'next_maintenance_on'
  | 'maintenance_interval_months'
  | 'hours_used'
  | 'allowance_hours'
  | 'cases_used'
  | 'allowance_cases'
>;

export function policies(f: { status?: string; customer?: string; q?: string } = {}): Promise<PolicyRow[]> {
  return list<PolicyRow>('Service Policy', {
    fields: [
      'name',
      'customer',
      'plan',
      'status',
      'start_date',
      'end_date',
      'vip',
      'next_maintenance_on',
      'maintenance_interval_months',
      'hours_used',
      'allowance_hours',
      'cases_used',
      'allowance_cases',
    ],
    filters: [
      ...(f.status ? [['status', '=', f.status] as [string, string, unknown]] : []),
      ...(f.customer ? [['customer', '=', f.customer] as [string, string, unknown]] : []),
      ...(f.q ? [['customer', 'like', `%${f.q}%`] as [string, string, unknown]] : []),
    ],
    orderBy: 'end_date asc',
    limit: 100,
  });
}

export const policy = (name: string): Promise<ServicePolicy> =>
  request<ServicePolicy>('GET', resource('Service Policy', name));

export const createPolicy = (body: Partial<ServicePolicy>): Promise<ServicePolicy> =>
  request<ServicePolicy>('POST', resource('Service Policy'), { body });

export const updatePolicy = (name: string, body: Partial<ServicePolicy>): Promise<ServicePolicy> =>
  request<ServicePolicy>('PUT', resource('Service Policy', name), { body });

export interface OccurrenceRow {
  name: string;
  serial_no: string | null;
  scheduled_date: string;
  status: string;
  support_case: string | null;
  service_visit: string | null;
  notified_on: string | null;
}

export const occurrences = (policyName: string): Promise<OccurrenceRow[]> =>
  list<OccurrenceRow>('Maintenance Occurrence', {
    fields: ['name', 'serial_no', 'scheduled_date', 'status', 'support_case', 'service_visit', 'notified_on'],
    filters: [['service_policy', '=', policyName]],
    orderBy: 'scheduled_date desc',
    limit: 50,
  });

/**
 * The next maintenance date a póliza shows: the one already set (made, or counted from a completed visit), else the
 * first date of its fixed calendar from today (domain/maintenance/schedule.ts) — none without an interval.
 */
export function nextMaintenance(p: PolicyRow, today: string): string | null {
  if (p.next_maintenance_on) return p.next_maintenance_on;
  if (!p.maintenance_interval_months || !p.start_date || p.status !== 'Active') return null;
  const next = firstDateFrom(p.start_date, p.maintenance_interval_months, today);
  return p.end_date && next > p.end_date ? null : next;
}
