/**
 * Support Case statuses, derived from the doctype's own Select options (generated from doctypes/support_case.json):
 * the one place that says which statuses are open, resolved or finished.
 */
import { SUPPORT_CASE_STATUS } from '../../generated/doctypes/support_case.options.ts';

export type CaseStatus = (typeof SUPPORT_CASE_STATUS)[number];

export const ALL_STATUSES: readonly CaseStatus[] = SUPPORT_CASE_STATUS;
/** The work is done and the SLA clock stops; a customer may still confirm (Resolved) or it is archived (Closed). */
export const RESOLVED_STATUSES: readonly CaseStatus[] = ['Resolved', 'Closed'];
export const CANCELLED_STATUS: CaseStatus = 'Cancelled';
/** Statuses no one works on any more. */
export const FINISHED_STATUSES: readonly CaseStatus[] = [...RESOLVED_STATUSES, CANCELLED_STATUS];
/** Everything else: the case is on someone's desk (or waiting on the customer or the developers). */
export const OPEN_STATUSES: readonly CaseStatus[] = SUPPORT_CASE_STATUS.filter((s) => !FINISHED_STATUSES.includes(s));
/** A status that pauses the SLA clock unless the admin configured others (SLA Pause Status). */
export const DEFAULT_PAUSE_STATUS: CaseStatus = 'Waiting on Customer';

const has = (list: readonly string[], status: string | null | undefined): boolean =>
  typeof status === 'string' && list.includes(status);
export const isOpenStatus = (status: string | null | undefined): boolean => has(OPEN_STATUSES, status);
export const isResolvedStatus = (status: string | null | undefined): boolean => has(RESOLVED_STATUSES, status);
export const isFinishedStatus = (status: string | null | undefined): boolean => has(FINISHED_STATUSES, status);
/** Closed and Cancelled cases are a final record: nothing changes but reopening them. */
export const LOCKED_STATUSES: readonly CaseStatus[] = ['Closed', CANCELLED_STATUS];
export const isLockedStatus = (status: string | null | undefined): boolean => has(LOCKED_STATUSES, status);
