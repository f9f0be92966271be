/**
 * Preparing a document for a write, in Frappe's order: request bodies absorbed field by field (unknown keys dropped,
 * values cast), defaults, `fetch_from`, mandatory/select/value validation, link checks, child row stamps, and what
 * may change after submit.
 */
import type { DocField } from '../../domain/meta/doctype.schema.ts';
import { siteNow, siteTime, siteToday } from '../clock.ts';
import { FrappeError, frappeThrow } from '../errors.ts';
import { emptyValue, fromStorage, toStorage } from '../meta/columns.ts';
import { q, type Meta } from '../meta/registry.ts';
import { hashName } from './naming.ts';
import type { Doc, RequestContext, SiteServices, WriteOptions } from './types.ts';
import { linkError, missingMandatory, validateLinks, validateSelects, validateValues } from './validate.ts';

const STANDARD = new Set(['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'doctype']);

export class DocPreparer {
  constructor(private readonly site: SiteServices) {}

  private get db() {
    return this.site.db;
  }
  private zone(): string {
    return this.site.systemZone();
  }

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
  typedDefault(f: DocField, ctx: RequestContext): unknown {
    const d = this.defaultFor(f, ctx);
    return d === undefined
      ? fromStorage(f.fieldtype, emptyValue(f.fieldtype))
      : fromStorage(f.fieldtype, toStorage(f.fieldtype, d, f.label ?? f.fieldname));
  }

  /** Copies only known fields from a request body (Frappe drops the rest) and casts them. */
  absorb(meta: Meta, target: Doc, body: Doc, isNew: boolean, ctx: RequestContext): void {
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
  validateDoc(meta: Meta, doc: Doc, opts: WriteOptions): void {
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

  checkLinks(meta: Meta, doc: Doc, opts: WriteOptions): void {
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

  runFetches(meta: Meta, doc: Doc): void {
    this.fetchFrom(meta, doc);
    for (const tf of meta.tableFields) {
      const child = this.site.meta.require(tf.options ?? '');
      for (const row of (doc[tf.fieldname] as Doc[] | undefined) ?? []) this.fetchFrom(child, row);
    }
  }

  stampChildren(meta: Meta, doc: Doc): void {
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

  /**
   * Frappe answers an insert with the document as it holds it in memory, so a Time reads back exactly as sent
   * ("09:05:00"); a later read formats it from the database ("9:05:00").
   */
  echoTimes(meta: Meta, body: Doc, saved: Doc): Doc {
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

  checkUpdateAfterSubmit(meta: Meta, old: Doc, doc: Doc): void {
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
}
