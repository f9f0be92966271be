/**
 * `frappe.client.*`: the generic document API (docs/host-contract.md). Unknown kwargs are ignored, as `frappe.call`
 * drops them.
 */
import { frappeThrow } from '../errors.ts';
import type { Doc } from '../model/types.ts';
import { docArg, jsonArg, str, truthy } from './args.ts';
import { ALL, WRITE, type MethodCall, type MethodResult, type MethodTable } from './method-types.ts';

/** `frappe.client.get_value`: filters may be a name, a dict or a list. */
function getValue(call: MethodCall): MethodResult {
  const doctype = str(call.form.doctype, 'doctype');
  const rawFields = jsonArg(call.form.fieldname);
  const fields = Array.isArray(rawFields) ? rawFields.map(String) : [str(rawFields, 'fieldname')];
  const asDict = call.form.as_dict === undefined ? true : truthy(call.form.as_dict);
  const meta = call.site.meta.require(doctype);
  let row: Record<string, unknown> | undefined;
  if (meta.issingle) {
    const doc = call.site.docs.get(call.ctx, doctype, doctype);
    row = Object.fromEntries(fields.map((f) => [f, doc[f] ?? null]));
  } else {
    const filtersRaw = jsonArg(call.form.filters);
    const filters =
      filtersRaw === undefined || filtersRaw === null || filtersRaw === ''
        ? undefined
        : typeof filtersRaw === 'string'
          ? { name: filtersRaw }
          : filtersRaw;
    const rows = call.site.list(call.ctx, {
      doctype,
      fields,
      filters,
      limit_page_length: 1,
      order_by: 'modified desc',
      parent: call.form.parent,
    });
    row = rows[0] as Record<string, unknown> | undefined;
  }
  if (!row) return { message: asDict ? {} : null };
  if (asDict) return { message: row };
  return { message: fields.length === 1 ? row[fields[0] ?? ''] : fields.map((f) => row?.[f]) };
}

/**
 * `frappe.client.save` / `submit` build the document from the payload (docs/host-contract.md): omitted fields are nulled,
 * omitted child rows deleted, and a missing or stale `modified` conflicts.
 */
async function saveWhole(c: MethodCall, extra: Doc): Promise<MethodResult> {
  const doc = docArg(c.form.doc, 'doc');
  const doctype = str(doc.doctype, 'doctype');
  const meta = c.site.meta.require(doctype);
  const full: Doc = Object.fromEntries(meta.valueFields.map((f) => [f.fieldname, null]));
  for (const tf of meta.tableFields) full[tf.fieldname] = [];
  return {
    message: await c.site.docs.update(c.ctx, doctype, str(doc.name, 'name'), {
      ...full,
      ...doc,
      modified: doc.modified ?? '',
      ...extra,
    }),
  };
}

