/**
 * The document lifecycle of Frappe 15 (docs/host-contract.md): insert, save, submit, cancel, delete, rename, with
 * permission checks, timestamp conflicts and the hooks (controllers, server scripts, webhooks, versions) a real site
 * runs. Storage is `store.ts`, preparing and validating a write `prepare.ts`, links between documents `links.ts`.
 */
import { type Permissions, type PermType } from '../auth/permissions.ts';
import { namingClock, siteNow } from '../clock.ts';
import { FrappeError, frappeThrow, notFound, notPermitted } from '../errors.ts';
import { q, type Meta } from '../meta/registry.ts';
import { DocLinks, linkExists } from './links.ts';
import { makeName } from './naming.ts';
import { DocPreparer } from './prepare.ts';
import { DocStore } from './store.ts';
import type { Doc, DocEvent, RequestContext, SiteServices, WriteKind, WriteOptions } from './types.ts';

export type { WriteOptions };

export interface Observers {
  /** Controllers and server scripts for one event. */
  run(event: DocEvent | 'autoname', meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): Promise<void>;
  /** After a successful write: webhooks and versions. */
  written(event: WriteKind, meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): void;
}

type Transition = '0>0' | '0>1' | '1>1' | '1>2';

const BEFORE: Partial<Record<Transition, DocEvent>> = {
  '0>1': 'before_submit',
  '1>2': 'before_cancel',
  '1>1': 'before_update_after_submit',
};
const WRITTEN: Record<Transition, WriteKind> = {
  '0>0': 'update',
  '0>1': 'submit',
  '1>1': 'update_after_submit',
  '1>2': 'cancel',
};

export class DocService {
  observers: Observers = { run: async () => undefined, written: () => undefined };
  readonly store: DocStore;
  readonly links: DocLinks;
  private readonly prep: DocPreparer;

  constructor(
    private readonly site: SiteServices,
    private readonly perms: Permissions,
    encryptionKey: Buffer,
  ) {
    this.store = new DocStore(site, encryptionKey);
    this.prep = new DocPreparer(site);
    this.links = new DocLinks(site);
  }

  private get db() {
    return this.site.db;
  }
  private zone(): string {
    return this.site.systemZone();
  }

  // ---------- reading (storage is the store's; these keep the callers' one door) ----------

  exists(doctype: string, name: string): boolean {
    return this.store.exists(doctype, name);
  }

  /** Loads a document with its children, values as Frappe's JSON shows them (nulls kept). */
  load(meta: Meta, name: string): Doc | null {
    return this.store.load(meta, name);
  }

  /** The clear value of a Password field (server side only: host scripts, webhooks, login keys). */
  getPassword(doctype: string, name: string, fieldname: string): string | null {
    return this.store.getPassword(doctype, name, fieldname);
  }

  /** Direct column update without hooks (`frappe.db.set_value`, controllers' `db_set`). */
  setColumns(
    doctype: string,
    name: string,
    values: Record<string, unknown>,
    ctx: RequestContext,
    updateModified = true,
  ) {
    this.store.setColumns(doctype, name, values, ctx, updateModified);
  }

  /** `GET /api/resource/<dt>/<name>`: read permission, user permissions, 404. */
  get(ctx: RequestContext, doctype: string, name: string, opts: WriteOptions = {}): Doc {
    const meta = this.site.meta.require(doctype);
    if (meta.istable && !opts.ignorePermissions) throw notPermitted(`No permission for ${doctype}`);
    const doc = this.store.load(meta, meta.issingle ? meta.name : name);
    if (!doc) throw notFound(doctype, name);
    if (!opts.ignorePermissions) {
      this.check(meta, 'read', ctx, doc, name);
      return this.hideUnreadable(meta, ctx, doc);
    }
    return doc;
  }

  /** Fields of a permission level the user cannot read are left out of what the host answers. */
  hideUnreadable(meta: Meta, ctx: RequestContext, doc: Doc): Doc {
    const levels = this.perms.levels(meta, 'read', ctx);
    if (levels === 'all') return doc;
    const hidden = new Set(meta.valueFields.filter((f) => !levels.has(f.permlevel ?? 0)).map((f) => f.fieldname));
    return hidden.size ? Object.fromEntries(Object.entries(doc).filter(([k]) => !hidden.has(k))) : doc;
  }

