/**
 * `postventa install` plan: what exists on the site and what the project wants, per component, in the order that
 * applies (module, roles, doctypes, custom fields, host permissions, translations, records, host scripts, webhooks,
 * web page). Each action carries the closure that applies it; the plan itself is printable data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { DocTypeSchema, NO_VALUE_TYPES, type DocType } from '../../domain/meta/doctype.schema.ts';
import { ManifestSchema, type Manifest } from '../manifest.schema.ts';
import { HostClient } from '../../host-client/client.ts';
import { planDoctypes } from './plan-doctypes.ts';
import { diffDoctype, diffKeys } from './compare.ts';
import { siteTranslations } from './site-state.ts';
import { AnyDoc as Any } from '../../host-client/client.ts';

export type ActionKind =
  | 'module'
  | 'migration'
  | 'role'
  | 'doctype'
  | 'custom field'
  | 'permission'
  | 'translation'
  | 'record'
  | 'server script'
  | 'webhook'
  | 'web page'
  | 'asset';
export type Op = 'create' | 'update' | 'remove' | 'unchanged' | 'skip';

export interface Action {
  kind: ActionKind;
  name: string;
  op: Op;
  detail?: string;
  run?: () => Promise<void>;
}

export interface InstallOptions {
  root: string;
  companionUrl?: string;
  webhookSecret?: string;
}

type Rec = Record<string, unknown>;

export const WEBHOOK_PREFIX = 'Postventa';
export function webhookName(doctype: string, event: string): string {
  return `${WEBHOOK_PREFIX} ${doctype} ${event}`;
}
/**
 * The payload the companion reads: which document changed and when (it re-reads the document itself). The topic is
 * inside the signed body, so a delivery cannot be replayed to another topic; `key` names the secret (a short hash),
 * so a new `--webhook-secret` changes the webhook and install rotates it.
 */
export function webhookJson(event: string, topic: string, secret: string): string {
  const key = createHash('sha256').update(secret).digest('hex').slice(0, 12);
  return `{"doctype": "{{ doc.doctype }}", "name": {{ doc.name | tojson }}, "modified": "{{ doc.modified }}", "event": "${event}", "topic": "${topic}", "key": "${key}"}`;
}

const PERM_FLAGS: Record<string, string[]> = {
  r: ['read', 'report', 'print', 'email'],
  w: ['write', 'share'],
  c: ['create'],
  d: ['delete'],
  s: ['submit', 'cancel'],
};
export function permRow(role: string, flags: string): Rec {
  const row: Rec = {
    role,
    permlevel: 0,
    if_owner: 0,
    read: 0,
    write: 0,
    create: 0,
    delete: 0,
    submit: 0,
    cancel: 0,
    amend: 0,
    report: 0,
    export: 0,
    import: 0,
    share: 0,
    print: 0,
    email: 0,
    select: 0,
  };
  for (const f of flags) for (const k of PERM_FLAGS[f] ?? []) row[k] = 1;
  return row;
}
const PERM_KEYS = ['read', 'write', 'create', 'delete', 'submit', 'cancel', 'report', 'share', 'print', 'email'];

function readJson(root: string, rel: string): unknown {
  return JSON.parse(readFileSync(join(root, rel), 'utf8'));
}

export function loadManifest(root: string): Manifest {
  return ManifestSchema.parse(readJson(root, 'plugin-manifest.json'));
}

function doctypeBody(dt: DocType, fields: DocType['fields'], siteFields: Rec[] = []): Rec {
  const present = new Set(fields.map((f) => f.fieldname));
  const existing = new Map(siteFields.map((f) => [String(f.fieldname), String(f.name)]));
  const { modified: _m, creation: _c, owner: _o, modified_by: _b, field_order: _f, ...rest } = dt as Rec;
  const body: Rec = {
    ...rest,
    fields: fields.map((f) => (existing.has(f.fieldname) ? { ...f, name: existing.get(f.fieldname) } : f)),
    permissions: dt.permissions,
  };
  for (const key of ['title_field', 'sort_field', 'subject_field', 'sender_field', 'sender_name_field']) {
    const v = body[key];
    if (typeof v === 'string' && !present.has(v) && !['modified', 'creation', 'name'].includes(v)) body[key] = null;
  }
  if (typeof body.search_fields === 'string')
    body.search_fields = body.search_fields
      .split(',')
      .filter((f) => present.has(f.trim()))
      .join(',');
  return body;
}

