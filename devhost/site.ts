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
import { generateKeys, SESSION_METHODS } from './api/session-methods.ts';
import { CLIENT_METHODS } from './api/client-methods.ts';
import { DESK_METHODS } from './api/desk-methods.ts';
import { DocMethods, docMethodTable } from './api/doc-methods.ts';
import { Router } from './api/router.ts';
import { ADMIN, Permissions } from './auth/permissions.ts';
import { Sessions } from './auth/sessions.ts';
import { siteNow } from './clock.ts';
import type { Kernel } from './kernel.ts';
import { MetaRegistry } from './meta/registry.ts';
import { DocService } from './model/documents.ts';
import type { RequestContext } from './model/types.ts';
import { ListQuery, type ListArgs } from './query/list.ts';
import { Hooks } from './controllers/hooks.ts';
import { bootstrapSite } from './bootstrap.ts';
import { Assignments, assignMethods } from './services/assign.ts';
import { Communications, communicationMethods } from './services/communications.ts';
import { Files, fileMethods } from './web/files.ts';
import { Reports, reportMethods } from './services/reports.ts';
import { ErpNext, erpnextMethods } from './erpnext/methods.ts';
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
  /** Optional apps installed besides Frappe and ERPNext ("frappe_whatsapp"); none by default, as on the real site. */
  apps?: string[];
}

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** The composition root: builds the kernel's parts, the services around them and the router, and owns the lock. */
export class DevHost implements Kernel {
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
  readonly docMethods: DocMethods;
  private readonly router: Router;
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
    this.meta = new MetaRegistry(
      db,
      opts.coreDoctypesDir ?? join(import.meta.dirname, 'host-doctypes'),
      opts.apps ?? [],
    );
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
    this.webhooks = new Webhooks(this, this.scripts, opts.fetch ?? fetch);
    this.hooks = new Hooks(this, { scripts: this.scripts, webhooks: this.webhooks, erpnext: this.erpnext });
    this.docs.observers = this.hooks;
    this.docMethods = new DocMethods(this, (doctype, method) => this.hooks.docMethod(doctype, method));
    this.router = new Router(this, {
      methods: {
        ...CLIENT_METHODS,
        ...SESSION_METHODS,
        ...DESK_METHODS,
        ...assignMethods(this.assign),
        ...communicationMethods(this.communications),
        ...reportMethods(this.reports),
        ...fileMethods(this.files),
        ...docMethodTable(this.docMethods),
        ...erpnextMethods(this.erpnext),
      },
      scripts: this.scripts,
      docMethods: this.docMethods,
      files: this.files,
      flushAfterCommit: (ctx) => this.flushAfterCommit(ctx),
    });
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

  generateKeys(ctx: RequestContext, user: string): Promise<{ api_key: string; api_secret: string }> {
    return generateKeys(this, ctx, user);
  }

  private flushAfterCommit(ctx: RequestContext): void {
    for (const task of ctx.afterCommit.splice(0)) {
      void Promise.resolve()
        .then(task)
        .catch((e: unknown) => this.log(`after-commit task failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  // ---------- HTTP ----------

  handle = (req: Request): Promise<Response> => this.lock.run(() => this.router.serve(req));

  close(): void {
    this.scripts.close();
    this.db.close();
  }
}
