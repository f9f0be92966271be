/**
 * Field-level validation with Frappe's messages (docs/host-contract.md; `base_document.py`): links (all collected),
 * mandatory values (one message per field), Select options, varchar length, Data options, non-negative numbers.
 */
import type { DocField } from '../../domain/meta/doctype.schema.ts';
import type { DevDatabase } from '../db/database.ts';
import { FrappeError, frappeThrow, stripTags, type ServerMessage } from '../errors.ts';
import { VARCHAR_TYPES } from '../meta/columns.ts';
import { q, type Meta, type MetaRegistry } from '../meta/registry.ts';
import type { Doc } from './types.ts';

function isEmpty(v: unknown): boolean {
  return (
    v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  );
}

function rowPrefix(row: Doc, isChild: boolean): string {
  return isChild ? `Row #${String(row.idx)}: ` : '';
}

/** Link and Dynamic Link values must name an existing record; case is corrected to the stored name. */
export function validateLinks(
  db: DevDatabase,
  registry: MetaRegistry,
  meta: Meta,
  doc: Doc,
  isChild: boolean,
): ServerMessage[] {
  const problems: ServerMessage[] = [];
  for (const f of meta.valueFields) {
    if (f.fieldtype !== 'Link' && f.fieldtype !== 'Dynamic Link') continue;
    const value = doc[f.fieldname];
    if (isEmpty(value)) continue;
    const target = f.fieldtype === 'Link' ? (f.options ?? '') : String(doc[f.options ?? ''] ?? '');
    if (!target) {
      problems.push({ message: `${f.label ?? f.fieldname} must be set first`, title: 'Message', indicator: 'red' });
      continue;
    }
    const targetMeta = registry.get(target);
    let found: string | undefined;
    if (targetMeta?.issingle) found = target === String(value) ? target : undefined;
    else if (targetMeta) {
      // MariaDB compares names case-insensitively; the exact name first uses the primary key (NOCASE scans the table).
      const exact = db.get(`SELECT name FROM ${q(targetMeta.table)} WHERE name = ?`, [String(value)]);
      found = (
        exact ?? db.get(`SELECT name FROM ${q(targetMeta.table)} WHERE name = ? COLLATE NOCASE`, [String(value)])
      )?.name as string | undefined;
    }
    if (found === undefined)
      problems.push({
        message: `Could not find ${rowPrefix(doc, isChild)}${f.label ?? f.fieldname}: ${String(value)}`,
        title: 'Message',
        indicator: 'red',
      });
    else doc[f.fieldname] = found;
  }
  return problems;
}

export function linkError(problems: ServerMessage[]): FrappeError {
  return new FrappeError(
    'LinkValidationError',
    stripTags(problems.map((p) => p.message).join('\n')),
    problems.map((p) => ({ ...p, raise_exception: 1 })),
  );
}

/** Missing mandatory values: one message per field, "[Doctype, name]: field1, field2" as the exception text. */
export function missingMandatory(
  meta: Meta,
  doc: Doc,
  parentDoctype: string | null,
): { messages: ServerMessage[]; fields: string[] } {
  const messages: ServerMessage[] = [];
  const fields: string[] = [];
  for (const f of meta.fields) {
    if (!f.reqd || f.fieldtype === 'Section Break' || f.fieldtype === 'Column Break' || f.fieldtype === 'Tab Break')
      continue;
    const v = doc[f.fieldname];
    if (!isEmpty(v) && !(f.fieldtype === 'Text Editor' && stripTags(String(v)).trim() === '')) continue;
    fields.push(f.fieldname);
    const label = f.label ?? f.fieldname;
    messages.push({
      message: parentDoctype
        ? `Error: <strong>${meta.name}</strong> Row #${String(doc.idx)}: Value missing for: ${label}`
        : `Error: Value missing for ${meta.name}: ${label}`,
      title: 'Missing Fields',
      indicator: 'red',
    });
  }
  return { messages, fields };
}

export function validateSelects(meta: Meta, doc: Doc, isChild: boolean): void {
  for (const f of meta.valueFields) {
    if (f.fieldtype !== 'Select' || f.fieldname === 'naming_series' || !f.options) continue;
    const value = doc[f.fieldname];
    if (isEmpty(value)) continue;
    const options = f.options.split('\n');
    if (!options.some(Boolean)) continue;
    const v = String(value).trim();
    doc[f.fieldname] = v;
    if (!options.includes(v)) {
      const prefix = isChild ? `Row #${String(doc.idx)}:` : '';
      throw frappeThrow(
        `${prefix} ${f.label ?? f.fieldname} cannot be "${v}". It should be one of "${options.join('", "')}"`,
      );
    }
  }
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function validateValues(meta: Meta, doc: Doc, isChild: boolean): void {
  for (const f of meta.valueFields) {
    const value = doc[f.fieldname];
    if (isEmpty(value)) continue;
    validateLength(meta, f, value, isChild, doc);
    if (f.fieldtype === 'Data' && f.options === 'Email') {
      for (const addr of String(value)
        .split(/[,\n]/)
        .map((x) => x.trim())
        .filter(Boolean)) {
        if (!EMAIL.test(addr))
          throw frappeThrow(
            `${addr} is not a valid Email Address`,
            'InvalidEmailAddressError',
            'Invalid Email Address',
          );
      }
    }
    if (f.fieldtype === 'Data' && f.options === 'Phone' && !/^[0-9+\-()\s.]{3,}$/.test(String(value))) {
      throw frappeThrow(
        `${String(value)} is not a valid Phone Number`,
        'InvalidPhoneNumberError',
        'Invalid Phone Number',
      );
    }
    if (f.fieldtype === 'Data' && f.options === 'URL' && !/^(https?:\/\/|\/)\S+$/.test(String(value))) {
      throw frappeThrow(`${String(value)} is not a valid URL`, 'ValidationError', 'Invalid URL');
    }
    if (f.non_negative && typeof value === 'number' && value < 0) {
      throw frappeThrow(
        `${rowPrefix(doc, isChild)}${f.label ?? f.fieldname} cannot be a negative value`,
        'NonNegativeError',
      );
    }
  }
}

function validateLength(meta: Meta, f: DocField, value: unknown, isChild: boolean, doc: Doc): void {
  if (!VARCHAR_TYPES.has(f.fieldtype)) return;
  const max = f.length && f.length > 0 ? f.length : 140;
  const text = String(value);
  if (text.length > max) {
    const ref = isChild ? `${meta.name}, Row ${String(doc.idx)}` : meta.name;
    throw frappeThrow(
      `${ref}: '${f.label ?? f.fieldname}' (${text}) will get truncated, as max characters allowed is ${max}`,
      'CharacterLengthExceededError',
      'Value too big',
    );
  }
}
