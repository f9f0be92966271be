/**
 * `POST /webhooks/<topic>`: verifies `X-Frappe-Webhook-Signature` (base64 HMAC-SHA256 of the raw body bytes — never
 * a re-serialised body, ERPNEXT-FACTS §10), parses the payload with zod, and hands known topics to their handler.
 * A delivery older than the document as it is now is stale: nothing to do, the newer state was or will be seen.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { formatFrappeDatetime } from '../../domain/sla/frappe-time.ts';
import { CASE_FIELDS, CaseRowSchema, recordEvents, stampRow, writeUpdates } from './case-sla.ts';
import { syncDevTasks } from './dev-tasks.ts';
import type { HostClient } from '../host-client/client.ts';
import type { SlaContextCache } from './sla-context.ts';
import type { Logger } from './log.ts';

export const WebhookPayloadSchema = z.object({
  doctype: z.string().min(1).max(140),
  name: z.string().min(1).max(140),
  modified: z.string().max(40).optional(),
  event: z.string().max(40).optional(),
  /** The topic the host signed the delivery for: it must be the one it was sent to. */
  topic: z.string().max(40),
  key: z.string().max(40).optional(),
});

export function verifySignature(secret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  let given: Buffer;
  try {
    given = Buffer.from(header, 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookDeps {
  client: HostClient;
  sla: SlaContextCache;
  log: Logger;
  clock: () => Date;
}

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

const TOPICS = new Set([
  'support-case',
  'service-policy',
  'sales-invoice',
  'payment-entry',
  'task',
  'timesheet',
  'communication',
]);

export async function handleWebhook(
  topic: string,
  raw: Buffer,
  signature: string | undefined,
  secret: string,
  deps: WebhookDeps,
): Promise<WebhookAnswer> {
  if (!TOPICS.has(topic)) return { status: 404, body: { error: `unknown topic ${topic.slice(0, 40)}` } };
  if (!verifySignature(secret, raw, signature))
    return { status: 401, body: { error: 'missing or invalid X-Frappe-Webhook-Signature' } };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { status: 400, body: { error: 'body is not JSON' } };
  }
  const payload = WebhookPayloadSchema.safeParse(json);
  if (!payload.success)
    return {
      status: 400,
      body: { error: payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
    };
  const p = payload.data;
  if (p.topic !== topic) return { status: 400, body: { error: 'the delivery was signed for another topic' } };
  if (topic === 'service-policy') deps.sla.invalidate();
  if (topic === 'task' && p.doctype === 'Task') {
    const ctx = await deps.sla.get(deps.clock());
    const r = await syncDevTasks(deps.client, formatFrappeDatetime(deps.clock().getTime(), ctx.zone), p.name);
    deps.log('info', 'webhook processed', { topic, name: p.name, returned: r.returned, mirrored: r.mirrored });
    return {
      status: 200,
      body: { status: r.returned.length ? 'returned' : r.mirrored ? 'mirrored' : 'unchanged', cases: r.returned },
    };
  }
  if (topic !== 'support-case') return { status: 202, body: { status: 'accepted', note: 'handled by the next sweep' } };
  if (p.doctype !== 'Support Case')
    return { status: 400, body: { error: 'support-case deliveries must be about a Support Case' } };
  const rows = await deps.client.list(
    'Support Case',
    { fields: CASE_FIELDS, filters: [['name', '=', p.name]], orderBy: 'name asc', pageSize: 1 },
    CaseRowSchema,
  );
  const row = rows[0];
  if (!row) return { status: 200, body: { status: 'gone' } };
  if (p.modified && p.modified.slice(0, 19) < row.modified.slice(0, 19))
    return { status: 200, body: { status: 'stale' } };
  const now = deps.clock();
  const update = stampRow(row, await deps.sla.get(now), now);
  const failed = await writeUpdates(deps.client, [update]);
  const ctx = await deps.sla.get(now);
  const { claimed } = failed.length
    ? { claimed: 0 }
    : await recordEvents(deps.client, [update], formatFrappeDatetime(now.getTime(), ctx.zone));
  deps.log('info', 'webhook processed', { topic, name: p.name, changed: Object.keys(update.patch), events: claimed });
  return {
    status: 200,
    body: { status: Object.keys(update.patch).length ? 'stamped' : 'unchanged', changed: Object.keys(update.patch) },
  };
}