/** The installer refuses to plan over a doctype another module owns (ERPNext ships e.g. Support Settings). */
export class InstallRefused extends Error {}

function refuseForeignDoctypes(doctypes: DocType[], site: Map<string, Rec | null>, module: string): void {
  const foreign = doctypes.flatMap((d) => {
    const s = site.get(d.name);
    return s && s.module !== module ? [`${d.name} (module ${String(s.module)})`] : [];
  });
  if (foreign.length)
    throw new InstallRefused(
      `the site already has doctype(s) of another module with Postventa's names: ${foreign.join(', ')}. ` +
        'Postventa never changes a doctype it does not own; nothing was changed.',
    );
}

/** ERPNext's own single doctype, which Postventa 0.1 converted (custom, module Postventa, fields replaced). */
export const LEGACY_SETTINGS = 'Support Settings';
/** How an admin restores it: only the server can reload a standard doctype from ERPNext's files. */
export const RESTORE_LEGACY_SETTINGS = 'bench --site SITE reload-doc support doctype support_settings';
const LEDGER = 'installed_defaults';

function isUnset(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 0 || v === '0';
}

/**
 * Values to write so every field of a Single has received its default once. Frappe does not apply new fields'
 * defaults to a Single that already has values (they read 0 or empty), so the site's value cannot tell "never set"
 * from "set to 0": the `installed_defaults` ledger on the Single records which fields the installer has seeded.
 * A field not in the ledger gets the fixture's value, else the doctype default, unless an admin already set it.
 */
export function singleDefaults(dt: DocType, fixture: Rec, current: Rec): Rec {
  let ledger: string[] = [];
  try {
    const parsed: unknown = JSON.parse(String(current[LEDGER] ?? '[]'));
    if (Array.isArray(parsed)) ledger = parsed.map(String);
  } catch {
    ledger = [];
  }
  const out: Rec = {};
  const seeded = new Set(ledger);
  for (const f of dt.fields) {
    if (NO_VALUE_TYPES.has(f.fieldtype) || f.fieldname === LEDGER || seeded.has(f.fieldname)) continue;
    const wanted = fixture[f.fieldname] ?? f.default;
    seeded.add(f.fieldname);
    if (wanted === undefined || wanted === null || !isUnset(current[f.fieldname])) continue;
    out[f.fieldname] = ['Check', 'Int'].includes(f.fieldtype) ? Number(wanted) : wanted;
  }
  if (seeded.size !== ledger.length) out[LEDGER] = JSON.stringify([...seeded].sort());
  return out;
}

/**
 * Copies what an admin set in the converted Support Settings into Postventa Settings (values that are not empty or
 * 0: the conversion left every new field at 0, so a 0 there was never chosen). ERPNext's doctype itself can only be
 * restored on the server, from ERPNext's files: the detail says how.
 */
function legacySettingsMigration(client: HostClient, doctypes: DocType[]): Action {
  const ours = doctypes.find((d) => d.name === 'Postventa Settings');
  return {
    kind: 'migration',
    name: `${LEGACY_SETTINGS} → Postventa Settings`,
    op: 'update',
    detail: `copy the values set in Postventa 0.1; then restore ERPNext's doctype on the server: ${RESTORE_LEGACY_SETTINGS}`,
    run: async () => {
      const old = await client.getDoc(LEGACY_SETTINGS, LEGACY_SETTINGS, Any);
      const values: Rec = {};
      for (const f of ours?.fields ?? [])
        if (!NO_VALUE_TYPES.has(f.fieldtype) && f.fieldname !== LEDGER && !isUnset(old[f.fieldname]))
          values[f.fieldname] = old[f.fieldname];
      values[LEDGER] = JSON.stringify(Object.keys(values).sort());
      await client.update('Postventa Settings', 'Postventa Settings', values, Any);
    },
  };
}

/** Everything the component planners share: the site, the manifest and what the site holds of our doctypes. */
interface Planning {
  client: HostClient;
  manifest: Manifest;
  opts: InstallOptions;
  find: (doctype: string, name: string) => Promise<Rec | null>;
  doctypes: DocType[];
  siteDocs: Map<string, Rec | null>;
}

