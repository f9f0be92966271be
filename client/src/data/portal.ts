/** What a portal customer reads: their own cases, with the fields a customer may see. */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { list } from './api.ts';

export type PortalCase = Pick<SupportCase, 'name' | 'subject' | 'status' | 'received_on'>;

export function myCases(): Promise<PortalCase[]> {
  return list<PortalCase>('Support Case', {
    fields: ['name', 'subject', 'status', 'received_on'],
    filters: [],
    orderBy: 'received_on desc',
    limit: 50,
  });
}
