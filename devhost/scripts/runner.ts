/**
 * Runs installed Server Scripts (docs/host-contract.md) in a python3 subprocess (`safe_exec.py`). Each `frappe.*` call the
 * script makes comes back here as one JSON line and is answered inside the same request transaction, with the
 * calling user's identity; a script's `frappe.throw` becomes the same HTTP error a real host returns, and any other
 * Python exception a 500.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { MethodCall, MethodResult } from '../api/method-types.ts';
import { siteNow, siteToday } from '../clock.ts';
import { FrappeError, frappeThrow, type ServerMessage } from '../errors.ts';
import type { Meta } from '../meta/registry.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';

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

interface Done {
  doc?: Doc;
  response?: Record<string, unknown>;
  flags?: Record<string, unknown>;
  messages?: ServerMessage[];
  value?: boolean;
}

const TIMEOUT_MS = 15_000;
const HARNESS = join(import.meta.dirname, 'safe_exec.py');

type RpcHandler = (op: string, args: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;

interface WorkerMessage {
  rpc?: string;
  args?: Record<string, unknown>;
  done?: Done;
  exception?: { type: string; message: string; title?: string | null; python?: boolean; messages?: ServerMessage[] };
}

/**
 * One long-lived `python3 safe_exec.py`: jobs and their RPC calls are JSON lines. Spawning per script cost ~80 ms;
 * a worker answers in well under a millisecond. A worker that times out or dies is discarded.
 */