/** The components, in install order: each compares the manifest with the site and says what to do. */
const PLANNERS: readonly ((p: Planning) => Promise<Action[]>)[] = [
  planModuleAndRoles,
  planDoctypeActions,
  planCustomFields,
  planHostPermissions,
  planTranslations,
  planLegacySettings,
  planRecords,
  planHostScripts,
  planWebhooks,
  planObsoleteWebhooks,
  planSpa,
];

export async function planInstall(client: HostClient, opts: InstallOptions): Promise<Action[]> {
  const manifest = loadManifest(opts.root);
  const find = async (doctype: string, name: string): Promise<Rec | null> => client.findDoc(doctype, name, Any);
  const doctypes = manifest.doctypes.map((rel) => DocTypeSchema.parse(readJson(opts.root, rel)));
  const siteDocs = new Map<string, Rec | null>();
  for (const d of doctypes) siteDocs.set(d.name, await find('DocType', d.name));
  // Nothing is planned when a doctype with our name belongs to someone else (the installer never changes it).
  refuseForeignDoctypes(doctypes, siteDocs, manifest.module);
  const planning: Planning = { client, manifest, opts, find, doctypes, siteDocs };
  const actions: Action[] = [];
  for (const planner of PLANNERS) actions.push(...(await planner(planning)));
  return actions;
}

/** Module and roles */
async function planModuleAndRoles(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  const mod = await find('Module Def', manifest.module);
  actions.push(
    mod
      ? { kind: 'module', name: manifest.module, op: 'unchanged' }
      : {
          kind: 'module',
          name: manifest.module,
          op: 'create',
          run: async () =>
            void (await client.insert(
              'Module Def',
              { module_name: manifest.module, app_name: 'frappe', custom: 1 },
              Any,
            )),
        },
  );
  for (const role of readJson(opts.root, manifest.fixtures.roles) as Rec[]) {
    const site = await find('Role', String(role.name));
    const diff = site ? diffKeys(role, site, ['desk_access', 'disabled']) : [];
    actions.push(
      !site
        ? {
            kind: 'role',
            name: String(role.name),
            op: 'create',
            run: async () =>
              void (await client.insert('Role', { role_name: role.role_name, desk_access: role.desk_access }, Any)),
          }
        : diff.length
          ? {
              kind: 'role',
              name: String(role.name),
              op: 'update',
              detail: diff.join(', '),
              run: async () =>
                void (await client.update(
                  'Role',
                  String(role.name),
                  { desk_access: role.desk_access, disabled: 0 },
                  Any,
                )),
            }
          : { kind: 'role', name: String(role.name), op: 'unchanged' },
    );
  }
  return actions;
}

/** DocTypes: new ones in dependency order (links to later doctypes added in a second pass), changed ones updated. */
async function planDoctypeActions(p: Planning): Promise<Action[]> {
  const { client, doctypes, siteDocs } = p;
  const actions: Action[] = [];
  const missing = doctypes.filter((d) => !siteDocs.get(d.name));
  const plan = planDoctypes(missing, (name) => (siteDocs.get(name) !== undefined ? siteDocs.get(name) !== null : true));
  for (const step of plan.create) {
    const deferred = step.doctype.fields.length - step.fields.length;
    actions.push({
      kind: 'doctype',
      name: step.doctype.name,
      op: 'create',
      ...(deferred ? { detail: `${deferred} link field(s) added after their targets exist` } : {}),
      run: async () => void (await client.insert('DocType', doctypeBody(step.doctype, step.fields), Any)),
    });
  }
  for (const dt of plan.complete) {
    actions.push({
      kind: 'doctype',
      name: dt.name,
      op: 'update',
      detail: 'deferred link fields',
      run: async () => {
        const site = await client.getDoc('DocType', dt.name, Any);
        await client.update(
          'DocType',
          dt.name,
          doctypeBody(dt, dt.fields, (site.fields as Rec[] | undefined) ?? []),
          Any,
        );
      },
    });
  }
  for (const d of doctypes) {
    const site = siteDocs.get(d.name);
    if (!site) continue;
    const changes = diffDoctype(d as Rec, site);
    actions.push(
      changes.length
        ? {
            kind: 'doctype',
            name: d.name,
            op: 'update',
            detail: changes.join('; '),
            run: async () =>
              void (await client.update(
                'DocType',
                d.name,
                doctypeBody(d, d.fields, (site.fields as Rec[] | undefined) ?? []),
                Any,
              )),
          }
        : { kind: 'doctype', name: d.name, op: 'unchanged' },
    );
  }
  return actions;
}

