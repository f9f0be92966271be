/**
 * Bulk actions from the queue: assign several cases to a person (and their team), or move them to a status. One
 * case at a time through the same host calls as the case page, so every host rule applies to each; what the host
 * refuses is reported per case with its reason, and the others still go through.
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { ApiError, method, request, resource } from './api.ts';

export type BulkAction =
  | { kind: 'assign'; user: string; team: string | null }
  | { kind: 'status'; status: NonNullable<SupportCase['status']> };
export interface BulkResult {
  done: string[];
  failed: { name: string; reason: string }[];
}

/** The statuses a bulk change may set: resolving needs a solution per case, so it stays on the case page. */
export const BULK_STATUSES = ['In Progress', 'Waiting on Customer', 'Closed', 'Cancelled'] as const;

async function applyOne(name: string, action: BulkAction): Promise<void> {
  if (action.kind === 'assign') {
    await request('POST', method('frappe.desk.form.assign_to.add'), {
      body: { doctype: 'Support Case', name, assign_to: [action.user] },
      quiet: true,
    });
    await request('PUT', resource('Support Case', name), {
      body: { assigned_to: action.user, ...(action.team ? { team: action.team } : {}) },
      quiet: true,
    });
  } else await request('PUT', resource('Support Case', name), { body: { status: action.status }, quiet: true });
}

export async function bulkApply(
  names: readonly string[],
  action: BulkAction,
  progress: (done: number) => void = () => undefined,
): Promise<BulkResult> {
  const result: BulkResult = { done: [], failed: [] };
  for (const name of names) {
    try {
      await applyOne(name, action);
      result.done.push(name);
    } catch (e) {
      result.failed.push({ name, reason: e instanceof ApiError ? e.message : String(e) });
    }
    progress(result.done.length + result.failed.length);
  }
  return result;
}
