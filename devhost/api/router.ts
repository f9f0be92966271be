/**
 * HTTP routing of one request inside its transaction: `/api/resource/…` (documents), `/api/method/…` (whitelisted
 * methods, then API Server Scripts), `/files/…` and `/private/files/…`, and web pages. Errors become Frappe's error
 * bodies; the transaction rolls back on any of them.
 */
import { GUEST } from '../auth/permissions.ts';
import type { Caller } from '../auth/sessions.ts';
import { FrappeError, frappeThrow, notPermitted } from '../errors.ts';
import type { Kernel } from '../kernel.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { ScriptRunner } from '../scripts/runner.ts';
import type { Files } from '../web/files.ts';
import { renderWebPage } from '../web/pages.ts';
import { jsonArg } from './args.ts';
import type { DocMethods } from './doc-methods.ts';
import { dropNulls, errorResponse, json, parseRequest, withMessages, type FormDict } from './http.ts';
import type { MethodCall, MethodResult, MethodTable } from './method-types.ts';

/** Importable but not whitelisted on a real host: 403 rather than 417 (docs/host-contract.md). */
const NOT_WHITELISTED = new Set([
  'erpnext.setup.doctype.holiday_list.holiday_list.is_holiday',
  'frappe.translate.get_all_translations',
  'frappe.client.validate_password',
]);

export interface RouterParts {
  methods: MethodTable;
  scripts: Pick<ScriptRunner, 'apiScript' | 'runApi'>;
  docMethods: DocMethods;
  files: Pick<Files, 'serve'>;
  /** Runs the after-commit work of a request that committed. */
  flushAfterCommit(ctx: RequestContext): void;
}

interface Route {
  ctx: RequestContext;
  caller: Caller;
  req: Request;
  verb: string;
  path: string;
  form: FormDict;
  files: MethodCall['files'];
  setCookies: string[];
}

export class Router {
  constructor(
    private readonly site: Kernel,
    private readonly parts: RouterParts,
  ) {}