/** Custom Fields on host doctypes */
async function planCustomFields(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  const CF_KEYS = [
    'dt',
    'fieldname',
    'label',
    'fieldtype',
    'options',
    'insert_after',
    'reqd',
    'read_only',
    'search_index',
    'no_copy',
    'default',
    'hidden',
    'module',
  ];
  for (const cf of readJson(opts.root, manifest.fixtures.customFields) as Rec[]) {
    const site = await find('Custom Field', String(cf.name));
    const { name: _n, doctype: _d, ...body } = cf;
    const diff = site ? diffKeys(cf, site, CF_KEYS) : [];
    actions.push(
      !site
        ? {
            kind: 'custom field',
            name: String(cf.name),
            op: 'create',
            run: async () => void (await client.insert('Custom Field', body, Any)),
          }
        : diff.length
          ? {
              kind: 'custom field',
              name: String(cf.name),
              op: 'update',
              detail: diff.join(', '),
              run: async () => void (await client.update('Custom Field', String(cf.name), body, Any)),
            }
          : { kind: 'custom field', name: String(cf.name), op: 'unchanged' },
    );
  }
  return actions;
}

/** Permissions for our roles on host doctypes. Custom DocPerm rows replace a doctype's standard ones in Frappe, so the standard rows are copied first, once. */
async function planHostPermissions(p: Planning): Promise<Action[]> {
  const { client, manifest } = p;
  const actions: Action[] = [];
  const byDoctype = new Map<string, { role: string; flags: string }[]>();
  for (const p of manifest.hostPermissions) byDoctype.set(p.doctype, [...(byDoctype.get(p.doctype) ?? []), p]);
  for (const [doctype, wanted] of byDoctype) {
    const custom = await client.list(
      'Custom DocPerm',
      {
        fields: ['name', 'role', 'permlevel', ...PERM_KEYS],
        filters: [['parent', '=', doctype]],
        orderBy: 'creation asc',
        pageSize: 0,
      },
      Any,
    );
    if (!custom.length) {
      actions.push({
        kind: 'permission',
        name: `${doctype}: standard roles`,
        op: 'create',
        detail: 'copied to Custom DocPerm before adding ours',
        run: async () => {
          const dt = await client.getDoc('DocType', doctype, Any);
          for (const p of (dt.permissions as Rec[] | undefined) ?? []) {
            const {
              name: _n,
              parent: _p,
              parentfield: _pf,
              parenttype: _pt,
              idx: _i,
              doctype: _d,
              owner: _o,
              creation: _c,
              modified: _m,
              modified_by: _mb,
              docstatus: _ds,
              ...row
            } = p;
            await client.insert('Custom DocPerm', { ...row, parent: doctype }, Any);
          }
        },
      });
    }
    for (const w of wanted) {
      const row = permRow(w.role, w.flags);
      const site = custom.find((c) => c.role === w.role && Number(c.permlevel ?? 0) === 0);
      const diff = site ? PERM_KEYS.filter((k) => Number(site[k] ?? 0) !== Number(row[k] ?? 0)) : [];
      actions.push(
        !site
          ? {
              kind: 'permission',
              name: `${doctype}: ${w.role}`,
              op: 'create',
              detail: w.flags,
              run: async () => void (await client.insert('Custom DocPerm', { ...row, parent: doctype }, Any)),
            }
          : diff.length
            ? {
                kind: 'permission',
                name: `${doctype}: ${w.role}`,
                op: 'update',
                detail: diff.join(', '),
                run: async () => void (await client.update('Custom DocPerm', String(site.name), row, Any)),
              }
            : { kind: 'permission', name: `${doctype}: ${w.role}`, op: 'unchanged' },
      );
    }
  }
  return actions;
}

