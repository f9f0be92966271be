/** SlaCountdown's props from a case or a queue row: `<SlaCountdown v-bind="slaProps(row)" />`. */
import type { SupportCase } from '../../../../generated/doctypes/index.ts';

type SlaFields = Pick<
  SupportCase,
  | 'sla_status'
  | 'response_by'
  | 'resolution_by'
  | 'first_responded_on'
  | 'resolved_on'
  | 'first_response_seconds'
  | 'resolution_seconds'
>;

export const slaProps = (c: SlaFields) => ({
  slaStatus: c.sla_status,
  responseBy: c.response_by,
  resolutionBy: c.resolution_by,
  respondedOn: c.first_responded_on,
  resolvedOn: c.resolved_on,
  responseSeconds: c.first_response_seconds,
  resolutionSeconds: c.resolution_seconds,
});
