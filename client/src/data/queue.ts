/**
 * The desk's queue: one list request, one grouped count and one team lookup, so the first screen takes 3 requests,
 * made at the same time (the default view and the grouped count need no team; the counts are finished once the
 * teams are known).
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { ALL_STATUSES as STATUSES, OPEN_STATUSES } from '../../../domain/case/status.ts';
import { list, type Filter } from './api.ts';

export type QueueView = 'mine' | 'team' | 'unassigned' | 'atRisk' | 'breached' | 'open' | 'resolved' | 'closed' | 'all';
export const QUEUE_VIEWS: readonly QueueView[] = [
  'mine',
  'team',
  'unassigned',
  'atRisk',
  'breached',
  'open',
  'resolved',
  'closed',
  'all',
];

export { OPEN_STATUSES };
/** Every status, for the status filter (resolved and closed cases are found too). */
export const ALL_STATUSES = STATUSES;
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
  'resolved_on',
  'first_response_seconds',
  'resolution_seconds',
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
  /** A billing status ("To Bill": "por facturar"). */
  billing?: string;
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
    case 'resolved':
      return [['status', '=', 'Resolved']];
    case 'closed':
      return [['status', 'in', ['Closed', 'Cancelled']]];
    case 'all':
      return [];
    default:
      return [open];
  }
}

/** A column sort ('urgency' is the companion's: the next deadline that matters, then priority and severity). */
export type QueueSortKey = 'urgency' | 'received_on desc' | 'received_on asc' | 'modified desc' | 'priority asc';
const ORDER: Record<QueueSortKey, string> = {
  urgency: 'sla_sort_key asc, received_on asc',
  'received_on desc': 'received_on desc',
  'received_on asc': 'received_on asc',
  'modified desc': 'modified desc',
  'priority asc': 'priority asc, severity asc, sla_sort_key asc',
};

export function queue(
  view: QueueView,
  user: string,
  teams: string[],
  f: QueueFilters,
  start = 0,
  pageSize = 50,
  sort: QueueSortKey = 'urgency',
): Promise<QueueRow[]> {
  const search = f.search?.trim();
  // A search looks through every case (number, subject, customer, serial), whatever the view.
  const filters = search ? [] : viewFilters(view, user, teams);
  if (f.priority) filters.push(['priority', '=', f.priority]);
  if (f.severity) filters.push(['severity', '=', f.severity]);
  if (f.level) filters.push(['support_level', '=', f.level]);
  if (f.status) filters.push(['status', '=', f.status]);
  if (f.customer) filters.push(['customer', 'like', `${f.customer}%`]);
  if (f.product) filters.push(['product', 'like', `${f.product}%`]);
  if (f.module) filters.push(['module', 'like', `%${f.module}%`]);
  if (f.contractOnly) filters.push(['is_vip', '=', 1]);
  if (f.billing) filters.push(['billing_status', '=', f.billing]);
  const orFilters: Filter[] | undefined = search
    ? [
        ['subject', 'like', `%${search}%`],
        ['customer', 'like', `%${search}%`],
        ['name', 'like', `%${search}%`],
        ['serial_no', 'like', `%${search}%`],
      ]
    : undefined;
  // Most urgent first unless a column says otherwise: the companion's sort key (the next deadline that matters, then
  // priority and severity; paused and finished cases after), then the oldest arrival.
  return list<QueueRow>('Support Case', {
    fields: [...QUEUE_FIELDS],
    filters,
    ...(orFilters ? { orFilters } : {}),
    orderBy: ORDER[sort],
    limit: pageSize,
    start,
  });
}

export type QueueCounts = Record<QueueView, number>;

/** One row of the grouped count over all cases. */
export interface QueueGroup {
  status: string;
  assigned_to: string | null;
  team: string | null;
  sla_status: string | null;
  n: number;
}

/** The grouped count behind every view's count: one query over all cases (needs no team to be known yet). */
export const queueGroups = (): Promise<QueueGroup[]> =>
  list<QueueGroup>('Support Case', {
    fields: ['status', 'assigned_to', 'team', 'sla_status', 'count(name) as n'],
    filters: [],
    groupBy: 'status, assigned_to, team, sla_status',
    orderBy: 'n desc',
    limit: 0,
  });

/** Every view's count from the grouped rows, for this user and their teams. */
export function countsFrom(rows: readonly QueueGroup[], user: string, teams: readonly string[]): QueueCounts {
  const c: QueueCounts = {
    mine: 0,
    team: 0,
    unassigned: 0,
    atRisk: 0,
    breached: 0,
    open: 0,
    resolved: 0,
    closed: 0,
    all: 0,
  };
  const open: ReadonlySet<string> = new Set(OPEN_STATUSES);
  for (const r of rows) {
    c.all += r.n;
    if (r.status === 'Resolved') c.resolved += r.n;
    if (r.status === 'Closed' || r.status === 'Cancelled') c.closed += r.n;
    if (!open.has(r.status)) continue;
    c.open += r.n;
    if (r.assigned_to === user) c.mine += r.n;
    if (!r.assigned_to) c.unassigned += r.n;
    if (r.team && teams.includes(r.team)) c.team += r.n;
    if (r.sla_status === 'At Risk') c.atRisk += r.n;
    if (r.sla_status === 'Breached') c.breached += r.n;
  }
  return c;
}

/** Every view's count from one grouped query over all cases. */
export const queueCounts = async (user: string, teams: string[]): Promise<QueueCounts> =>
  countsFrom(await queueGroups(), user, teams);

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
