/**
 * Link fields edited in place on the case: what each one searches (a list request with the typed text), narrowed by
 * what the case already says — a customer's contacts, a product's serials of that customer.
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { list, type Filter } from './api.ts';

export type LinkField = 'customer' | 'contact' | 'product' | 'serial_no' | 'team';
export interface LinkOption {
  value: string;
  label: string;
  hint?: string;
}

const like = (q: string): string => `%${q.trim()}%`;

export const LINK_SEARCH: Record<LinkField, (q: string, c: SupportCase) => Promise<LinkOption[]>> = {
  customer: async (q) =>
    (
      await list<{ name: string; customer_name: string; territory: string | null }>('Customer', {
        fields: ['name', 'customer_name', 'territory'],
        filters: [['disabled', '=', 0]],
        orFilters: [
          ['name', 'like', like(q)],
          ['customer_name', 'like', like(q)],
        ],
        orderBy: 'customer_name asc',
        limit: 10,
      })
    ).map((r) => ({ value: r.name, label: r.customer_name, ...(r.territory ? { hint: r.territory } : {}) })),
  contact: async (q, c) =>
    (
      await list<{ name: string; full_name: string | null; email_id: string | null }>('Contact', {
        fields: ['name', 'full_name', 'email_id'],
        filters: c.customer
          ? [
              ['Dynamic Link', 'link_doctype', '=', 'Customer'],
              ['Dynamic Link', 'link_name', '=', c.customer],
            ]
          : [],
        orFilters: [
          ['full_name', 'like', like(q)],
          ['email_id', 'like', like(q)],
          ['name', 'like', like(q)],
        ],
        orderBy: 'full_name asc',
        limit: 10,
      })
    ).map((r) => ({ value: r.name, label: r.full_name || r.name, ...(r.email_id ? { hint: r.email_id } : {}) })),
  product: async (q) =>
    (
      await list<{ name: string; item_name: string }>('Item', {
        fields: ['name', 'item_name'],
        filters: [['disabled', '=', 0]],
        orFilters: [
          ['name', 'like', like(q)],
          ['item_name', 'like', like(q)],
        ],
        orderBy: 'item_name asc',
        limit: 10,
      })
    ).map((r) => ({ value: r.name, label: r.item_name, hint: r.name })),
  serial_no: async (q, c) =>
    (
      await list<{ name: string; item_code: string; customer: string | null }>('Serial No', {
        fields: ['name', 'item_code', 'customer'],
        filters: [
          ['name', 'like', like(q)],
          ...(c.customer ? [['customer', '=', c.customer] as Filter] : []),
          ...(c.product ? [['item_code', '=', c.product] as Filter] : []),
        ],
        orderBy: 'name asc',
        limit: 10,
      })
    ).map((r) => ({ value: r.name, label: r.name, hint: r.item_code })),
  team: async (q) =>
    (
      await list<{ name: string; support_level: string | null }>('Support Team', {
        fields: ['name', 'support_level'],
        filters: [
          ['enabled', '=', 1],
          ['name', 'like', like(q)],
        ],
        orderBy: 'name asc',
        limit: 10,
      })
    ).map((r) => ({ value: r.name, label: r.name, ...(r.support_level ? { hint: r.support_level } : {}) })),
};
