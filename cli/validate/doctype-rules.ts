/**
 * Frappe 15 rules for a DocType document (docs/host-contract.md). Pure: the caller supplies what is known about the
 * project (its doctypes, the host doctypes it declares, the roles that will exist).
 */
import {
  CHILD_STANDARD_FIELDS,
  FIELD_TYPES,
  NO_VALUE_TYPES,
  STANDARD_FIELDS,
  listViewRefused,
  scrub,
  selectOptions,
  type DocField,
  type DocType,
} from '../../domain/meta/doctype.schema.ts';
import type { ValidationIssue } from './issue.ts';

export interface ProjectContext {
  /** Project doctypes by name. */
  doctypes: ReadonlyMap<string, DocType>;
  /** Host doctypes the manifest declares, with their fields where a trimmed copy is known. */
  hostDoctypes: ReadonlyMap<string, DocType | null>;
  roles: ReadonlySet<string>;
  module: string;
}

const FIELD_TYPE_SET: ReadonlySet<string> = new Set(FIELD_TYPES);
const SNAKE = /^[a-z][a-z0-9_]*$/;
const DATA_OPTIONS = new Set(['Email', 'Name', 'Phone', 'URL', 'Barcode', 'IBAN']);
const TEXT_TYPES = new Set(['Data', 'Small Text', 'Text', 'Long Text', 'Text Editor']);
const MAX_NAME = 61; // `tab` + name must fit MariaDB's 64 (docs/host-contract.md)

export function knownDoctype(ctx: ProjectContext, name: string): boolean {
  return ctx.doctypes.has(name) || ctx.hostDoctypes.has(name);
}

export function checkDoctype(file: string, dt: DocType, ctx: ProjectContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (message: string, field?: string): void => {
    issues.push({ file, doctype: dt.name, ...(field ? { field } : {}), message });
  };

  if (dt.name.length > MAX_NAME) add(`DocType name is ${dt.name.length} characters; Frappe allows at most ${MAX_NAME}`);
  if (!/^[A-Za-z][A-Za-z0-9 ]*$/.test(dt.name))
    add('DocType name must start with a letter and contain only letters, digits and spaces');
  if (`${scrub(dt.name)}.json` !== file.split('/').pop()) add(`file should be named ${scrub(dt.name)}.json`);
  if (dt.custom !== 1)
    add('custom must be 1: a DocType created over REST on a production site must be custom (docs/host-contract.md)');
  if (dt.module !== ctx.module) add(`module must be "${ctx.module}"`);
  if (dt.description && /[<>]/.test(dt.description))
    add('description must not contain < or >: Frappe stores them escaped, so every install would see a change');

  const byName = new Map<string, DocField>();
  for (const f of dt.fields) {
    if (byName.has(f.fieldname)) add('duplicate fieldname', f.fieldname);
    byName.set(f.fieldname, f);
  }
  if (dt.field_order && dt.field_order.join() !== dt.fields.map((f) => f.fieldname).join()) {
    add('field_order must list every field, in the order of fields');
  }

  for (const f of dt.fields) issues.push(...checkField(file, dt, f, byName, ctx));
  issues.push(...checkNaming(file, dt, byName));
  issues.push(...checkPermissions(file, dt, ctx));
  issues.push(...checkListSettings(file, dt, byName));
  return issues;
}