class Worker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  alive = true;

  constructor(harness: string) {
    this.child = spawn('python3', ['-u', harness], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    this.child.on('exit', () => {
      this.alive = false;
    });
    this.child.on('error', () => {
      this.alive = false;
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  kill(): void {
    this.alive = false;
    this.child.kill();
  }

  /** An idle worker must not keep the process alive; a busy one must. */
  hold(busy: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as {
      ref(): void;
      unref(): void;
    }[];
    for (const h of handles) {
      if (busy) h.ref();
      else h.unref();
    }
  }

  private async next(timeoutMs: number): Promise<WorkerMessage | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.lines.next(), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.kill();
      throw frappeThrow('Server Script timed out', 'ValidationError');
    }
    if (result.done) {
      this.alive = false;
      throw new FrappeError('Exception', `Server script worker exited: ${this.stderr.slice(-500)}`);
    }
    try {
      return JSON.parse(result.value) as WorkerMessage;
    } catch {
      return null;
    }
  }

  async run(payload: Record<string, unknown>, ctx: RequestContext, rpc: RpcHandler): Promise<Done> {
    if (!this.alive) throw new FrappeError('Exception', 'Server script worker is not running');
    this.child.stdin.write(`${JSON.stringify(payload)}\n`);
    for (;;) {
      const msg = await this.next(TIMEOUT_MS);
      if (!msg) continue;
      if (msg.done) {
        ctx.messages.push(...(msg.done.messages ?? []));
        return msg.done;
      }
      if (msg.exception) {
        const ex = msg.exception;
        ctx.messages.push(...(ex.messages ?? []));
        if (ex.python)
          throw new FrappeError(ex.type, ex.message, [
            { message: `${ex.type}: ${ex.message}`, title: 'Server Script Error', indicator: 'red' },
          ]);
        if (ex.type === 'SyntaxError')
          throw frappeThrow(ex.message, 'ValidationError', ex.title ?? 'Compilation warning');
        throw frappeThrow(ex.message, ex.type, ex.title ?? 'Message');
      }
      if (msg.rpc) {
        try {
          const ok = await rpc(msg.rpc, msg.args ?? {}, { ...ctx, depth: ctx.depth + 1 });
          this.child.stdin.write(`${JSON.stringify({ ok: ok ?? null })}\n`);
        } catch (e) {
          const err =
            e instanceof FrappeError
              ? { type: e.excType, message: e.message, title: e.messages[0]?.title ?? null }
              : { type: 'ValidationError', message: e instanceof Error ? e.message : String(e), title: null };
          this.child.stdin.write(`${JSON.stringify({ error: err })}\n`);
        }
      }
    }
  }
}

export class ScriptRunner {
  private apiCache: Map<string, ApiScript> | null = null;
  private eventCache: Map<string, { name: string; script: string }[]> | null = null;

  constructor(private readonly site: Kernel) {}

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
    const payload = {
      user: ctx.user,
      now: siteNow(ctx.now, zone),
      today: siteToday(ctx.now, zone),
      base_url: this.site.baseUrl,
      zone,
      csrf_token: null,
      ...job,
    };
    const worker = this.acquire();
    try {
      return await worker.run(payload, ctx, (op, args, c) => this.rpc(op, args, c));
    } finally {
      this.release(worker);
    }
  }

  /** One `frappe.*` call of a running script. `get_all`, `get_doc` and `db.*` skip permissions, as in Frappe. */
  private async rpc(op: string, a: Record<string, unknown>, ctx: RequestContext): Promise<unknown> {
    const site = this.site;
    const str = (v: unknown): string => String(v ?? '');
    const filtersOf = (f: unknown): unknown => (typeof f === 'string' ? { name: f } : f);
    switch (op) {
      case 'get_doc':
        return site.docs.get(ctx, str(a.doctype), str(a.name), { ignorePermissions: true });
      case 'get_all':
      case 'get_list': {
        const rows = site.list(
          ctx,
          {
            doctype: str(a.doctype),
            fields: a.fields ?? (a.pluck ? [a.pluck] : ['name']),
            filters: filtersOf(a.filters),
            or_filters: a.or_filters,
            order_by: a.order_by ?? 'modified desc',
            limit_page_length: a.limit ?? 0,
          },
          { ignorePermissions: op === 'get_all' },
        ) as Record<string, unknown>[];
        return a.pluck ? rows.map((r) => r[str(a.pluck)]) : rows;
      }
      case 'get_value': {
        const meta = site.meta.require(str(a.doctype));
        const fields = Array.isArray(a.fieldname) ? a.fieldname.map(String) : [str(a.fieldname || 'name')];
        let row: Record<string, unknown> | undefined;
        if (meta.issingle) {
          const d = site.docs.get(ctx, meta.name, meta.name, { ignorePermissions: true });
          row = Object.fromEntries(fields.map((f) => [f, d[f] ?? null]));
        } else {
          if (a.filters === null || a.filters === undefined) return null;
          row = (
            site.list(
              ctx,
              {
                doctype: meta.name,
                fields,
                filters: filtersOf(a.filters),
                limit_page_length: 1,
                order_by: 'modified desc',
              },
              { ignorePermissions: true },
            ) as Record<string, unknown>[]
          )[0];
        }
        if (!row) return null;
        if (a.as_dict) return row;
        return fields.length === 1 ? row[fields[0] ?? ''] : fields.map((f) => row?.[f]);
      }
      case 'get_single_value':
        return (
          site.docs.get(ctx, str(a.doctype), str(a.doctype), { ignorePermissions: true })[str(a.fieldname)] ?? null
        );
      case 'exists': {
        const meta = site.meta.require(str(a.doctype));
        if (a.filters === null || a.filters === undefined) return null;
        const rows = site.list(
          ctx,
          { doctype: meta.name, fields: ['name'], filters: filtersOf(a.filters), limit_page_length: 1 },
          { ignorePermissions: true },
        ) as { name: string }[];
        return rows[0]?.name ?? null;
      }
      case 'count': {
        const rows = site.list(
          ctx,
          { doctype: str(a.doctype), fields: ['count(*) as n'], filters: filtersOf(a.filters), limit_page_length: 0 },
          { ignorePermissions: true },
        ) as { n: number }[];
        return Number(rows[0]?.n ?? 0);
      }
      case 'set_value':
        site.docs.setColumns(
          str(a.doctype),
          str(a.name),
          (a.values ?? {}) as Record<string, unknown>,
          ctx,
          a.update_modified !== false,
        );
        return null;
      case 'insert': {
        const doc = (a.doc ?? {}) as Doc;
        return site.docs.insert(ctx, str(doc.doctype), doc, {
          ignorePermissions: Boolean(a.ignore_permissions),
          ignoreMandatory: Boolean(a.ignore_mandatory),
          ignoreLinks: Boolean(a.ignore_links),
        });
      }
      case 'save': {
        const doc = (a.doc ?? {}) as Doc;
        const { modified: _m, ...body } = doc;
        return site.docs.update(ctx, str(doc.doctype), str(doc.name), body, {
          ignorePermissions: Boolean(a.ignore_permissions),
        });
      }
      case 'cancel':
        return site.docs.update(ctx, str(a.doctype), str(a.name), { docstatus: 2 }, { ignorePermissions: true });
      case 'delete':
        await site.docs.delete(ctx, str(a.doctype), str(a.name), { ignorePermissions: Boolean(a.ignore_permissions) });
        return null;
      case 'get_password':
        return site.docs.getPassword(str(a.doctype), str(a.name), str(a.fieldname));
      default:
        throw frappeThrow(`frappe.${op} is not available to server scripts on this host`);
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
