/** What an agent sees about a customer and a serial number when a case comes in (seed 002 §1, seed 004). */
import type { CustomerEnvironment, ServicePolicy } from '../../../generated/doctypes/index.ts';
import { OPEN_STATUSES } from '../../../domain/case/status.ts';
import { list, request, resource } from './api.ts';

export const searchCustomers = (
  q: string,
): Promise<{ name: string; customer_name: string; territory: string | null }[]> =>
  list('Customer', {
    fields: ['name', 'customer_name', 'territory'],
    filters: [['customer_name', 'like', `%${q}%`]],
    orderBy: 'customer_name asc',
    limit: 10,
  });

export interface CustomerContext {
  environment: CustomerEnvironment | null;
  policy: Pick<
    ServicePolicy,
    | 'name'
    | 'status'
    | 'plan'
    | 'end_date'
    | 'allowance_hours'
    | 'allowance_cases'
    | 'hours_used'
    | 'cases_used'
    | 'vip'
  > | null;
  openCases: { name: string; subject: string; status: string }[];
}

export async function customerContext(customer: string): Promise<CustomerContext> {
  const [environment, policies, openCases] = await Promise.all([
    request<CustomerEnvironment>('GET', resource('Customer Environment', customer), { quiet: true }).catch(() => null),
    list<NonNullable<CustomerContext['policy']>>('Service Policy', {
      fields: [
        'name',
        'status',
        'plan',
        'end_date',
        'allowance_hours',
        'allowance_cases',
        'hours_used',
        'cases_used',
        'vip',
      ],
      filters: [
        ['customer', '=', customer],
        ['status', 'in', ['Active', 'Suspended']],
      ],
      orderBy: 'end_date desc',
      limit: 1,
    }),
    list<{ name: string; subject: string; status: string }>('Support Case', {
      fields: ['name', 'subject', 'status'],
      filters: [
        ['customer', '=', customer],
        ['status', 'in', [...OPEN_STATUSES]],
      ],
      orderBy: 'received_on desc',
      limit: 10,
    }),
  ]);
  return { environment, policy: policies[0] ?? null, openCases };
}

export interface SerialInfo {
  name: string;
  item_code: string;
  customer: string | null;
  warranty_expiry_date: string | null;
  status: string | null;
}

export async function serialInfo(serial: string): Promise<{
  serial: SerialInfo | null;
  history: { name: string; subject: string; status: string; received_on: string; solution: string | null }[];
}> {
  const [serialDoc, history] = await Promise.all([
    request<SerialInfo>('GET', resource('Serial No', serial), { quiet: true }).catch(() => null),
    list<{ name: string; subject: string; status: string; received_on: string; solution: string | null }>(
      'Support Case',
      {
        fields: ['name', 'subject', 'status', 'received_on', 'solution'],
        filters: [['serial_no', '=', serial]],
        orderBy: 'received_on desc',
        limit: 20,
      },
    ),
  ]);
  return { serial: serialDoc, history };
}

export const customerSerials = (
  customer: string,
): Promise<{ name: string; item_code: string; warranty_expiry_date: string | null }[]> =>
  list('Serial No', {
    fields: ['name', 'item_code', 'warranty_expiry_date'],
    filters: [['customer', '=', customer]],
    orderBy: 'name asc',
    limit: 50,
  });