function checkField(
  file: string,
  dt: DocType,
  f: DocField,
  byName: Map<string, DocField>,
  ctx: ProjectContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (message: string): void => {
    issues.push({ file, doctype: dt.name, field: f.fieldname, message });
  };
  if (!SNAKE.test(f.fieldname)) add('fieldname must be snake_case (lowercase letters, digits, underscores)');
  if (f.fieldname.length > 64) add('fieldname is longer than 64 characters');
  const reserved: readonly string[] = dt.istable ? [...STANDARD_FIELDS, ...CHILD_STANDARD_FIELDS] : STANDARD_FIELDS;
  if (reserved.includes(f.fieldname)) add(`"${f.fieldname}" is a standard column and cannot be a field`);
  if (!FIELD_TYPE_SET.has(f.fieldtype)) {
    add(`unknown fieldtype "${f.fieldtype}"`);
    return issues;
  }
  if (!NO_VALUE_TYPES.has(f.fieldtype) && !f.label) add('a field that holds a value needs a label');
  const options = f.options ?? '';
  switch (f.fieldtype) {
    case 'Link':
      if (!options) add('Link field needs options (the target DocType)');
      else if (!knownDoctype(ctx, options))
        add(`Link target "${options}" is neither a project doctype nor a declared host doctype`);
      break;
    case 'Table':
    case 'Table MultiSelect': {
      const child = ctx.doctypes.get(options);
      if (!child) add(`Table options "${options}" is not a project doctype`);
      else if (child.istable !== 1) add(`Table options "${options}" is not a child doctype (istable=1)`);
      if (dt.istable) add('a child doctype cannot contain a Table field');
      break;
    }
    case 'Select': {
      const values = selectOptions(f).filter((v) => v !== '');
      if (values.length === 0) add('Select field has no options');
      if (new Set(values).size !== values.length) add('Select options repeat a value');
      if (f.default !== undefined && !selectOptions(f).includes(f.default))
        add(`default "${f.default}" is not one of the options`);
      break;
    }
    case 'Dynamic Link': {
      const target = byName.get(options);
      if (!target || target.fieldtype !== 'Link' || target.options !== 'DocType') {
        add(`Dynamic Link options must name a Link-to-DocType field of the same doctype (got "${options}")`);
      }
      break;
    }
    case 'Currency':
      if (options && !options.includes(':') && !byName.has(options))
        add(`Currency options "${options}" is not a field of this doctype`);
      break;
    case 'Data':
      if (options && !DATA_OPTIONS.has(options)) add(`Data options must be one of ${[...DATA_OPTIONS].join(', ')}`);
      break;
    case 'Check':
      if (f.default !== undefined && f.default !== '0' && f.default !== '1') add('Check default must be "0" or "1"');
      break;
    case 'Int':
      if (f.default !== undefined && !/^-?\d+$/.test(f.default)) add('Int default must be a whole number');
      break;
  }
  if (f.unique && NO_VALUE_TYPES.has(f.fieldtype)) add('a field without a column cannot be unique');
  if (f.in_list_view && listViewRefused(f.fieldtype, dt.istable === 1))
    add(
      `in_list_view is refused by Frappe for a ${f.fieldtype} field${dt.istable === 1 ? ' in a child table grid' : ''}`,
    );
  if (
    f.search_index &&
    (NO_VALUE_TYPES.has(f.fieldtype) ||
      ['Text', 'Small Text', 'Long Text', 'Text Editor', 'Code'].includes(f.fieldtype))
  ) {
    add('search_index is only valid on a column that MariaDB can index (not a text or table field)');
  }
  if (f.fetch_from) {
    const [link] = f.fetch_from.split('.');
    const linkField = link ? byName.get(link) : undefined;
    if (!linkField || linkField.fieldtype !== 'Link')
      add(`fetch_from "${f.fetch_from}" must start with a Link field of this doctype`);
  }
  return issues;
}