/** Spanish translations: one action per file (hundreds of rows), created or corrected. */
async function planTranslations(p: Planning): Promise<Action[]> {
  const { client, manifest, opts } = p;
  const actions: Action[] = [];
  for (const rel of manifest.fixtures.translations) {
    const wanted = readJson(opts.root, rel) as { source_text: string; translated_text: string }[];
    const site = await siteTranslations(
      client,
      wanted.map((w) => w.source_text),
    );
    const have = new Map(site.map((s) => [String(s.source_text), s]));
    const create = wanted.filter((w) => !have.has(w.source_text));
    const fix = wanted.filter(
      (w) => have.has(w.source_text) && have.get(w.source_text)?.translated_text !== w.translated_text,
    );
    actions.push(
      create.length || fix.length
        ? {
            kind: 'translation',
            name: `es (${rel})`,
            op: create.length ? 'create' : 'update',
            detail: `${create.length} new, ${fix.length} corrected, ${wanted.length - create.length - fix.length} unchanged`,
            run: async () => {
              for (const w of create) await client.insert('Translation', { language: 'es', ...w }, Any);
              for (const w of fix)
                await client.update(
                  'Translation',
                  String(have.get(w.source_text)?.name),
                  { translated_text: w.translated_text },
                  Any,
                );
            },
          }
        : { kind: 'translation', name: `es (${rel})`, op: 'unchanged', detail: `${wanted.length} labels` },
    );
  }
  return actions;
}

/** A site that ran Postventa 0.1 has its settings inside ERPNext's converted Support Settings: carry them over. */
async function planLegacySettings(p: Planning): Promise<Action[]> {
  const { client, manifest, find, doctypes, siteDocs } = p;
  const actions: Action[] = [];
  const legacy = await find('DocType', LEGACY_SETTINGS);
  if (legacy && legacy.module === manifest.module)
    actions.push(
      siteDocs.get('Postventa Settings') === null
        ? legacySettingsMigration(client, doctypes)
        : {
            kind: 'migration',
            name: `${LEGACY_SETTINGS} (ERPNext)`,
            op: 'skip',
            detail: `still converted by Postventa 0.1: ${RESTORE_LEGACY_SETTINGS}`,
          },
    );
  return actions;
}

/** Default records: created when missing, never overwritten (admins edit them). For a Single (Postventa Settings), each field gets its default once, whatever the site reads for it (see singleDefaults). */
async function planRecords(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find, doctypes, siteDocs } = p;
  const actions: Action[] = [];
  for (const rel of manifest.fixtures.records) {
    for (const rec of readJson(opts.root, rel) as Rec[]) {
      if (rec.doctype === rec.name) {
        const dt = doctypes.find((d) => d.name === rec.doctype);
        if (!dt) throw new Error(`${rel}: ${String(rec.doctype)} is not one of Postventa's doctypes`);
        const current = siteDocs.get(dt.name) === null ? {} : ((await find(dt.name, dt.name)) ?? {});
        const pending = singleDefaults(dt, rec, current);
        actions.push(
          Object.keys(pending).length
            ? {
                kind: 'record',
                name: dt.name,
                op: 'update',
                detail: `defaults for ${Object.keys(pending)
                  .filter((k) => k !== LEDGER)
                  .join(', ')}`,
                run: async () => {
                  const now = (await find(dt.name, dt.name)) ?? {};
                  await client.update(dt.name, dt.name, singleDefaults(dt, rec, now), Any);
                },
              }
            : { kind: 'record', name: dt.name, op: 'unchanged' },
        );
        continue;
      }
      const exists =
        siteDocs.get(String(rec.doctype)) === null ? null : await find(String(rec.doctype), String(rec.name));
      actions.push(
        exists
          ? {
              kind: 'record',
              name: `${String(rec.doctype)} ${String(rec.name)}`,
              op: 'unchanged',
              detail: 'kept as the site has it',
            }
          : {
              kind: 'record',
              name: `${String(rec.doctype)} ${String(rec.name)}`,
              op: 'create',
              run: async () => void (await client.insert(String(rec.doctype), rec, Any)),
            },
      );
    }
  }
  return actions;
}

