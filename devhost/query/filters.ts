/**
 * Frappe's filter forms and operators (docs/host-contract.md) compiled to SQL with its null semantics: comparisons act on
 * `ifnull(col, fallback)`, so `= ""` matches NULL, `!= "x"` includes NULL, `in` coalesces only when the list holds
 * "" or null, `not in` always does; numbers are never coalesced. Where the coalesce cannot change the result
 * (`= "Open"`) the plain column is used so indexes apply.
 */
import { DateTime } from 'luxon';
import type { SqlValue } from 'sql.js';
import type { DocField } from '../../domain/meta/doctype.schema.ts';
import { frappeThrow } from '../errors.ts';
import { FLOAT_TYPES, INT_TYPES, normalizeDatetime } from '../meta/columns.ts';

export const OPERATORS = [
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'like',
  'not like',
  'in',
  'not in',
  'is',
  'between',
  'timespan',
  'previous',
  'next',
  'descendants of',
  'not descendants of',
  'ancestors of',
  'not ancestors of',
  'descendants of (inclusive)',
] as const;

export interface FilterSpec {
  doctype: string | null;
  field: string;
  operator: string;
  value: unknown;
}

function invalid(message: string): never {
  throw frappeThrow(message, 'ValidationError');
}

/** Normalises the accepted forms: a dict, a list of [field, op, value], or [doctype, field, op, value]. */
export function parseFilters(raw: unknown, label = 'filters'): FilterSpec[] {
  if (raw === undefined || raw === null || raw === '') return [];
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      invalid(`${label} must be JSON: ${String(raw).slice(0, 80)}`);
    }
  }
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) {
    return v.map((item: unknown) => {
      if (!Array.isArray(item)) invalid(`Each of ${label} must be a list like ["field", "=", "value"]`);
      if (item.length === 2) return { doctype: null, field: String(item[0]), operator: '=', value: item[1] };
      if (item.length === 3)
        return { doctype: null, field: String(item[0]), operator: String(item[1]), value: item[2] };
      if (item.length >= 4)
        return { doctype: String(item[0]), field: String(item[1]), operator: String(item[2]), value: item[3] };
      return invalid(`Invalid filter: ${JSON.stringify(item)}`);
    });
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([field, value]) =>
      Array.isArray(value)
        ? { doctype: null, field, operator: String(value[0]), value: value[1] }
        : { doctype: null, field, operator: '=', value },
    );
  }
  return invalid(`Invalid ${label}`);
}

const TEXT_FALLBACK = "''";
function fallback(field: DocField | undefined): string {
  const t = field?.fieldtype;
  if (t === 'Date') return "'0001-01-01'";
  if (t === 'Datetime') return "'0001-01-01 00:00:00.000000'";
  if (t === 'Time') return "'00:00:00.000000'";
  return TEXT_FALLBACK;
}

