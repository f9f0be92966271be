/**
 * Runs installed Server Scripts (docs/host-contract.md) in a python3 subprocess (`safe_exec.py`). Each `frappe.*` call the
 * script makes comes back here as one JSON line and is answered inside the same request transaction, with the
 * calling user's identity; a script's `frappe.throw` becomes the same HTTP error a real host returns, and any other
 * Python exception a 500.
 */
import { join } from 'node:path';
import type { MethodCall, MethodResult } from '../api/method-types.ts';
import { siteNow, siteToday } from '../clock.ts';
import { FrappeError } from '../errors.ts';
import type { Meta } from '../meta/registry.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';
import { scriptRpc } from './rpc.ts';
import { Worker, type Done, type RpcHandler } from './worker.ts';

interface ApiScript {
  name: string;
  script: string;
  allowGuest: boolean;
  /** Server Script "Enable Rate Limit": at most `count` calls per `seconds` from one IP, then 429. */
  rateLimit: { count: number; seconds: number } | null;
}

interface Job {
  mode: 'doc' | 'api' | 'eval' | 'check';
  script: string;
  doc?: Doc;
  form_dict?: Record<string, unknown>;
  /** API scripts: the request's verb (`frappe.request.method`) and the session's CSRF token, if it has one yet. */
  http_method?: string;
  ip?: string;
  headers?: Record<string, string>;
  csrf_token?: string | null;
}

const HARNESS = join(import.meta.dirname, 'safe_exec.py');

export class ScriptRunner {
  private apiCache: Map<string, ApiScript> | null = null;
  private eventCache: Map<string, { name: string; script: string }[]> | null = null;

  private readonly rpc: RpcHandler;

  constructor(private readonly site: Kernel) {
    this.rpc = scriptRpc(site);
  }

  invalidate(): void {
    this.apiCache = null;
    this.eventCache = null;
  }

  private load(): void {
    if (this.apiCache && this.eventCache) return;
    this.apiCache = new Map();
    this.eventCache = new Map();
    for (const r of this.site.db.all(
      'SELECT name, script_type, reference_doctype, doctype_event, api_method, allow_guest, script, enable_rate_limit, rate_limit_count, rate_limit_seconds FROM "tabServer Script" WHERE disabled = 0 ORDER BY creation',
    )) {
      if (r.script_type === 'API' && r.api_method)
        this.apiCache.set(String(r.api_method), {
          name: String(r.name),
          script: String(r.script ?? ''),
          allowGuest: Number(r.allow_guest) === 1,
          rateLimit: Number(r.enable_rate_limit)
            ? { count: Number(r.rate_limit_count ?? 5), seconds: Number(r.rate_limit_seconds ?? 86400) }
            : null,
        });
      if (r.script_type === 'DocType Event' && r.reference_doctype && r.doctype_event) {
        const key = `${String(r.reference_doctype)}|${String(r.doctype_event)}`;
        this.eventCache.set(key, [
          ...(this.eventCache.get(key) ?? []),
          { name: String(r.name), script: String(r.script ?? '') },
        ]);
      }
    }
  }

  apiScript(method: string): ApiScript | undefined {
    this.load();
    return this.apiCache?.get(method);
  }

  private ensureEnabled(): void {
    if (!this.site.serverScriptsEnabled()) {
      throw new FrappeError(
        'ServerScriptNotEnabled',
        'Server Scripts are disabled. Please enable server scripts from bench configuration.',
        [
          {
            message: 'Server Scripts are disabled. Please enable server scripts from bench configuration.',
            title: 'Server Scripts Disabled',
            indicator: 'red',
            raise_exception: 1,
          },
        ],
      );
    }
  }

  /** Calls per script and IP in the current window (Frappe keeps these in Redis with the window as expiry). */
  private readonly hits = new Map<string, { until: number; count: number }>();

