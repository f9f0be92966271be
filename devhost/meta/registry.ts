/**
 * DocType metadata for the dev host. Core Frappe/ERPNext doctypes come from `devhost/host-doctypes/*.json`; custom
 * doctypes created over the API are read back from `tabDocType`/`tabDocField`/`tabDocPerm`. Custom Fields and
 * Property Setters are merged on top, as Frappe's `get_meta` does. Every doctype gets a `tab<Name>` table with the
 * standard columns (docs/host-contract.md), a column per value field, and indexes from `search_index`/`unique`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocTypeSchema, type DocField, type DocPerm, type DocType } from '../../domain/meta/doctype.schema.ts';
import type { DevDatabase, Row } from '../db/database.ts';
import { frappeThrow } from '../errors.ts';
import { hasColumn, sqlType } from './columns.ts';

export interface Meta {
  readonly name: string;
  readonly doc: DocType;
  readonly istable: boolean;
  readonly issingle: boolean;
  readonly submittable: boolean;
  readonly custom: boolean;
  readonly fields: readonly DocField[];
  readonly fieldMap: ReadonlyMap<string, DocField>;
  /** Fields with a column, in order. */
  readonly valueFields: readonly DocField[];
  readonly tableFields: readonly DocField[];
  readonly permissions: readonly DocPerm[];
  readonly table: string;
}

export const STANDARD_COLUMNS = ['name', 'creation', 'modified', 'modified_by', 'owner', 'docstatus', 'idx'] as const;
export const CHILD_COLUMNS = ['parent', 'parentfield', 'parenttype'] as const;
const OPTIONAL_COLUMNS = ['_user_tags', '_comments', '_assign', '_liked_by', '_seen'] as const;