  /**
   * Frappe's `reset_values_if_no_permlevel_access`: a field of a level the user cannot write keeps its stored
   * value (a new document: its default) whatever the request said. No error: the value is silently not taken.
   */
  private resetUnwritable(meta: Meta, ctx: RequestContext, doc: Doc, before: Doc | null, opts: WriteOptions): void {
    if (opts.ignorePermissions) return;
    const levels = this.perms.levels(meta, 'write', ctx);
    if (levels === 'all') return;
    for (const f of meta.valueFields) {
      if (levels.has(f.permlevel ?? 0)) continue;
      doc[f.fieldname] = before ? (before[f.fieldname] ?? null) : this.prep.typedDefault(f, ctx);
    }
  }

  check(meta: Meta, ptype: PermType, ctx: RequestContext, doc: Doc | undefined, name?: string): void {
    // User Permissions bind new documents too (a portal user cannot create a case for another customer), and
    // File adds its own rule (the document a private file is attached to decides).
    const ok =
      this.perms.has(meta, ptype, ctx, doc) &&
      (!doc || this.perms.passesUserPermissions(meta, doc, ctx)) &&
      (!doc || meta.name !== 'File' || this.perms.fileAllowed(doc, ptype, ctx));
    if (!ok) {
      const msg =
        doc && name
          ? `You need the '${ptype}' permission on <strong>${meta.name}</strong> ${name} to perform this action.`
          : `No permission for ${meta.name}`;
      throw notPermitted(msg);
    }
  }

  private async emit(event: DocEvent, meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): Promise<void> {
    await this.observers.run(event, meta, doc, ctx, old);
  }

  // ---------- writing ----------

  /** `POST /api/resource/<dt>`. */
  async insert(ctx: RequestContext, doctype: string, body: Doc, opts: WriteOptions = {}): Promise<Doc> {
    const meta = this.site.meta.require(doctype);
    if (meta.istable) throw notPermitted(`No permission for ${doctype}`);
    if (meta.issingle) return this.update(ctx, doctype, doctype, body, opts);
    const doc: Doc = { doctype: meta.name };
    for (const f of meta.valueFields) doc[f.fieldname] = null;
    for (const tf of meta.tableFields) doc[tf.fieldname] = [];
    this.prep.absorb(meta, doc, body, true, ctx);
    const given =
      typeof body.name === 'string' ? body.name : typeof body.__newname === 'string' ? body.__newname : undefined;
    delete doc.name;
    // On a doctype that is not submittable, Frappe 15.75 stores docstatus 1 as given (200) and runs no submit.
    const storedStatus = Number(body.docstatus ?? 0);
    if (![0, 1].includes(storedStatus))
      throw frappeThrow(`Cannot change docstatus from 0 to ${storedStatus}`, 'DocstatusTransitionError');
    const targetStatus = meta.submittable ? storedStatus : 0;
    this.resetUnwritable(meta, ctx, doc, null, opts);
    for (const f of meta.valueFields) {
      if (doc[f.fieldname] === null || doc[f.fieldname] === undefined)
        doc[f.fieldname] = this.prep.typedDefault(f, ctx);
    }
    const now = siteNow(ctx.now, this.zone());
    Object.assign(doc, { owner: ctx.user, modified_by: ctx.user, creation: now, modified: now, docstatus: 0, idx: 0 });
    this.prep.checkLinks(meta, doc, opts);
    if (!opts.ignorePermissions) this.check(meta, 'create', ctx, doc);
    if (targetStatus === 1 && !opts.ignorePermissions) this.check(meta, 'submit', ctx, doc);
    await this.emit('before_insert', meta, doc, ctx, null);
    await this.observers.run('autoname', meta, doc, ctx, null);
    if (typeof doc.name !== 'string' || !doc.name) {
      const rule = meta.doc.autoname ?? '';
      const allowGiven = rule === 'prompt' || rule === 'Prompt';
      doc.name = makeName(this.db, meta, doc, namingClock(ctx.now, this.zone()), allowGiven ? given : undefined);
    }
    if (this.store.exists(meta.name, String(doc.name))) {
      const m = `${meta.name} <strong>${String(doc.name)}</strong> already exists`;
      throw new FrappeError(
        'DuplicateEntryError',
        `('${meta.name}', '${String(doc.name)}', IntegrityError(1062, "Duplicate entry '${String(doc.name)}' for key 'PRIMARY'"))`,
        [{ message: m, title: 'Duplicate Name', indicator: 'red', raise_exception: 1 }],
      );
    }
    doc.docstatus = storedStatus;
    await this.emit('before_validate', meta, doc, ctx, null);
    await this.emit('validate', meta, doc, ctx, null);
    await this.emit('before_save', meta, doc, ctx, null);
    if (targetStatus === 1) await this.emit('before_submit', meta, doc, ctx, null);
    this.prep.runFetches(meta, doc);
    this.prep.validateDoc(meta, doc, opts);
    this.prep.checkLinks(meta, doc, opts);
    this.prep.stampChildren(meta, doc);
    this.store.savePasswords(meta, doc);
    for (const tf of meta.tableFields)
      for (const r of (doc[tf.fieldname] as Doc[]) ?? [])
        this.store.savePasswords(this.site.meta.require(tf.options ?? ''), r);
    this.store.writeRow(meta, doc, true);
    this.store.writeChildren(meta, doc, null);
    await this.emit('after_insert', meta, doc, ctx, null);
    await this.emit('on_update', meta, doc, ctx, null);
    if (targetStatus === 1) await this.emit('on_submit', meta, doc, ctx, null);
    this.observers.written(targetStatus === 1 ? 'submit' : 'insert', meta, doc, ctx, null);
    return this.prep.echoTimes(meta, body, this.store.load(meta, String(doc.name)) ?? doc);
  }

