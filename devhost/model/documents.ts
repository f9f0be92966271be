/**
 * The document lifecycle of Frappe 15 (docs/host-contract.md): insert, save, submit, cancel, delete, with child
 * tables, naming, defaults, validation in Frappe's order, permission checks, timestamp conflicts and the hooks
 * (controllers, server scripts, webhooks, versions) a real site runs.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import type { DocField } from '../../domain/meta/doctype.schema.ts';
import { ADMIN, type Permissions, type PermType } from '../auth/permissions.ts';
import { namingClock, siteNow, siteTime, siteToday } from '../clock.ts';
import { FrappeError, frappeThrow, notFound, notPermitted } from '../errors.ts';
import { emptyValue, fromStorage, toStorage } from '../meta/columns.ts';
import { CHILD_COLUMNS, q, type Meta } from '../meta/registry.ts';
import { hashName, makeName } from './naming.ts';
import type { Doc, DocEvent, RequestContext, SiteServices, WriteKind } from './types.ts';
import { linkError, missingMandatory, validateLinks, validateSelects, validateValues } from './validate.ts';

export interface Observers {
  /** Controllers and server scripts for one event. */
  run(event: DocEvent | 'autoname', meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): Promise<void>;
  /** After a successful write: webhooks and versions. */
  written(event: WriteKind, meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): void;
}

export interface WriteOptions {
  ignorePermissions?: boolean;
  ignoreMandatory?: boolean;
  ignoreLinks?: boolean;
}

