/**
 * Who of a customer uses the portal, for support staff (issue 16; server-scripts/host/portal_access.py): the
 * customer's contacts and their portal users, inviting a contact (optionally as customer manager) and revoking.
 */
import { method, request } from './api.ts';

export interface AccessContact {
  name: string;
  first_name: string | null;
  last_name: string | null;
  email_id: string | null;
  user: string | null;
}
export interface AccessUser {
  name: string;
  full_name: string | null;
  enabled: number;
  last_login: string | null;
  manager: boolean;
}

export const portalAccess = (customer: string): Promise<{ contacts: AccessContact[]; users: AccessUser[] }> =>
  request('GET', method('postventa.portal.access'), { query: { customer } });

export const invitePortalUser = (
  customer: string,
  contact: string,
  manager: boolean,
  resend = false,
): Promise<{ user: string; invited: boolean; problem: string }> =>
  request('POST', method('postventa.portal.access'), {
    body: { action: 'invite', customer, contact, manager: manager ? 1 : 0, resend: resend ? 1 : 0 },
  });

export const revokePortalUser = (customer: string, user: string): Promise<unknown> =>
  request('POST', method('postventa.portal.access'), { body: { action: 'revoke', customer, user } });