  /** `PUT /api/resource/<dt>/<name>`: merge, docstatus transition, timestamp check, save. */
  async update(ctx: RequestContext, doctype: string, name: string, body: Doc, opts: WriteOptions = {}): Promise<Doc> {
    const meta = this.site.meta.require(doctype);
    if (meta.istable) return this.updateChild(ctx, meta, name, body, opts);
    const old = this.load(meta, meta.issingle ? meta.name : name);
    if (!old) throw notFound(doctype, name);
    if (!opts.ignorePermissions) this.check(meta, 'write', ctx, old, name);
    this.checkTimestamp(meta, body, old);
    const transition = this.transition(meta, old, body);
    if (!opts.ignorePermissions) {
      if (transition === '0>1') this.check(meta, 'submit', ctx, old, name);
      if (transition === '1>2') this.check(meta, 'cancel', ctx, old, name);
    }
    const doc: Doc = structuredClone(old);
    if (transition === '1>2') {
      // Cancelling only changes docstatus; other fields in the body are ignored, as `cancel()` does.
      doc.docstatus = 2;
    } else {
      this.prep.absorb(meta, doc, body, false, ctx);
      this.resetUnwritable(meta, ctx, doc, old, opts);
      doc.docstatus = Number(transition.slice(2));
      if (transition === '1>1') this.prep.checkUpdateAfterSubmit(meta, old, doc);
    }
    doc.name = old.name;
    // Frappe checks the document as it will be saved: a changed link must still pass the User Permissions, and a
    // File repointed to another document must be writable there.
    if (!opts.ignorePermissions) this.check(meta, 'write', ctx, doc, name);
    doc.modified = siteNow(ctx.now, this.zone());
    doc.modified_by = ctx.user;
    await this.beforeUpdate(meta, doc, ctx, old, transition, opts);
    this.prep.stampChildren(meta, doc);
    this.store.savePasswords(meta, doc);
    if (meta.issingle) this.store.writeSingle(meta, doc);
    else this.store.writeRow(meta, doc, false);
    this.store.writeChildren(meta, doc, old);
    await this.afterUpdate(meta, doc, ctx, old, transition);
    this.observers.written(WRITTEN[transition], meta, doc, ctx, old);
    return this.load(meta, String(doc.name)) ?? doc;
  }

  /** A `modified` that is not the stored one means someone saved in between (singles have no such check). */
  private checkTimestamp(meta: Meta, body: Doc, old: Doc): void {
    if (body.modified === undefined || body.modified === null || meta.issingle) return;
    if (String(body.modified) === String(old.modified)) return;
    throw frappeThrow(
      `Error: Document has been modified after you have opened it (${String(body.modified)}, ${String(old.modified)}). Please refresh to get the latest document.`,
      'TimestampMismatchError',
      'Message',
    );
  }

  private transition(meta: Meta, old: Doc, body: Doc): Transition {
    const from = Number(old.docstatus ?? 0);
    const to = body.docstatus === undefined ? from : Number(body.docstatus);
    const transition = `${from}>${to}`;
    if (transition === '0>0' || transition === '0>1' || transition === '1>1' || transition === '1>2')
      if (to === 0 || meta.submittable) return transition;
    const msg = from === 2 ? 'Cannot edit cancelled document' : `Cannot change docstatus from ${from} to ${to}`;
    throw frappeThrow(msg, 'DocstatusTransitionError');
  }

