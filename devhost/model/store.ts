/**
 * Documents in the database: loading with child rows (values as Frappe's JSON shows them), writing rows, singles and
 * child tables, direct column updates, and Password fields encrypted at rest (masked with stars in what the host
 * answers).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import { ADMIN } from '../auth/permissions.ts';
import { siteNow } from '../clock.ts';
import { FrappeError } from '../errors.ts';
import { emptyValue, fromStorage, toStorage } from '../meta/columns.ts';
import { CHILD_COLUMNS, q, type Meta } from '../meta/registry.ts';
import type { Doc, RequestContext, SiteServices } from './types.ts';

export class DocStore {
  constructor(
    private readonly site: SiteServices,
    private readonly key: Buffer,
  ) {}

  private get db() {
    return this.site.db;
  }
  private zone(): string {
    return this.site.systemZone();
  }

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

  writeRow(meta: Meta, doc: Doc, isNew: boolean): void {
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

  writeSingle(meta: Meta, doc: Doc): void {
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

  writeChildren(meta: Meta, doc: Doc, old: Doc | null): void {
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

  savePasswords(meta: Meta, doc: Doc): void {
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

  /** Removes a document's row, its child rows and its stored passwords. */
  remove(meta: Meta, name: string): void {
    for (const tf of meta.tableFields)
      this.db.run(
        `DELETE FROM ${q(this.site.meta.require(tf.options ?? '').table)} WHERE parent = ? AND parenttype = ?`,
        [name, meta.name],
      );
    this.db.run(`DELETE FROM ${q(meta.table)} WHERE name = ?`, [name]);
    this.db.run('DELETE FROM "__Auth" WHERE doctype = ? AND name = ?', [meta.name, name]);
  }
}
