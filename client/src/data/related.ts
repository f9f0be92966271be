/**
 * Beside a case: who called (the contact card) and the cases around it — the customer's recent ones and similar
 * ones (the same serial, or the same product with words in common; domain/case/similar.ts). Three small lists.
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { rankSimilar } from '@domain/case/similar.ts';
import { list, request, resource } from './api.ts';

export interface ContactCard {
  name: string;
  full_name: string | null;
  email_id: string | null;
  phone: string | null;
  mobile_no: string | null;
  designation: string | null;
}

/** The case's contact, or null when it has none or the reader may not see it. */
export const contactCard = (name: string | null | undefined): Promise<ContactCard | null> =>
  name
    ? request<ContactCard>('GET', resource('Contact', name), { quiet: true }).then(
        (c) => ({
          name: c.name,
          full_name: c.full_name,
          email_id: c.email_id,
          phone: c.phone,
          mobile_no: c.mobile_no,
          designation: c.designation,
        }),
        () => null,
      )
    : Promise.resolve(null);

export interface CaseBrief {
  name: string;
  subject: string | null;
  status: string;
  received_on: string | null;
  symptom?: string | null;
  serial_no?: string | null;
  product?: string | null;
}
const BRIEF = ['name', 'subject', 'status', 'received_on'];

/** The customer's five latest other cases. */
export const recentCases = (c: SupportCase): Promise<CaseBrief[]> =>
  c.customer
    ? list<CaseBrief>('Support Case', {
        fields: BRIEF,
        filters: [
          ['customer', '=', c.customer],
          ['name', '!=', c.name],
        ],
        orderBy: 'received_on desc',
        limit: 5,
      }).catch(() => [])
    : Promise.resolve([]);

/** Up to five similar cases among the latest 60 of the same product or serial, any customer. */
export async function similarCases(c: SupportCase): Promise<CaseBrief[]> {
  if (!c.product && !c.serial_no) return [];
  const candidates = await list<CaseBrief>('Support Case', {
    fields: [...BRIEF, 'symptom', 'serial_no', 'product'],
    filters: [['name', '!=', c.name]],
    orFilters: [
      ...(c.product ? [['product', '=', c.product] as [string, string, unknown]] : []),
      ...(c.serial_no ? [['serial_no', '=', c.serial_no] as [string, string, unknown]] : []),
    ],
    orderBy: 'received_on desc',
    limit: 60,
  }).catch(() => []);
  return rankSimilar(c, candidates);
}
