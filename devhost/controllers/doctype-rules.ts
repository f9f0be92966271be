/** What Frappe checks when a DocType is saved (`doctype.py` validate_fields, naming, email append-to), with its messages. */
import {
  CHILD_STANDARD_FIELDS,
  FIELD_TYPES,
  NO_VALUE_TYPES,
  listViewRefused,
  STANDARD_FIELDS,
} from '../../domain/meta/doctype.schema.ts';
import { frappeThrow } from '../errors.ts';
import type { Doc } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';

const RESERVED: ReadonlySet<string> = new Set([...STANDARD_FIELDS, ...CHILD_STANDARD_FIELDS]);
const TYPES: ReadonlySet<string> = new Set(FIELD_TYPES);

export function validateDocTypeDoc(site: Kernel, doc: Doc): void {
  const name = String(doc.name ?? '');
  if (name.length > 61) throw frappeThrow(`Doctype name is limited to 61 characters (${name})`, 'NameError');
  if (!/^[A-Za-z][A-Za-z0-9 _-]*$/.test(name))
    throw frappeThrow(
      `DocType's name should start with a letter and it can only consist of letters, numbers, spaces, underscores and hyphens`,
      'NameError',
    );
  const fields = (doc.fields as Doc[] | undefined) ?? [];
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    const row = i + 1;
    const fieldname = String(f.fieldname ?? '');
    const type = String(f.fieldtype ?? '');
    if (!fieldname) throw frappeThrow(`Row #${row}: Fieldname is required`);
    if (!/^[a-z0-9_]+$/.test(fieldname))
      throw frappeThrow(`Fieldname ${fieldname} has invalid characters`, 'ValidationError', 'Invalid Fieldname');
    if (seen.has(fieldname))
      throw frappeThrow(
        `Fieldname ${fieldname} appears multiple times in rows ${seen.get(fieldname)}, ${row}`,
        'ValidationError',
        'Duplicate Fieldname',
      );
    seen.set(fieldname, row);
    if (RESERVED.has(fieldname) && !NO_VALUE_TYPES.has(type))
      throw frappeThrow(`Fieldname ${fieldname} is restricted`, 'ValidationError', 'Invalid Fieldname');
    if (!TYPES.has(type)) throw frappeThrow(`Row #${row}: Fieldtype ${type} is not valid`);
    const options = String(f.options ?? '');
    if ((type === 'Link' || type === 'Table' || type === 'Table MultiSelect') && !options)
      throw frappeThrow(`Options required for Link or Table type field ${fieldname} in row ${row}`);
    if (
      (type === 'Link' || type === 'Table' || type === 'Table MultiSelect') &&
      options !== name &&
      !site.meta.exists(options)
    ) {
      throw frappeThrow(
        `Options must be a valid DocType for field ${f.label ? String(f.label) : fieldname} in row ${row}`,
        'ValidationError',
        'Invalid Option',
      );
    }
    if ((type === 'Table' || type === 'Table MultiSelect') && options !== name && !site.meta.get(options)?.istable)
      throw frappeThrow(`Option ${options} for field ${fieldname} is not a child table`);
    if (type === 'Dynamic Link') {
      const target = fields.find((x) => x.fieldname === options);
      if (!target || target.fieldtype !== 'Link' || target.options !== 'DocType')
        throw frappeThrow(
          `Options 'Dynamic Link' type of field must point to another Link Field with options as 'DocType'`,
        );
    }
    if (Number(f.in_list_view ?? 0) && listViewRefused(type, Number(doc.istable ?? 0) === 1))
      throw frappeThrow(
        `'${Number(doc.istable ?? 0) === 1 ? 'In Grid View' : 'In List View'}' not allowed for type ${type} in row ${row}`,
      );
    if (f.unique && NO_VALUE_TYPES.has(type))
      throw frappeThrow(`Fieldtype ${type} for ${String(f.label ?? fieldname)} cannot be unique`);
  });
  const autoname = String(doc.autoname ?? '');
  if (autoname.startsWith('field:') && !seen.has(autoname.slice(6)))
    throw frappeThrow(`Invalid fieldname '${autoname.slice(6)}' in autoname`);
  if (autoname.startsWith('naming_series:') && !seen.has('naming_series'))
    throw frappeThrow('Field "naming_series" is required for naming_series autoname');
  if (autoname.startsWith('format:') && (autoname.match(/\{#+\}/g) ?? []).length > 1)
    throw frappeThrow('Only one {#…} counter is allowed in a format: naming rule');
  for (const key of ['title_field', 'sort_field', 'subject_field', 'sender_field', 'sender_name_field'] as const) {
    const v = doc[key];
    if (v && !seen.has(String(v)) && !['name', 'modified', 'creation', 'idx'].includes(String(v)))
      throw frappeThrow(`${key.replace('_', ' ')} "${String(v)}" is not a field of ${name}`);
  }
  if (Number(doc.email_append_to ?? 0) === 1) {
    const sender = fields.find((f) => f.fieldname === doc.sender_field);
    if (!sender || sender.fieldtype !== 'Data' || sender.options !== 'Email')
      throw frappeThrow(`Sender Field should have Email in options`);
    if (!fields.some((f) => f.fieldname === doc.subject_field))
      throw frappeThrow('Subject Field is required for email append to');
  }
  if (Number(doc.istable ?? 0) === 1 && ((doc.permissions as Doc[] | undefined) ?? []).length) doc.permissions = [];
  const perms = (doc.permissions as Doc[] | undefined) ?? [];
  perms.forEach((p, i) => {
    if (!Number(doc.is_submittable ?? 0) && (Number(p.submit ?? 0) || Number(p.cancel ?? 0) || Number(p.amend ?? 0)))
      throw frappeThrow(
        `For ${String(p.role)} at level ${String(p.permlevel ?? 0)} in ${name} in row ${i + 1}: Cannot set Assign Submit if not Submittable`,
      );
    // A Single has no list or import: Frappe 15.75 drops these flags when the doctype is saved.
    if (Number(doc.issingle ?? 0)) for (const k of ['report', 'import', 'export']) p[k] = 0;
  });
  // The description is Small Text: stored with < and > escaped (observed on Frappe 15.75).
  if (typeof doc.description === 'string')
    doc.description = doc.description.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
