/** Links between documents: what blocks a cancel or a delete, and renaming a document with every Link to it. */
import type { SqlValue } from 'sql.js';
import { frappeThrow } from '../errors.ts';
import { q, type Meta } from '../meta/registry.ts';
import type { Doc, SiteServices } from './types.ts';

/** Doctypes whose links never block a cancel or a delete (logs, meta, timelines). */
const IGNORED = new Set([
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

export function linkExists(doctype: string, name: string, found: { doctype: string; name: string }): Error {
  return frappeThrow(
    `Cannot delete or cancel because ${doctype} <a href="/app/${encodeURIComponent(doctype)}/${name}">${name}</a> is linked with ${found.doctype} <a href="/app/${encodeURIComponent(found.doctype)}/${found.name}">${found.name}</a>`,
    'LinkExistsError',
  );
}

export class DocLinks {
  constructor(private readonly site: SiteServices) {}

  private get db() {
    return this.site.db;
  }

  /** The first document linking to (doctype, name), through Link or Dynamic Link fields (children resolve to parents). */
  findLinks(doctype: string, name: string, submittedOnly: boolean): { doctype: string; name: string } | null {
    for (const row of this.db.all('SELECT name FROM "tabDocType"')) {
      const dt = String(row.name);
      if (IGNORED.has(dt)) continue;
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

  /** Submitted documents that link here block cancelling (docs/host-contract.md: a submitted Payment Request). */
  checkLinkedOnCancel(meta: Meta, doc: Doc): void {
    const found = this.findLinks(meta.name, String(doc.name), true);
    if (found) throw linkExists(meta.name, String(doc.name), found);
  }

  /** Points every Link field at (doctype, oldName) to newName. */
  relink(doctype: string, oldName: string, newName: string): void {
    for (const row of this.db.all('SELECT name FROM "tabDocType"')) {
      const m = this.site.meta.get(String(row.name));
      if (!m || m.issingle) continue;
      for (const f of m.valueFields) {
        if (f.fieldtype === 'Link' && f.options === doctype)
          this.db.run(`UPDATE ${q(m.table)} SET ${q(f.fieldname)} = ? WHERE ${q(f.fieldname)} = ?`, [newName, oldName]);
      }
    }
  }
}