function isNumeric(field: DocField | undefined, column: string): boolean {
  // The column may come quoted (m."docstatus"): a standard Int compared as text would match everything in SQLite.
  const bare = column.replace(/"/g, '');
  if (bare.endsWith('.docstatus') || bare.endsWith('.idx') || bare === 'docstatus' || bare === 'idx') return true;
  return !!field && (INT_TYPES.has(field.fieldtype) || FLOAT_TYPES.has(field.fieldtype));
}

function castValue(field: DocField | undefined, column: string, value: unknown): SqlValue {
  if (isNumeric(field, column)) {
    const n = Number(value ?? 0);
    return Number.isFinite(n) ? n : 0;
  }
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = String(value);
  const isDatetime = field?.fieldtype === 'Datetime' || /\.(creation|modified)$/.test(column.replace(/"/g, ''));
  if (isDatetime && /^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}/.test(text)) return normalizeDatetime(text);
  return text;
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').map((s) => s.trim());
  return [value];
}

export interface TimespanClock {
  now: Date;
  zone: string;
}

/** Date range of a timespan keyword in the site zone (`get_timespan_date_range`). */
export function timespanRange(span: string, clock: TimespanClock): [string, string] {
  const today = DateTime.fromJSDate(clock.now, { zone: clock.zone }).startOf('day');
  const iso = (d: DateTime): string => d.toFormat('yyyy-MM-dd');
  const ranges: Record<string, () => [DateTime, DateTime]> = {
    today: () => [today, today],
    yesterday: () => [today.minus({ days: 1 }), today.minus({ days: 1 })],
    tomorrow: () => [today.plus({ days: 1 }), today.plus({ days: 1 })],
    'this week': () => [today.startOf('week'), today.endOf('week')],
    'last week': () => [today.minus({ weeks: 1 }).startOf('week'), today.minus({ weeks: 1 }).endOf('week')],
    'next week': () => [today.plus({ weeks: 1 }).startOf('week'), today.plus({ weeks: 1 }).endOf('week')],
    'this month': () => [today.startOf('month'), today.endOf('month')],
    'last month': () => [today.minus({ months: 1 }).startOf('month'), today.minus({ months: 1 }).endOf('month')],
    'next month': () => [today.plus({ months: 1 }).startOf('month'), today.plus({ months: 1 }).endOf('month')],
    'this quarter': () => [today.startOf('quarter'), today.endOf('quarter')],
    'last quarter': () => [
      today.minus({ quarters: 1 }).startOf('quarter'),
      today.minus({ quarters: 1 }).endOf('quarter'),
    ],
    'this year': () => [today.startOf('year'), today.endOf('year')],
    'last year': () => [today.minus({ years: 1 }).startOf('year'), today.minus({ years: 1 }).endOf('year')],
    'next year': () => [today.plus({ years: 1 }).startOf('year'), today.plus({ years: 1 }).endOf('year')],
    'last 7 days': () => [today.minus({ days: 7 }), today],
    'last 14 days': () => [today.minus({ days: 14 }), today],
    'last 30 days': () => [today.minus({ days: 30 }), today],
    'last 6 months': () => [today.minus({ months: 6 }), today],
    'next 7 days': () => [today, today.plus({ days: 7 })],
  };
  const make = ranges[span.toLowerCase()];
  if (!make) invalid(`Invalid timespan: ${span}`);
  const [a, b] = make();
  return [iso(a), iso(b)];
}

/** One condition as SQL with its parameters. */
export function compileCondition(
  column: string,
  field: DocField | undefined,
  operatorRaw: string,
  value: unknown,
  clock: TimespanClock,
): { sql: string; params: SqlValue[] } {
  const op = operatorRaw.trim().toLowerCase();
  if (!(OPERATORS as readonly string[]).includes(op)) invalid(`Operator must be one of ${OPERATORS.join(', ')}`);
  const numeric = isNumeric(field, column);
  const fb = fallback(field);
  const coalesced = `ifnull(${column}, ${fb})`;
  const isDatetime = field?.fieldtype === 'Datetime' || /\.(creation|modified)$/.test(column.replace(/"/g, ''));
  switch (op) {
    case '=': {
      if (numeric) return { sql: `${column} = ?`, params: [castValue(field, column, value)] };
      const v = castValue(field, column, value);
      if (v === '') return { sql: `(${column} IS NULL OR ${column} = '')`, params: [] };
      return { sql: `${column} = ?`, params: [v] };
    }
    case '!=': {
      if (numeric) return { sql: `${column} != ?`, params: [castValue(field, column, value)] };
      const v = castValue(field, column, value);
      if (v === '') return { sql: `(${column} IS NOT NULL AND ${column} != '')`, params: [] };
      return { sql: `(${column} IS NULL OR ${column} != ?)`, params: [v] };
    }
    case '>':
    case '<':
    case '>=':
    case '<=': {
      const v = castValue(field, column, value);
      return { sql: numeric ? `${column} ${op} ?` : `${coalesced} ${op} ?`, params: [v] };
    }
    case 'like':
    case 'not like': {
      const pattern = String(value ?? '');
      if (op === 'like' && pattern.replace(/%/g, '') !== '') return { sql: `${column} LIKE ?`, params: [pattern] };
      return { sql: `ifnull(${column}, '') ${op === 'like' ? 'LIKE' : 'NOT LIKE'} ?`, params: [pattern] };
    }
    case 'in':
    case 'not in': {
      const items = listOf(value);
      if (!items.length) return { sql: op === 'in' ? '1 = 0' : '1 = 1', params: [] };
      const params = items.map((i) => castValue(field, column, i));
      const marks = params.map(() => '?').join(', ');
      if (op === 'not in')
        return { sql: numeric ? `${column} NOT IN (${marks})` : `${coalesced} NOT IN (${marks})`, params };
      const hasEmpty = items.some((i) => i === null || i === undefined || i === '');
      return { sql: hasEmpty && !numeric ? `${coalesced} IN (${marks})` : `${column} IN (${marks})`, params };
    }
    case 'is': {
      const v = String(value ?? '').toLowerCase();
      if (v === 'set')
        return { sql: numeric ? `${column} IS NOT NULL` : `(${column} IS NOT NULL AND ${column} != '')`, params: [] };
      if (v === 'not set')
        return { sql: numeric ? `${column} IS NULL` : `(${column} IS NULL OR ${column} = '')`, params: [] };
      return invalid(`Invalid value for "is": ${String(value)} (use "set" or "not set")`);
    }
    case 'between':
    case 'timespan':
    case 'previous':
    case 'next':
      return compileRange(op, column, value, clock, { numeric, isDatetime });
    default:
      return invalid(`Operator "${op}" needs a tree doctype (lft/rgt), which this doctype is not`);
  }
}

/** `between`, `timespan`, `previous` and `next`: a range of dates (whole days on a Datetime column). */
function compileRange(
  op: string,
  column: string,
  value: unknown,
  clock: TimespanClock,
  { numeric, isDatetime }: { numeric: boolean; isDatetime: boolean },
): { sql: string; params: SqlValue[] } {
  if (op === 'between') {
    const pair = Array.isArray(value) ? value : listOf(value);
    const today = timespanRange('today', clock)[0];
    let from = String(pair[0] ?? today);
    let to = String(pair[1] ?? today);
    if (isDatetime) {
      from = /^\d{4}-\d{2}-\d{2}$/.test(from) ? `${from} 00:00:00.000000` : normalizeDatetime(from);
      to = /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to} 23:59:59.999999` : normalizeDatetime(to);
    }
    return { sql: `${column} BETWEEN ? AND ?`, params: [numeric ? Number(from) : from, numeric ? Number(to) : to] };
  }
  if (op === 'timespan') {
    const [a, b] = timespanRange(String(value ?? ''), clock);
    return isDatetime
      ? { sql: `${column} BETWEEN ? AND ?`, params: [`${a} 00:00:00.000000`, `${b} 23:59:59.999999`] }
      : { sql: `${column} BETWEEN ? AND ?`, params: [a, b] };
  }
  // previous / next: N days, weeks, months, quarters or years back from today, or ahead of it.
  const m = /^(\d+)\s*(day|week|month|quarter|year)s?$/i.exec(String(value ?? '').trim());
  if (!m) invalid(`Invalid value for "${op}": ${String(value)} (e.g. "1 week")`);
  const today = DateTime.fromJSDate(clock.now, { zone: clock.zone }).startOf('day');
  const n = Number(m[1]);
  const unit = `${(m[2] ?? 'day').toLowerCase()}s` as 'days';
  const [a, b] = op === 'previous' ? [today.minus({ [unit]: n }), today] : [today, today.plus({ [unit]: n })];
  const fmt = (d: DateTime): string => d.toFormat('yyyy-MM-dd');
  return isDatetime
    ? { sql: `${column} BETWEEN ? AND ?`, params: [`${fmt(a)} 00:00:00.000000`, `${fmt(b)} 23:59:59.999999`] }
    : { sql: `${column} BETWEEN ? AND ?`, params: [fmt(a), fmt(b)] };
}