function checkNaming(file: string, dt: DocType, byName: Map<string, DocField>): ValidationIssue[] {
  const add = (message: string): ValidationIssue => ({ file, doctype: dt.name, field: 'autoname', message });
  if (dt.istable || dt.issingle) return dt.autoname ? [add('child and single doctypes take no naming rule')] : [];
  const rule = dt.autoname ?? '';
  if (!rule) return [add('a naming rule (autoname) is required')];
  if (['hash', 'prompt', 'autoincrement', 'UUID'].includes(rule)) return [];
  if (rule.startsWith('field:')) {
    const target = byName.get(rule.slice(6));
    if (!target) return [add(`"${rule}" names a field that does not exist`)];
    if (target.unique !== 1) return [add(`the naming field ${target.fieldname} must be unique`)];
    if (target.reqd !== 1) return [add(`the naming field ${target.fieldname} must be mandatory`)];
    return [];
  }
  if (rule.startsWith('naming_series:')) {
    return byName.get('naming_series')?.fieldtype === 'Select'
      ? []
      : [add('naming_series: needs a Select field "naming_series"')];
  }
  if (rule.startsWith('format:')) {
    const groups = rule.match(/\{#+\}/g) ?? [];
    if (groups.length !== 1) return [add('a format: rule needs exactly one {#…} counter group')];
    const missing = (rule.match(/\{([a-z_][a-z0-9_]*)\}/g) ?? [])
      .map((g) => g.slice(1, -1))
      .filter((n) => !byName.has(n));
    return missing.map((n) => add(`format: rule uses {${n}}, which is not a field`));
  }
  if (/\.#+$/.test(rule) && /^[A-Za-z0-9\-./{}_#]+$/.test(rule)) return [];
  return [
    add(
      `"${rule}" is not a naming rule Frappe knows (hash, prompt, autoincrement, field:, naming_series:, format:, or a series like ABC-.YYYY.-.#####)`,
    ),
  ];
}

function checkPermissions(file: string, dt: DocType, ctx: ProjectContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (message: string): void => {
    issues.push({ file, doctype: dt.name, field: 'permissions', message });
  };
  if (dt.istable) {
    if (dt.permissions.length) add('child doctypes take their permissions from the parent; remove these rows');
    return issues;
  }
  if (dt.permissions.length === 0) add('at least one permission row is needed');
  if (!dt.permissions.some((p) => p.role === 'System Manager')) add('System Manager needs a permission row');
  for (const p of dt.permissions) {
    if (!ctx.roles.has(p.role)) add(`unknown role "${p.role}"`);
    if (dt.is_submittable !== 1 && (p.submit || p.cancel || p.amend))
      add(`role "${p.role}" has submit/cancel/amend on a doctype that is not submittable`);
    if (p.read === 0 && (p.write || p.create || p.delete)) add(`role "${p.role}" can change documents it cannot read`);
    if (dt.issingle && (p.report || p.import || p.export))
      add(`role "${p.role}": a Single has no report, import or export (Frappe drops them on save)`);
  }
  return issues;
}

function checkListSettings(file: string, dt: DocType, byName: Map<string, DocField>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (message: string, field?: string): void => {
    issues.push({ file, doctype: dt.name, ...(field ? { field } : {}), message });
  };
  if (dt.issingle) return issues;
  for (const f of dt.fields) {
    if (f.in_standard_filter && !f.search_index && !dt.istable)
      add('a standard list filter needs search_index', f.fieldname);
  }
  const sort = dt.sort_field ?? 'modified';
  if (!(STANDARD_FIELDS as readonly string[]).includes(sort)) {
    const f = byName.get(sort);
    if (!f) add(`sort_field "${sort}" is not a field`);
    else if (!f.search_index) add(`sort_field "${sort}" needs search_index`, sort);
  }
  for (const key of ['title_field', 'subject_field', 'sender_field', 'sender_name_field'] as const) {
    const v = dt[key];
    if (v && !byName.has(v)) add(`${key} "${v}" is not a field`);
  }
  for (const s of (dt.search_fields ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!byName.has(s)) add(`search_fields lists "${s}", which is not a field`);
  }
  if (dt.email_append_to) {
    const sender = dt.sender_field ? byName.get(dt.sender_field) : undefined;
    if (!sender || sender.fieldtype !== 'Data' || sender.options !== 'Email') {
      add('email_append_to needs a sender_field of type Data with options Email (docs/host-contract.md)');
    }
    const subject = dt.subject_field ? byName.get(dt.subject_field) : undefined;
    if (!subject || !TEXT_TYPES.has(subject.fieldtype)) add('email_append_to needs a text subject_field');
  }
  return issues;
}