  private checkRateLimit(script: ApiScript, call: MethodCall): void {
    if (!script.rateLimit) return;
    const now = call.ctx.now.getTime();
    const key = `${script.name}|${call.ctx.ip}`;
    const hit = this.hits.get(key);
    const current = hit && hit.until > now ? hit : { until: now + script.rateLimit.seconds * 1000, count: 0 };
    current.count++;
    this.hits.set(key, current);
    if (current.count > script.rateLimit.count)
      throw new FrappeError(
        'TooManyRequestsError',
        'You hit the rate limit because of too many requests. Please try after sometime.',
        [
          {
            message: 'You hit the rate limit because of too many requests. Please try after sometime.',
            title: 'Message',
            indicator: 'red',
            raise_exception: 1,
          },
        ],
      );
  }

  async runApi(script: ApiScript, call: MethodCall): Promise<MethodResult> {
    this.ensureEnabled();
    this.checkRateLimit(script, call);
    const done = await this.exec(
      {
        mode: 'api',
        script: script.script,
        form_dict: call.form,
        http_method: call.req.method,
        ip: call.ctx.ip,
        headers: forwarded(call.req),
        csrf_token: call.caller.session?.csrfToken ?? null,
      },
      call.ctx,
    );
    if (done.flags && Object.keys(done.flags).length) return { message: done.flags };
    const message = done.response?.message;
    return message === undefined || message === null ? {} : { message };
  }

  async runDocEvent(meta: Meta, label: string, doc: Doc, ctx: RequestContext): Promise<void> {
    this.load();
    const scripts = this.eventCache?.get(`${meta.name}|${label}`) ?? [];
    if (!scripts.length) return;
    this.ensureEnabled();
    for (const s of scripts) {
      const done = await this.exec({ mode: 'doc', script: s.script, doc }, ctx);
      if (label.startsWith('Before') && done.doc) {
        for (const f of meta.valueFields) if (f.fieldname in done.doc) doc[f.fieldname] = done.doc[f.fieldname];
        for (const tf of meta.tableFields)
          if (Array.isArray(done.doc[tf.fieldname])) doc[tf.fieldname] = done.doc[tf.fieldname];
      }
    }
  }

  async evalCondition(expression: string, doc: Doc, ctx: RequestContext): Promise<boolean> {
    const done = await this.exec({ mode: 'eval', script: expression, doc }, ctx);
    return done.value === true;
  }

  async checkSyntax(script: string): Promise<void> {
    await this.exec({ mode: 'check', script }, this.site.context('Administrator'));
  }

  private readonly idle: Worker[] = [];

  /** A python worker from the pool: scripts nest (a script's insert runs another script), so several may be busy. */
  private acquire(): Worker {
    const w = this.idle.pop() ?? new Worker(HARNESS);
    w.hold(true);
    return w;
  }

  private release(w: Worker): void {
    if (w.alive && this.idle.length < 4) {
      w.hold(false);
      this.idle.push(w);
    } else w.kill();
  }

  close(): void {
    for (const w of this.idle.splice(0)) w.kill();
  }

  private async exec(job: Job, ctx: RequestContext): Promise<Done> {
    const zone = this.site.systemZone();
    // Frappe sets `frappe.lang` from the signed-in user's language (the site's for guests).
    const lang = this.site.db.get('SELECT language FROM "tabUser" WHERE name = ?', [ctx.user])?.language;
    const payload = {
      user: ctx.user,
      lang: typeof lang === 'string' && lang ? lang : 'es',
      now: siteNow(ctx.now, zone),
      today: siteToday(ctx.now, zone),
      base_url: this.site.baseUrl,
      zone,
      csrf_token: null,
      ...job,
    };
    const worker = this.acquire();
    try {
      return await worker.run(payload, ctx, this.rpc);
    } finally {
      this.release(worker);
    }
  }
}

/** The request headers a script may read (`frappe.request.headers.get`), as a plain map. */
function forwarded(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  const xff = req.headers.get('x-forwarded-for');
  if (xff) out['X-Forwarded-For'] = xff;
  return out;
}
