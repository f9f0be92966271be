/** Loads the project from disk and runs every rule. The only I/O of the validator lives here. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DocTypeSchema, scrub, type DocType } from '../../domain/meta/doctype.schema.ts';
import { ManifestSchema, type Manifest } from '../manifest.schema.ts';
import { checkDoctype, type ProjectContext } from './doctype-rules.ts';
import {
  CustomFieldFixtureSchema,
  checkCustomFields,
  checkRecords,
  checkRoles,
  checkTranslations,
  translatableStrings,
} from './fixture-rules.ts';
import type { ValidationIssue } from './issue.ts';

/** Roles a Frappe/ERPNext site always has (docs/host-contract.md) plus ERPNext's accounting role. */
export const HOST_ROLES = [
  'Administrator',
  'System Manager',
  'Guest',
  'All',
  'Accounts User',
  'Accounts Manager',
  'Projects User',
  'Stock User',
];

export interface ValidationResult {
  issues: ValidationIssue[];
  doctypes: number;
  files: number;
}

function readJson(root: string, rel: string, issues: ValidationIssue[]): unknown {
  try {
    return JSON.parse(readFileSync(join(root, rel), 'utf8'));
  } catch (e) {
    issues.push({ file: rel, message: `cannot read JSON: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
}

function readArray(root: string, rel: string, issues: ValidationIssue[]): unknown[] {
  const v = readJson(root, rel, issues);
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    issues.push({ file: rel, message: 'must be a JSON array of documents' });
    return [];
  }
  return v;
}

/** The project's own doctypes, parsed, by name (with the file each came from); unlisted JSON files are named. */
function readDoctypes(root: string, manifest: Manifest, issues: ValidationIssue[]) {
  const doctypes = new Map<string, DocType>();
  const doctypeFiles = new Map<string, string>();
  for (const rel of manifest.doctypes) {
    const raw = readJson(root, rel, issues);
    if (raw === undefined) continue;
    const parsed = DocTypeSchema.safeParse(raw);
    if (!parsed.success) {
      for (const e of parsed.error.issues)
        issues.push({ file: rel, field: e.path.join('.'), message: `not a DocType document: ${e.message}` });
      continue;
    }
    if (doctypes.has(parsed.data.name))
      issues.push({ file: rel, doctype: parsed.data.name, message: 'DocType defined twice' });
    doctypes.set(parsed.data.name, parsed.data);
    doctypeFiles.set(parsed.data.name, rel);
  }
  const listed = new Set(manifest.doctypes);
  if (existsSync(join(root, 'doctypes'))) {
    for (const f of readdirSync(join(root, 'doctypes')).filter((x) => x.endsWith('.json'))) {
      if (!listed.has(`doctypes/${f}`))
        issues.push({ file: `doctypes/${f}`, message: 'not listed in plugin-manifest.json doctypes' });
    }
  }
  return { doctypes, doctypeFiles };
}

/** The host doctypes the project declares, from the dev host's copies (null when there is none). */
function readHostDoctypes(root: string, manifest: Manifest, doctypes: Map<string, DocType>, issues: ValidationIssue[]) {
  const hostDoctypes = new Map<string, DocType | null>();
  for (const name of manifest.hostDoctypes) {
    const rel = `devhost/host-doctypes/${scrub(name)}.json`;
    const raw = existsSync(join(root, rel)) ? readJson(root, rel, issues) : undefined;
    const parsed = raw === undefined ? undefined : DocTypeSchema.safeParse(raw);
    hostDoctypes.set(name, parsed?.success ? parsed.data : null);
    if (doctypes.has(name))
      issues.push({
        file: 'plugin-manifest.json',
        doctype: name,
        message: 'declared both as a host doctype and a project doctype',
      });
  }
  return hostDoctypes;
}

export function validateProject(root: string): ValidationResult {
  const issues: ValidationIssue[] = [];
  const rawManifest = readJson(root, 'plugin-manifest.json', issues);
  const parsedManifest = ManifestSchema.safeParse(rawManifest);
  if (!parsedManifest.success) {
    for (const e of parsedManifest.error.issues)
      issues.push({ file: 'plugin-manifest.json', field: e.path.join('.'), message: e.message });
    return { issues, doctypes: 0, files: 1 };
  }
  const manifest: Manifest = parsedManifest.data;
  const { doctypes, doctypeFiles } = readDoctypes(root, manifest, issues);
  const hostDoctypes = readHostDoctypes(root, manifest, doctypes, issues);
  const roleRows = readArray(root, manifest.fixtures.roles, issues);
  const roleCheck = checkRoles(manifest.fixtures.roles, roleRows);
  issues.push(...roleCheck.issues);
  const ctx: ProjectContext = {
    doctypes,
    hostDoctypes,
    roles: new Set([...HOST_ROLES, ...roleCheck.roles]),
    module: manifest.module,
  };
  for (const [name, dt] of doctypes) issues.push(...checkDoctype(doctypeFiles.get(name) ?? name, dt, ctx));
  const cfRows = readArray(root, manifest.fixtures.customFields, issues);
  issues.push(...checkCustomFields(manifest.fixtures.customFields, cfRows, ctx));
  for (const rel of manifest.fixtures.records) issues.push(...checkRecords(rel, readArray(root, rel, issues), ctx));
  const labels = cfRows.flatMap((r) => {
    const p = CustomFieldFixtureSchema.safeParse(r);
    return p.success ? [{ label: p.data.label }] : [];
  });
  const required = translatableStrings(doctypes.values(), labels);
  for (const role of roleCheck.roles) required.add(role);
  for (const rel of manifest.fixtures.translations)
    issues.push(...checkTranslations(rel, readArray(root, rel, issues), required));
  issues.push(...checkWebhooks(manifest, doctypes, hostDoctypes), ...checkHostPermissions(manifest, hostDoctypes, ctx));
  for (const s of manifest.hostScripts)
    if (!existsSync(join(root, s.file)))
      issues.push({ file: 'plugin-manifest.json', message: `host script ${s.name}: file ${s.file} does not exist` });
  // The manifest, each doctype, the roles and custom fields fixtures, each record and translation file, each script.
  const files =
    3 +
    manifest.doctypes.length +
    manifest.fixtures.records.length +
    manifest.fixtures.translations.length +
    manifest.hostScripts.length;
  return { issues, doctypes: doctypes.size, files };
}

/** Webhooks on known doctypes; submit and cancel events only on submittable ones. */
function checkWebhooks(
  manifest: Manifest,
  doctypes: Map<string, DocType>,
  hostDoctypes: Map<string, DocType | null>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const hook of manifest.webhooks) {
    if (!doctypes.has(hook.doctype) && !hostDoctypes.has(hook.doctype)) {
      issues.push({
        file: 'plugin-manifest.json',
        doctype: hook.doctype,
        message: `webhook on an unknown doctype (${hook.event})`,
      });
    }
    const target = doctypes.get(hook.doctype) ?? hostDoctypes.get(hook.doctype);
    if (target && (hook.event === 'on_submit' || hook.event === 'on_cancel') && target.is_submittable !== 1) {
      issues.push({
        file: 'plugin-manifest.json',
        doctype: hook.doctype,
        message: `${hook.event} webhook needs a submittable doctype (docs/host-contract.md)`,
      });
    }
  }
  return issues;
}

/** One row per role and host doctype, on declared host doctypes, for known roles. */
function checkHostPermissions(
  manifest: Manifest,
  hostDoctypes: Map<string, DocType | null>,
  ctx: ProjectContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seenPerm = new Set<string>();
  for (const p of manifest.hostPermissions) {
    const at = { file: 'plugin-manifest.json', doctype: p.doctype, field: 'hostPermissions' };
    const key = `${p.doctype}|${p.role}`;
    if (seenPerm.has(key))
      issues.push({ ...at, message: `role "${p.role}" listed twice: give one row with all its flags` });
    seenPerm.add(key);
    if (!hostDoctypes.has(p.doctype)) issues.push({ ...at, message: 'not a declared host doctype' });
    if (!ctx.roles.has(p.role)) issues.push({ ...at, message: `unknown role "${p.role}"` });
  }
  return issues;
}