  private async beforeUpdate(
    meta: Meta,
    doc: Doc,
    ctx: RequestContext,
    old: Doc,
    transition: Transition,
    opts: WriteOptions,
  ): Promise<void> {
    if (transition === '0>0' || transition === '0>1') {
      this.prep.checkLinks(meta, doc, opts);
      await this.emit('before_validate', meta, doc, ctx, old);
      await this.emit('validate', meta, doc, ctx, old);
      await this.emit('before_save', meta, doc, ctx, old);
    }
    const before = BEFORE[transition];
    if (before) await this.emit(before, meta, doc, ctx, old);
    if (transition !== '1>2') {
      this.prep.runFetches(meta, doc);
      this.prep.validateDoc(meta, doc, opts);
      this.prep.checkLinks(meta, doc, opts);
    }
  }

  private async afterUpdate(meta: Meta, doc: Doc, ctx: RequestContext, old: Doc, transition: Transition) {
    if (transition === '0>0' || transition === '0>1') await this.emit('on_update', meta, doc, ctx, old);
    if (transition === '0>1') await this.emit('on_submit', meta, doc, ctx, old);
    if (transition === '1>2') {
      await this.emit('on_cancel', meta, doc, ctx, old);
      // After on_cancel, as Frappe's check_no_back_links_exist: controllers may unlink first (payments).
      this.links.checkLinkedOnCancel(meta, doc);
    }
    if (transition === '1>1') await this.emit('on_update_after_submit', meta, doc, ctx, old);
    await this.emit('on_change', meta, doc, ctx, old);
  }

  /** `PUT` on a child row saves its parent (docs/host-contract.md). */
  private async updateChild(
    ctx: RequestContext,
    meta: Meta,
    name: string,
    body: Doc,
    opts: WriteOptions,
  ): Promise<Doc> {
    const row = this.db.get(`SELECT parent, parenttype, parentfield FROM ${q(meta.table)} WHERE name = ?`, [name]);
    if (!row) throw notFound(meta.name, name);
    const parent = this.store.load(this.site.meta.require(String(row.parenttype)), String(row.parent));
    if (!parent) throw notFound(String(row.parenttype), String(row.parent));
    const rows = (parent[String(row.parentfield)] as Doc[]).map((r) => (r.name === name ? { ...r, ...body, name } : r));
    const saved = await this.update(
      ctx,
      String(row.parenttype),
      String(row.parent),
      { [String(row.parentfield)]: rows },
      opts,
    );
    return ((saved[String(row.parentfield)] as Doc[]) ?? []).find((r) => r.name === name) ?? saved;
  }

  /** `DELETE /api/resource/<dt>/<name>`. */
  async delete(ctx: RequestContext, doctype: string, name: string, opts: WriteOptions = {}): Promise<void> {
    const meta = this.site.meta.require(doctype);
    const doc = this.load(meta, name);
    if (!doc) throw notFound(doctype, name);
    if (!opts.ignorePermissions) this.check(meta, 'delete', ctx, doc, name);
    if (Number(doc.docstatus) === 1)
      throw frappeThrow(
        `Submitted Record cannot be deleted. You must <strong>Cancel</strong> it first.`,
        'ValidationError',
      );
    const linked = this.links.findLinks(meta.name, name, false);
    if (linked) throw linkExists(meta.name, name, linked);
    await this.emit('on_trash', meta, doc, ctx, null);
    this.store.remove(meta, name);
    await this.emit('after_delete', meta, doc, ctx, null);
    this.observers.written('delete', meta, doc, ctx, null);
  }

  /** Renames a document and every Link pointing at it (`frappe.client.rename_doc`). */
  rename(ctx: RequestContext, doctype: string, oldName: string, newName: string): string {
    const meta = this.site.meta.require(doctype);
    const doc = this.load(meta, oldName);
    if (!doc) throw notFound(doctype, oldName);
    this.check(meta, 'write', ctx, doc, oldName);
    if (meta.doc.allow_rename === 0) throw frappeThrow(`${doctype} not allowed to be renamed`);
    if (this.exists(doctype, newName))
      throw frappeThrow(`Another ${doctype} with name ${newName} exists, select another name`, 'DuplicateEntryError');
    this.db.run(`UPDATE ${q(meta.table)} SET name = ? WHERE name = ?`, [newName, oldName]);
    for (const tf of meta.tableFields)
      this.db.run(
        `UPDATE ${q(this.site.meta.require(tf.options ?? '').table)} SET parent = ? WHERE parent = ? AND parenttype = ?`,
        [newName, oldName, doctype],
      );
    this.links.relink(doctype, oldName, newName);
    return newName;
  }
}
