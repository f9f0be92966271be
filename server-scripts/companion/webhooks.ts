/**
 * `POST /webhooks/<topic>`: verifies `X-Frappe-Webhook-Signature` (base64 HMAC-SHA256 of the raw body bytes — never
 * a re-serialised body), parses the payload with zod, and hands it to its topic's handler (`topics/`, one file each).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { TOPICS, type WebhookAnswer, type WebhookDeps } from './topics/index.ts';

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

export type { WebhookAnswer, WebhookDeps } from './topics/index.ts';

export async function handleWebhook(
  topic: string,
  raw: Buffer,
  signature: string | undefined,
  secret: string,
  deps: WebhookDeps,
): Promise<WebhookAnswer> {
  const handler = Object.hasOwn(TOPICS, topic) ? TOPICS[topic] : undefined;
  if (!handler) return { status: 404, body: { error: `unknown topic ${topic.slice(0, 40)}` } };
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
  if (payload.data.topic !== topic)
    return { status: 400, body: { error: 'the delivery was signed for another topic' } };
  return handler(payload.data, deps);
}