/** Host scripts */
async function planHostScripts(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  for (const s of manifest.hostScripts) {
    const script = readFileSync(join(opts.root, s.file), 'utf8');
    const body: Rec = {
      script_type: s.scriptType,
      reference_doctype: s.referenceDoctype ?? null,
      doctype_event: s.doctypeEvent ?? null,
      api_method: s.apiMethod ?? null,
      allow_guest: s.allowGuest ? 1 : 0,
      enable_rate_limit: s.rateLimit ? 1 : 0,
      rate_limit_count: s.rateLimit?.count ?? 5,
      rate_limit_seconds: s.rateLimit?.seconds ?? 86400,
      disabled: 0,
      module: manifest.module,
      script,
    };
    const site = await find('Server Script', s.name);
    // API scripts carry no event: the Select keeps its first option as default on the host, so it is not compared.
    const keys =
      s.scriptType === 'API'
        ? [
            'script_type',
            'api_method',
            'allow_guest',
            'enable_rate_limit',
            'rate_limit_count',
            'rate_limit_seconds',
            'disabled',
            'script',
          ]
        : ['script_type', 'reference_doctype', 'doctype_event', 'disabled', 'script'];
    const diff = site ? diffKeys(body, site, keys) : [];
    actions.push(
      !site
        ? {
            kind: 'server script',
            name: s.name,
            op: 'create',
            run: async () => void (await client.insert('Server Script', { name: s.name, ...body }, Any)),
          }
        : diff.length
          ? {
              kind: 'server script',
              name: s.name,
              op: 'update',
              detail: diff.join(', '),
              run: async () => void (await client.update('Server Script', s.name, body, Any)),
            }
          : { kind: 'server script', name: s.name, op: 'unchanged' },
    );
  }
  return actions;
}

/** Webhooks to the companion */
async function planWebhooks(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  for (const h of manifest.webhooks) {
    const name = webhookName(h.doctype, h.event);
    if (!opts.companionUrl) {
      actions.push({
        kind: 'webhook',
        name,
        op: 'skip',
        detail: "no --companion-url: the companion's sweep keeps everything right, only slower",
      });
      continue;
    }
    const body: Rec = {
      webhook_doctype: h.doctype,
      webhook_docevent: h.event,
      request_url: `${opts.companionUrl.replace(/\/$/, '')}/webhooks/${h.topic}`,
      request_method: 'POST',
      request_structure: 'JSON',
      enabled: 1,
      enable_security: 1,
      timeout: 5,
      webhook_json: webhookJson(h.event, h.topic, opts.webhookSecret ?? ''),
      webhook_headers: [{ key: 'Content-Type', value: 'application/json' }],
    };
    const site = await find('Webhook', name);
    const diff = site
      ? diffKeys(body, site, [
          'webhook_doctype',
          'webhook_docevent',
          'request_url',
          'request_method',
          'request_structure',
          'enabled',
          'enable_security',
          'webhook_json',
        ])
      : [];
    const secret = opts.webhookSecret;
    if (!secret) throw new Error('a webhook secret is needed with --companion-url');
    actions.push(
      !site
        ? {
            kind: 'webhook',
            name,
            op: 'create',
            run: async () =>
              void (await client.insert('Webhook', { __newname: name, name, ...body, webhook_secret: secret }, Any)),
          }
        : diff.length
          ? {
              kind: 'webhook',
              name,
              op: 'update',
              detail: diff.join(', '),
              run: async () => void (await client.update('Webhook', name, { ...body, webhook_secret: secret }, Any)),
            }
          : { kind: 'webhook', name, op: 'unchanged' },
    );
  }
  return actions;
}

/** Webhooks an earlier version installed for topics no handler takes any more: the host would keep queueing them. */
async function planObsoleteWebhooks(p: Planning): Promise<Action[]> {
  const { client, manifest } = p;
  const actions: Action[] = [];
  const wanted = new Set(manifest.webhooks.map((h) => webhookName(h.doctype, h.event)));
  for (const w of await client.list(
    'Webhook',
    { fields: ['name'], filters: [['name', 'like', `${WEBHOOK_PREFIX} %`]], orderBy: 'name asc', pageSize: 0 },
    Any,
  )) {
    const name = String(w.name);
    if (wanted.has(name)) continue;
    actions.push({
      kind: 'webhook',
      name,
      op: 'remove',
      detail: 'no companion handler for it',
      run: async () => void (await client.delete('Webhook', name)),
    });
  }
  return actions;
}

