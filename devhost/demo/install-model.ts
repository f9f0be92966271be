/**
 * Puts Postventa's model into a local dev host through the host's own document API (the same DocType, Custom Field
 * and Role validation a REST call meets). Until `postventa install` (issue 5) does this over REST, `npm start` uses
 * it to give the demo a real data model. Idempotent: existing records are left as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocTypeSchema, type DocType } from '../../domain/meta/doctype.schema.ts';
import { ManifestSchema } from '../../cli/manifest.schema.ts';
import { planDoctypes } from '../../cli/install/plan-doctypes.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { DevHost } from '../site.ts';

const OPTS = { ignorePermissions: true } as const;

function readJson(root: string, rel: string): unknown {
  return JSON.parse(readFileSync(join(root, rel), 'utf8'));
}

function doctypeBody(dt: DocType, fields: DocType['fields']): Doc {
  const present = new Set(fields.map((f) => f.fieldname));
  // The file's own timestamps would read as a stale `modified` (TimestampMismatchError) on update.
  const { modified: _m, creation: _c, owner: _o, modified_by: _b, ...rest } = dt as Doc;
  const body: Doc = { ...rest, fields, permissions: dt.permissions };
  for (const key of ['title_field', 'sort_field', 'subject_field', 'sender_field', 'sender_name_field'] as const) {
    if (
      typeof body[key] === 'string' &&
      !present.has(String(body[key])) &&
      !['modified', 'creation', 'name'].includes(String(body[key]))
    )
      body[key] = undefined;
  }
  if (typeof body.search_fields === 'string')
    body.search_fields = body.search_fields
      .split(',')
      .filter((f) => present.has(f.trim()))
      .join(',');
  return body;
}

export async function installModel(site: DevHost, ctx: RequestContext, root: string): Promise<{ created: number }> {
  const manifest = ManifestSchema.parse(readJson(root, 'plugin-manifest.json'));
  let created = 0;
  if (!site.docs.exists('Module Def', manifest.module))
    await site.docs.insert(ctx, 'Module Def', { module_name: manifest.module, app_name: 'frappe', custom: 1 }, OPTS);
  for (const role of readJson(root, manifest.fixtures.roles) as Doc[]) {
    if (!site.docs.exists('Role', String(role.name))) await site.docs.insert(ctx, 'Role', role, OPTS);
  }
  const doctypes = manifest.doctypes.map((rel) => DocTypeSchema.parse(readJson(root, rel)));
  const missing = doctypes.filter((d) => !site.meta.exists(d.name));
  const plan = planDoctypes(missing, (name) => site.meta.exists(name));
  for (const step of plan.create) {
    await site.docs.insert(ctx, 'DocType', doctypeBody(step.doctype, step.fields), OPTS);
    created++;
  }
  for (const dt of plan.complete) await site.docs.update(ctx, 'DocType', dt.name, doctypeBody(dt, dt.fields), OPTS);
  for (const cf of readJson(root, manifest.fixtures.customFields) as Doc[]) {
    if (!site.docs.exists('Custom Field', String(cf.name))) await site.docs.insert(ctx, 'Custom Field', cf, OPTS);
  }
  for (const rel of manifest.fixtures.translations) {
    const have = new Set(
      site.db
        .all('SELECT source_text FROM "tabTranslation" WHERE language = ?', ['es'])
        .map((r) => String(r.source_text)),
    );
    for (const t of readJson(root, rel) as Doc[])
      if (!have.has(String(t.source_text))) await site.docs.insert(ctx, 'Translation', { language: 'es', ...t }, OPTS);
  }
  for (const rel of manifest.fixtures.records) {
    for (const r of readJson(root, rel) as Doc[])
      if (!site.docs.exists(String(r.doctype), String(r.name))) await site.docs.insert(ctx, String(r.doctype), r, OPTS);
  }
  return { created };
}
