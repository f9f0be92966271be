/**
 * Whitelisted methods (docs/host-contract.md, docs/host-contract.md): each declares its HTTP verbs (a wrong verb is a 403
 * "Not permitted") and whether guests may call it. Unknown kwargs are ignored, as `frappe.call` drops them.
 */
import { FrappeError, frappeThrow, notPermitted } from '../errors.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { FormDict, UploadedFile } from './http.ts';
import type { DevHost } from '../site.ts';
import type { Caller } from '../auth/sessions.ts';

export interface MethodCall {
  site: DevHost;
  ctx: RequestContext;
  form: FormDict;
  files: Map<string, UploadedFile>;
  caller: Caller;
  req: Request;
  /** Cookies to set on the response. */
  setCookies: string[];
}

/** What a method returns: the `message` value, or a full body for methods that answer differently. */
export type MethodResult = { message?: unknown; body?: Record<string, unknown>; status?: number };

export interface MethodDef {
  verbs: readonly string[];
  allowGuest?: boolean;
  run(call: MethodCall): Promise<MethodResult> | MethodResult;
}

const ALL = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const WRITE = ['POST', 'PUT'] as const;

export function jsonArg(value: unknown, label: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
  void label;
}

function str(value: unknown, label: string, required = true): string {
  if (value === undefined || value === null || value === '') {
    if (required) throw frappeThrow(`${label} is required`, 'FrappeTypeError');
    return '';
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw frappeThrow(`${label} must be text`, 'FrappeTypeError');
  return String(value);
}

function docArg(value: unknown, label: string): Doc {
  const v = jsonArg(value, label);
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw frappeThrow(`${label} must be a document (JSON object)`, 'FrappeTypeError');
  return v as Doc;
}

function truthy(v: unknown): boolean {
  return !(
    v === undefined ||
    v === null ||
    v === false ||
    v === 0 ||
    v === '0' ||
    v === '' ||
    v === 'false' ||
    v === 'False'
  );
}

/** `frappe.client.get_value`: filters may be a name, a dict or a list. */
function getValue(call: MethodCall): MethodResult {
  const doctype = str(call.form.doctype, 'doctype');
  const rawFields = jsonArg(call.form.fieldname, 'fieldname');
  const fields = Array.isArray(rawFields) ? rawFields.map(String) : [str(rawFields, 'fieldname')];
  const asDict = call.form.as_dict === undefined ? true : truthy(call.form.as_dict);
  const meta = call.site.meta.require(doctype);
  let row: Record<string, unknown> | undefined;
  if (meta.issingle) {
    const doc = call.site.docs.get(call.ctx, doctype, doctype);
    row = Object.fromEntries(fields.map((f) => [f, doc[f] ?? null]));
  } else {
    const filtersRaw = jsonArg(call.form.filters, 'filters');
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

export const METHODS: Record<string, MethodDef> = {
  'frappe.client.get_list': {
    verbs: ALL,
    run: (c) => ({
      message: c.site.list(c.ctx, {
        ...c.form,
        doctype: str(c.form.doctype, 'doctype'),
        fields: jsonArg(c.form.fields, 'fields'),
        filters: jsonArg(c.form.filters, 'filters'),
        or_filters: jsonArg(c.form.or_filters, 'or_filters'),
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
          filters: jsonArg(c.form.filters, 'filters'),
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
          filters: jsonArg(c.form.filters, 'filters'),
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
      const fieldname = jsonArg(c.form.fieldname, 'fieldname');
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
      const docs = jsonArg(c.form.docs, 'docs');
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
      const docs = jsonArg(c.form.docs, 'docs');
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
  login: {
    verbs: ALL,
    allowGuest: true,
    run: (c) => {
      const user = c.site.sessions.authenticate(str(c.form.usr, 'usr', false), str(c.form.pwd, 'pwd', false));
      const session = c.site.sessions.create(user, c.ctx.now.getTime());
      const row = c.site.db.get('SELECT full_name, user_type, user_image FROM "tabUser" WHERE name = ?', [user]);
      const system = String(row?.user_type ?? 'System User') === 'System User';
      const maxAge = Math.round(c.site.sessionExpiryHours() * 3600);
      const fullName = String(row?.full_name ?? user);
      c.setCookies.push(
        `sid=${session.sid}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax`,
        `system_user=${system ? 'yes' : 'no'}; Path=/; SameSite=Lax`,
        `full_name=${encodeURIComponent(fullName)}; Path=/; SameSite=Lax`,
        `user_id=${encodeURIComponent(user)}; Path=/; SameSite=Lax`,
        `user_image=${encodeURIComponent(String(row?.user_image ?? ''))}; Path=/; SameSite=Lax`,
      );
      c.site.docs.setColumns('User', user, { last_login: c.site.nowString(c.ctx) }, c.ctx, false);
      return {
        body: system
          ? { message: 'Logged In', home_page: '/app', full_name: fullName }
          : { message: 'No App', home_page: '/me', full_name: fullName },
      };
    },
  },
  logout: {
    verbs: ALL,
    allowGuest: true,
    run: (c) => {
      if (c.caller.session) c.site.sessions.destroy(c.caller.session.sid);
      c.setCookies.push(
        'sid=Guest; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
        'system_user=no; Max-Age=0; Path=/',
        'user_id=Guest; Path=/',
        'full_name=Guest; Path=/',
      );
      return {};
    },
  },
  'frappe.auth.get_logged_user': {
    verbs: ALL,
    allowGuest: true,
    run: (c) => {
      // Frappe 15.75 answers a guest 403 PermissionError (docs/host-contract.md), not 401.
      if (c.ctx.user === 'Guest')
        throw new FrappeError('PermissionError', 'Not Permitted', [
          { message: 'Not Permitted', title: 'Message', indicator: 'red', raise_exception: 1 },
        ]);
      return { message: c.ctx.user };
    },
  },
  'frappe.core.doctype.user.user.generate_keys': {
    verbs: WRITE,
    run: async (c) => {
      if (!c.ctx.roles.has('System Manager')) throw notPermitted('Not permitted');
      return { message: await c.site.generateKeys(c.ctx, str(c.form.user, 'user')) };
    },
  },
  'frappe.desk.form.assign_to.add': { verbs: WRITE, run: (c) => c.site.assign.add(c) },
  'frappe.desk.form.assign_to.remove': { verbs: WRITE, run: (c) => c.site.assign.remove(c, 'Cancelled') },
  'frappe.desk.form.assign_to.close': { verbs: WRITE, run: (c) => c.site.assign.remove(c, 'Closed') },
  'frappe.desk.form.utils.add_comment': {
    verbs: WRITE,
    run: async (c) => {
      // Frappe 15.75's signature has no defaults for the author: without them Python raises a TypeError (500).
      for (const arg of ['comment_email', 'comment_by'])
        if (!(arg in c.form))
          throw new FrappeError('TypeError', `add_comment() missing 1 required positional argument: '${arg}'`, [
            { message: 'Internal Server Error', title: 'Message', indicator: 'red' },
          ]);
      const refDt = str(c.form.reference_doctype, 'reference_doctype');
      const refName = str(c.form.reference_name, 'reference_name');
      c.site.docs.get(c.ctx, refDt, refName);
      const comment = await c.site.docs.insert(
        c.ctx,
        'Comment',
        {
          comment_type: 'Comment',
          reference_doctype: refDt,
          reference_name: refName,
          content: str(c.form.content, 'content'),
          comment_email: c.form.comment_email,
          comment_by: c.form.comment_by,
        },
        { ignorePermissions: true },
      );
      return { message: comment };
    },
  },
  'frappe.core.doctype.communication.email.make': { verbs: WRITE, run: (c) => c.site.communications.make(c) },
  'frappe.email.doctype.email_account.email_account.get_append_to': {
    verbs: ALL,
    run: (c) => ({
      message: c.site.db
        .all('SELECT name FROM "tabDocType" WHERE email_append_to = 1 AND istable = 0 AND issingle = 0 ORDER BY name')
        .map((r) => [String(r.name)]), // a list of one-item lists, as Frappe 15.75 answers
    }),
  },
  'frappe.translate.get_translations': {
    verbs: ALL,
    allowGuest: true,
    run: (c) => ({
      message: c.site.db.all(
        'SELECT name, language, translated_text AS translation FROM "tabTranslation" WHERE source_text = ?',
        [str(c.form.source_text, 'source_text')],
      ),
    }),
  },
  'frappe.desk.query_report.run': { verbs: ALL, run: (c) => c.site.reports.run(c) },
  upload_file: { verbs: ['POST'], allowGuest: true, run: (c) => c.site.files.upload(c) },
  run_doc_method: { verbs: ALL, run: (c) => c.site.runDocMethod(c) },
  runserverobj: { verbs: ALL, run: (c) => c.site.runDocMethod(c) },
  'erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry': {
    verbs: ALL,
    run: (c) => c.site.erpnext.getPaymentEntry(c),
  },
  'erpnext.accounts.doctype.payment_request.payment_request.make_payment_request': {
    verbs: ALL,
    allowGuest: true,
    run: (c) => c.site.erpnext.makePaymentRequest(c),
  },
  'frappe.utils.scheduler.get_scheduler_status': { verbs: ALL, run: () => ({ body: { status: 'inactive' } }) },
  ping: { verbs: ALL, allowGuest: true, run: () => ({ message: 'pong' }) },
  'frappe.utils.change_log.get_versions': {
    verbs: ALL,
    run: () => ({
      message: {
        frappe: {
          title: 'Frappe Framework',
          description: 'Full stack web framework',
          branch: 'version-15',
          version: '15.55.1',
        },
        erpnext: { title: 'ERPNext', description: 'ERP made simple', branch: 'version-15', version: '15.71.1' },
      },
    }),
  },
  version: { verbs: ALL, allowGuest: true, run: () => ({ message: '15.55.1' }) },
};

/** Importable but not whitelisted on a real host: 403 rather than 417 (docs/host-contract.md). */
export const NOT_WHITELISTED = new Set([
  'erpnext.setup.doctype.holiday_list.holiday_list.is_holiday',
  'frappe.translate.get_all_translations',
  'frappe.client.validate_password',
]);
