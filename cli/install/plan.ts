/**
 * `postventa install` plan: what exists on the site and what the project wants, per component, in the order that
 * applies (module, roles, doctypes, custom fields, host permissions, translations, records, host scripts, webhooks,
 * web page). Each component is a planner in `planners/`; each action carries the closure that applies it, and the
 * plan itself is printable data.
 */
import { DocTypeSchema } from '../../domain/meta/doctype.schema.ts';
import { AnyDoc, HostClient } from '../../host-client/client.ts';
import { loadManifest, readJson, type Action, type InstallOptions, type Planning, type Rec } from './planning.ts';
import { planCustomFields, planDoctypeActions, refuseForeignDoctypes } from './planners/doctypes.ts';
import { planHostScripts } from './planners/host-scripts.ts';
import { planModuleAndRoles } from './planners/module-roles.ts';
import { planHostPermissions } from './planners/permissions.ts';
import { planLegacySettings, planRecords } from './planners/settings.ts';
import { planReports } from './planners/reports.ts';
import { planSpa } from './planners/spa.ts';
import { planTranslations } from './planners/translations.ts';
import { planObsoleteWebhooks, planWebhooks } from './planners/webhooks.ts';

export {
  InstallRefused,
  loadManifest,
  type Action,
  type ActionKind,
  type InstallOptions,
  type Op,
} from './planning.ts';
export { LEGACY_SETTINGS, RESTORE_LEGACY_SETTINGS, singleDefaults } from './planners/settings.ts';
export { permRow } from './planners/permissions.ts';
export { WEBHOOK_PREFIX, webhookJson, webhookName } from './planners/webhooks.ts';

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
  planReports,
  planSpa,
];

export async function planInstall(client: HostClient, opts: InstallOptions): Promise<Action[]> {
  const manifest = loadManifest(opts.root);
  const find = async (doctype: string, name: string): Promise<Rec | null> => client.findDoc(doctype, name, AnyDoc);
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
