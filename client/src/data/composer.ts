/**
 * The reply composer's helpers: canned replies are the host's Email Templates (readable by every desk user), filled
 * with the case's fields where they say `{{ field }}`; addresses are checked before anything is sent.
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import { list } from './api.ts';
import { escapeHtml } from '../safe-html.ts';

export interface CannedReply {
  name: string;
  subject: string | null;
  response: string | null;
  use_html: number;
  response_html: string | null;
}

export const cannedReplies = (): Promise<CannedReply[]> =>
  list<CannedReply>('Email Template', {
    fields: ['name', 'subject', 'response', 'use_html', 'response_html'],
    orderBy: 'name asc',
    limit: 100,
  }).catch(() => []);

/** A template's text with `{{ field }}` filled from the case (escaped); a field the case lacks reads empty. */
export function fillTemplate(text: string, c: SupportCase): string {
  const values = c as unknown as Record<string, unknown>;
  return text.replace(/\{\{\s*(?:doc\.)?([a-z_]+)\s*\}\}/g, (_m, field: string) => {
    const v = values[field];
    return typeof v === 'string' || typeof v === 'number' ? escapeHtml(String(v)) : '';
  });
}

/** The addresses of a To/CC/BCC line that are not e-mail addresses (empty when all are). */
export function badAddresses(line: string): string[] {
  return line
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter((a) => a && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a));
}
