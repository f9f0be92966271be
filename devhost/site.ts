/**
 * The dev host: a Frappe-15-compatible site in one process. `handle(Request) → Response` serves the v1 API, files
 * and web pages; the same function is mounted in tests through msw or served over HTTP by `server.ts`. Each request
 * runs in one serialized transaction (a real site runs each request in one DB transaction; serializing here is what
 * makes concurrent writes to one document end in a timestamp conflict, never a lost update).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevDatabase } from './db/database.ts';
import { errorResponse, json, dropNulls, parseRequest, withMessages, type FormDict } from './api/http.ts';
import { METHODS, NOT_WHITELISTED, jsonArg, type MethodCall, type MethodResult } from './api/methods.ts';
import { DESK_METHODS } from './api/desk-methods.ts';
import { ADMIN, GUEST, Permissions } from './auth/permissions.ts';
import { Sessions, type Caller } from './auth/sessions.ts';
import { siteNow } from './clock.ts';
import { FrappeError, frappeThrow, notPermitted } from './errors.ts';
import { MetaRegistry } from './meta/registry.ts';
import { DocService } from './model/documents.ts';
import type { Doc, RequestContext } from './model/types.ts';
import { ListQuery, type ListArgs } from './query/list.ts';
import { Hooks } from './controllers/hooks.ts';
import { bootstrapSite } from './bootstrap.ts';
import { Assignments } from './services/assign.ts';
import { Communications } from './services/communications.ts';
import { Files } from './web/files.ts';
import { renderWebPage } from './web/pages.ts';
import { Reports } from './services/reports.ts';
import { ErpNext } from './erpnext/methods.ts';
import { ScriptRunner } from './scripts/runner.ts';
import { Webhooks } from './webhooks/dispatcher.ts';

export interface DevHostOptions {
  /** Folder for the database and files; null keeps everything in memory. */
  dataDir: string | null;
  /** Where the core doctype JSON lives. */
  coreDoctypesDir?: string;
  adminPassword?: string;
  /** The clock; tests freeze it. */
  clock?: () => Date;
  /** Public base URL, for links the host generates (payment URLs, file URLs). */
  baseUrl?: string;
  /** Outgoing HTTP for webhooks (tests inject one). */
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class DevHost {
  readonly meta: MetaRegistry;
  readonly perms: Permissions;
  readonly sessions: Sessions;
  readonly docs: DocService;
  readonly hooks: Hooks;
  readonly assign = new Assignments(this);
  readonly communications = new Communications(this);
  readonly files: Files;
  readonly reports = new Reports(this);
  readonly erpnext = new ErpNext(this);
  readonly scripts: ScriptRunner;
  readonly webhooks: Webhooks;
  readonly clock: () => Date;
  readonly baseUrl: string;
  readonly log: (line: string) => void;
  private readonly lock = new Mutex();

  private constructor(
    readonly db: DevDatabase,
    readonly opts: DevHostOptions,
    encryptionKey: Buffer,
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.baseUrl = opts.baseUrl ?? 'http://127.0.0.1:8000';
    this.log = opts.log ?? (() => undefined);
    this.meta = new MetaRegistry(db, opts.coreDoctypesDir ?? join(import.meta.dirname, 'host-doctypes'));
    this.perms = new Permissions(db, this.meta);
    const services = {
      db,
      meta: this.meta,
      systemZone: () => this.systemZone(),
      allowTraceback: () => this.allowTraceback(),
    };
    this.docs = new DocService(services, this.perms, encryptionKey);
    this.sessions = new Sessions(
      db,
      (user) => this.docs.getPassword('User', user, 'api_secret'),
      () => this.sessionExpiryHours(),
    );
    this.files = new Files(this, opts.dataDir);
    this.scripts = new ScriptRunner(this);
    this.webhooks = new Webhooks(this, opts.fetch ?? fetch);
    this.hooks = new Hooks(this);
    this.docs.observers = this.hooks;
  }

  static async create(opts: DevHostOptions): Promise<DevHost> {
    const db = await DevDatabase.open(opts.dataDir);
    let key: Buffer;
    if (opts.dataDir) {
      mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
      chmodSync(opts.dataDir, 0o700); // the encryption key, the database and private files: owner only
      const path = join(opts.dataDir, 'site_config.json');
      if (!existsSync(path))
        writeFileSync(
          path,
          JSON.stringify({ encryption_key: randomBytes(32).toString('base64'), server_script_enabled: 1 }, null, 1),
          { mode: 0o600 },
        );
      chmodSync(path, 0o600); // a data dir made before this change is tightened too
      key = Buffer.from(
        (JSON.parse(readFileSync(path, 'utf8')) as { encryption_key: string }).encryption_key,
        'base64',
      );
    } else key = randomBytes(32);
    const site = new DevHost(db, opts, key);
    for (const dt of site.meta.coreDoctypes()) site.meta.get(dt.name); // tables first: everything else reads them
    await site.internal(async (ctx) =>
      bootstrapSite(site, ctx, opts.adminPassword ?? process.env.DEVHOST_ADMIN_PASSWORD ?? 'admin'),
    );
    return site;
  }

  // ---------- settings ----------

  private single(field: string): string | null {
    const row = this.db.get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', [
      'System Settings',
      field,
    ]);
    return row?.value === undefined || row.value === null ? null : String(row.value);
  }
  systemZone(): string {
    return this.single('time_zone') ?? 'America/Santiago';
  }
  allowTraceback(): boolean {
    return (this.single('allow_error_traceback') ?? '1') !== '0';
  }
  sessionExpiryHours(): number {
    const [h = '170', m = '0'] = (this.single('session_expiry') ?? '170:00').split(':');
    return Number(h) + Number(m) / 60;
  }
  serverScriptsEnabled(): boolean {
    if (!this.opts.dataDir) return true;
    const cfg = JSON.parse(readFileSync(join(this.opts.dataDir, 'site_config.json'), 'utf8')) as {
      server_script_enabled?: number;
    };
    return cfg.server_script_enabled === 1;
  }
  nowString(ctx: RequestContext): string {
    return siteNow(ctx.now, this.systemZone());
  }

  context(user: string): RequestContext {
    return {
      user,
      roles: this.perms.rolesOf(user),
      now: this.clock(),
      afterCommit: [],
      messages: [],
      depth: 0,
      ip: '127.0.0.1',
    };
  }

  /** Runs work as Administrator in its own transaction (boot, webhook logs, seeding). */
  async internal<T>(fn: (ctx: RequestContext) => Promise<T>, user = ADMIN): Promise<T> {
    return this.lock.run(async () => {
      const ctx = this.context(user);
      this.db.begin();
      try {
        const out = await fn(ctx);
        this.db.commit();
        this.flushAfterCommit(ctx);
        return out;
      } catch (e) {
        this.db.rollback();
        this.meta.invalidate();
        throw e;
      }
    });
  }

  list(ctx: RequestContext, args: ListArgs, opts: { ignorePermissions?: boolean } = {}): unknown[] {
    return ListQuery.run(this.meta, this.perms, this.db, ctx, { now: ctx.now, zone: this.systemZone() }, args, opts);
  }

  async generateKeys(ctx: RequestContext, user: string): Promise<{ api_key: string; api_secret: string }> {
    const doc = this.docs.get(ctx, 'User', user);
    const apiKey =
      typeof doc.api_key === 'string' && doc.api_key ? doc.api_key : randomBytes(8).toString('hex').slice(0, 15);
    const apiSecret = randomBytes(8).toString('hex').slice(0, 15);
    await this.docs.update(ctx, 'User', user, { api_key: apiKey, api_secret: apiSecret }, { ignorePermissions: true });
    return { api_key: apiKey, api_secret: apiSecret };
  }

  private flushAfterCommit(ctx: RequestContext): void {
    for (const task of ctx.afterCommit.splice(0)) {
      void Promise.resolve()
        .then(task)
        .catch((e: unknown) => this.log(`after-commit task failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  // ---------- HTTP ----------

  handle = (req: Request): Promise<Response> => this.lock.run(() => this.serve(req));

  private async serve(req: Request): Promise<Response> {
    const setCookies: string[] = [];
    const headers = (): Headers => {
      const h = new Headers();
      for (const c of setCookies) h.append('set-cookie', c);
      return h;
    };
    let ctx: RequestContext | null = null;
    try {
      const parsed = await parseRequest(req);
      const path = parsed.path.replace(/^\/api\/v1\//, '/api/');
      const caller = this.sessions.identify(
        req,
        typeof parsed.form.sid === 'string' ? parsed.form.sid : undefined,
        this.clock().getTime(),
      );
      ctx = this.context(caller.user);
      this.db.begin();
      let res: Response;
      if (path.startsWith('/api/resource/'))
        res = await this.resource(ctx, parsed.method, path.slice('/api/resource/'.length), parsed.form);
      else if (path.startsWith('/api/method/'))
        res = await this.method(
          ctx,
          caller,
          req,
          parsed.method,
          path.slice('/api/method/'.length).split('/')[0] ?? '',
          parsed.form,
          parsed.files,
          setCookies,
        );
      else if (path.startsWith('/api/')) throw frappeThrow(`Not Found: ${path}`, 'DoesNotExistError');
      else if (path.startsWith('/files/') || path.startsWith('/private/files/')) res = this.files.serve(ctx, path);
      else res = renderWebPage(this, ctx, caller, path);
      this.db.commit();
      this.flushAfterCommit(ctx);
      const h = headers();
      res.headers.forEach((v, k) => h.append(k, v));
      return new Response(res.body, { status: res.status, headers: h });
    } catch (e) {
      this.db.rollback();
      this.meta.invalidate();
      const err = e instanceof FrappeError ? e : this.unexpected(e);
      if (err.excType === 'AuthenticationError')
        setCookies.push('sid=Guest; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
      const h: Record<string, string> = {};
      const res = errorResponse(err, this.allowTraceback(), req.headers.get('accept'));
      const out = headers();
      res.headers.forEach((v, k) => out.append(k, v));
      void h;
      void ctx;
      return new Response(res.body, { status: res.status, headers: out });
    }
  }

  private unexpected(e: unknown): FrappeError {
    const message = e instanceof Error ? e.message : String(e);
    this.log(`500: ${e instanceof Error ? (e.stack ?? message) : message}`);
    return new FrappeError('Exception', message, [
      { message: 'Internal Server Error', title: 'Message', indicator: 'red' },
    ]);
  }

  private async resource(ctx: RequestContext, method: string, rest: string, form: FormDict): Promise<Response> {
    const slash = rest.indexOf('/');
    const doctype = slash < 0 ? rest.replace(/\/$/, '') : rest.slice(0, slash);
    const name = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/$/, '');
    if (!doctype) throw frappeThrow('DocType is required', 'DoesNotExistError');
    const body = (): Doc => {
      if (typeof form.data === 'string') {
        const parsed = jsonArg(form.data, 'data');
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Doc;
      }
      return form as Doc;
    };
    const ok = (data: unknown, status = 200): Response => json(status, withMessages({ data }, ctx.messages));
    if (!name) {
      if (method === 'GET') return ok(this.list(ctx, { ...form, doctype }));
      if (method === 'POST') return ok(dropNulls(await this.docs.insert(ctx, doctype, body())));
      throw notPermitted('Not permitted');
    }
    const runMethod = typeof form.run_method === 'string' ? form.run_method : null;
    if (runMethod && (method === 'POST' || method === 'GET'))
      return json(200, withMessages(await this.callDocMethod(ctx, doctype, name, runMethod, form), ctx.messages));
    if (method === 'GET') return ok(dropNulls(this.docs.get(ctx, doctype, name)));
    if (method === 'PUT') return ok(dropNulls(await this.docs.update(ctx, doctype, name, body())));
    if (method === 'DELETE') {
      await this.docs.delete(ctx, doctype, name);
      return ok('ok', 202);
    }
    throw notPermitted('Not permitted');
  }

  private async method(
    ctx: RequestContext,
    caller: Caller,
    req: Request,
    verb: string,
    path: string,
    form: FormDict,
    files: MethodCall['files'],
    setCookies: string[],
  ): Promise<Response> {
    // Own keys only: a path such as `constructor` or `__proto__` is an unknown method, not an object's member.
    const def = Object.hasOwn(METHODS, path)
      ? METHODS[path]
      : Object.hasOwn(DESK_METHODS, path)
        ? DESK_METHODS[path]
        : undefined;
    const call: MethodCall = { site: this, ctx, form, files, caller, req, setCookies };
    let result: MethodResult;
    if (def) {
      if (!def.verbs.includes(verb)) throw notPermitted('Not permitted');
      if (ctx.user === GUEST && !def.allowGuest) throw this.guestForbidden(path);
      result = await def.run(call);
    } else {
      const script = this.scripts.apiScript(path);
      if (script) {
        if (ctx.user === GUEST && !script.allowGuest) throw this.guestForbidden(path);
        result = await this.scripts.runApi(script, call);
      } else if (NOT_WHITELISTED.has(path)) {
        throw new FrappeError('PermissionError', `Function ${path} is not whitelisted.`, [
          {
            message: `<details><summary>Function <strong>${path}</strong> is not whitelisted.</summary></details>`,
            title: 'Method Not Allowed',
            indicator: 'red',
            raise_exception: 1,
          },
        ]);
      } else {
        throw frappeThrow(
          `Failed to get method for command ${path} with No module named '${path.split('.')[0] ?? path}'`,
          'ValidationError',
        );
      }
    }
    if (result.body) return json(result.status ?? 200, withMessages(result.body, ctx.messages));
    const out: Record<string, unknown> = result.message === undefined ? {} : { message: result.message };
    return json(result.status ?? 200, withMessages(out, ctx.messages));
  }

  private guestForbidden(path: string): FrappeError {
    return new FrappeError(
      'PermissionError',
      `You are not permitted to access this resource. Function ${path} is not whitelisted.`,
      [
        {
          message: `<details><summary>You are not permitted to access this resource.</summary>Function <strong>${path}</strong> is not whitelisted.</details>`,
          title: 'Method Not Allowed',
          indicator: 'red',
          raise_exception: 1,
        },
      ],
    );
  }

  /** `run_doc_method`: `docs` (a JSON doc) or `dt` + `dn`, a method, optional `args`. */
  async runDocMethod(c: MethodCall): Promise<MethodResult> {
    const f = c.form;
    let dt: string;
    let dn: string;
    if (f.docs) {
      const doc = jsonArg(f.docs, 'docs') as Doc;
      dt = String(doc.doctype ?? '');
      dn = String(doc.name ?? '');
    } else {
      dt = String(f.dt ?? '');
      dn = String(f.dn ?? '');
    }
    return { body: await this.callDocMethod(c.ctx, dt, dn, String(f.method ?? ''), f) };
  }

  private async callDocMethod(
    ctx: RequestContext,
    doctype: string,
    name: string,
    methodName: string,
    form: FormDict,
  ): Promise<Record<string, unknown>> {
    const doc = this.docs.get(ctx, doctype, name);
    const handler = this.hooks.docMethod(doctype, methodName);
    if (!handler)
      throw new FrappeError('PermissionError', `Method ${methodName} is not whitelisted for ${doctype}`, [
        { message: 'Not permitted', title: 'Method Not Allowed', indicator: 'red', raise_exception: 1 },
      ]);
    const result = await handler(doc, ctx, jsonArg(form.args, 'args'));
    return result === undefined ? { docs: [result ?? doc] } : { docs: [doc], message: result };
  }

  close(): void {
    this.scripts.close();
    this.db.close();
  }
}
