/** Webhooks to the companion, one per handled topic, and removal of ones no handler takes any more. */
import { createHash } from 'node:crypto';
import { AnyDoc } from '../../../host-client/client.ts';
import { diffKeys } from '../compare.ts';
import { type Action, type Planning, type Rec, upsert } from '../planning.ts';

export const WEBHOOK_PREFIX = 'Postventa';

export function webhookName(doctype: string, event: string): string {
  return `${WEBHOOK_PREFIX} ${doctype} ${event}`;
}

/**
 * The payload the companion reads: which document changed and when (it re-reads the document itself). The topic is
 * inside the signed body, so a delivery cannot be replayed to another topic; `key` names the secret (a short hash),
 * so a new `--webhook-secret` changes the webhook and install rotates it.
 */
export function webhookJson(event: string, topic: string, secret: string): string {
  const key = createHash('sha256').update(secret).digest('hex').slice(0, 12);
  return `{"doctype": "{{ doc.doctype }}", "name": {{ doc.name | tojson }}, "modified": "{{ doc.modified }}", "event": "${event}", "topic": "${topic}", "key": "${key}"}`;
}

/** Webhooks to the companion */
export async function planWebhooks(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  for (const h of manifest.webhooks) {
    const name = webhookName(h.doctype, h.event);
    if (!opts.companionUrl) {
      actions.push({
        kind: 'webhook',
        name,
        op: 'skip',
        detail: "no --companion-url: the companion's sweep keeps everything right, only slower",
      });
      continue;
    }
    const body: Rec = {
      webhook_doctype: h.doctype,
      webhook_docevent: h.event,
      request_url: `${opts.companionUrl.replace(/\/$/, '')}/webhooks/${h.topic}`,
      request_method: 'POST',
      request_structure: 'JSON',
      enabled: 1,
      enable_security: 1,
      timeout: 5,
      webhook_json: webhookJson(h.event, h.topic, opts.webhookSecret ?? ''),
      webhook_headers: [{ key: 'Content-Type', value: 'application/json' }],
    };
    const site = await find('Webhook', name);
    const diff = site
      ? diffKeys(body, site, [
          'webhook_doctype',
          'webhook_docevent',
          'request_url',
          'request_method',
          'request_structure',
          'enabled',
          'enable_security',
          'webhook_json',
        ])
      : [];
    const secret = opts.webhookSecret;
    if (!secret) throw new Error('a webhook secret is needed with --companion-url');
    actions.push(
      upsert('webhook', name, site, diff, {
        create: () => client.insert('Webhook', { __newname: name, name, ...body, webhook_secret: secret }, AnyDoc),
        update: () => client.update('Webhook', name, { ...body, webhook_secret: secret }, AnyDoc),
      }),
    );
  }
  return actions;
}

/** Webhooks an earlier version installed for topics no handler takes any more: the host would keep queueing them. */
export async function planObsoleteWebhooks(p: Planning): Promise<Action[]> {
  const { client, manifest } = p;
  const actions: Action[] = [];
  const wanted = new Set(manifest.webhooks.map((h) => webhookName(h.doctype, h.event)));
  for (const w of await client.list(
    'Webhook',
    { fields: ['name'], filters: [['name', 'like', `${WEBHOOK_PREFIX} %`]], orderBy: 'name asc', pageSize: 0 },
    AnyDoc,
  )) {
    const name = String(w.name);
    if (wanted.has(name)) continue;
    actions.push({
      kind: 'webhook',
      name,
      op: 'remove',
      detail: 'no companion handler for it',
      run: async () => void (await client.delete('Webhook', name)),
    });
  }
  return actions;
}
