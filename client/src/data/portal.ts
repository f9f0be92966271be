/**
 * What a portal customer reads (issue 16): their home in one request (`postventa.portal.home`: their pólizas with
 * this period's consumption and their equipment, for the customers their User Permissions name) and their own
 * cases, with the fields a customer may see.
 */
import type { ServicePolicy, SupportCase } from '../../../generated/doctypes/index.ts';
import { method, request, upload } from './api.ts';

export type PortalCase = Pick<
  SupportCase,
  | 'name'
  | 'subject'
  | 'status'
  | 'received_on'
  | 'customer'
  | 'raised_by'
  | 'serial_no'
  | 'resolution_by'
  | 'resolved_on'
> & { owner: string | null };
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
  | 'customer_confirmed_on'
  | 'serial_no'
> & { mine: boolean };
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
  offers: PortalOffers;
  /** Surveys waiting for this user (answered through postventa.portal.surveys). */
  surveys: PortalSurvey[];
}

export const portalHome = (): Promise<PortalHome> => request<PortalHome>('GET', method('postventa.portal.home'));

/** Fifty of the customer's cases, newest first: their own, or all their customer's for a customer manager. */
export const portalCases = (q: {
  scope?: 'mine' | 'all';
  state?: '' | 'open' | 'closed';
  search?: string;
  start?: number;
}): Promise<{ cases: PortalCase[]; total: number; manager: boolean }> =>
  request('GET', method('postventa.portal.cases'), { query: { ...q } });

export const portalCase = (name: string): Promise<PortalCaseDetail> =>
  request<PortalCaseDetail>('GET', method('postventa.portal.case_detail'), { query: { case: name } });

/** The case's messages, oldest first (the host gives a customer no internal note: case_timeline.py). */
export const portalMessages = (name: string): Promise<PortalMessage[]> =>
  request<{ communications: PortalMessage[] }>('GET', method('postventa.case.timeline'), {
    query: { case: name },
  }).then((r) => [...r.communications].reverse());

export const sendPortalMessage = (name: string, text: string): Promise<unknown> =>
  request('POST', method('postventa.portal.message'), { body: { case: name, text } });

/** What the portal offers on this site (Postventa Settings, read by portal_home.py). */
export interface PortalOffers {
  new_case: boolean;
  credentials: boolean;
}

export interface PortalInvoice {
  name: string;
  customer: string;
  posting_date: string;
  due_date: string | null;
  currency: string;
  grand_total: number;
  outstanding_amount: number;
  status: string;
  service_policy: string | null;
  payment_url: string | null;
  overdue: boolean;
}
export const portalInvoices = (): Promise<{ invoices: PortalInvoice[]; bank_details: string }> =>
  request('GET', method('postventa.portal.invoices'));

export interface PortalCredential {
  name: string;
  customer: string;
  system: string;
  url: string | null;
  notes: string | null;
}
export const portalCredentials = (): Promise<{ enabled: boolean; credentials: PortalCredential[] }> =>
  request('GET', method('postventa.portal.credentials'));
/** One audited reveal (credential_reveal.py): the host logs who, when and from where. */
export const revealCredential = (
  name: string,
  purpose = '',
): Promise<{ system: string; url: string | null; username: string; password: string }> =>
  request('POST', method('postventa.credential.reveal'), { body: { name, purpose } });

export interface KbArticle {
  name: string;
  title: string;
  category: string | null;
  product: string | null;
  symptom: string | null;
  solution: string | null;
}
export const kbSearch = (search: string, product = ''): Promise<KbArticle[]> =>
  request<KbArticle[]>('POST', method('postventa.kb.articles'), { body: { search, product } });
export const kbDeflected = (article: string): Promise<{ counted: boolean }> =>
  request('POST', method('postventa.kb.deflected'), { body: { article } });

export interface NewPortalCase {
  customer: string;
  subject: string;
  symptom: string;
  serial_no: string;
  product: string;
  severity: string;
}
export const openPortalCase = (c: NewPortalCase): Promise<{ name: string }> =>
  request('POST', method('postventa.portal.case'), { body: c });

/** A file attached to the customer's own case (private; upload_file needs write on the case, which they own). */
export function attachToCase(name: string, file: File): Promise<{ file_url: string }> {
  const form = new FormData();
  form.set('file', file, file.name);
  form.set('doctype', 'Support Case');
  form.set('docname', name);
  form.set('is_private', '1');
  return upload<{ file_url: string }>(form);
}

export const answerResolution = (name: string, solved: boolean, comment = ''): Promise<unknown> =>
  request('POST', method('postventa.portal.resolution'), { body: { case: name, solved: solved ? 1 : 0, comment } });

export interface SerialLog {
  serial_no: string;
  cases: { name: string; subject: string; status: string; received_on: string; resolved_on: string | null }[];
  visits: {
    name: string;
    status: string;
    scheduled_start: string | null;
    finished_on: string | null;
    technician_name: string | null;
    signed_by: string | null;
  }[];
}
/** One serial's service log: its cases (own, or all for a customer manager) and field visits. */
export const serialLog = (serial: string): Promise<SerialLog> =>
  request('GET', method('postventa.portal.serial_log'), { query: { serial_no: serial } });

export interface PortalAppointment {
  name: string;
  customer: string;
  serial_no: string | null;
  reason: string;
  preferred_date: string;
  preferred_slot: 'Any' | 'Morning' | 'Afternoon';
  alternative_date: string | null;
  location: string | null;
  status: string;
  confirmed_start: string | null;
  confirmed_end: string | null;
  technician_name: string | null;
  reschedule_count: number | null;
  change_reason: string | null;
}
export interface AppointmentWish {
  preferred_date: string;
  preferred_slot: string;
  alternative_date: string;
  location: string;
  reason: string;
}
export const portalAppointments = (): Promise<PortalAppointment[]> =>
  request('GET', method('postventa.portal.appointments'));
export const requestAppointment = (w: AppointmentWish & { serial_no: string; customer: string }): Promise<unknown> =>
  request('POST', method('postventa.portal.appointments'), { body: { action: 'request', ...w } });
export const changeAppointment = (name: string, w: AppointmentWish): Promise<unknown> =>
  request('POST', method('postventa.portal.appointments'), { body: { action: 'change', name, ...w } });
export const cancelAppointment = (name: string, reason: string): Promise<unknown> =>
  request('POST', method('postventa.portal.appointments'), { body: { action: 'cancel', name, reason } });

export interface PortalSurvey {
  name: string;
  support_case: string | null;
  service_visit: string | null;
  subject: string | null;
  intro_text: string | null;
  sent_on: string | null;
}
export const answerSurvey = (survey: string, csat: number, nps: number | null, comments: string): Promise<unknown> =>
  request('POST', method('postventa.portal.surveys'), { body: { survey, csat, nps: nps ?? '', comments } });
