/**
 * Role permissions (DocPerm rows, replaced by Custom DocPerm rows when a doctype has any, as in Frappe), owner-only
 * rows, and User Permissions that restrict which linked records a user sees (docs/host-contract.md).
 */
import type { SqlValue } from 'sql.js';
import type { DocPerm } from '../../domain/meta/doctype.schema.ts';
import type { DevDatabase } from '../db/database.ts';
import type { Meta, MetaRegistry } from '../meta/registry.ts';
import { q } from '../meta/registry.ts';
import type { Doc, RequestContext } from '../model/types.ts';

export type PermType =
  | 'read'
  | 'write'
  | 'create'
  | 'delete'
  | 'submit'
  | 'cancel'
  | 'amend'
  | 'report'
  | 'export'
  | 'import'
  | 'share'
  | 'print'
  | 'email'
  | 'select';

export const ADMIN = 'Administrator';
export const GUEST = 'Guest';

export class Permissions {
  constructor(
    private readonly db: DevDatabase,
    private readonly meta: MetaRegistry,
  ) {}

  rolesOf(user: string): Set<string> {
    const roles = new Set<string>([GUEST]);
    if (user === GUEST) return roles;
    roles.add('All');
    if (user === ADMIN) roles.add('Administrator').add('System Manager');
    for (const r of this.db.all('SELECT role FROM "tabHas Role" WHERE parent = ? AND parenttype = ?', [user, 'User']))
      roles.add(String(r.role));
    // Frappe 15 gives every System User the automatic "Desk User" role (SYSTEM_USER_ROLE).
    if (
      user === ADMIN ||
      this.db.get('SELECT user_type FROM "tabUser" WHERE name = ?', [user])?.user_type === 'System User'
    )
      roles.add('Desk User');
    return roles;
  }

  private rules(meta: Meta): DocPerm[] {
    const custom = this.db.all('SELECT * FROM "tabCustom DocPerm" WHERE parent = ?', [meta.name]);
    if (custom.length) {
      return custom.map((r) => ({
        role: String(r.role),
        permlevel: Number(r.permlevel ?? 0),
        if_owner: Number(r.if_owner ?? 0) as 0 | 1,
        read: Number(r.read ?? 0) as 0 | 1,
        write: Number(r.write ?? 0) as 0 | 1,
        create: Number(r.create ?? 0) as 0 | 1,
        delete: Number(r.delete ?? 0) as 0 | 1,
        submit: Number(r.submit ?? 0) as 0 | 1,
        cancel: Number(r.cancel ?? 0) as 0 | 1,
        amend: Number(r.amend ?? 0) as 0 | 1,
        report: Number(r.report ?? 0) as 0 | 1,
        export: Number(r.export ?? 0) as 0 | 1,
        import: Number(r.import ?? 0) as 0 | 1,
        share: Number(r.share ?? 0) as 0 | 1,
        print: Number(r.print ?? 0) as 0 | 1,
        email: Number(r.email ?? 0) as 0 | 1,
        select: Number(r.select ?? 0) as 0 | 1,
      }));
    }
    return [...meta.permissions];
  }

  /**
   * Whether the context's user has `ptype` on a doctype (and on `doc` when given, for owner-only rules). Child
   * doctypes take their parent's permissions.
   */
  has(meta: Meta, ptype: PermType, ctx: RequestContext, doc?: Doc): boolean {
    if (ctx.user === ADMIN) return true;
    const rows = this.rules(meta).filter((p) => (p.permlevel ?? 0) === 0 && ctx.roles.has(p.role));
    const granted = (p: DocPerm): boolean => p[ptype] === 1 || (ptype === 'select' && p.read === 1);
    if (rows.some((p) => !p.if_owner && granted(p))) return true;
    const ownerRows = rows.filter((p) => p.if_owner && granted(p));
    if (!ownerRows.length) return false;
    return doc === undefined || doc.owner === ctx.user || (ptype === 'create' && doc.owner === undefined);
  }

  /**
   * The permission levels at which the user's roles hold `ptype` (level 0 included when the doctype is readable):
   * fields of other levels are hidden on read and reset on write, as Frappe's `get_permlevel_access` decides.
   */
  levels(meta: Meta, ptype: 'read' | 'write', ctx: RequestContext): Set<number> | 'all' {
    if (ctx.user === ADMIN) return 'all';
    const out = new Set<number>([0]);
    for (const p of this.rules(meta))
      if (ctx.roles.has(p.role) && (p[ptype] === 1 || (ptype === 'read' && p.write === 1))) out.add(p.permlevel ?? 0);
    return out;
  }

  /** Only owner-scoped read rules apply: lists must be limited to the user's own documents. */
  ownerOnly(meta: Meta, ctx: RequestContext): boolean {
    if (ctx.user === ADMIN) return false;
    const rows = this.rules(meta).filter(
      (p) => (p.permlevel ?? 0) === 0 && ctx.roles.has(p.role) && (p.read || p.select),
    );
    return rows.length > 0 && rows.every((p) => p.if_owner);
  }

