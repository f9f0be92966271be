/**
 * The shape of a Frappe 15 DocType document as stored in `doctypes/*.json` (docs/host-contract.md).
 * Parsing is deliberately permissive about keys we do not use (Frappe adds many); the validator checks the rules.
 */
import { z } from 'zod';

/** Every fieldtype a v15 DocField or Custom Field may use (docs/host-contract.md). */
export const FIELD_TYPES = [
  'Autocomplete',
  'Attach',
  'Attach Image',
  'Barcode',
  'Button',
  'Check',
  'Code',
  'Color',
  'Column Break',
  'Currency',
  'Data',
  'Date',
  'Datetime',
  'Duration',
  'Dynamic Link',
  'Float',
  'Fold',
  'Geolocation',
  'Heading',
  'HTML',
  'HTML Editor',
  'Icon',
  'Image',
  'Int',
  'JSON',
  'Link',
  'Long Text',
  'Markdown Editor',
  'Password',
  'Percent',
  'Phone',
  'Read Only',
  'Rating',
  'Section Break',
  'Select',
  'Signature',
  'Small Text',
  'Tab Break',
  'Table',
  'Table MultiSelect',
  'Text',
  'Text Editor',
  'Time',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Fieldtypes that hold no column (`no_value_fields`, docs/host-contract.md). */
export const NO_VALUE_TYPES: ReadonlySet<string> = new Set([
  'Section Break',
  'Column Break',
  'Tab Break',
  'HTML',
  'Table',
  'Table MultiSelect',
  'Button',
  'Image',
  'Fold',
  'Heading',
]);

/**
 * Fieldtypes a DocType may not show in its list view (in a child table, its grid): Frappe's `no_value_fields` plus
 * Attach Image; a child table may show Button and HTML. Frappe 15.75 refuses such a field with 417 "'In Grid View'
 * not allowed for type Attach Image in row 1" (docs/host-contract.md).
 */
export function listViewRefused(fieldtype: string, istable: boolean): boolean {
  if (istable && (fieldtype === 'Button' || fieldtype === 'HTML')) return false;
  return NO_VALUE_TYPES.has(fieldtype) || fieldtype === 'Attach Image';
}

/** Columns every table has; a DocField may not reuse these names (docs/host-contract.md). */
export const STANDARD_FIELDS = [
  'name',
  'owner',
  'creation',
  'modified',
  'modified_by',
  'docstatus',
  'idx',
  'doctype',
] as const;
export const CHILD_STANDARD_FIELDS = ['parent', 'parentfield', 'parenttype'] as const;

const flag = z.union([z.literal(0), z.literal(1)]).optional();

export const DocFieldSchema = z.looseObject({
  fieldname: z.string(),
  fieldtype: z.string(),
  label: z.string().optional(),
  options: z.string().optional(),
  reqd: flag,
  unique: flag,
  default: z.string().optional(),
  read_only: flag,
  hidden: flag,
  search_index: flag,
  in_list_view: flag,
  in_standard_filter: flag,
  fetch_from: z.string().optional(),
  description: z.string().optional(),
  length: z.number().int().optional(),
  no_copy: flag,
  /** Field permission level: only roles with a permission row at this level read (read) or change (write) it. */
  permlevel: z.number().int().min(0).max(9).optional(),
});
export type DocField = z.infer<typeof DocFieldSchema>;

export const DocPermSchema = z.looseObject({
  role: z.string(),
  permlevel: z.number().int().optional(),
  if_owner: flag,
  read: flag,
  write: flag,
  create: flag,
  delete: flag,
  submit: flag,
  cancel: flag,
  amend: flag,
  report: flag,
  export: flag,
  import: flag,
  share: flag,
  print: flag,
  email: flag,
  select: flag,
});
export type DocPerm = z.infer<typeof DocPermSchema>;

export const DocTypeSchema = z.looseObject({
  doctype: z.literal('DocType'),
  name: z.string(),
  module: z.string(),
  custom: flag,
  istable: flag,
  issingle: flag,
  is_submittable: flag,
  track_changes: flag,
  autoname: z.string().optional(),
  naming_rule: z.string().optional(),
  title_field: z.string().optional(),
  search_fields: z.string().optional(),
  sort_field: z.string().optional(),
  sort_order: z.enum(['ASC', 'DESC']).optional(),
  email_append_to: flag,
  sender_field: z.string().optional(),
  subject_field: z.string().optional(),
  sender_name_field: z.string().optional(),
  description: z.string().optional(),
  field_order: z.array(z.string()).optional(),
  fields: z.array(DocFieldSchema),
  permissions: z.array(DocPermSchema).default([]),
});
export type DocType = z.infer<typeof DocTypeSchema>;

/** Frappe's `scrub`: the file and module name of a doctype ("Support Case" → "support_case"). */
export function scrub(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '');
}

/** Fields that hold a value (a column or a child table), in order. */
export function dataFields(doctype: DocType): DocField[] {
  return doctype.fields.filter(
    (f) => !NO_VALUE_TYPES.has(f.fieldtype) || f.fieldtype === 'Table' || f.fieldtype === 'Table MultiSelect',
  );
}

/** Options of a Select field, in order, including a leading "" when the first line is empty. */
export function selectOptions(field: DocField): string[] {
  return (field.options ?? '').split('\n');
}
