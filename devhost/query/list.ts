/**
 * `frappe.client.get_list` / `GET /api/resource/<dt>` (docs/host-contract.md): explicit fields (with aggregates, aliases,
 * link and child-table joins), filters and or_filters in every accepted form, order_by (none unless asked: REST lists
 * have no default ORDER BY in v15), group_by, paging (default 20, 0 = all), and permissions (role read/select,
 * owner-only rules, User Permissions, child doctypes only through `parent`).
 */
import type { SqlValue } from 'sql.js';
import type { DocField } from '../../domain/meta/doctype.schema.ts';
import type { Permissions } from '../auth/permissions.ts';
import { FrappeError, frappeThrow, notPermitted } from '../errors.ts';
import { fromStorage } from '../meta/columns.ts';
import { CHILD_COLUMNS, q, STANDARD_COLUMNS, type Meta, type MetaRegistry } from '../meta/registry.ts';
import type { RequestContext } from '../model/types.ts';
import { compileCondition, parseFilters, type FilterSpec, type TimespanClock } from './filters.ts';

export interface ListArgs {
  doctype: string;
  fields?: unknown;
  filters?: unknown;
  or_filters?: unknown;
  order_by?: unknown;
  group_by?: unknown;
  limit_start?: unknown;
  limit_page_length?: unknown;
  limit?: unknown;
  parent?: unknown;
  as_dict?: unknown;
}

interface Source {
  alias: string;
  meta: Meta;
}

interface Column {
  sql: string;
  key: string;
  field: DocField | undefined;
  aggregate: boolean;
}

const OPTIONAL = ['_user_tags', '_comments', '_assign', '_liked_by', '_seen'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function dataError(message: string): FrappeError {
  return frappeThrow(message, 'DataError');
}

function parseJsonish(raw: unknown, fallback: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // a plain comma string ("name, status") is accepted when it is not JSON
  }
}

function toInt(raw: unknown, fallback: number, label: string): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw frappeThrow(`${label} must be a whole number, got ${String(raw)}`, 'FrappeTypeError');
  return n;
}

export class ListQuery {
  private readonly sources = new Map<string, Source>();
  private readonly joins: string[] = [];
  private readonly joinParams: SqlValue[] = [];
  private childJoined = false;

  constructor(
    private readonly registry: MetaRegistry,
    private readonly perms: Permissions,
    private readonly ctx: RequestContext,
    private readonly clock: TimespanClock,
    private readonly main: Meta,
  ) {
    this.sources.set(main.name, { alias: 'm', meta: main });
  }

  static run(
    registry: MetaRegistry,
    perms: Permissions,
    db: { all(sql: string, params: SqlValue[]): Record<string, SqlValue>[] },
    ctx: RequestContext,
    clock: TimespanClock,
    args: ListArgs,
    opts: { ignorePermissions?: boolean } = {},
  ): unknown[] {
    const meta = registry.get(args.doctype);
    if (!meta) throw frappeThrow(`DocType ${args.doctype} not found`, 'DoesNotExistError');
    if (meta.issingle)
      throw frappeThrow(
        `${meta.name} is a single DocType; use GET /api/resource/${meta.name}/${meta.name}`,
        'ValidationError',
      );
    const query = new ListQuery(registry, perms, ctx, clock, meta);
    const { sql, params, columns } = query.build(args, opts.ignorePermissions ?? false);
    const rows = db.all(sql, params);
    const asDict = !['0', 'false', 'False', false, 0].includes(args.as_dict as string);
    return rows.map((r) => {
      const values = columns.map((c) =>
        c.aggregate || !c.field ? (r[c.key] ?? null) : fromStorage(c.field.fieldtype, r[c.key] ?? null),
      );
      return asDict ? Object.fromEntries(columns.map((c, i) => [c.key, values[i]])) : values;
    });
  }

  private checkPermission(args: ListArgs): void {
    if (this.main.istable) {
      const parentName = typeof args.parent === 'string' ? args.parent : '';
      const parent = parentName ? this.registry.get(parentName) : undefined;
      if (!parent || !parent.tableFields.some((f) => f.options === this.main.name))
        throw notPermitted(`No permission for ${this.main.name}`);
      if (!this.perms.has(parent, 'read', this.ctx) && !this.perms.has(parent, 'select', this.ctx))
        throw notPermitted(`No permission for ${parent.name}`);
      return;
    }
    if (!this.perms.has(this.main, 'read', this.ctx) && !this.perms.has(this.main, 'select', this.ctx))
      throw notPermitted(`No permission for ${this.main.name}`);
  }