  async serve(req: Request): Promise<Response> {
    const setCookies: string[] = [];
    const withCookies = (res: Response): Response => {
      const h = new Headers();
      for (const c of setCookies) h.append('set-cookie', c);
      res.headers.forEach((v, k) => h.append(k, v));
      return new Response(res.body, { status: res.status, headers: h });
    };
    try {
      const parsed = await parseRequest(req);
      const path = parsed.path.replace(/^\/api\/v1\//, '/api/');
      const sid = typeof parsed.form.sid === 'string' ? parsed.form.sid : undefined;
      const caller = this.site.sessions.identify(req, sid, this.site.clock().getTime());
      const ctx = this.site.context(caller.user);
      this.site.db.begin();
      const res = await this.route({
        ctx,
        caller,
        req,
        verb: parsed.method,
        path,
        form: parsed.form,
        files: parsed.files,
        setCookies,
      });
      this.site.db.commit();
      this.parts.flushAfterCommit(ctx);
      return withCookies(res);
    } catch (e) {
      this.site.db.rollback();
      this.site.meta.invalidate();
      const err = e instanceof FrappeError ? e : this.unexpected(e);
      if (err.excType === 'AuthenticationError')
        setCookies.push('sid=Guest; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
      return withCookies(errorResponse(err, this.site.allowTraceback(), req.headers.get('accept')));
    }
  }

  private route(r: Route): Promise<Response> | Response {
    const { path } = r;
    if (path.startsWith('/api/resource/'))
      return this.resource(r.ctx, r.verb, path.slice('/api/resource/'.length), r.form);
    if (path.startsWith('/api/method/')) return this.method(r, path.slice('/api/method/'.length).split('/')[0] ?? '');
    if (path.startsWith('/api/')) throw frappeThrow(`Not Found: ${path}`, 'DoesNotExistError');
    if (path.startsWith('/files/') || path.startsWith('/private/files/')) return this.parts.files.serve(r.ctx, path);
    return renderWebPage(this.site, r.ctx, r.caller, path);
  }

  private unexpected(e: unknown): FrappeError {
    const message = e instanceof Error ? e.message : String(e);
    this.site.log(`500: ${e instanceof Error ? (e.stack ?? message) : message}`);
    return new FrappeError('Exception', message, [
      { message: 'Internal Server Error', title: 'Message', indicator: 'red' },
    ]);
  }

  private async resource(ctx: RequestContext, verb: string, rest: string, form: FormDict): Promise<Response> {
    const slash = rest.indexOf('/');
    const doctype = slash < 0 ? rest.replace(/\/$/, '') : rest.slice(0, slash);
    const name = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/$/, '');
    if (!doctype) throw frappeThrow('DocType is required', 'DoesNotExistError');
    const body = (): Doc => {
      if (typeof form.data === 'string') {
        const parsed = jsonArg(form.data);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Doc;
      }
      return form as Doc;
    };
    const docs = this.site.docs;
    const ok = (data: unknown, status = 200): Response => json(status, withMessages({ data }, ctx.messages));
    if (!name) {
      if (verb === 'GET') return ok(this.site.list(ctx, { ...form, doctype }));
      if (verb === 'POST') return ok(dropNulls(await docs.insert(ctx, doctype, body())));
      throw notPermitted('Not permitted');
    }
    const runMethod = typeof form.run_method === 'string' ? form.run_method : null;
    if (runMethod && (verb === 'POST' || verb === 'GET'))
      return json(
        200,
        withMessages(await this.parts.docMethods.call(ctx, doctype, name, runMethod, form), ctx.messages),
      );
    if (verb === 'GET') return ok(dropNulls(docs.get(ctx, doctype, name)));
    if (verb === 'PUT') return ok(dropNulls(await docs.update(ctx, doctype, name, body())));
    if (verb === 'DELETE') {
      await docs.delete(ctx, doctype, name);
      return ok('ok', 202);
    }
    throw notPermitted('Not permitted');
  }

  private async method(r: Route, path: string): Promise<Response> {
    const { ctx } = r;
    // Own keys only: a path such as `constructor` or `__proto__` is an unknown method, not an object's member.
    const def = Object.hasOwn(this.parts.methods, path) ? this.parts.methods[path] : undefined;
    const call: MethodCall = {
      site: this.site,
      ctx,
      form: r.form,
      files: r.files,
      caller: r.caller,
      req: r.req,
      setCookies: r.setCookies,
    };
    let result: MethodResult;
    if (def) {
      if (!def.verbs.includes(r.verb)) throw notPermitted('Not permitted');
      if (ctx.user === GUEST && !def.allowGuest) throw guestForbidden(path);
      result = await def.run(call);
    } else {
      const script = this.parts.scripts.apiScript(path);
      if (!script) throw unknownMethod(path);
      if (ctx.user === GUEST && !script.allowGuest) throw guestForbidden(path);
      result = await this.parts.scripts.runApi(script, call);
    }
    if (result.body) return json(result.status ?? 200, withMessages(result.body, ctx.messages));
    const out: Record<string, unknown> = result.message === undefined ? {} : { message: result.message };
    return json(result.status ?? 200, withMessages(out, ctx.messages));
  }
}

function unknownMethod(path: string): FrappeError {
  if (NOT_WHITELISTED.has(path))
    return new FrappeError('PermissionError', `Function ${path} is not whitelisted.`, [
      {
        message: `<details><summary>Function <strong>${path}</strong> is not whitelisted.</summary></details>`,
        title: 'Method Not Allowed',
        indicator: 'red',
        raise_exception: 1,
      },
    ]);
  return frappeThrow(
    `Failed to get method for command ${path} with No module named '${path.split('.')[0] ?? path}'`,
    'ValidationError',
  );
}

function guestForbidden(path: string): FrappeError {
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
