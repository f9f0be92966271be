/**
 * Saved queue views (Support Queue View): a name, who sees it — its author ("Private"), a team, or everyone — and
 * the base view, filters and sort it applies. The host lets every agent read them and change only their own;
 * which ones a person is offered is decided here from the visibility.
 */
import type { SupportQueueView } from '../../../generated/doctypes/index.ts';
import { list, request, resource } from './api.ts';
import { QUEUE_VIEWS, type QueueFilters, type QueueSortKey, type QueueView } from './queue.ts';

export type SavedView = Pick<
  SupportQueueView,
  'name' | 'view_name' | 'visibility' | 'team' | 'base_view' | 'filters' | 'sort_by' | 'owner'
>;

export const SORTS: readonly QueueSortKey[] = [
  'urgency',
  'received_on desc',
  'received_on asc',
  'modified desc',
  'priority asc',
];
export type QueueSort = QueueSortKey;

export async function savedViews(user: string, teams: string[]): Promise<SavedView[]> {
  const rows = await list<SavedView>('Support Queue View', {
    fields: ['name', 'view_name', 'visibility', 'team', 'base_view', 'filters', 'sort_by', 'owner'],
    orderBy: 'view_name asc',
    limit: 200,
  }).catch(() => []);
  return rows.filter(
    (v) =>
      v.visibility === 'Public' || v.owner === user || (v.visibility === 'Team' && !!v.team && teams.includes(v.team)),
  );
}

const TEXT_FILTERS = [
  'priority',
  'severity',
  'level',
  'status',
  'customer',
  'product',
  'module',
  'search',
  'billing',
] as const;

/** A saved view's filters, keeping only what the queue knows (a hand-edited record cannot inject anything else). */
export function readFilters(json: string | null | undefined): QueueFilters {
  let raw: unknown;
  try {
    raw = JSON.parse(json || '{}');
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: QueueFilters = {};
  for (const k of TEXT_FILTERS) {
    const v = r[k];
    if (typeof v === 'string' && v.trim() && v.length <= 140) out[k] = v.trim();
  }
  if (r.contractOnly === true) out.contractOnly = true;
  return out;
}

export const baseViewOf = (v: SavedView): QueueView =>
  (QUEUE_VIEWS as readonly string[]).includes(v.base_view ?? '') ? (v.base_view as QueueView) : 'open';
export const sortOf = (v: SavedView): QueueSort =>
  (SORTS as readonly string[]).includes(v.sort_by ?? '') ? (v.sort_by as QueueSort) : 'urgency';

export const saveView = (v: {
  view_name: string;
  visibility: SavedView['visibility'];
  team: string | null;
  base_view: QueueView;
  filters: QueueFilters;
  sort_by: QueueSort;
}): Promise<SavedView> =>
  request<SavedView>('POST', resource('Support Queue View'), {
    body: { ...v, filters: JSON.stringify(v.filters) },
  });

export const deleteView = (name: string): Promise<unknown> => request('DELETE', resource('Support Queue View', name));
