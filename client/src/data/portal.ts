/**
 * What a portal customer reads (issue 16): their home in one request (`postventa.portal.home`: their pólizas with
 * this period's consumption and their equipment, for the customers their User Permissions name) and their own
 * cases, with the fields a customer may see.
 */
import type { ServicePolicy, SupportCase } from '../../../generated/doctypes/index.ts';
import { list, method, request, resource } from './api.ts';

export type PortalCase = Pick<SupportCase, 'name' | 'subject' | 'status' | 'received_on'>;
/** A case as its customer reads it: what they reported, the answer, and the promise in time. */
export type PortalCaseDetail = Pick<
  SupportCase,
  | 'name'
  | 'subject'
  | 'status'
  | 'received_on'
  | 'symptom'
  | 'solution'
  | 'response_by'
  | 'resolution_by'
  | 'first_responded_on'
  | 'resolved_on'
>;
export interface PortalMessage {
  communication_date: string;
  subject: string;
  content: string;
  sender: string | null;
  sent_or_received: string;
}

export type PortalPolicy = Pick<
  ServicePolicy,
  | 'name'
  | 'customer'
  | 'plan'
  | 'status'
  | 'start_date'
  | 'end_date'
  | 'period'
  | 'usage_period_start'
  | 'hours_used'
  | 'allowance_hours'
  | 'cases_used'
  | 'allowance_cases'
  | 'suspended_since'
  | 'suspension_reason'
  | 'renewal_payment_url'
>;

export interface PortalEquipment {
  serial_no: string;
  item_code: string | null;
  item_name: string | null;
  customer: string;
  warranty_expiry_date: string | null;
  amc_expiry_date: string | null;
  /** The póliza whose covered equipment includes it, and that row's facts. */
  policy: string | null;
  location: string | null;
  last_serviced_on: string | null;
  next_maintenance_on: string | null;
}

export interface PortalHome {
  customers: string[];
  policies: PortalPolicy[];
  equipment: PortalEquipment[];
}

export const portalHome = (): Promise<PortalHome> => request<PortalHome>('GET', method('postventa.portal.home'));

export function myCases(): Promise<PortalCase[]> {
  return list<PortalCase>('Support Case', {
    fields: ['name', 'subject', 'status', 'received_on'],
    filters: [],
    orderBy: 'received_on desc',
    limit: 50,
  });
}

export const portalCase = (name: string): Promise<PortalCaseDetail> =>
  request<PortalCaseDetail>('GET', resource('Support Case', name));

/** The case's messages, oldest first (the host gives a customer no internal note: case_timeline.py). */
export const portalMessages = (name: string): Promise<PortalMessage[]> =>
  request<{ communications: PortalMessage[] }>('GET', method('postventa.case.timeline'), {
    query: { case: name },
  }).then((r) => [...r.communications].reverse());

export const sendPortalMessage = (name: string, text: string): Promise<unknown> =>
  request('POST', method('postventa.portal.message'), { body: { case: name, text } });
