/**
 * Webhooks as Frappe 15 delivers them (docs/host-contract.md): matching events are queued during the
 * request, de-duplicated per (webhook, document) with the last state winning, and sent after commit,
 * asynchronously. The body is Python's `json.dumps(data, default=str)`; no Content-Type unless a header row adds
 * one; `X-Frappe-Webhook-Signature` is base64(HMAC-SHA256(secret, body)). Up to 3 tries, sleeping 1, 4 and 7 s
 * after a failure; each attempt is written to Webhook Request Log.
 */
import { createHmac } from 'node:crypto';
import { pyDumps } from '../errors.ts';
import type { Meta } from '../meta/registry.ts';
import type { Doc, RequestContext, WriteKind } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';
import type { ScriptRunner } from '../scripts/runner.ts';

/** Webhook doc events each write fires. `on_update_after_submit` is missing from Frappe's allow-list, so it never fires. */
const EVENTS: Record<WriteKind, string[]> = {
  insert: ['after_insert', 'on_update'],
  update: ['on_update', 'on_change'],
  submit: ['on_update', 'on_submit', 'on_change'],
  cancel: ['on_cancel', 'on_change'],
  update_after_submit: ['on_change'],
  delete: ['on_trash'],
};

interface WebhookRow {
  name: string;
  request_url: string;
  request_method: string;
  condition: string | null;
  enable_security: number;
  timeout: number;
  webhook_json: string | null;
}

export interface DeliveryOptions {
  /** Sleeps between tries, ms (Frappe: 1, 4, 7 s). Tests shorten them. */
  retryDelaysMs: number[];
}

/** `{{ doc.field }}` and `{{ doc.field | tojson }}` from Frappe's Jinja, the subset the plugin's webhooks use. */
export function renderTemplate(template: string, doc: Doc): string {
  return template.replace(
    /\{\{\s*([a-z_][a-z0-9_.]*)\s*(\|\s*tojson\s*)?\}\}/gi,
    (_m, path: string, tojson: string | undefined) => {
      const parts = path.split('.');
      let value: unknown = parts[0] === 'doc' ? doc : undefined;
      for (const p of parts.slice(1))
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[p] : undefined;
      if (tojson) return pyDumps(value ?? null);
      return value === null || value === undefined ? 'None' : String(value);
    },
  );
}

export class Webhooks {
  options: DeliveryOptions = { retryDelaysMs: [1000, 4000, 7000] };

  constructor(
    private readonly site: Kernel,
    private readonly scripts: Pick<ScriptRunner, 'evalCondition'>,
    private readonly send: typeof fetch,
  ) {}

  private static row(r: Record<string, unknown>): WebhookRow & { webhook_docevent: string } {
    return {
      name: String(r.name),
      request_url: String(r.request_url ?? ''),
      request_method: String(r.request_method ?? 'POST'),
      condition: r.condition ? String(r.condition) : null,
      enable_security: Number(r.enable_security ?? 0),
      timeout: Number(r.timeout ?? 5),
      webhook_json: r.webhook_json ? String(r.webhook_json) : null,
      webhook_docevent: String(r.webhook_docevent ?? ''),
    };
  }

  private hooksFor(doctype: string): (WebhookRow & { webhook_docevent: string })[] {
    return this.site.db
      .all('SELECT * FROM "tabWebhook" WHERE webhook_doctype = ? AND enabled = 1', [doctype])
      .map(Webhooks.row);
  }

  queue(event: WriteKind, meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): void {
    if (!this.site.meta.exists('Webhook') || meta.name === 'Webhook Request Log') return;
    const events = EVENTS[event];
    const changed =
      old === null || JSON.stringify({ ...old, modified: null }) !== JSON.stringify({ ...doc, modified: null });
    const hooks = this.hooksFor(meta.name).filter(
      (h) => events.includes(h.webhook_docevent) && (h.webhook_docevent !== 'on_change' || changed),
    );
    if (!hooks.length) return;
    const state = structuredClone(doc);
    const fresh = !ctx.webhookQueue;
    const pending = (ctx.webhookQueue ??= new Map());
    for (const hook of hooks) pending.set(`${hook.name}|${String(doc.name)}`, { webhook: hook.name, doc: state });
    if (fresh) {
      const user = ctx.user;
      ctx.afterCommit.push(async () => {
        for (const { webhook, doc: d } of pending.values()) {
          const row = this.site.db.get('SELECT * FROM "tabWebhook" WHERE name = ?', [webhook]);
          if (row) await this.deliver(Webhooks.row(row), d, user);
        }
      });
    }
  }

  private async deliver(hook: WebhookRow, doc: Doc, user: string): Promise<void> {
    if (hook.condition) {
      const ok = await this.site
        .internal((ctx) => this.scripts.evalCondition(String(hook.condition), doc, ctx))
        .catch(() => false);
      if (!ok) return;
    }
    let data: unknown = {};
    const rows = this.site.db.all('SELECT fieldname, key FROM "tabWebhook Data" WHERE parent = ? ORDER BY idx', [
      hook.name,
    ]);
    try {
      if (hook.webhook_json) data = JSON.parse(renderTemplate(hook.webhook_json, doc));
      else if (rows.length)
        data = Object.fromEntries(rows.map((r) => [String(r.key), doc[String(r.fieldname)] ?? null]));
    } catch (e) {
      await this.logAttempt(
        hook,
        doc,
        user,
        {},
        '',
        null,
        `Webhook JSON did not parse: ${e instanceof Error ? e.message : String(e)}`,
      );
      return;
    }
    const body = pyDumps(data);
    const headers: Record<string, string> = {};
    for (const h of this.site.db.all('SELECT key, value FROM "tabWebhook Header" WHERE parent = ? ORDER BY idx', [
      hook.name,
    ]))
      headers[String(h.key)] = String(h.value ?? '');
    if (Number(hook.enable_security)) {
      const secret = this.site.docs.getPassword('Webhook', hook.name, 'webhook_secret') ?? '';
      headers['X-Frappe-Webhook-Signature'] = createHmac('sha256', secret).update(body).digest('base64');
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      let response: string | null = null;
      let error: string | null = null;
      try {
        // Bytes, not a string: fetch would add a Content-Type that Frappe's requests call does not send.
        const res = await this.send(hook.request_url, {
          method: hook.request_method || 'POST',
          headers,
          body: Buffer.from(body),
          signal: AbortSignal.timeout((Number(hook.timeout) || 5) * 1000),
        });
        response = await res.text();
        if (!res.ok) error = `${res.status} ${res.statusText}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      await this.logAttempt(hook, doc, user, headers, body, response, error);
      if (!error) return;
      await new Promise((r) => setTimeout(r, this.options.retryDelaysMs[attempt] ?? 0));
    }
  }

  private async logAttempt(
    hook: WebhookRow,
    doc: Doc,
    user: string,
    headers: Record<string, string>,
    body: string,
    response: string | null,
    error: string | null,
  ): Promise<void> {
    await this.site
      .internal(async (ctx) => {
        await this.site.docs.insert(
          ctx,
          'Webhook Request Log',
          {
            webhook: hook.name,
            reference_document: doc.name,
            user: user === 'Guest' ? null : user,
            url: hook.request_url,
            headers: JSON.stringify(headers),
            data: body,
            response,
            error,
          },
          { ignorePermissions: true, ignoreLinks: true },
        );
      })
      .catch((e: unknown) => this.site.log(`webhook log failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}
