/**
 * `frappe.desk.query_report.run` for Query Reports (docs/host-contract.md): a SELECT/WITH query run with `%(name)s`
 * filters, columns from Report Column rows or from "Label:Fieldtype/Options:Width" aliases, rows as dicts keyed by
 * fieldname, an optional total row appended as a list.
 */
import type { SqlValue } from 'sql.js';
import { ALL, type MethodCall, type MethodResult, type MethodTable } from '../api/method-types.ts';
import { jsonArg } from '../api/args.ts';
import { FrappeError, frappeThrow, notPermitted } from '../errors.ts';
import type { Doc } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';

interface ReportColumn {
  label: string;
  fieldname: string;
  fieldtype: string;
  options?: string;
  width?: number;
}

/** Frappe's `frappe.scrub`: spaces and hyphens to underscores, lower case; accents and other signs stay. */
const frappeScrub = (label: string): string => label.replace(/[ -]/g, '_').toLowerCase();

function parseAlias(alias: string): ReportColumn {
  const [label = alias, typePart = 'Data', width] = alias.split(':');
  const [fieldtype = 'Data', options] = typePart.split('/');
  return {
    label,
    fieldname: frappeScrub(label),
    fieldtype,
    ...(options ? { options } : {}),
    ...(width ? { width: Number(width) } : {}),
  };
}

export class Reports {
  constructor(private readonly site: Kernel) {}

  run(c: MethodCall): MethodResult {
    const name = String(c.form.report_name ?? '');
    const started = performance.now();
    const report = this.site.docs.get(c.ctx, 'Report', name, { ignorePermissions: true });
    if (Number(report.disabled ?? 0)) throw frappeThrow(`Report ${name} is disabled`);
    const ref = this.site.meta.require(String(report.ref_doctype));
    const roles = ((report.roles as Doc[] | undefined) ?? []).map((r) => String(r.role));
    const allowed =
      c.ctx.user === 'Administrator' ||
      (roles.length ? roles.some((r) => c.ctx.roles.has(r)) : this.site.perms.has(ref, 'report', c.ctx));
    if (!allowed) throw notPermitted(`You don't have access to Report: ${name}`);
    if (report.report_type !== 'Query Report')
      throw frappeThrow(`Only Query Reports run on this host (got ${String(report.report_type)})`);
    const query = String(report.query ?? '')
      .trim()
      .replace(/;\s*$/, '');
    if (!/^(select|with|explain)\b/i.test(query) || query.includes(';'))
      throw new FrappeError('PermissionError', 'Query must be of SELECT or read-only WITH type.', []);
    const rawFilters = jsonArg(c.form.filters);
    const filters = (rawFilters && typeof rawFilters === 'object' ? rawFilters : {}) as Record<string, unknown>;
    const params: SqlValue[] = [];
    const sql = query.replace(/%\((\w+)\)s/g, (_m, key: string) => {
      if (!(key in filters)) throw frappeThrow(`Filter ${key} is required`, 'ValidationError');
      const v = filters[key];
      params.push(v === null || v === undefined ? null : typeof v === 'number' ? v : String(v));
      return '?';
    });
    let rows: Record<string, SqlValue>[];
    try {
      rows = this.site.db.all(sql, params);
    } catch (e) {
      throw frappeThrow(`Error in report query: ${e instanceof Error ? e.message : String(e)}`, 'DataError');
    }
    const declared = ((report.columns as Doc[] | undefined) ?? []).map((col): ReportColumn => ({
      label: String(col.label),
      fieldname: String(col.fieldname),
      fieldtype: String(col.fieldtype),
      ...(col.options ? { options: String(col.options) } : {}),
      ...(col.width ? { width: Number(col.width) } : {}),
    }));
    const keys = rows[0] ? Object.keys(rows[0]) : [];
    const columns = declared.length ? declared : keys.map(parseAlias);
    const result: unknown[] = rows.map((r) =>
      Object.fromEntries(keys.map((k, i) => [columns[i]?.fieldname ?? k, r[k] ?? null])),
    );
    if (Number(report.add_total_row ?? 0)) {
      result.push(
        columns.map((col) =>
          ['Int', 'Float', 'Currency', 'Percent'].includes(col.fieldtype)
            ? rows.reduce((s, r) => s + Number(r[keys[columns.indexOf(col)] ?? ''] ?? 0), 0)
            : null,
        ),
      );
    }
    return {
      message: {
        result,
        columns,
        message: null,
        chart: null,
        report_summary: null,
        skip_total_row: 0,
        status: null,
        execution_time: (performance.now() - started) / 1000,
        add_total_row: Number(report.add_total_row ?? 0),
      },
    };
  }
}

export function reportMethods(reports: Reports): MethodTable {
  return { 'frappe.desk.query_report.run': { verbs: ALL, run: (c) => reports.run(c) } };
}
