/**
 * The credential vault as staff use it (seed 000, issue 16): a customer's credentials without their secrets (the host
 * masks Password fields in every read), kept by supervisors and managers, revealed through one audited call
 * (postventa.credential.reveal), and the access log managers read.
 */
import type { CredentialAccessLog, CustomerCredential } from '../../../generated/doctypes/index.ts';
import { list, request, resource } from './api.ts';

export type VaultRow = Pick<
  CustomerCredential,
  'name' | 'customer' | 'system' | 'url' | 'visible_to_customer' | 'notes' | 'last_revealed_on'
>;
export type VaultLog = Pick<
  CredentialAccessLog,
  'name' | 'credential' | 'user' | 'accessed_on' | 'purpose' | 'ip_address'
>;

export const vaultRows = (customer: string): Promise<VaultRow[]> =>
  list<VaultRow>('Customer Credential', {
    fields: ['name', 'customer', 'system', 'url', 'visible_to_customer', 'notes', 'last_revealed_on'],
    filters: [['customer', '=', customer]],
    orderBy: 'system asc',
    limit: 200,
  });

export const vaultLog = (customer: string): Promise<VaultLog[]> =>
  list<VaultLog>('Credential Access Log', {
    fields: ['name', 'credential', 'user', 'accessed_on', 'purpose', 'ip_address'],
    filters: [['customer', '=', customer]],
    orderBy: 'accessed_on desc',
    limit: 50,
  });

export interface VaultEntry {
  system: string;
  url: string;
  username: string;
  password: string;
  visible_to_customer: boolean;
  notes: string;
}
/** A new credential, or changes to one: a blank user or password leaves the kept one as it is. */
export function saveCredential(customer: string, entry: VaultEntry, name?: string): Promise<VaultRow> {
  const body = {
    customer,
    system: entry.system.trim(),
    url: entry.url.trim() || null,
    visible_to_customer: entry.visible_to_customer ? 1 : 0,
    notes: entry.notes,
    ...(entry.username ? { username: entry.username } : {}),
    ...(entry.password ? { password: entry.password } : {}),
  };
  return name
    ? request<VaultRow>('PUT', resource('Customer Credential', name), { body })
    : request<VaultRow>('POST', resource('Customer Credential'), { body });
}
