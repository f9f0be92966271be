/** Rules for fixtures: Custom Fields on host doctypes, Roles, default records and translations (docs/host-contract.md). */
import { z } from 'zod';
import { DOCTYPE_SCHEMAS, type PostventaDoctype } from '../../generated/doctypes/index.ts';
import { FIELD_TYPES, dataFields, selectOptions, type DocType } from '../../domain/meta/doctype.schema.ts';
import type { ValidationIssue } from './issue.ts';
import { knownDoctype, type ProjectContext } from './doctype-rules.ts';

export const CustomFieldFixtureSchema = z.looseObject({
  doctype: z.literal('Custom Field'),
  name: z.string(),
  dt: z.string(),
  module: z.string(),
  fieldname: z.string(),
  label: z.string(),
  fieldtype: z.string(),
  options: z.string().optional(),
  insert_after: z.string().optional(),
});
export const RoleFixtureSchema = z.looseObject({
  doctype: z.literal('Role'),
  name: z.string(),
  role_name: z.string(),
  desk_access: z.union([z.literal(0), z.literal(1)]),
});
export const TranslationSchema = z.strictObject({
  source_text: z.string().min(1),
  translated_text: z.string().min(1),
  context: z.string().optional(),
});
export type Translation = z.infer<typeof TranslationSchema>;

const FIELD_TYPE_SET: ReadonlySet<string> = new Set(FIELD_TYPES);

export function checkCustomFields(file: string, rows: unknown[], ctx: ProjectContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const parsed = CustomFieldFixtureSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push({ file, message: `row ${i + 1} is not a Custom Field: ${parsed.error.issues[0]?.message ?? ''}` });
      return;
    }
    const cf = parsed.data;
    const add = (message: string): void => {
      issues.push({ file, doctype: cf.dt, field: cf.fieldname, message });
    };
    if (!ctx.hostDoctypes.has(cf.dt)) add(`"${cf.dt}" is not a declared host doctype`);
    if (cf.name !== `${cf.dt}-${cf.fieldname}`)
      add(`name must be "${cf.dt}-${cf.fieldname}" (Frappe names Custom Fields <dt>-<fieldname>)`);
    if (!/^[a-z][a-z0-9_]*$/.test(cf.fieldname)) add('fieldname must be snake_case');
    if (!FIELD_TYPE_SET.has(cf.fieldtype)) add(`unknown fieldtype "${cf.fieldtype}"`);
    if (cf.module !== ctx.module) add(`module must be "${ctx.module}" so fixtures can be filtered`);
    if (cf.fieldtype === 'Link' && (!cf.options || !knownDoctype(ctx, cf.options)))
      add(`Link target "${cf.options ?? ''}" is unknown`);
    if (seen.has(cf.name)) add('duplicate Custom Field');
    seen.add(cf.name);
    const host = ctx.hostDoctypes.get(cf.dt);
    if (host) {
      if (host.fields.some((f) => f.fieldname === cf.fieldname)) {
        add(
          `"${cf.fieldname}" already exists in ${cf.dt}; the host refuses it (docs/host-contract.md): use the standard field`,
        );
      }
      const siblings = rows
        .map((r) => CustomFieldFixtureSchema.safeParse(r))
        .flatMap((r) => (r.success && r.data.dt === cf.dt ? [r.data.fieldname] : []));
      if (
        cf.insert_after &&
        !host.fields.some((f) => f.fieldname === cf.insert_after) &&
        !siblings.includes(cf.insert_after)
      ) {
        add(`insert_after "${cf.insert_after}" is not a field of ${cf.dt}`);
      }
    }
  });
  return issues;
}

export function checkRoles(file: string, rows: unknown[]): { issues: ValidationIssue[]; roles: string[] } {
  const issues: ValidationIssue[] = [];
  const roles: string[] = [];
  rows.forEach((raw, i) => {
    const parsed = RoleFixtureSchema.safeParse(raw);
    if (!parsed.success)
      issues.push({ file, message: `row ${i + 1} is not a Role: ${parsed.error.issues[0]?.message ?? ''}` });
    else if (parsed.data.name !== parsed.data.role_name)
      issues.push({ file, message: `Role ${parsed.data.name}: name must equal role_name` });
    else roles.push(parsed.data.name);
  });
  return { issues, roles };
}

/**
 * Host (ERPNext) doctypes the installer may seed a default record of: the labour Activity Type for time logs, and
 * the Email Template of the portal invitation (server-scripts/companion/mail/portal-invite.ts).
 */
const HOST_RECORD_DOCTYPES = new Set(['Activity Type', 'Email Template']);

function isPostventaDoctype(name: string): name is PostventaDoctype {
  return name in DOCTYPE_SCHEMAS;
}

/** Default records of project doctypes must match the model: parsed by the generated zod schemas. */
export function checkRecords(file: string, rows: unknown[], ctx: ProjectContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  rows.forEach((raw, i) => {
    const doctype = z.looseObject({ doctype: z.string(), name: z.string() }).safeParse(raw);
    if (!doctype.success) {
      issues.push({ file, message: `row ${i + 1} needs "doctype" and "name"` });
      return;
    }
    const { doctype: dt, name } = doctype.data;
    if (HOST_RECORD_DOCTYPES.has(dt)) return; // the host validates its own doctypes on insert
    if (!isPostventaDoctype(dt)) {
      issues.push({ file, doctype: dt, message: `record ${name}: not a project doctype` });
      return;
    }
    const parsed = DOCTYPE_SCHEMAS[dt].safeParse(raw);
    if (!parsed.success) {
      for (const e of parsed.error.issues)
        issues.push({ file, doctype: dt, field: e.path.join('.'), message: `record ${name}: ${e.message}` });
    }
    const meta = ctx.doctypes.get(dt);
    const record = raw as Record<string, unknown>;
    for (const f of meta?.fields ?? []) {
      if (f.reqd && (record[f.fieldname] === undefined || record[f.fieldname] === '') && f.default === undefined) {
        issues.push({ file, doctype: dt, field: f.fieldname, message: `record ${name}: mandatory value missing` });
      }
    }
  });
  return issues;
}

/** Every label, Select option and doctype name of the project needs a Spanish translation (UI is Spanish-first). */
export function translatableStrings(doctypes: Iterable<DocType>, customFields: { label: string }[]): Set<string> {
  const out = new Set<string>();
  for (const dt of doctypes) {
    out.add(dt.name);
    for (const f of dt.fields) {
      if (f.label) out.add(f.label);
    }
    for (const f of dataFields(dt).filter((x) => x.fieldtype === 'Select')) {
      for (const o of selectOptions(f)) if (o) out.add(o);
    }
  }
  for (const cf of customFields) out.add(cf.label);
  return out;
}

export function checkTranslations(file: string, rows: unknown[], required: Set<string>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const have = new Map<string, string>();
  rows.forEach((raw, i) => {
    const parsed = TranslationSchema.safeParse(raw);
    if (!parsed.success)
      issues.push({ file, message: `row ${i + 1} is not a translation {source_text, translated_text}` });
    else if (have.has(parsed.data.source_text))
      issues.push({ file, message: `"${parsed.data.source_text}" is translated twice` });
    else have.set(parsed.data.source_text, parsed.data.translated_text);
  });
  const missing = [...required].filter((s) => !have.has(s)).sort();
  if (missing.length)
    issues.push({
      file,
      message: `no Spanish translation for ${missing.length} labels/options: ${missing
        .slice(0, 15)
        .map((m) => JSON.stringify(m))
        .join(', ')}${missing.length > 15 ? ', …' : ''}`,
    });
  return issues;
}