const STANDARD = new Set(['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'doctype']);
const DOCSTATUS_EVENTS: Record<string, DocEvent> = {
  '0>1': 'before_submit',
  '1>2': 'before_cancel',
  '1>1': 'before_update_after_submit',
};

export class DocService {
  observers: Observers = { run: async () => undefined, written: () => undefined };
  private readonly key: Buffer;

  constructor(
    private readonly site: SiteServices,
    private readonly perms: Permissions,
    encryptionKey: Buffer,
  ) {
    this.key = encryptionKey;
  }

  private get db() {
    return this.site.db;
  }
  private zone(): string {
    return this.site.systemZone();
  }

  // ---------- reading ----------

  exists(doctype: string, name: string): boolean {
    const meta = this.site.meta.get(doctype);
    if (!meta) return false;
    if (meta.issingle) return true;
    return this.db.get(`SELECT 1 AS x FROM ${q(meta.table)} WHERE name = ?`, [name]) !== undefined;
  }

  /** Loads a document with its children, values as Frappe's JSON shows them (nulls kept). */
  load(meta: Meta, name: string): Doc | null {
    let doc: Doc;
    if (meta.issingle) {
      doc = { name: meta.name, owner: ADMIN, modified_by: ADMIN, docstatus: 0, idx: 0 };
      const stored = new Map(
        this.db
          .all('SELECT field, value FROM "tabSingles" WHERE doctype = ?', [meta.name])
          .map((r) => [String(r.field), r.value]),
      );
      doc.modified = stored.get('modified') ?? null;
      doc.creation = stored.get('creation') ?? null;
      for (const f of meta.valueFields) {
        const raw = stored.get(f.fieldname);
        doc[f.fieldname] =
          raw === undefined
            ? f.default !== undefined && !['Today', 'Now', '__user'].includes(f.default)
              ? fromStorage(f.fieldtype, toStorage(f.fieldtype, f.default, f.fieldname))
              : fromStorage(f.fieldtype, emptyValue(f.fieldtype))
            : fromStorage(f.fieldtype, this.singleValue(f.fieldtype, raw));
      }
    } else {
      const row = this.db.get(`SELECT * FROM ${q(meta.table)} WHERE name = ?`, [name]);
      if (!row) return null;
      doc = this.fromRow(meta, row);
    }
    doc.doctype = meta.name;
    for (const tf of meta.tableFields) {
      const child = this.site.meta.require(tf.options ?? '');
      const rows = this.db.all(
        `SELECT * FROM ${q(child.table)} WHERE parent = ? AND parentfield = ? AND parenttype = ? ORDER BY idx`,
        [String(doc.name), tf.fieldname, meta.name],
      );
      doc[tf.fieldname] = rows.map((r) => ({ ...this.fromRow(child, r), doctype: child.name }));
    }
    return doc;
  }

  private singleValue(fieldtype: string, raw: SqlValue): SqlValue {
    if (raw === null) return null;
    if (['Int', 'Check'].includes(fieldtype)) return Number(raw);
    if (['Float', 'Currency', 'Percent', 'Duration', 'Rating'].includes(fieldtype)) return Number(raw);
    return raw;
  }

  fromRow(meta: Meta, row: Record<string, SqlValue>): Doc {
    const doc: Doc = {};
    for (const [k, v] of Object.entries(row)) {
      const f = meta.fieldMap.get(k);
      doc[k] = f ? fromStorage(f.fieldtype, v) : k === 'creation' || k === 'modified' ? fromStorage('Datetime', v) : v;
    }
    return doc;
  }

  /** `GET /api/resource/<dt>/<name>`: read permission, user permissions, 404. */
  get(ctx: RequestContext, doctype: string, name: string, opts: WriteOptions = {}): Doc {
    const meta = this.site.meta.require(doctype);
    if (meta.istable && !opts.ignorePermissions) throw notPermitted(`No permission for ${doctype}`);
    const doc = this.load(meta, meta.issingle ? meta.name : name);
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
      doc[f.fieldname] = before ? (before[f.fieldname] ?? null) : this.typedDefault(f, ctx);
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

  // ---------- passwords (docs/host-contract.md: masked with stars in responses; encrypted at rest) ----------

  private encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  decrypt(stored: string): string {
    const raw = Buffer.from(stored, 'base64');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  /** The clear value of a Password field (server side only: host scripts, webhooks, login keys). */
  getPassword(doctype: string, name: string, fieldname: string): string | null {
    const row = this.db.get(
      'SELECT password FROM "__Auth" WHERE doctype = ? AND name = ? AND fieldname = ? AND encrypted = 1',
      [doctype, name, fieldname],
    );
    return row ? this.decrypt(String(row.password)) : null;
  }

  private savePasswords(meta: Meta, doc: Doc): void {
    for (const f of meta.valueFields.filter((x) => x.fieldtype === 'Password')) {
      const v = doc[f.fieldname];
      if (typeof v !== 'string' || v === '' || /^\*+$/.test(v)) continue;
      this.db.run(
        'INSERT OR REPLACE INTO "__Auth" (doctype, name, fieldname, password, encrypted) VALUES (?, ?, ?, ?, 1)',
        [meta.name, String(doc.name), f.fieldname, this.encrypt(v)],
      );
      doc[f.fieldname] = '*'.repeat(v.length);
    }
  }

  // ---------- writing ----------

  private defaultFor(f: DocField, ctx: RequestContext): unknown {
    const d = f.default;
    if (d !== undefined && d !== '') {
      if (d === 'Today') return siteToday(ctx.now, this.zone());
      if (d === 'Now') return siteNow(ctx.now, this.zone());
      if (d === '__user') return ctx.user;
      return d;
    }
    if (f.fieldtype === 'Select' && f.options) return f.options.split('\n')[0];
    if (f.fieldtype === 'Time') return siteTime(ctx.now, this.zone());
    return undefined;
  }

  /** A field's default cast to its type (a Check default "0" is the number 0), or the column's empty value. */
  private typedDefault(f: DocField, ctx: RequestContext): unknown {
    const d = this.defaultFor(f, ctx);
    return d === undefined
      ? fromStorage(f.fieldtype, emptyValue(f.fieldtype))
      : fromStorage(f.fieldtype, toStorage(f.fieldtype, d, f.label ?? f.fieldname));
  }

  /** Copies only known fields from a request body (Frappe drops the rest) and casts them. */
  private absorb(meta: Meta, target: Doc, body: Doc, isNew: boolean, ctx: RequestContext): void {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'flags' || k === 'doctype' || k.startsWith('__')) continue;
      const f = meta.fieldMap.get(k);
      if (f && (f.fieldtype === 'Table' || f.fieldtype === 'Table MultiSelect')) {
        if (v === null || v === undefined) continue;
        if (!Array.isArray(v)) throw frappeThrow(`${f.label ?? k}: expected a list of rows`, 'FrappeTypeError');
        const child = this.site.meta.require(f.options ?? '');
        const oldRows = new Map(((target[k] as Doc[] | undefined) ?? []).map((r) => [String(r.name), r]));
        target[k] = v.map((rowBody: unknown, i: number) => {
          if (typeof rowBody !== 'object' || rowBody === null || Array.isArray(rowBody))
            throw frappeThrow(`${f.label ?? k}: row ${i + 1} must be an object`, 'FrappeTypeError');
          const rb = rowBody as Doc;
          const existing = typeof rb.name === 'string' ? oldRows.get(rb.name) : undefined;
          const row: Doc = { doctype: child.name };
          if (existing) row.name = existing.name;
          for (const cf of child.valueFields) row[cf.fieldname] = null;
          this.absorb(child, row, rb, !existing, ctx);
          if (!existing)
            for (const cf of child.valueFields)
              if (row[cf.fieldname] === null || row[cf.fieldname] === undefined)
                row[cf.fieldname] = this.typedDefault(cf, ctx);
          row.idx = i + 1;
          return row;
        });
        continue;
      }
      if (f) {
        if (f.fieldtype === 'Password' && typeof v === 'string') target[k] = v;
        else target[k] = fromStorage(f.fieldtype, toStorage(f.fieldtype, v, f.label ?? k));
      } else if (k === 'docstatus') target.docstatus = Number(v);
      else if (k === 'name' || k === 'modified' || k === 'owner') {
        if (v !== null && typeof v !== 'string' && typeof v !== 'number')
          throw frappeThrow(`${k}: se esperaba un texto / expected a text`, 'FrappeTypeError');
        target[k] = v;
      }
      void isNew;
    }
  }

  /** Validation in Frappe's order after the controllers' validate: mandatory, selects, values, links on rows. */
  private validateDoc(meta: Meta, doc: Doc, opts: WriteOptions): void {
    const messages = [];
    const missing: string[] = [];
    if (!opts.ignoreMandatory) {
      const m = missingMandatory(meta, doc, null);
      messages.push(...m.messages);
      missing.push(...m.fields);
    }
    validateSelects(meta, doc, false);
    validateValues(meta, doc, false);
    for (const tf of meta.tableFields) {
      const child = this.site.meta.require(tf.options ?? '');
      for (const row of (doc[tf.fieldname] as Doc[] | undefined) ?? []) {
        if (!opts.ignoreMandatory) {
          const m = missingMandatory(child, row, meta.name);
          messages.push(...m.messages);
          missing.push(...m.fields);
        }
        validateSelects(child, row, true);
        validateValues(child, row, true);
      }
    }
    if (missing.length) {
      throw new FrappeError(
        'MandatoryError',
        `[${meta.name}, ${String(doc.name ?? '')}]: ${missing.join(', ')}`,
        messages.map((m) => ({ ...m, raise_exception: 1 })),
      );
    }
  }

  private checkLinks(meta: Meta, doc: Doc, opts: WriteOptions): void {
    if (opts.ignoreLinks) return;
    const problems = validateLinks(this.db, this.site.meta, meta, doc, false);
    for (const tf of meta.tableFields) {
      const child = this.site.meta.require(tf.options ?? '');
      for (const row of (doc[tf.fieldname] as Doc[] | undefined) ?? [])
        problems.push(...validateLinks(this.db, this.site.meta, child, row, true));
    }
    if (problems.length) throw linkError(problems);
  }

  private fetchFrom(meta: Meta, doc: Doc): void {
    for (const f of meta.valueFields) {
      if (!f.fetch_from) continue;
      const [link, source] = f.fetch_from.split('.');
      const lf = link ? meta.fieldMap.get(link) : undefined;
      const value = link ? doc[link] : undefined;
      if (!lf || !source || !value || lf.fieldtype !== 'Link') continue;
      if (f.fetch_if_empty && doc[f.fieldname]) continue;
      const target = this.site.meta.get(lf.options ?? '');
      if (!target || !target.fieldMap.has(source)) continue;
      const row = this.db.get(`SELECT ${q(source)} AS v FROM ${q(target.table)} WHERE name = ?`, [String(value)]);
      const tf = target.fieldMap.get(source);
      if (row && tf) doc[f.fieldname] = fromStorage(tf.fieldtype, row.v ?? null);
    }
  }

  private runFetches(meta: Meta, doc: Doc): void {
    this.fetchFrom(meta, doc);
    for (const tf of meta.tableFields) {
      const child = this.site.meta.require(tf.options ?? '');
      for (const row of (doc[tf.fieldname] as Doc[] | undefined) ?? []) this.fetchFrom(child, row);
    }
  }

  private stampChildren(meta: Meta, doc: Doc): void {
    for (const tf of meta.tableFields) {
      ((doc[tf.fieldname] as Doc[] | undefined) ?? []).forEach((row, i) => {
        row.name ??= hashName();
        row.idx = i + 1;
        row.parent = doc.name;
        row.parentfield = tf.fieldname;
        row.parenttype = meta.name;
        row.docstatus = doc.docstatus;
        row.owner = doc.owner;
        row.creation ??= doc.modified;
        row.modified = doc.modified;
        row.modified_by = doc.modified_by;
        row.doctype = tf.options;
      });
    }
  }

  private storageRow(meta: Meta, doc: Doc): Record<string, SqlValue> {
    const out: Record<string, SqlValue> = {};
    for (const k of ['name', 'owner', 'modified_by', 'creation', 'modified']) out[k] = (doc[k] as SqlValue) ?? null;
    if (typeof out.creation === 'string') out.creation = toStorage('Datetime', out.creation, 'creation');
    if (typeof out.modified === 'string') out.modified = toStorage('Datetime', out.modified, 'modified');
    out.docstatus = Number(doc.docstatus ?? 0);
    out.idx = Number(doc.idx ?? 0);
    if (meta.istable) for (const c of CHILD_COLUMNS) out[c] = (doc[c] as SqlValue) ?? null;
    for (const f of meta.valueFields) {
      let v = toStorage(f.fieldtype, doc[f.fieldname], f.label ?? f.fieldname);
      if (f.unique && typeof v === 'string' && v.trim() === '') v = null; // Frappe stores empty unique values as NULL
      out[f.fieldname] = v;
    }
    return out;
  }

  private writeRow(meta: Meta, doc: Doc, isNew: boolean): void {
    const row = this.storageRow(meta, doc);
    const cols = Object.keys(row);
    try {
      if (isNew)
        this.db.run(
          `INSERT INTO ${q(meta.table)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
          Object.values(row).map((v) => v ?? null),
        );
      else
        this.db.run(
          `UPDATE ${q(meta.table)} SET ${cols
            .filter((c) => c !== 'name')
            .map((c) => `${q(c)} = ?`)
            .join(', ')} WHERE name = ?`,
          [...cols.filter((c) => c !== 'name').map((c) => row[c] ?? null), String(doc.name)],
        );
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/UNIQUE constraint failed: .*\.name$/.test(msg) || /PRIMARY KEY/.test(msg)) {
        const m = `${meta.name} <strong>${String(doc.name)}</strong> already exists`;
        throw new FrappeError(
          'DuplicateEntryError',
          `('${meta.name}', '${String(doc.name)}', IntegrityError(1062, "Duplicate entry '${String(doc.name)}' for key 'PRIMARY'"))`,
          [{ message: m, title: 'Duplicate Name', indicator: 'red', raise_exception: 1 }],
        );
      }
      const unique = /UNIQUE constraint failed: [^.]+\.(\w+)/.exec(msg);
      if (unique) {
        const f = meta.fieldMap.get(unique[1] ?? '');
        const label = f?.label ?? unique[1] ?? '';
        throw new FrappeError(
          'UniqueValidationError',
          `('${meta.name}', '${String(doc.name)}', IntegrityError(1062, "Duplicate entry for key '${unique[1] ?? ''}'"))`,
          [{ message: `${label} must be unique`, title: 'Message', indicator: 'red' }],
        );
      }
      throw e;
    }
  }

  private writeSingle(meta: Meta, doc: Doc): void {
    const row = this.storageRow(meta, doc);
    for (const [field, value] of Object.entries(row)) {
      if (['name', 'owner', 'docstatus', 'idx'].includes(field)) continue;
      this.db.run('INSERT OR REPLACE INTO "tabSingles" (doctype, field, value) VALUES (?, ?, ?)', [
        meta.name,
        field,
        value === null ? null : String(value),
      ]);
    }
  }

  private writeChildren(meta: Meta, doc: Doc, old: Doc | null): void {
    for (const tf of meta.tableFields) {
      const child = this.site.meta.require(tf.options ?? '');
      const rows = (doc[tf.fieldname] as Doc[] | undefined) ?? [];
      const keep = new Set(rows.map((r) => String(r.name)));
      const oldNames = new Set(((old?.[tf.fieldname] as Doc[] | undefined) ?? []).map((r) => String(r.name)));
      for (const name of oldNames)
        if (!keep.has(name)) this.db.run(`DELETE FROM ${q(child.table)} WHERE name = ?`, [name]);
      for (const r of rows) this.writeRow(child, r, !oldNames.has(String(r.name)));
    }
  }

  private async emit(event: DocEvent, meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): Promise<void> {
    await this.observers.run(event, meta, doc, ctx, old);
  }

  /** `POST /api/resource/<dt>`. */
  async insert(ctx: RequestContext, doctype: string, body: Doc, opts: WriteOptions = {}): Promise<Doc> {
    const meta = this.site.meta.require(doctype);
    if (meta.istable) throw notPermitted(`No permission for ${doctype}`);
    if (meta.issingle) return this.update(ctx, doctype, doctype, body, opts);
    const doc: Doc = { doctype: meta.name };
    for (const f of meta.valueFields) doc[f.fieldname] = null;
    for (const tf of meta.tableFields) doc[tf.fieldname] = [];
    this.absorb(meta, doc, body, true, ctx);
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
      if (doc[f.fieldname] === null || doc[f.fieldname] === undefined) doc[f.fieldname] = this.typedDefault(f, ctx);
    }
    const now = siteNow(ctx.now, this.zone());
    Object.assign(doc, { owner: ctx.user, modified_by: ctx.user, creation: now, modified: now, docstatus: 0, idx: 0 });
    this.checkLinks(meta, doc, opts);
    if (!opts.ignorePermissions) this.check(meta, 'create', ctx, doc);
    if (targetStatus === 1 && !opts.ignorePermissions) this.check(meta, 'submit', ctx, doc);
    await this.emit('before_insert', meta, doc, ctx, null);
    await this.observers.run('autoname', meta, doc, ctx, null);
    if (typeof doc.name !== 'string' || !doc.name) {
      const rule = meta.doc.autoname ?? '';
      const allowGiven = rule === 'prompt' || rule === 'Prompt';
      doc.name = makeName(this.db, meta, doc, namingClock(ctx.now, this.zone()), allowGiven ? given : undefined);
    }
    if (this.exists(meta.name, String(doc.name))) {
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
    this.runFetches(meta, doc);
    this.validateDoc(meta, doc, opts);
    this.checkLinks(meta, doc, opts);
    this.stampChildren(meta, doc);
    this.savePasswords(meta, doc);
    for (const tf of meta.tableFields)
      for (const r of (doc[tf.fieldname] as Doc[]) ?? [])
        this.savePasswords(this.site.meta.require(tf.options ?? ''), r);
    this.writeRow(meta, doc, true);
    this.writeChildren(meta, doc, null);
    await this.emit('after_insert', meta, doc, ctx, null);
    await this.emit('on_update', meta, doc, ctx, null);
    if (targetStatus === 1) await this.emit('on_submit', meta, doc, ctx, null);
    this.observers.written(targetStatus === 1 ? 'submit' : 'insert', meta, doc, ctx, null);
    return this.echoTimes(meta, body, this.load(meta, String(doc.name)) ?? doc);
  }

  /**
   * Frappe answers an insert with the document as it holds it in memory, so a Time reads back exactly as sent
   * ("09:05:00"); a later read formats it from the database ("9:05:00").
   */
  private echoTimes(meta: Meta, body: Doc, saved: Doc): Doc {
    for (const f of meta.valueFields)
      if (f.fieldtype === 'Time' && typeof body[f.fieldname] === 'string' && body[f.fieldname] !== '')
        saved[f.fieldname] = body[f.fieldname];
    for (const tf of meta.tableFields) {
      const sent = body[tf.fieldname];
      const rows = saved[tf.fieldname];
      if (!Array.isArray(sent) || !Array.isArray(rows)) continue;
      const child = this.site.meta.require(tf.options ?? '');
      rows.forEach((row: Doc, i) => {
        const given: unknown = sent[i];
        if (given && typeof given === 'object') this.echoTimes(child, given as Doc, row);
      });
    }
    return saved;
  }

  /** `PUT /api/resource/<dt>/<name>`: merge, docstatus transition, timestamp check, save. */
  async update(ctx: RequestContext, doctype: string, name: string, body: Doc, opts: WriteOptions = {}): Promise<Doc> {
    const meta = this.site.meta.require(doctype);
    if (meta.istable) return this.updateChild(ctx, meta, name, body, opts);
    const old = this.load(meta, meta.issingle ? meta.name : name);
    if (!old) throw notFound(doctype, name);
    if (!opts.ignorePermissions) this.check(meta, 'write', ctx, old, name);
    if (
      body.modified !== undefined &&
      body.modified !== null &&
      !meta.issingle &&
      String(body.modified) !== String(old.modified)
    ) {
      throw frappeThrow(
        `Error: Document has been modified after you have opened it (${String(body.modified)}, ${String(old.modified)}). Please refresh to get the latest document.`,
        'TimestampMismatchError',
        'Message',
      );
    }
    const from = Number(old.docstatus ?? 0);
    const to = body.docstatus === undefined ? from : Number(body.docstatus);
    const transition = `${from}>${to}`;
    if (!['0>0', '0>1', '1>1', '1>2'].includes(transition) || (to > 0 && !meta.submittable)) {
      const msg = from === 2 ? 'Cannot edit cancelled document' : `Cannot change docstatus from ${from} to ${to}`;
      throw frappeThrow(msg, 'DocstatusTransitionError');
    }
    if (to === 1 && from === 0 && !opts.ignorePermissions) this.check(meta, 'submit', ctx, old, name);
    if (to === 2 && !opts.ignorePermissions) this.check(meta, 'cancel', ctx, old, name);
    const doc: Doc = structuredClone(old);
    if (transition === '1>2') {
      // Cancelling only changes docstatus; other fields in the body are ignored, as `cancel()` does.
      doc.docstatus = 2;
    } else {
      this.absorb(meta, doc, body, false, ctx);
      this.resetUnwritable(meta, ctx, doc, old, opts);
      doc.docstatus = to;
      if (transition === '1>1') this.checkUpdateAfterSubmit(meta, old, doc);
    }
    doc.name = old.name;
    // Frappe checks the document as it will be saved: a changed link must still pass the User Permissions, and a
    // File repointed to another document must be writable there.
    if (!opts.ignorePermissions) this.check(meta, 'write', ctx, doc, name);
    doc.modified = siteNow(ctx.now, this.zone());
    doc.modified_by = ctx.user;
    const before = DOCSTATUS_EVENTS[transition];
    if (transition === '0>0' || transition === '0>1') {
      this.checkLinks(meta, doc, opts);
      await this.emit('before_validate', meta, doc, ctx, old);
      await this.emit('validate', meta, doc, ctx, old);
      await this.emit('before_save', meta, doc, ctx, old);
    }
    if (before) await this.emit(before, meta, doc, ctx, old);
    if (transition !== '1>2') {
      this.runFetches(meta, doc);
      this.validateDoc(meta, doc, opts);
      this.checkLinks(meta, doc, opts);
    }
    this.stampChildren(meta, doc);
    this.savePasswords(meta, doc);
    if (meta.issingle) this.writeSingle(meta, doc);
    else this.writeRow(meta, doc, false);
    this.writeChildren(meta, doc, old);
    if (transition === '0>0' || transition === '0>1') await this.emit('on_update', meta, doc, ctx, old);
    if (transition === '0>1') await this.emit('on_submit', meta, doc, ctx, old);
    if (transition === '1>2') {
      await this.emit('on_cancel', meta, doc, ctx, old);
      // After on_cancel, as Frappe's check_no_back_links_exist: controllers may unlink first (payments).
      this.checkLinkedOnCancel(meta, doc);
    }
    if (transition === '1>1') await this.emit('on_update_after_submit', meta, doc, ctx, old);
    await this.emit('on_change', meta, doc, ctx, old);
    this.observers.written(
      transition === '0>1'
        ? 'submit'
        : transition === '1>2'
          ? 'cancel'
          : transition === '1>1'
            ? 'update_after_submit'
            : 'update',
      meta,
      doc,
      ctx,
      old,
    );
    return this.load(meta, String(doc.name)) ?? doc;
  }

  private checkUpdateAfterSubmit(meta: Meta, old: Doc, doc: Doc): void {
    for (const f of meta.valueFields) {
      if (f.allow_on_submit || STANDARD.has(f.fieldname)) continue;
      if (JSON.stringify(old[f.fieldname] ?? null) !== JSON.stringify(doc[f.fieldname] ?? null)) {
        throw frappeThrow(
          `Not allowed to change ${f.label ?? f.fieldname} after submission from ${JSON.stringify(old[f.fieldname] ?? null)} to ${JSON.stringify(doc[f.fieldname] ?? null)}`,
          'UpdateAfterSubmitError',
        );
      }
    }
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
    const parent = this.load(this.site.meta.require(String(row.parenttype)), String(row.parent));
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

  /** Submitted documents that link here block cancelling (docs/host-contract.md: a submitted Payment Request). */
  private checkLinkedOnCancel(meta: Meta, doc: Doc): void {
    const found = this.findLinks(meta.name, String(doc.name), true);
    if (found)
      throw frappeThrow(
        `Cannot delete or cancel because ${meta.name} <a href="/app/${encodeURIComponent(meta.name)}/${String(doc.name)}">${String(doc.name)}</a> is linked with ${found.doctype} <a href="/app/${encodeURIComponent(found.doctype)}/${found.name}">${found.name}</a>`,
        'LinkExistsError',
      );
  }

  /** The first document linking to (doctype, name), through Link or Dynamic Link fields (children resolve to parents). */
  findLinks(doctype: string, name: string, submittedOnly: boolean): { doctype: string; name: string } | null {
    const ignore = new Set([
      'Version',
      'Comment',
      'Communication',
      'ToDo',
      'Webhook Request Log',
      'File',
      'User Permission',
      'Custom DocPerm',
      'DocType',
      'Custom Field',
      'Property Setter',
      'Translation',
      'Credential Access Log',
      'Support Case Event',
    ]);
    for (const row of this.db.all('SELECT name FROM "tabDocType"')) {
      const dt = String(row.name);
      if (ignore.has(dt)) continue;
      const m = this.site.meta.get(dt);
      if (!m || m.issingle) continue;
      for (const f of m.valueFields) {
        let where: string;
        let params: SqlValue[];
        if (f.fieldtype === 'Link' && f.options === doctype) {
          where = `${q(f.fieldname)} = ?`;
          params = [name];
        } else if (f.fieldtype === 'Dynamic Link' && m.fieldMap.has(f.options ?? '')) {
          where = `${q(f.fieldname)} = ? AND ${q(f.options ?? '')} = ?`;
          params = [name, doctype];
        } else continue;
        if (dt === doctype) {
          where += ' AND name != ?';
          params.push(name);
        }
        const hit = this.db.get(
          `SELECT name, docstatus${m.istable ? ', parent, parenttype' : ''} FROM ${q(m.table)} WHERE ${where} LIMIT 1`,
          params,
        );
        if (!hit) continue;
        const target = m.istable
          ? { doctype: String(hit.parenttype), name: String(hit.parent) }
          : { doctype: dt, name: String(hit.name) };
        if (submittedOnly) {
          const tm = this.site.meta.get(target.doctype);
          const status =
            tm && !tm.issingle
              ? Number(
                  this.db.get(`SELECT docstatus FROM ${q(tm.table)} WHERE name = ?`, [target.name])?.docstatus ?? 0,
                )
              : 0;
          if (status !== 1) continue;
        }
        return target;
      }
    }
    return null;
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
    const linked = this.findLinks(meta.name, name, false);
    if (linked) {
      throw frappeThrow(
        `Cannot delete or cancel because ${meta.name} <a href="/app/${encodeURIComponent(meta.name)}/${name}">${name}</a> is linked with ${linked.doctype} <a href="/app/${encodeURIComponent(linked.doctype)}/${linked.name}">${linked.name}</a>`,
        'LinkExistsError',
      );
    }
    await this.emit('on_trash', meta, doc, ctx, null);
    for (const tf of meta.tableFields)
      this.db.run(
        `DELETE FROM ${q(this.site.meta.require(tf.options ?? '').table)} WHERE parent = ? AND parenttype = ?`,
        [name, meta.name],
      );
    this.db.run(`DELETE FROM ${q(meta.table)} WHERE name = ?`, [name]);
    this.db.run('DELETE FROM "__Auth" WHERE doctype = ? AND name = ?', [meta.name, name]);
    await this.emit('after_delete', meta, doc, ctx, null);
    this.observers.written('delete', meta, doc, ctx, null);
  }

  /** Direct column update without hooks (`frappe.db.set_value`, controllers' `db_set`). */
  setColumns(
    doctype: string,
    name: string,
    values: Record<string, unknown>,
    ctx: RequestContext,
    updateModified = true,
  ): void {
    const meta = this.site.meta.require(doctype);
    const sets: string[] = [];
    const params: SqlValue[] = [];
    for (const [k, v] of Object.entries(values)) {
      const f = meta.fieldMap.get(k);
      if (!f) continue;
      sets.push(`${q(k)} = ?`);
      params.push(toStorage(f.fieldtype, v, f.label ?? k));
    }
    if (updateModified) {
      sets.push('modified = ?', 'modified_by = ?');
      params.push(toStorage('Datetime', siteNow(ctx.now, this.zone()), 'modified'), ctx.user);
    }
    if (!sets.length) return;
    if (meta.issingle) {
      for (const [k, v] of Object.entries(values))
        this.db.run('INSERT OR REPLACE INTO "tabSingles" (doctype, field, value) VALUES (?, ?, ?)', [
          meta.name,
          k,
          v === null || v === undefined ? null : String(v),
        ]);
      return;
    }
    this.db.run(`UPDATE ${q(meta.table)} SET ${sets.join(', ')} WHERE name = ?`, [...params, name]);
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
    for (const row of this.db.all('SELECT name FROM "tabDocType"')) {
      const m = this.site.meta.get(String(row.name));
      if (!m || m.issingle) continue;
      for (const f of m.valueFields) {
        if (f.fieldtype === 'Link' && f.options === doctype)
          this.db.run(`UPDATE ${q(m.table)} SET ${q(f.fieldname)} = ? WHERE ${q(f.fieldname)} = ?`, [newName, oldName]);
      }
    }
    return newName;
  }
}
