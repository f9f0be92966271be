/** Reading a method's keyword arguments as Frappe does: JSON when it parses, text otherwise; a clear error when missing. */
import { frappeThrow } from '../errors.ts';
import type { Doc } from '../model/types.ts';

/** A JSON argument, or the value as sent when it is not JSON (`frappe.parse_json` does the same). */
export function jsonArg(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function str(value: unknown, label: string, required = true): string {
  if (value === undefined || value === null || value === '') {
    if (required) throw frappeThrow(`${label} is required`, 'FrappeTypeError');
    return '';
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw frappeThrow(`${label} must be text`, 'FrappeTypeError');
  return String(value);
}

export function docArg(value: unknown, label: string): Doc {
  const v = jsonArg(value);
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw frappeThrow(`${label} must be a document (JSON object)`, 'FrappeTypeError');
  return v as Doc;
}

/** Python truthiness of a form value. */
export function truthy(v: unknown): boolean {
  return !(
    v === undefined ||
    v === null ||
    v === false ||
    v === 0 ||
    v === '0' ||
    v === '' ||
    v === 'false' ||
    v === 'False'
  );
}