export function tableName(doctype: string): string {
  return `tab${doctype}`;
}
export function q(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

const CHECK_PROPS = new Set([
  'reqd',
  'unique',
  'hidden',
  'read_only',
  'search_index',
  'in_list_view',
  'in_standard_filter',
  'bold',
  'no_copy',
  'allow_on_submit',
  'print_hide',
  'ignore_user_permissions',
  'length',
  'permlevel',
  'track_changes',
  'istable',
  'issingle',
  'is_submittable',
  'email_append_to',
]);

/** Modules of the optional apps the dev host can play (DevHostOptions.apps). */
const OPTIONAL_APP_MODULES: Record<string, string> = { 'Frappe Whatsapp': 'frappe_whatsapp' };

export class MetaRegistry {
  private readonly core = new Map<string, DocType>();
  private readonly cache = new Map<string, Meta>();
  private readonly synced = new Set<string>();

  /**
   * `apps`: optional apps installed on this site besides Frappe and ERPNext. Their doctypes (e.g. the Frappe WhatsApp
   * app's "WhatsApp Message", module "Frappe Whatsapp") exist only when named — the real Frappe 15.75 site
   * Postventa was tried on had none.
   */
  constructor(
    private readonly db: DevDatabase,
    coreDir: string,
    apps: readonly string[] = [],
  ) {
    for (const file of readdirSync(coreDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const dt = DocTypeSchema.parse(JSON.parse(readFileSync(join(coreDir, file), 'utf8')));
      const app = OPTIONAL_APP_MODULES[dt.module ?? ''];
      if (app && !apps.includes(app)) continue;
      this.core.set(dt.name, dt);
    }
  }

  coreDoctypes(): DocType[] {
    return [...this.core.values()];
  }

  isCore(name: string): boolean {
    return this.core.has(name);
  }

  /** Every doctype the site knows: the core ones and those saved as DocType records. */
  all(): Meta[] {
    const names = new Set([
      ...this.core.keys(),
      ...this.db.all('SELECT name FROM "tabDocType"').map((r) => String(r.name)),
    ]);
    return [...names].map((n) => this.get(n)).filter((m): m is Meta => m !== undefined);
  }

  exists(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): Meta | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    // A standard doctype saved over REST with custom 1 becomes a custom one, defined by its rows (as ERPNext's
    // Support Settings was by Postventa 0.1 on a real site).
    const core = this.core.get(name);
    const base = core && !this.convertedToCustom(name) ? core : this.loadCustom(name);
    if (!base) return undefined;
    const meta = this.build(base);
    this.cache.set(name, meta);
    if (!this.synced.has(name)) {
      this.syncTable(meta);
      this.synced.add(name);
    }
    return meta;
  }

  require(name: string): Meta {
    const meta = this.get(name);
    if (!meta) throw frappeThrow(`DocType ${name} not found`, 'DoesNotExistError');
    return meta;
  }

  /** After a DocType, Custom Field or Property Setter changes. */
  invalidate(name?: string): void {
    if (name === undefined) this.cache.clear();
    else this.cache.delete(name);
  }

  private tableExists(table: string): boolean {
    return this.db.get("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [table]) !== undefined;
  }

  private convertedToCustom(name: string): boolean {
    if (!this.tableExists('tabDocType')) return false;
    return Number(this.db.get('SELECT custom FROM "tabDocType" WHERE name = ?', [name])?.custom ?? 0) === 1;
  }

  /** A custom DocType stored in the database, rebuilt from its rows. */
  private loadCustom(name: string): DocType | undefined {
    if (!this.tableExists('tabDocType')) return undefined;
    const row = this.db.get('SELECT * FROM "tabDocType" WHERE name = ?', [name]);
    if (!row) return undefined;
    const fields = this.db.all('SELECT * FROM "tabDocField" WHERE parent = ? AND parentfield = ? ORDER BY idx', [
      name,
      'fields',
    ]);
    const perms = this.db.all('SELECT * FROM "tabDocPerm" WHERE parent = ? AND parentfield = ? ORDER BY idx', [
      name,
      'permissions',
    ]);
    const clean = (r: Row): Record<string, unknown> =>
      Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== ''));
    return DocTypeSchema.parse({
      ...clean(row),
      doctype: 'DocType',
      fields: fields.map(clean),
      permissions: perms.map(clean),
    });
  }

  private build(base: DocType): Meta {
    let doc: DocType = { ...base, fields: base.fields.map((f) => ({ ...f })) };
    if (this.tableExists('tabCustom Field')) {
      const custom = this.db.all('SELECT * FROM "tabCustom Field" WHERE dt = ? ORDER BY idx, creation', [base.name]);
      for (const cf of custom) {
        const field: DocField = Object.fromEntries(
          Object.entries(cf).filter(
            ([k, v]) =>
              v !== null &&
              v !== '' &&
              ![
                'name',
                'dt',
                'module',
                'insert_after',
                'owner',
                'creation',
                'modified',
                'modified_by',
                'docstatus',
                'idx',
                'is_system_generated',
                'is_virtual',
              ].includes(k) &&
              !k.startsWith('_'),
          ),
        ) as DocField;
        const at = doc.fields.findIndex((f) => f.fieldname === cf.insert_after);
        if (at >= 0) doc.fields.splice(at + 1, 0, field);
        else doc.fields.push(field);
      }
    }
    if (this.tableExists('tabProperty Setter')) {
      for (const ps of this.db.all('SELECT * FROM "tabProperty Setter" WHERE doc_type = ?', [base.name])) {
        const prop = String(ps.property);
        const value = CHECK_PROPS.has(prop) ? Number(ps.value ?? 0) : String(ps.value ?? '');
        if (ps.doctype_or_field === 'DocField') {
          const f = doc.fields.find((x) => x.fieldname === ps.field_name);
          if (f) Object.assign(f, { [prop]: value });
        } else doc = { ...doc, [prop]: value };
      }
    }
    const fields = doc.fields;
    return {
      name: doc.name,
      doc,
      istable: doc.istable === 1,
      issingle: doc.issingle === 1,
      submittable: doc.is_submittable === 1,
      custom: doc.custom === 1,
      fields,
      fieldMap: new Map(fields.map((f) => [f.fieldname, f])),
      valueFields: fields.filter((f) => hasColumn(f.fieldtype)),
      tableFields: fields.filter((f) => f.fieldtype === 'Table' || f.fieldtype === 'Table MultiSelect'),
      permissions: doc.permissions,
      table: tableName(doc.name),
    };
  }

  /** Creates the table or adds missing columns and indexes; never drops data. */
  syncTable(meta: Meta): void {
    if (meta.issingle) {
      this.db.run(
        'CREATE TABLE IF NOT EXISTS "tabSingles" (doctype TEXT NOT NULL, field TEXT NOT NULL, value TEXT, PRIMARY KEY (doctype, field))',
      );
      return;
    }
    const t = meta.table;
    if (!this.tableExists(t)) {
      const cols = [
        'name TEXT PRIMARY KEY NOT NULL',
        'creation TEXT',
        'modified TEXT',
        'modified_by TEXT',
        'owner TEXT',
        'docstatus INTEGER NOT NULL DEFAULT 0',
        'idx INTEGER NOT NULL DEFAULT 0',
        ...(meta.istable ? CHILD_COLUMNS.map((c) => `${c} TEXT`) : []),
        ...OPTIONAL_COLUMNS.map((c) => `${c} TEXT`),
      ];
      const declared = new Set(cols.map((c) => c.split(' ')[0]));
      for (const f of meta.valueFields)
        if (!declared.has(f.fieldname)) cols.push(`${q(f.fieldname)} ${sqlType(f.fieldtype)}`);
      this.db.run(`CREATE TABLE ${q(t)} (${cols.join(', ')})`);
      this.db.run(`CREATE INDEX IF NOT EXISTS ${q(`${t}_modified`)} ON ${q(t)} (modified)`);
      this.db.run(`CREATE INDEX IF NOT EXISTS ${q(`${t}_creation`)} ON ${q(t)} (creation)`);
      if (meta.istable) this.db.run(`CREATE INDEX IF NOT EXISTS ${q(`${t}_parent`)} ON ${q(t)} (parent)`);
    } else {
      const existing = new Set(this.db.all(`PRAGMA table_info(${q(t)})`).map((r) => String(r.name)));
      for (const f of meta.valueFields) {
        if (!existing.has(f.fieldname))
          this.db.run(`ALTER TABLE ${q(t)} ADD COLUMN ${q(f.fieldname)} ${sqlType(f.fieldtype)}`);
      }
    }
    for (const f of meta.valueFields) {
      if (f.unique)
        this.db.run(
          `CREATE UNIQUE INDEX IF NOT EXISTS ${q(`${t}_${f.fieldname}_unique`)} ON ${q(t)} (${q(f.fieldname)})`,
        );
      else if (f.search_index)
        this.db.run(`CREATE INDEX IF NOT EXISTS ${q(`${t}_${f.fieldname}`)} ON ${q(t)} (${q(f.fieldname)})`);
    }
  }

  /** Called when a table-affecting change lands (Custom Field, DocType save): rebuild and re-sync. */
  refresh(name: string): Meta | undefined {
    this.invalidate(name);
    this.synced.delete(name);
    return this.get(name);
  }
}
