/** Settings singles and fixture records: defaults seeded once, the 0.1 Support Settings migration. */
import { type DocType, NO_VALUE_TYPES } from '../../../domain/meta/doctype.schema.ts';
import { AnyDoc, type HostClient } from '../../../host-client/client.ts';
import { type Action, type Planning, type Rec, readJson } from '../planning.ts';

/** ERPNext's own single doctype, which Postventa 0.1 converted (custom, module Postventa, fields replaced). */
export const LEGACY_SETTINGS = 'Support Settings';

/** How an admin restores it: only the server can reload a standard doctype from ERPNext's files. */
export const RESTORE_LEGACY_SETTINGS = 'bench --site SITE reload-doc support doctype support_settings';

export const LEDGER = 'installed_defaults';

export function isUnset(v: unknown): boolean {
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
export function legacySettingsMigration(client: HostClient, doctypes: DocType[]): Action {
  const ours = doctypes.find((d) => d.name === 'Postventa Settings');
  return {
    kind: 'migration',
    name: `${LEGACY_SETTINGS} → Postventa Settings`,
    op: 'update',
    detail: `copy the values set in Postventa 0.1; then restore ERPNext's doctype on the server: ${RESTORE_LEGACY_SETTINGS}`,
    run: async () => {
      const old = await client.getDoc(LEGACY_SETTINGS, LEGACY_SETTINGS, AnyDoc);
      const values: Rec = {};
      for (const f of ours?.fields ?? [])
        if (!NO_VALUE_TYPES.has(f.fieldtype) && f.fieldname !== LEDGER && !isUnset(old[f.fieldname]))
          values[f.fieldname] = old[f.fieldname];
      values[LEDGER] = JSON.stringify(Object.keys(values).sort());
      await client.update('Postventa Settings', 'Postventa Settings', values, AnyDoc);
    },
  };
}

/** A site that ran Postventa 0.1 has its settings inside ERPNext's converted Support Settings: carry them over. */
export async function planLegacySettings(p: Planning): Promise<Action[]> {
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
export async function planRecords(p: Planning): Promise<Action[]> {
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
                  await client.update(dt.name, dt.name, singleDefaults(dt, rec, now), AnyDoc);
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
              run: async () => void (await client.insert(String(rec.doctype), rec, AnyDoc)),
            },
      );
    }
  }
  return actions;
}
