/**
 * The desk's queue: one list request, one grouped count and one team lookup, so the first screen takes 3 requests.
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { OPEN_STATUSES } from '../../../domain/case/status.ts';
import { list, type Filter } from './api.ts';

export type QueueView = 'mine' | 'team' | 'unassigned' | 'atRisk' | 'breached' | 'open';

export { OPEN_STATUSES };
export const QUEUE_FIELDS = [
  'name',
  'subject',
  'customer',
  'caller_name',
  'status',
  'priority',
  'severity',
  'support_level',
  'assigned_to',
  'team',
  'sla_status',
  'response_by',
  'resolution_by',
  'first_responded_on',
  'is_vip',
  'service_policy',
  'received_on',
] as const;
export type QueueRow = Pick<SupportCase, (typeof QUEUE_FIELDS)[number]>;

export interface QueueFilters {
  priority?: string;
  severity?: string;
  level?: string;
  status?: string;
  /** Group filters (seed 002: by customer, product, module); customer and product match by prefix. */
  customer?: string;
  product?: string;
  module?: string;
  /** Only cases under an active service policy (VIP / Contract). */
  contractOnly?: boolean;
  search?: string;
}

export function viewFilters(view: QueueView, user: string, teams: string[]): Filter[] {
  const open: Filter = ['status', 'in', [...OPEN_STATUSES]];
  switch (view) {
    case 'mine':
      return [open, ['assigned_to', '=', user]];
    case 'team':
      return [open, ['team', 'in', teams.length ? teams : ['—']]];
    case 'unassigned':
      return [open, ['assigned_to', 'is', 'not set']];
    case 'atRisk':
      return [open, ['sla_status', '=', 'At Risk']];
    case 'breached':
      return [open, ['sla_status', '=', 'Breached']];
    default:
      return [open];
  }
}

export function queue(
  view: QueueView,
  user: string,
  teams: string[],
  f: QueueFilters,
  start = 0,
  pageSize = 50,
): Promise<QueueRow[]> {
  const filters = viewFilters(view, user, teams);
  if (f.priority) filters.push(['priority', '=', f.priority]);
  if (f.severity) filters.push(['severity', '=', f.severity]);
  if (f.level) filters.push(['support_level', '=', f.level]);
  if (f.status) filters.push(['status', '=', f.status]);
  if (f.customer) filters.push(['customer', 'like', `${f.customer}%`]);
  if (f.product) filters.push(['product', 'like', `${f.product}%`]);
  if (f.module) filters.push(['module', 'like', `%${f.module}%`]);
  if (f.contractOnly) filters.push(['is_vip', '=', 1]);
  const search = f.search?.trim();
  const orFilters: Filter[] | undefined = search
    ? [
        ['subject', 'like', `%${search}%`],
        ['customer', 'like', `%${search}%`],
        ['name', 'like', `%${search}%`],
      ]
    : undefined;
  // Most urgent first: the nearest resolution deadline, then the nearest response deadline.
  return list<QueueRow>('Support Case', {
    fields: [...QUEUE_FIELDS],
    filters,
    ...(orFilters ? { orFilters } : {}),
    orderBy: 'resolution_by asc, response_by asc, received_on asc',
    limit: pageSize,
    start,
  });
}

export interface QueueCounts {
  mine: number;
  team: number;
  unassigned: number;
  atRisk: number;
  breached: number;
  open: number;
}

/** Every view's count from one grouped query over open cases. */
export async function queueCounts(user: string, teams: string[]): Promise<QueueCounts> {
  const rows = await list<{ assigned_to: string | null; team: string | null; sla_status: string | null; n: number }>(
    'Support Case',
    {
      fields: ['assigned_to', 'team', 'sla_status', 'count(name) as n'],
      filters: [['status', 'in', [...OPEN_STATUSES]]],
      groupBy: 'assigned_to, team, sla_status',
      orderBy: 'n desc',
      limit: 0,
    },
  );
  const c: QueueCounts = { mine: 0, team: 0, unassigned: 0, atRisk: 0, breached: 0, open: 0 };
  for (const r of rows) {
    c.open += r.n;
    if (r.assigned_to === user) c.mine += r.n;
    if (!r.assigned_to) c.unassigned += r.n;
    if (r.team && teams.includes(r.team)) c.team += r.n;
    if (r.sla_status === 'At Risk') c.atRisk += r.n;
    if (r.sla_status === 'Breached') c.breached += r.n;
  }
  return c;
}

export async function myTeams(user: string): Promise<string[]> {
  const rows = await list<{ parent: string }>('Support Team Member', {
    fields: ['parent'],
    filters: [['user', '=', user]],
    orderBy: 'parent asc',
    limit: 0,
    parent: 'Support Team',
  }).catch(() => []);
  return rows.map((r) => r.parent);
}
