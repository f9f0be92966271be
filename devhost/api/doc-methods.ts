/**
 * Whitelisted document methods: `run_doc_method` / `runserverobj` and `PUT|GET /api/resource/<dt>/<name>?run_method=`.
 * The document is loaded with the caller's read permission; the controller's method decides the rest.
 */
import { FrappeError } from '../errors.ts';
import type { Kernel } from '../kernel.ts';
import type { Doc, DocMethod, RequestContext } from '../model/types.ts';
import { jsonArg } from './args.ts';
import type { FormDict } from './http.ts';
import { ALL, type MethodCall, type MethodResult, type MethodTable } from './method-types.ts';

export class DocMethods {
  constructor(
    private readonly site: Kernel,
    private readonly find: (doctype: string, method: string) => DocMethod | undefined,
  ) {}

  /** `run_doc_method`: `docs` (a JSON doc) or `dt` + `dn`, a method, optional `args`. */
  async runDocMethod(c: MethodCall): Promise<MethodResult> {
    const f = c.form;
    let dt: string;
    let dn: string;
    if (f.docs) {
      const doc = jsonArg(f.docs) as Doc;
      dt = String(doc.doctype ?? '');
      dn = String(doc.name ?? '');
    } else {
      dt = String(f.dt ?? '');
      dn = String(f.dn ?? '');
    }
    return { body: await this.call(c.ctx, dt, dn, String(f.method ?? ''), f) };
  }

  async call(
    ctx: RequestContext,
    doctype: string,
    name: string,
    methodName: string,
    form: FormDict,
  ): Promise<Record<string, unknown>> {
    const doc = this.site.docs.get(ctx, doctype, name);
    const handler = this.find(doctype, methodName);
    if (!handler)
      throw new FrappeError('PermissionError', `Method ${methodName} is not whitelisted for ${doctype}`, [
        { message: 'Not permitted', title: 'Method Not Allowed', indicator: 'red', raise_exception: 1 },
      ]);
    const result = await handler(doc, ctx, jsonArg(form.args));
    return result === undefined ? { docs: [result ?? doc] } : { docs: [doc], message: result };
  }
}

export function docMethodTable(dm: DocMethods): MethodTable {
  return {
    run_doc_method: { verbs: ALL, run: (c) => dm.runDocMethod(c) },
    runserverobj: { verbs: ALL, run: (c) => dm.runDocMethod(c) },
  };
}