export const CLIENT_METHODS: MethodTable = {
  'frappe.client.get_list': {
    verbs: ALL,
    run: (c) => ({
      message: c.site.list(c.ctx, {
        ...c.form,
        doctype: str(c.form.doctype, 'doctype'),
        fields: jsonArg(c.form.fields),
        filters: jsonArg(c.form.filters),
        or_filters: jsonArg(c.form.or_filters),
      }),
    }),
  },
  'frappe.client.get_count': {
    verbs: ALL,
    // frappe.db.count applies no permission check in 15.55 (docs/host-contract.md).
    run: (c) => {
      const rows = c.site.list(
        c.ctx,
        {
          doctype: str(c.form.doctype, 'doctype'),
          fields: ['count(*) as n'],
          filters: jsonArg(c.form.filters),
          limit_page_length: 0,
        },
        { ignorePermissions: true },
      );
      return { message: Number((rows[0] as { n?: number } | undefined)?.n ?? 0) };
    },
  },
  'frappe.client.get': {
    verbs: ALL,
    run: (c) => {
      const doctype = str(c.form.doctype, 'doctype');
      let name = typeof c.form.name === 'string' ? c.form.name : '';
      if (!name && c.form.filters) {
        const rows = c.site.list(c.ctx, {
          doctype,
          filters: jsonArg(c.form.filters),
          limit_page_length: 1,
          order_by: 'modified desc',
        });
        name = String((rows[0] as { name?: string } | undefined)?.name ?? '');
        if (!name) throw frappeThrow(`${doctype} not found`, 'DoesNotExistError');
      }
      return { message: c.site.docs.get(c.ctx, doctype, name || doctype) };
    },
  },
  'frappe.client.get_value': { verbs: ALL, run: getValue },
  'frappe.client.get_single_value': {
    verbs: ALL,
    run: (c) => ({
      message:
        c.site.docs.get(c.ctx, str(c.form.doctype, 'doctype'), str(c.form.doctype, 'doctype'))[
          str(c.form.field, 'field')
        ] ?? null,
    }),
  },
  'frappe.client.set_value': {
    verbs: WRITE,
    run: async (c) => {
      const doctype = str(c.form.doctype, 'doctype');
      const fieldname = jsonArg(c.form.fieldname);
      const values: Doc =
        typeof fieldname === 'object' && fieldname !== null
          ? (fieldname as Doc)
          : { [str(fieldname, 'fieldname')]: c.form.value ?? null };
      for (const k of Object.keys(values))
        if (['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'doctype'].includes(k))
          throw frappeThrow('Cannot edit standard fields');
      return { message: await c.site.docs.update(c.ctx, doctype, str(c.form.name, 'name'), values) };
    },
  },
  'frappe.client.insert': {
    verbs: WRITE,
    run: async (c) => {
      const doc = docArg(c.form.doc, 'doc');
      const doctype = str(doc.doctype, 'doc.doctype');
      const meta = c.site.meta.require(doctype);
      if (meta.istable) {
        const parent = c.site.docs.get(c.ctx, str(doc.parenttype, 'parenttype'), str(doc.parent, 'parent'));
        const field = str(doc.parentfield, 'parentfield');
        const rows = [...((parent[field] as Doc[] | undefined) ?? []), doc];
        return {
          message: await c.site.docs.update(c.ctx, String(doc.parenttype), String(doc.parent), { [field]: rows }),
        };
      }
      return { message: await c.site.docs.insert(c.ctx, doctype, doc) };
    },
  },
  'frappe.client.insert_many': {
    verbs: WRITE,
    run: async (c) => {
      const docs = jsonArg(c.form.docs);
      if (!Array.isArray(docs)) throw frappeThrow('docs must be a list', 'FrappeTypeError');
      if (docs.length > 200) throw frappeThrow('Only 200 inserts allowed in one request');
      const names: string[] = [];
      for (const d of docs) {
        const doc = docArg(d, 'docs[]');
        names.push(String((await c.site.docs.insert(c.ctx, str(doc.doctype, 'doctype'), doc)).name));
      }
      return { message: names };
    },
  },
  'frappe.client.save': { verbs: WRITE, run: (c) => saveWhole(c, {}) },
  'frappe.client.submit': { verbs: WRITE, run: (c) => saveWhole(c, { docstatus: 1 }) },
  'frappe.client.cancel': {
    verbs: WRITE,
    run: async (c) => ({
      message: await c.site.docs.update(c.ctx, str(c.form.doctype, 'doctype'), str(c.form.name, 'name'), {
        docstatus: 2,
      }),
    }),
  },
  'frappe.client.delete': {
    verbs: ['DELETE', 'POST'],
    run: async (c) => {
      await c.site.docs.delete(c.ctx, str(c.form.doctype, 'doctype'), str(c.form.name, 'name'));
      return {};
    },
  },
  'frappe.client.bulk_update': {
    verbs: WRITE,
    // `docs` is a JSON string of {doctype, docname, ...fields}; each is saved on its own, failures are collected.
    run: async (c) => {
      if (typeof c.form.docs !== 'string')
        throw frappeThrow('docs must be a JSON string of a list of documents', 'FrappeTypeError');
      const docs = jsonArg(c.form.docs);
      if (!Array.isArray(docs)) throw frappeThrow('docs must be a list', 'FrappeTypeError');
      const failed: { doc: unknown; exc: string }[] = [];
      for (const raw of docs) {
        const doc = docArg(raw, 'docs[]');
        try {
          const { doctype, docname, flags: _f, ...values } = doc;
          await c.site.db.withSavepoint(() =>
            c.site.docs.update(c.ctx, str(doctype, 'doctype'), str(docname, 'docname'), values),
          );
        } catch (e) {
          failed.push({
            doc,
            exc: e instanceof Error ? `Traceback (most recent call last):\n${e.name}: ${e.message}` : String(e),
          });
        }
      }
      return { message: { failed_docs: failed } };
    },
  },
  'frappe.client.rename_doc': {
    verbs: WRITE,
    run: (c) => ({
      message: c.site.docs.rename(
        c.ctx,
        str(c.form.doctype, 'doctype'),
        str(c.form.old_name, 'old_name'),
        str(c.form.new_name, 'new_name'),
      ),
    }),
  },
  'frappe.client.has_permission': {
    verbs: ALL,
    run: (c) => {
      const meta = c.site.meta.require(str(c.form.doctype, 'doctype'));
      const name = str(c.form.docname, 'docname', false);
      const doc = name ? (c.site.docs.load(meta, name) ?? undefined) : undefined;
      const ptype = str(c.form.perm_type ?? 'read', 'perm_type') as 'read';
      return { message: { has_permission: c.site.perms.has(meta, ptype, c.ctx, doc) } };
    },
  },
};
