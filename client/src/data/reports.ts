/**
 * A póliza's monthly reports (issue 15). The companion makes them (figures, PDF, sending); a manager writes the
 * report's own recommendations and asks for an action — Preview, Regenerate or Send — which the host checks
 * (server-scripts/host/policy_report_rules.py) and the companion answers, clearing requested_action.
 */
import type { PolicyReport } from '../../../generated/doctypes/index.ts';
import { list, request, resource } from './api.ts';

export const REPORT_FIELDS = [
  'name',
  'period_start',
  'period_end',
  'status',
  'requested_action',
  'recommendations',
  'pdf_file',
  'generated_on',
  'sent_on',
  'sent_to',
  'send_problem',
] as const;
export type ReportRow = Pick<PolicyReport, (typeof REPORT_FIELDS)[number]>;
export type ReportAction = 'Preview' | 'Regenerate' | 'Send';

export const policyReports = (policy: string): Promise<ReportRow[]> =>
  list<ReportRow>('Policy Report', {
    fields: [...REPORT_FIELDS],
    filters: [['service_policy', '=', policy]],
    orderBy: 'period_start desc',
    limit: 36,
  });

export const askReport = (name: string, action: ReportAction, recommendations?: string): Promise<ReportRow> =>
  request<ReportRow>('PUT', resource('Policy Report', name), {
    body: { requested_action: action, ...(recommendations === undefined ? {} : { recommendations }) },
  });

/** A preview of a month (YYYY-MM-01 … last day) that has no report yet. */
export const previewMonth = (policy: string, month: { start: string; end: string }): Promise<ReportRow> =>
  request<ReportRow>('POST', resource('Policy Report'), {
    body: { service_policy: policy, period_start: month.start, period_end: month.end, requested_action: 'Preview' },
  });
