/** What accountants work from: finished Billable cases with their hours and whether they are invoiced yet. */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { list } from './api.ts';

export const ACCOUNT_FIELDS = [
  'name',
  'subject',
  'customer',
  'status',
  'case_type',
  'hours_logged',
  'billing_status',
  'sales_invoice',
  'resolved_on',
] as const;
export type AccountCase = Pick<SupportCase, (typeof ACCOUNT_FIELDS)[number]>;

/** Resolved and closed Billable cases, the not yet invoiced first. */
export function casesToInvoice(): Promise<AccountCase[]> {
  return list<AccountCase>('Support Case', {
    fields: [...ACCOUNT_FIELDS],
    filters: [
      ['case_type', '=', 'Billable'],
      ['status', 'in', ['Resolved', 'Closed']],
    ],
    orderBy: 'billing_status asc, resolved_on asc',
    limit: 100,
  });
}
