/**
 * The desk's own read methods a browser session can call (Frappe `frappe/desk/reportview.py`, `desk/form/load.py`,
 * `desk/search.py`): each applies the same permissions as a list or a document read, so the attack suite
 * (tests/security/) can try them as every role, as an intruder would on a real site.
 */
import { frappeThrow } from '../errors.ts';
import type { Doc } from '../model/types.ts';
import { jsonArg } from './args.ts';
import type { MethodCall, MethodDef, MethodResult } from './method-types.ts';

const ALL = ['GET', 'POST', 'PUT', 'DELETE'] as const;

function text(value: unknown, label: string): string {
  if (typeof value !== 'string' || value === '') throw frappeThrow(`${label} is required`, 'FrappeTypeError');
  return value;
}

/** A document the caller may read (403 otherwise), as `frappe.get_doc` + `has_permission("read")`. */
function readable(c: MethodCall): Doc {
  return c.site.docs.get(c.ctx, text(c.form.doctype, 'doctype'), text(c.form.name, 'name'));
}

/** Comments, communications and attachments of a document, once its read permission was checked. */
function docinfo(c: MethodCall, doc: Doc): Record<string, unknown> {
  const ref = (doctype: string, fields: string[], extra: unknown[] = []): unknown[] =>
    c.site.list(
      c.ctx,
      {
        doctype,
        fields,
        filters: [
          [doctype, doctype === 'File' ? 'attached_to_doctype' : 'reference_doctype', '=', doc.doctype],
          [doctype, doctype === 'File' ? 'attached_to_name' : 'reference_name', '=', doc.name],
          ...extra,
        ],
        limit_page_length: 0,
        order_by: 'creation desc',
      },
      { ignorePermissions: true },
    );
  return {
    attachments: ref('File', ['name', 'file_name', 'file_url', 'is_private']),
    comments: ref(
      'Comment',
      ['name', 'creation', 'content', 'owner', 'comment_type'],
      [['Comment', 'comment_type', '=', 'Comment']],
    ),
    communications: ref('Communication', ['name', 'creation', 'subject', 'content', 'sender', 'sent_or_received']),
  };
}

function reportviewGet(c: MethodCall): MethodResult {
  const rows = c.site.list(c.ctx, {
    ...c.form,
    doctype: text(c.form.doctype, 'doctype'),
    fields: jsonArg(c.form.fields),
    filters: jsonArg(c.form.filters),
    limit_page_length: c.form.page_length ?? c.form.limit_page_length ?? 20,
    limit_start: c.form.start ?? 0,
  }) as Record<string, unknown>[];
  const keys = rows.length ? Object.keys(rows[0] ?? {}) : [];
  return { message: { keys, values: rows.map((r) => keys.map((k) => r[k] ?? null)) } };
}

export const DESK_METHODS: Record<string, MethodDef> = {
  'frappe.desk.reportview.get': { verbs: ALL, run: reportviewGet },
  'frappe.desk.reportview.get_count': {
    verbs: ALL,
    // Unlike frappe.client.get_count, the desk's count applies the list's permissions.
    run: (c) => {
      const rows = c.site.list(c.ctx, {
        doctype: text(c.form.doctype, 'doctype'),
        fields: ['count(*) as n'],
        filters: jsonArg(c.form.filters),
        limit_page_length: 0,
      });
      return { message: Number((rows[0] as { n?: number } | undefined)?.n ?? 0) };
    },
  },
  'frappe.desk.form.load.getdoc': {
    verbs: ['GET'],
    run: (c) => {
      const doc = readable(c);
      return { body: { docs: [doc], docinfo: docinfo(c, doc) } };
    },
  },
  'frappe.desk.form.load.get_docinfo': {
    verbs: ALL,
    run: (c) => ({ body: { docinfo: docinfo(c, readable(c)) } }),
  },
  'frappe.desk.search.search_link': {
    verbs: ALL,
    run: (c) => {
      const doctype = text(c.form.doctype, 'doctype');
      const txt = typeof c.form.txt === 'string' ? c.form.txt : '';
      const rows = c.site.list(c.ctx, {
        doctype,
        fields: ['name'],
        filters: txt ? [[doctype, 'name', 'like', `%${txt}%`]] : undefined,
        limit_page_length: Math.min(Number(c.form.page_length) || 10, 100),
      }) as { name: string }[];
      return { message: rows.map((r) => ({ value: r.name, description: '' })) };
    },
  },
};
