/**
 * The `frappe.*` calls a running Server Script makes, answered inside the request's transaction with the calling
 * user's identity. `get_all`, `get_doc` and `db.*` skip permissions, as in Frappe.
 */
import { randomBytes } from 'node:crypto';
import { sessionKey } from '../auth/sessions.ts';
import { frappeThrow } from '../errors.ts';
import type { Kernel } from '../kernel.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { RpcHandler } from './worker.ts';

type Args = Record<string, unknown>;
type Op = (a: Args, ctx: RequestContext) => Promise<unknown> | unknown;

const str = (v: unknown): string => String(v ?? '');
const filtersOf = (f: unknown): unknown => (typeof f === 'string' ? { name: f } : f);
const SKIP = { ignorePermissions: true } as const;

function getList(site: Kernel, a: Args, ctx: RequestContext, ignorePermissions: boolean): unknown[] {
  const rows = site.list(
    ctx,
    {
      doctype: str(a.doctype),
      fields: a.fields ?? (a.pluck ? [a.pluck] : ['name']),
      filters: filtersOf(a.filters),
      or_filters: a.or_filters,
      order_by: a.order_by ?? 'modified desc',
      limit_page_length: a.limit ?? 0,
      limit_start: Number(a.start ?? 0),
      ...(a.group_by ? { group_by: str(a.group_by) } : {}),
    },
    { ignorePermissions },
  ) as Record<string, unknown>[];
  return a.pluck ? rows.map((r) => r[str(a.pluck)]) : rows;
}

/** `frappe.db.get_value`: a single's field, or the first matching row's; a dict, one value or a list. */
function getValue(site: Kernel, a: Args, ctx: RequestContext): unknown {
  const meta = site.meta.require(str(a.doctype));
  const fields = Array.isArray(a.fieldname) ? a.fieldname.map(String) : [str(a.fieldname || 'name')];
  let row: Record<string, unknown> | undefined;
  if (meta.issingle) {
    const d = site.docs.get(ctx, meta.name, meta.name, SKIP);
    row = Object.fromEntries(fields.map((f) => [f, d[f] ?? null]));
  } else {
    if (a.filters === null || a.filters === undefined) return null;
    const args = { doctype: meta.name, fields, filters: filtersOf(a.filters), limit_page_length: 1 };
    row = (site.list(ctx, { ...args, order_by: 'modified desc' }, SKIP) as Record<string, unknown>[])[0];
  }
  if (!row) return null;
  if (a.as_dict) return row;
  return fields.length === 1 ? row[fields[0] ?? ''] : fields.map((f) => row?.[f]);
}

function operations(site: Kernel): Record<string, Op> {
  return {
    get_doc: (a, ctx) => site.docs.get(ctx, str(a.doctype), str(a.name), SKIP),
    get_all: (a, ctx) => getList(site, a, ctx, true),
    get_list: (a, ctx) => getList(site, a, ctx, false),
    get_value: (a, ctx) => getValue(site, a, ctx),
    get_single_value: (a, ctx) => site.docs.get(ctx, str(a.doctype), str(a.doctype), SKIP)[str(a.fieldname)] ?? null,
    exists: (a, ctx) => {
      const meta = site.meta.require(str(a.doctype));
      if (a.filters === null || a.filters === undefined) return null;
      const args = { doctype: meta.name, fields: ['name'], filters: filtersOf(a.filters), limit_page_length: 1 };
      return (site.list(ctx, args, SKIP) as { name: string }[])[0]?.name ?? null;
    },
    count: (a, ctx) => {
      const args = {
        doctype: str(a.doctype),
        fields: ['count(*) as n'],
        filters: filtersOf(a.filters),
        limit_page_length: 0,
      };
      return Number((site.list(ctx, args, SKIP) as { n: number }[])[0]?.n ?? 0);
    },
    set_value: (a, ctx) => {
      const values = (a.values ?? {}) as Record<string, unknown>;
      site.docs.setColumns(str(a.doctype), str(a.name), values, ctx, a.update_modified !== false);
      return null;
    },
    insert: (a, ctx) => {
      const doc = (a.doc ?? {}) as Doc;
      return site.docs.insert(ctx, str(doc.doctype), doc, {
        ignorePermissions: Boolean(a.ignore_permissions),
        ignoreMandatory: Boolean(a.ignore_mandatory),
        ignoreLinks: Boolean(a.ignore_links),
      });
    },
    save: (a, ctx) => {
      const doc = (a.doc ?? {}) as Doc;
      const { modified: _m, ...body } = doc;
      return site.docs.update(ctx, str(doc.doctype), str(doc.name), body, {
        ignorePermissions: Boolean(a.ignore_permissions),
      });
    },
    cancel: (a, ctx) => site.docs.update(ctx, str(a.doctype), str(a.name), { docstatus: 2 }, SKIP),
    delete: async (a, ctx) => {
      await site.docs.delete(ctx, str(a.doctype), str(a.name), { ignorePermissions: Boolean(a.ignore_permissions) });
      return null;
    },
    get_password: (a) => site.docs.getPassword(str(a.doctype), str(a.name), str(a.fieldname)),
    // User.reset_password (Frappe 15): a new key, stored as its SHA-256, and the path of the link that carries it.
    reset_password: (a, ctx) => {
      const key = randomBytes(28).toString('hex');
      site.docs.setColumns(
        'User',
        str(a.name),
        { reset_password_key: sessionKey(key), last_reset_password_key_generated_on: site.nowString(ctx) },
        ctx,
        false,
      );
      return `/update-password?key=${key}`;
    },
  };
}

/** The RPC answerer for one site: an unknown operation is refused with the operation named. */
export function scriptRpc(site: Kernel): RpcHandler {
  const ops = operations(site);
  return async (op, args, ctx) => {
    const run = Object.hasOwn(ops, op) ? ops[op] : undefined;
    if (!run) throw frappeThrow(`frappe.${op} is not available to server scripts on this host`);
    return run(args, ctx);
  };
}