  /** Resolves "field", "`tabX`.field", "tabX.field", "link.field" or "table.field" to a column. */
  private resolve(ref: string, forFilter = false): { sql: string; field: DocField | undefined; key: string } {
    const cleaned = ref.trim().replace(/`/g, '');
    const dot = cleaned.lastIndexOf('.');
    if (dot < 0) return this.columnOf(this.main, 'm', cleaned);
    const left = cleaned.slice(0, dot);
    const right = cleaned.slice(dot + 1);
    if (left.startsWith('tab')) {
      const doctype = left.slice(3);
      const source = this.sources.get(doctype) ?? this.joinDoctype(doctype);
      return { ...this.columnOf(source.meta, source.alias, right), key: right };
    }
    const f = this.main.fieldMap.get(left);
    if (f?.fieldtype === 'Link' && f.options) {
      const alias = `l_${left}`;
      if (![...this.sources.values()].some((s) => s.alias === alias)) {
        const target = this.registry.require(f.options);
        this.joins.push(`LEFT JOIN ${q(target.table)} AS ${alias} ON ${alias}.name = m.${q(left)}`);
        this.sources.set(`${f.options}#${left}`, { alias, meta: target });
      }
      // The row key is the target field's own name (customer.customer_name → customer_name): alias it to rename.
      const target = this.registry.require(f.options);
      return { ...this.columnOf(target, alias, right), key: right };
    }
    if (f && (f.fieldtype === 'Table' || f.fieldtype === 'Table MultiSelect') && f.options) {
      const source = this.sources.get(f.options) ?? this.joinDoctype(f.options, f.fieldname);
      return { ...this.columnOf(source.meta, source.alias, right), key: `${left}.${right}` };
    }
    if (forFilter) throw dataError(`Invalid filter field: ${ref}`);
    throw dataError(`Field not permitted in query: ${ref}`);
  }

  /** Joins a child table (by parent) for `tabChild.field` references and 4-item filters. */
  private joinDoctype(doctype: string, parentfield?: string): Source {
    const meta = this.registry.get(doctype);
    if (!meta) throw dataError(`DocType ${doctype} not found`);
    const tf = this.main.tableFields.find(
      (f) => f.options === doctype && (!parentfield || f.fieldname === parentfield),
    );
    if (!meta.istable || !tf) throw dataError(`${doctype} is not a child table of ${this.main.name}`);
    const alias = `c${this.sources.size}`;
    this.joins.push(
      `LEFT JOIN ${q(meta.table)} AS ${alias} ON ${alias}.parent = m.name AND ${alias}.parenttype = ? AND ${alias}.parentfield = ?`,
    );
    this.joinParams.push(this.main.name, tf.fieldname);
    const source = { alias, meta };
    this.sources.set(doctype, source);
    this.childJoined = true;
    return source;
  }

  private columnOf(
    meta: Meta,
    alias: string,
    fieldname: string,
  ): { sql: string; field: DocField | undefined; key: string } {
    if (!IDENT.test(fieldname)) throw dataError(`Field not permitted in query: ${fieldname}`);
    const field = meta.fieldMap.get(fieldname);
    const standard =
      (STANDARD_COLUMNS as readonly string[]).includes(fieldname) ||
      OPTIONAL.includes(fieldname) ||
      (meta.istable && (CHILD_COLUMNS as readonly string[]).includes(fieldname));
    if (
      !standard &&
      (!field ||
        [
          'Table',
          'Table MultiSelect',
          'Section Break',
          'Column Break',
          'Tab Break',
          'HTML',
          'Button',
          'Heading',
          'Fold',
          'Image',
        ].includes(field.fieldtype))
    ) {
      throw dataError(`Unknown column '${fieldname}' in '${meta.name}'`);
    }
    const dtField =
      fieldname === 'creation' || fieldname === 'modified' ? ({ fieldname, fieldtype: 'Datetime' } as DocField) : field;
    return { sql: `${alias}.${q(fieldname)}`, field: dtField, key: fieldname };
  }

  private columns(raw: unknown): Column[] {
    // Frappe 15.75 json-decodes `fields`: a comma string such as "name,title" is a 500 JSONDecodeError.
    if (typeof raw === 'string' && raw !== '') {
      try {
        JSON.parse(raw);
      } catch {
        throw new FrappeError('JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)', [
          { message: 'Internal Server Error', title: 'Message', indicator: 'red' },
        ]);
      }
    }
    const parsed = parseJsonish(raw, ['name']);
    // An empty list means the default, as Frappe's `fields or ["name"]`.
    const list = Array.isArray(parsed) && parsed.length === 0 ? ['name'] : parsed;
    if (!Array.isArray(list)) throw dataError('fields must be a list');
    const out: Column[] = [];
    for (const item of list) {
      if (typeof item !== 'string') throw dataError(`Invalid field: ${JSON.stringify(item)}`);
      const text = item.trim();
      if (text === '*' || text === '`tab' + this.main.name + '`.*') {
        for (const c of [
          ...STANDARD_COLUMNS,
          ...(this.main.istable ? CHILD_COLUMNS : []),
          ...this.main.valueFields.map((f) => f.fieldname),
        ])
          out.push({ ...this.columnOf(this.main, 'm', c), aggregate: false });
        continue;
      }
      const aliasMatch = /^(.*?)\s+as\s+[`'"]?([A-Za-z_][A-Za-z0-9_ ]*)[`'"]?$/i.exec(text);
      const expr = aliasMatch ? (aliasMatch[1] ?? '').trim() : text;
      const alias = aliasMatch ? (aliasMatch[2] ?? '') : undefined;
      const fn = /^(count|sum|avg|min|max)\(\s*(distinct\s+)?([^()]*)\)$/i.exec(expr);
      if (fn) {
        const inner = (fn[3] ?? '').trim();
        const name = (fn[1] ?? '').toLowerCase();
        const arg = inner === '*' ? '*' : this.resolve(inner).sql;
        out.push({
          sql: `${name}(${fn[2] ? 'DISTINCT ' : ''}${arg})`,
          key: alias ?? `${name}(${inner})`,
          field: undefined,
          aggregate: true,
        });
        continue;
      }
      // A sub-query in fields fails in the database on Frappe 15.75 (500), not with a validation message.
      if (/\(\s*select\b/i.test(expr))
        throw new FrappeError('ProgrammingError', 'sub-query in fields', [
          { message: 'Internal Server Error', title: 'Message', indicator: 'red' },
        ]);
      if (/[()\s;]/.test(expr.replace(/`[^`]*`/g, 'x')))
        throw dataError(`Use of sub-query or function is restricted: ${item}`);
      const col = this.resolve(expr);
      out.push({ sql: col.sql, key: alias ?? col.key, field: col.field, aggregate: false });
    }
    return out;
  }

  private conditions(specs: FilterSpec[]): { sql: string[]; params: SqlValue[] } {
    const sql: string[] = [];
    const params: SqlValue[] = [];
    for (const s of specs) {
      let ref = s.field;
      if (s.doctype && s.doctype !== this.main.name) ref = `tab${s.doctype}.${s.field}`;
      else if (
        !s.field.includes('.') &&
        !this.main.fieldMap.has(s.field) &&
        !(STANDARD_COLUMNS as readonly string[]).includes(s.field)
      ) {
        // A 3-item filter on a child-table field is refused on Frappe 15.75 (417): the 4-item form names the table.
        const tf = this.main.tableFields.find((f) => this.registry.get(f.options ?? '')?.fieldMap.has(s.field));
        if (tf) throw dataError(`Field not permitted in query: ${s.field}`);
      }
      const col = this.resolve(ref, true);
      const c = compileCondition(col.sql, col.field, s.operator, s.value, this.clock);
      sql.push(c.sql);
      params.push(...c.params);
    }
    return { sql, params };
  }

  private orderBy(raw: unknown, columns: Column[]): string {
    if (raw === undefined || raw === null || raw === '') return '';
    const parts = String(raw)
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    return parts
      .map((p) => {
        const m = /^(.+?)(?:\s+(asc|desc))?$/i.exec(p);
        const ref = (m?.[1] ?? '').trim();
        const dir = (m?.[2] ?? 'asc').toUpperCase();
        const aliased = columns.find((c) => c.key === ref.replace(/`/g, ''));
        if (aliased?.aggregate) return `${q(aliased.key)} ${dir}`;
        const agg = /^(count|sum|avg|min|max)\((.*)\)$/i.exec(ref);
        if (agg)
          return `${(agg[1] ?? '').toLowerCase()}(${(agg[2] ?? '').trim() === '*' ? '*' : this.resolve(agg[2] ?? '').sql}) ${dir}`;
        return `${this.resolve(ref).sql} ${dir}`;
      })
      .join(', ');
  }

  build(args: ListArgs, ignorePermissions: boolean): { sql: string; params: SqlValue[]; columns: Column[] } {
    if (!ignorePermissions) this.checkPermission(args);
    let columns = this.columns(args.fields);
    // Frappe's apply_fieldlevel_read_permissions: fields of a level the user cannot read are dropped from `fields`.
    const levels = ignorePermissions ? 'all' : this.perms.levels(this.main, 'read', this.ctx);
    if (levels !== 'all')
      columns = columns.filter(
        (c) => !c.field || this.main.fieldMap.get(c.field.fieldname) !== c.field || levels.has(c.field.permlevel ?? 0),
      );
    // Select permission alone (a Desk User listing User for a link field) shows only the name, the title and the
    // search fields (Frappe's get_permitted_fields with permission_type "select").
    if (!ignorePermissions && !this.main.istable && !this.perms.has(this.main, 'read', this.ctx)) {
      const shown = new Set([
        'name',
        String(this.main.doc.title_field ?? ''),
        ...String(this.main.doc.search_fields ?? '')
          .split(',')
          .map((f) => f.trim()),
      ]);
      columns = columns.filter((c) => !c.field || shown.has(c.field.fieldname));
    }
    // Every field asked for was of a level the user cannot read: the rows still answer, with the name only.
    if (!columns.length) columns = this.columns(['name']);
    const where = this.conditions(parseFilters(args.filters, 'filters'));
    const or = this.conditions(parseFilters(args.or_filters, 'or_filters'));
    const clauses = [...where.sql];
    const params: SqlValue[] = [...where.params];
    // Frappe's permission query for Communication: without System Manager or Super Email User a user lists only the
    // mail of their own email accounts (User Email rows, which the dev host does not model: so none).
    if (
      !ignorePermissions &&
      this.main.name === 'Communication' &&
      this.ctx.user !== 'Administrator' &&
      !this.ctx.roles.has('System Manager') &&
      !this.ctx.roles.has('Super Email User')
    )
      clauses.push('0 = 1');
    if (!ignorePermissions && this.main.name === 'File') {
      const file = this.perms.fileListCondition(this.ctx, 'm', this.perms.readableDoctypes(this.ctx));
      if (file) {
        clauses.push(file.sql);
        params.push(...file.params);
      }
    }
    if (or.sql.length) {
      clauses.push(`(${or.sql.join(' OR ')})`);
      params.push(...or.params);
    }
    if (this.main.istable && typeof args.parent === 'string') {
      clauses.push('m.parenttype = ?');
      params.push(args.parent);
    }
    if (!ignorePermissions && !this.main.istable) {
      if (this.perms.ownerOnly(this.main, this.ctx)) {
        clauses.push('m.owner = ?');
        params.push(this.ctx.user);
      }
      const up = this.perms.userPermissionConditions(this.main, this.ctx, 'm');
      clauses.push(...up.sql);
      params.push(...up.params);
    }
    let groupBy = '';
    if (args.group_by !== undefined && args.group_by !== null && args.group_by !== '') {
      groupBy = String(args.group_by)
        .split(',')
        .map((g) => this.resolve(g.trim()).sql)
        .join(', ');
    }
    const order = this.orderBy(args.order_by, columns);
    const pageLength = toInt(args.limit_page_length ?? args.limit, 20, 'limit_page_length');
    const start = toInt(args.limit_start, 0, 'limit_start');
    const distinct =
      this.childJoined && !groupBy && !columns.some((c) => c.aggregate) && columns.every((c) => c.sql.startsWith('m.'))
        ? 'DISTINCT '
        : '';
    let sql = `SELECT ${distinct}${columns.map((c) => `${c.sql} AS ${q(c.key)}`).join(', ')} FROM ${q(this.main.table)} AS m ${this.joins.join(' ')}`;
    if (clauses.length) sql += ` WHERE ${clauses.join(' AND ')}`;
    if (groupBy) sql += ` GROUP BY ${groupBy}`;
    if (order) sql += ` ORDER BY ${order}`;
    if (pageLength > 0) sql += ` LIMIT ${pageLength} OFFSET ${start}`;
    return { sql, params: [...this.joinParams, ...params], columns };
  }
}
