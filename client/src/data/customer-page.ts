/**
 * Everything the desk shows about one customer (issue 14): their pólizas, their equipment with warranty and AMC
 * from ERPNext's Serial No, their registered environment (edited here, read by the new-case form at intake), open
 * and past cases, visits and appointments, and one timeline of every interaction. One request per part, in parallel.
 */
import type {
  AppointmentRequest,
  CustomerEnvironment,
  CustomerInteraction,
} from '../../../generated/doctypes/index.ts';
import { list, request, resource } from './api.ts';
import { policies, type PolicyRow } from './contracts.ts';

export interface CustomerHead {
  name: string;
  customer_name: string;
  territory: string | null;
  customer_group: string | null;
  account_manager: string | null;
}
export interface EquipmentRow {
  name: string;
  item_code: string;
  warranty_expiry_date: string | null;
  amc_expiry_date: string | null;
  covering_policy: string | null;
}
export interface CaseRow {
  name: string;
  subject: string;
  status: string;
  received_on: string;
  proactive: number;
}
export interface VisitRow {
  name: string;
  status: string;
  scheduled_start: string;
  finished_on: string | null;
  technician: string | null;
  technician_name: string | null;
  support_case: string | null;
  signed_by: string | null;
  signed_on: string | null;
  /** The customer's signature, a PNG data URL (server-scripts/host/visit_rules.py allows nothing else). */
  customer_signature: string | null;
  report_file: string | null;
}
export const VISIT_ROW_FIELDS = [
  'name',
  'status',
  'scheduled_start',
  'finished_on',
  'technician',
  'technician_name',
  'support_case',
  'signed_by',
  'signed_on',
  'customer_signature',
  'report_file',
];

/** Visits of a customer, or of one case, newest first. */
export const visitRows = (by: { customer: string } | { support_case: string }): Promise<VisitRow[]> =>
  list<VisitRow>('Service Visit', {
    fields: VISIT_ROW_FIELDS,
    filters: 'customer' in by ? [['customer', '=', by.customer]] : [['support_case', '=', by.support_case]],
    orderBy: 'scheduled_start desc',
    limit: 20,
  });
export type InteractionRow = Pick<
  CustomerInteraction,
  | 'name'
  | 'interaction_date'
  | 'interaction_type'
  | 'direction'
  | 'proactive'
  | 'reason'
  | 'summary'
  | 'outcome'
  | 'support_case'
  | 'user'
  | 'next_follow_up'
>;
export type AppointmentRow = Pick<
  AppointmentRequest,
  | 'name'
  | 'status'
  | 'reason'
  | 'preferred_date'
  | 'preferred_slot'
  | 'confirmed_start'
  | 'technician'
  | 'reschedule_count'
  | 'serial_no'
>;

export interface CustomerPage {
  head: CustomerHead | null;
  policies: PolicyRow[];
  equipment: EquipmentRow[];
  environment: CustomerEnvironment | null;
  cases: CaseRow[];
  visits: VisitRow[];
  appointments: AppointmentRow[];
  interactions: InteractionRow[];
}

export const interactions = (customer: string): Promise<InteractionRow[]> =>
  list<InteractionRow>('Customer Interaction', {
    fields: [
      'name',
      'interaction_date',
      'interaction_type',
      'direction',
      'proactive',
      'reason',
      'summary',
      'outcome',
      'support_case',
      'user',
      'next_follow_up',
    ],
    filters: [['customer', '=', customer]],
    orderBy: 'interaction_date desc',
    limit: 50,
  });

export const appointments = (customer: string): Promise<AppointmentRow[]> =>
  list<AppointmentRow>('Appointment Request', {
    fields: [
      'name',
      'status',
      'reason',
      'preferred_date',
      'preferred_slot',
      'confirmed_start',
      'technician',
      'reschedule_count',
      'serial_no',
    ],
    filters: [['customer', '=', customer]],
    orderBy: 'creation desc',
    limit: 20,
  });

export async function customerPage(customer: string): Promise<CustomerPage> {
  const [head, own, equipment, environment, cases, visits, appts, timeline] = await Promise.all([
    request<CustomerHead>('GET', resource('Customer', customer), { quiet: true }).catch(() => null),
    policies({ customer }),
    list<EquipmentRow>('Serial No', {
      fields: ['name', 'item_code', 'warranty_expiry_date', 'amc_expiry_date', 'covering_policy'],
      filters: [['customer', '=', customer]],
      orderBy: 'name asc',
      limit: 200,
    }),
    request<CustomerEnvironment>('GET', resource('Customer Environment', customer), { quiet: true }).catch(() => null),
    list<CaseRow>('Support Case', {
      fields: ['name', 'subject', 'status', 'received_on', 'proactive'],
      filters: [['customer', '=', customer]],
      orderBy: 'received_on desc',
      limit: 30,
    }),
    visitRows({ customer }),
    appointments(customer),
    interactions(customer),
  ]);
  return {
    head,
    policies: own,
    equipment,
    environment,
    cases,
    visits,
    appointments: appts,
    interactions: timeline,
  };
}

/** The environment saved whole (its two tables replaced): created the first time. */
export const saveEnvironment = (
  customer: string,
  exists: boolean,
  body: Pick<CustomerEnvironment, 'product_versions' | 'customized_modules' | 'notes'>,
): Promise<CustomerEnvironment> =>
  exists
    ? request<CustomerEnvironment>('PUT', resource('Customer Environment', customer), { body })
    : request<CustomerEnvironment>('POST', resource('Customer Environment'), { body: { customer, ...body } });

export const logInteraction = (body: Partial<CustomerInteraction>): Promise<CustomerInteraction> =>
  request<CustomerInteraction>('POST', resource('Customer Interaction'), { body });

export const bookAppointment = (body: Partial<AppointmentRequest>): Promise<AppointmentRequest> =>
  request<AppointmentRequest>('POST', resource('Appointment Request'), { body: { status: 'Requested', ...body } });