/** The SPA: assets as public Files, and the Web Page that boots it with the session's CSRF token (docs/host-contract.md). */
async function planSpa(p: Planning): Promise<Action[]> {
  const { client, manifest, opts } = p;
  const actions: Action[] = [];
  const dist = join(opts.root, manifest.webPage.assetsDir);
  if (!existsSync(join(dist, manifest.webPage.entry))) {
    actions.push({
      kind: 'web page',
      name: `/${manifest.webPage.route}`,
      op: 'skip',
      detail: `client not built (${manifest.webPage.assetsDir}/${manifest.webPage.entry} missing)`,
    });
  } else {
    actions.push(...(await planWebPage(client, manifest, dist)));
  }
  return actions;
}

async function planWebPage(client: HostClient, manifest: Manifest, dist: string): Promise<Action[]> {
  const actions: Action[] = [];
  const urls = new Map<string, string>();
  const walk = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
  for (const rel of walk(dist).filter((f) => f !== manifest.webPage.entry)) {
    const bytes = readFileSync(join(dist, rel));
    // Vite already names its output `pv-<name>-<contenthash>`, and chunks import each other by those names under
    // /files/, so they are uploaded as they are; anything else gets a content hash so a changed file is a new File.
    const fileName = /^pv-.+-[\w-]{8}\.\w+$/.test(basename(rel))
      ? basename(rel)
      : `pv-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}-${basename(rel)}`;
    urls.set(rel, `/files/${fileName}`);
    const existing = await client.list(
      'File',
      {
        fields: ['name'],
        filters: [
          ['file_name', '=', fileName],
          ['is_private', '=', 0],
        ],
        orderBy: 'creation asc',
        pageSize: 1,
      },
      Any,
    );
    actions.push(
      existing.length
        ? { kind: 'asset', name: rel, op: 'unchanged' }
        : {
            kind: 'asset',
            name: rel,
            op: 'create',
            detail: fileName,
            run: async () => {
              const form = new FormData();
              form.set('file', new Blob([bytes]), fileName);
              form.set('is_private', '0');
              form.set('folder', 'Home');
              await client.uploadFile(form);
            },
          },
    );
  }
  let html = readFileSync(join(dist, manifest.webPage.entry), 'utf8');
  for (const [rel, url] of urls)
    if (!html.includes(url)) html = html.split(`./${rel}`).join(url).split(`/${rel}`).join(url);
  // Frappe datetimes are naive wall-clock in the site's zone; the client converts with it (re-install if it changes).
  const system = await client.getDoc('System Settings', 'System Settings', Any).catch(() => ({}) as Rec);
  const zone = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(String(system.time_zone ?? ''))
    ? String(system.time_zone)
    : 'UTC';
  // The session (user, CSRF token) is read by the app from postventa.session.boot: a Web Page renders the token as
  // "None" until the session opens /app, and /app replaces it later. The zone here is only the first guess.
  html = html.replace('</head>', `<script>window.postventa_zone = "${zone}";</script></head>`);
  html = `<!-- no-breadcrumbs --><!-- no-header -->${html}`;
  const route = manifest.webPage.route;
  const body: Rec = {
    title: manifest.webPage.title,
    route,
    published: 1,
    content_type: 'HTML',
    dynamic_template: 0,
    show_title: 0,
    full_width: 1,
    main_section_html: html,
  };
  const site = await client.list(
    'Web Page',
    {
      fields: ['name', 'title', 'published', 'dynamic_template', 'main_section_html'],
      filters: [['route', '=', route]],
      orderBy: 'creation asc',
      pageSize: 1,
    },
    Any,
  );
  const current = site[0];
  const diff = current ? diffKeys(body, current, ['title', 'published', 'dynamic_template', 'main_section_html']) : [];
  actions.push(
    !current
      ? {
          kind: 'web page',
          name: `/${route}`,
          op: 'create',
          run: async () => void (await client.insert('Web Page', body, Any)),
        }
      : diff.length
        ? {
            kind: 'web page',
            name: `/${route}`,
            op: 'update',
            detail: diff.join(', '),
            run: async () => void (await client.update('Web Page', String(current.name), body, Any)),
          }
        : { kind: 'web page', name: `/${route}`, op: 'unchanged' },
  );
  return actions;
}
