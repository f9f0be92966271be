/**
 * How each fieldtype is stored and how values are cast on the way in and out, following MariaDB's column types in
 * Frappe 15 (docs/host-contract.md) and the JSON serialisation of documents: Check/Int as ints, Float-like as
 * numbers, dates "YYYY-MM-DD", datetimes "YYYY-MM-DD HH:MM:SS[.ffffff]", times "H:MM:SS" without a padded hour.
 */
import type { SqlValue } from 'sql.js';
import { NO_VALUE_TYPES } from '../../domain/meta/doctype.schema.ts';
import { databaseError, frappeThrow } from '../errors.ts';

export const INT_TYPES = new Set(['Int', 'Check']);
export const FLOAT_TYPES = new Set(['Float', 'Currency', 'Percent', 'Duration', 'Rating']);
export const DATE_TYPES = new Set(['Date']);
export const DATETIME_TYPES = new Set(['Datetime']);
/** Types stored in varchar(140): the length check applies to these. */
export const VARCHAR_TYPES = new Set([
  'Data',
  'Link',
  'Dynamic Link',
  'Select',
  'Read Only',
  'Color',
  'Icon',
  'Phone',
  'Autocomplete',
]);

export function hasColumn(fieldtype: string): boolean {
  return !NO_VALUE_TYPES.has(fieldtype);
}

export function sqlType(fieldtype: string): string {
  if (INT_TYPES.has(fieldtype)) return 'INTEGER';
  if (FLOAT_TYPES.has(fieldtype)) return 'REAL';
  return 'TEXT';
}

/** The value a fresh document gets when nothing is given (numbers default to 0 as MariaDB's NOT NULL DEFAULT 0). */
export function emptyValue(fieldtype: string): SqlValue {
  if (INT_TYPES.has(fieldtype) || FLOAT_TYPES.has(fieldtype)) return 0;
  return null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

/** Casts an incoming JSON value for storage; bad input is a named ValidationError, never a silent change. */
export function toStorage(fieldtype: string, value: unknown, label: string): SqlValue {
  if (value === undefined || value === null) return emptyValue(fieldtype);
  if (INT_TYPES.has(fieldtype)) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    // Frappe casts with cint: text that is not a number is stored as 0 (observed on 15.75, 200).
    const n = typeof value === 'number' ? value : value === '' ? 0 : Number(value);
    if (!Number.isFinite(n)) {
      if (typeof value === 'string') return 0;
      throw frappeThrow(`${label}: "${String(value)}" is not a whole number`, 'FrappeTypeError');
    }
    return fieldtype === 'Check' ? (n ? 1 : 0) : Math.trunc(n);
  }
  if (FLOAT_TYPES.has(fieldtype)) {
    const n = typeof value === 'number' ? value : value === '' ? 0 : Number(value);
    if (!Number.isFinite(n)) throw frappeThrow(`${label}: "${String(value)}" is not a number`, 'FrappeTypeError');
    return n;
  }
  if (typeof value === 'object') {
    if (fieldtype === 'JSON' || fieldtype === 'Code') return JSON.stringify(value);
    throw frappeThrow(
      `${label}: expected text, got ${Array.isArray(value) ? 'a list' : 'an object'}`,
      'FrappeTypeError',
    );
  }
  const text = String(value);
  if (text === '')
    return DATE_TYPES.has(fieldtype) || DATETIME_TYPES.has(fieldtype) || fieldtype === 'Time' ? null : '';
  if (DATE_TYPES.has(fieldtype)) {
    const m = DATE_RE.exec(text.slice(0, 10));
    // Frappe passes the text to MariaDB, which refuses it (1292 Incorrect date value): a 500, not a validation.
    if (!m || !validCalendarDate(text.slice(0, 10)))
      throw databaseError('DataError', `(1292, "Incorrect date value: '${text}' for column '${label}'")`);
    return text.slice(0, 10);
  }
  if (DATETIME_TYPES.has(fieldtype)) return normalizeDatetime(text, label);
  if (fieldtype === 'Time') {
    const m = TIME_RE.exec(text);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59)
      throw frappeThrow(`${label}: "${text}" is not a valid time (HH:MM:SS)`);
    return `${m[1]?.padStart(2, '0')}:${m[2]}:${(m[3] ?? '00').padStart(2, '0')}.${(m[4] ?? '').padEnd(6, '0')}`;
  }
  return text;
}

/** Datetimes are stored with six fractional digits so text order is time order. */
export function normalizeDatetime(text: string, label = 'datetime'): string {
  const m = DATETIME_RE.exec(text.trim());
  if (
    !m ||
    Number(m[2]) > 23 ||
    Number(m[3]) > 59 ||
    Number(m[4] ?? 0) > 59 ||
    Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))
  ) {
    throw frappeThrow(`${label}: "${text}" is not a valid date and time (YYYY-MM-DD HH:MM:SS)`);
  }
  return `${m[1]} ${m[2]?.padStart(2, '0')}:${m[3]}:${(m[4] ?? '00').padStart(2, '0')}.${(m[5] ?? '').padEnd(6, '0')}`;
}

/** A stored value as Frappe's JSON shows it. */
export function fromStorage(fieldtype: string, value: SqlValue): unknown {
  if (value === null || value === undefined) return null;
  if (DATETIME_TYPES.has(fieldtype) && typeof value === 'string')
    return value.endsWith('.000000') ? value.slice(0, -7) : value;
  if (fieldtype === 'Time' && typeof value === 'string') {
    const [h = '0', m = '00', rest = '00'] = value.split(':');
    const [s = '00', frac = ''] = rest.split('.');
    return `${Number(h)}:${m}:${s}${frac && Number(frac) ? `.${frac}` : ''}`;
  }
  return value;
}

function validCalendarDate(ymd: string): boolean {
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
}