  /** User Permissions of a user: allowed values per linked doctype, for `forDoctype`. */
  userPermissions(user: string, forDoctype: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    if (user === ADMIN) return out;
    for (const r of this.db.all(
      'SELECT allow, for_value, apply_to_all_doctypes, applicable_for FROM "tabUser Permission" WHERE user = ?',
      [user],
    )) {
      if (!Number(r.apply_to_all_doctypes ?? 1) && r.applicable_for !== forDoctype) continue;
      const allow = String(r.allow);
      const set = out.get(allow) ?? new Set<string>();
      set.add(String(r.for_value));
      out.set(allow, set);
    }
    return out;
  }

  /**
   * SQL conditions for User Permissions on a doctype's list: its own name when it is the restricted doctype, and
   * each Link field to a restricted doctype (empty links stay visible, Frappe's non-strict default).
   */
  userPermissionConditions(meta: Meta, ctx: RequestContext, alias: string): { sql: string[]; params: SqlValue[] } {
    const perms = this.userPermissions(ctx.user, meta.name);
    const sql: string[] = [];
    const params: SqlValue[] = [];
    if (!perms.size) return { sql, params };
    const own = perms.get(meta.name);
    if (own) {
      sql.push(`${alias}.name IN (${[...own].map(() => '?').join(', ')})`);
      params.push(...own);
    }
    for (const f of meta.valueFields) {
      if (f.fieldtype !== 'Link' || !f.options || f.ignore_user_permissions) continue;
      const allowed = perms.get(f.options);
      if (!allowed) continue;
      sql.push(
        `(${alias}.${q(f.fieldname)} IS NULL OR ${alias}.${q(f.fieldname)} = '' OR ${alias}.${q(f.fieldname)} IN (${[...allowed].map(() => '?').join(', ')}))`,
      );
      params.push(...allowed);
    }
    return { sql, params };
  }

  /** Whether one document passes the user's User Permissions. */
  passesUserPermissions(meta: Meta, doc: Doc, ctx: RequestContext): boolean {
    const perms = this.userPermissions(ctx.user, meta.name);
    if (!perms.size) return true;
    const own = perms.get(meta.name);
    if (own && !own.has(String(doc.name))) return false;
    for (const f of meta.valueFields) {
      if (f.fieldtype !== 'Link' || !f.options || f.ignore_user_permissions) continue;
      const allowed = perms.get(f.options);
      const value = doc[f.fieldname];
      if (allowed && value !== null && value !== undefined && value !== '' && !allowed.has(String(value))) return false;
    }
    return true;
  }

  /**
   * Frappe's `has_permission` hook for File (`frappe/core/doctype/file/file.py`): a public file, one's own file or
   * Administrator pass; an attached private file follows the document it is attached to (read for reading, write
   * for writing or deleting); any other private file is refused.
   */
  fileAllowed(file: Doc, ptype: PermType, ctx: RequestContext): boolean {
    if (ptype === 'create' || ctx.user === ADMIN) return true;
    if (!Number(file.is_private ?? 0) || (ctx.user !== GUEST && file.owner === ctx.user)) return true;
    const doctype = typeof file.attached_to_doctype === 'string' ? file.attached_to_doctype : '';
    const name = typeof file.attached_to_name === 'string' ? file.attached_to_name : '';
    const meta = doctype && name ? this.meta.get(doctype) : undefined;
    if (!meta || meta.issingle) return false;
    const ref = this.db.get(`SELECT * FROM ${q(meta.table)} WHERE name = ?`, [name]) as Doc | undefined;
    if (!ref) return false;
    const need: PermType = ptype === 'write' || ptype === 'delete' ? 'write' : 'read';
    return this.has(meta, need, ctx, ref) && this.passesUserPermissions(meta, ref, ctx);
  }

  /**
   * Frappe's permission query for File: a Website User lists only their own files; a System User lists public
   * files, their own unattached ones and files attached to doctypes they can read.
   */
  fileListCondition(
    ctx: RequestContext,
    alias: string,
    readable: string[],
  ): { sql: string; params: SqlValue[] } | null {
    if (ctx.user === ADMIN || ctx.roles.has('System Manager')) return null;
    if (!ctx.roles.has('Desk User')) return { sql: `${alias}.owner = ?`, params: [ctx.user] };
    const list = readable.length ? readable.map(() => '?').join(', ') : "''";
    return {
      sql: `(COALESCE(${alias}.is_private, 0) = 0 OR (${alias}.attached_to_doctype IS NULL AND ${alias}.owner = ?) OR ${alias}.attached_to_doctype IN (${list}))`,
      params: [ctx.user, ...readable],
    };
  }

  /** Doctypes the user can read (Frappe's `get_doctypes_with_read`). */
  readableDoctypes(ctx: RequestContext): string[] {
    return this.meta
      .all()
      .filter((m) => !m.istable && this.has(m, 'read', ctx))
      .map((m) => m.name);
  }

  metaOf(name: string): Meta | undefined {
    return this.meta.get(name);
  }
}
