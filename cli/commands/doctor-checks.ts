/**
 * The checks `postventa doctor` runs once the site answers and accepts the credentials, in order; each adds one line
 * per thing it checked, with how to fix what fails.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocTypeSchema } from '../../domain/meta/doctype.schema.ts';
import { AnyDoc, HostClient } from '../../host-client/client.ts';
import { HostError } from '../../host-client/errors.ts';
import type { FileConfig } from '../config.ts';
import { missing, requiredRoles, rowFromFlags, type PermRow } from '../install/access.ts';
import { PERM_KEYS } from '../install/compare.ts';
import { LEGACY_SETTINGS, loadManifest, RESTORE_LEGACY_SETTINGS } from '../install/plan.ts';
import type { Access, Manifest } from '../manifest.schema.ts';
import { describeError, type Io } from './install.ts';

export interface Check {
  name: string;
  status: 'ok' | 'fail' | 'warn';
  message: string;
}

export interface DoctorFlags {
  site?: string | undefined;
  'api-key'?: string | undefined;
  'api-secret'?: string | undefined;
  'companion-url'?: string | undefined;
  'companion-api-key'?: string | undefined;
  'companion-api-secret'?: string | undefined;
  config: string;
  root: string;
  json: boolean;
}

/** What every check is handed: the site's client (and a way to make one for other keys), the signed-in user, the flags. */
export interface Doctor {
  client: HostClient;
  clientWith(apiKey: string, apiSecret: string): HostClient;
  user: string;
  flags: DoctorFlags;
  file: FileConfig;
  io: Io;
  add(name: string, status: Check['status'], message: string): void;
}

function major(v: unknown): number {
  return Number(String(v ?? '').split('.')[0]);
}

/** Frappe 15 and ERPNext 15. */
async function checkVersions(d: Doctor): Promise<void> {
  try {
    const versions = (await d.client.call('frappe.utils.change_log.get_versions', {}, 'GET')) as Record<
      string,
      { version?: string }
    >;
    const frappe = versions.frappe?.version;
    const erpnext = versions.erpnext?.version;
    d.add(
      'frappe',
      major(frappe) === 15 ? 'ok' : 'fail',
      major(frappe) === 15 ? `Frappe ${String(frappe)}` : `Frappe ${String(frappe)} found; Postventa needs Frappe 15`,
    );
    d.add(
      'erpnext',
      major(erpnext) === 15 ? 'ok' : 'fail',
      erpnext ? `ERPNext ${erpnext}` : 'ERPNext is not installed on this site; install ERPNext 15 first',
    );
  } catch (e) {
    d.add('versions', 'fail', `cannot read the installed versions (${describeError(e)})`);
  }
}

/** ERPNext's own Support Settings, which Postventa 0.1 converted. */
async function checkLegacySettings(d: Doctor): Promise<void> {
  try {
    const legacy = await d.client.findDoc('DocType', LEGACY_SETTINGS, AnyDoc);
    const converted = legacy && legacy.module !== 'Support';
    d.add(
      'erpnext support settings',
      converted ? 'fail' : 'ok',
      converted
        ? `ERPNext's Support Settings was converted to module ${String(legacy.module)} (Postventa 0.1 did this): ERPNext's /support page and Service Level Agreements fail. Restore it on the server: ${RESTORE_LEGACY_SETTINGS}`
        : "ERPNext's Support Settings is ERPNext's own (Postventa uses Postventa Settings)",
    );
  } catch (e) {
    d.add('erpnext support settings', 'warn', `cannot read the Support Settings doctype (${describeError(e)})`);
  }
}

/** The installer and the companion users have the roles for everything they do. */
async function checkApiUsers(d: Doctor): Promise<void> {
  const manifest = loadManifest(d.flags.root);
  const rowsOf = await siteRows(d.client, manifest, d.flags.root).catch((e: unknown) => {
    d.add(
      'permissions',
      'fail',
      `cannot read the site's permission rows (${describeError(e)}); the API user needs System Manager`,
    );
    return null;
  });
  if (rowsOf) {
    await checkApiUser(d.client, d.add, 'installer', d.user, manifest.apiUsers.installer, rowsOf, []);
    const companionKey = d.flags['companion-api-key'] ?? d.io.env.POSTVENTA_COMPANION_API_KEY ?? d.file.companionApiKey;
    const companionSecret =
      d.flags['companion-api-secret'] ?? d.io.env.POSTVENTA_COMPANION_API_SECRET ?? d.file.companionApiSecret;
    let companionUser = d.user;
    if (companionKey && companionSecret) {
      const own = d.clientWith(companionKey, companionSecret);
      companionUser = String(await own.call('frappe.auth.get_logged_user', {}, 'GET').catch(() => ''));
      if (!companionUser)
        d.add('companion user', 'fail', "the site refused the companion's API key; generate it again");
    }
    if (companionUser)
      await checkApiUser(d.client, d.add, 'companion', companionUser, manifest.apiUsers.companion, rowsOf, [
        manifest.integrationRole,
      ]);
  }
}

/** Server Scripts are enabled and run. */
async function checkServerScripts(d: Doctor): Promise<void> {
  const probe = `postventa_doctor_${randomBytes(4).toString('hex')}`;
  try {
    await d.client.insert(
      'Server Script',
      {
        name: `Postventa doctor ${probe}`,
        script_type: 'API',
        api_method: probe,
        script: 'frappe.response["message"] = "ok"',
      },
      AnyDoc,
    );
    try {
      const answer = await d.client.call(probe, {}, 'GET');
      d.add(
        'server scripts',
        answer === 'ok' ? 'ok' : 'fail',
        answer === 'ok' ? 'server scripts run' : `a test script answered ${JSON.stringify(answer)}`,
      );
    } finally {
      await d.client.delete('Server Script', `Postventa doctor ${probe}`).catch(() => undefined);
    }
  } catch (e) {
    const disabled = e instanceof HostError && (e.excType === 'ServerScriptNotEnabled' || /disabled/i.test(e.message));
    d.add(
      'server scripts',
      'fail',
      disabled
        ? 'server scripts are disabled: run `bench set-config -g server_script_enabled 1` on the host (common_site_config.json) and restart it'
        : `cannot run a test script (${describeError(e)}); the API user needs Script Manager`,
    );
  }
}

/** A Fiscal Year covers today (invoices need one). */
async function checkFiscalYear(d: Doctor): Promise<void> {
  try {
    const today = new Date().toISOString().slice(0, 10);
    const fy = await d.client.list(
      'Fiscal Year',
      {
        fields: ['name'],
        filters: [
          ['year_start_date', '<=', today],
          ['year_end_date', '>=', today],
          ['disabled', '=', 0],
        ],
        orderBy: 'year_start_date desc',
        pageSize: 1,
      },
      AnyDoc,
    );
    d.add(
      'fiscal year',
      fy.length ? 'ok' : 'fail',
      fy.length
        ? `Fiscal Year ${String(fy[0]?.name)} covers today`
        : 'no active Fiscal Year covers today: invoices cannot be submitted (Accounting > Fiscal Year)',
    );
  } catch (e) {
    d.add('fiscal year', 'warn', `cannot check Fiscal Years (${describeError(e)})`);
  }
}

/** Background workers deliver webhooks. */
async function checkWorkers(d: Doctor): Promise<void> {
  try {
    const workers = await d.client.list('RQ Worker', { fields: ['name'], orderBy: 'name asc', pageSize: 5 }, AnyDoc);
    d.add(
      'background workers',
      workers.length ? 'ok' : 'warn',
      workers.length
        ? `${workers.length} RQ worker(s) running: webhooks are delivered`
        : "no RQ worker runs, so the host never delivers webhooks; Postventa still works through the companion's sweep, only slower (start `bench worker` for instant updates)",
    );
  } catch {
    d.add(
      'background workers',
      'warn',
      "cannot list RQ workers; webhooks may not be delivered, the companion's sweep covers it",
    );
  }
}

/** The companion answers, when its URL is given. */
async function checkCompanion(d: Doctor): Promise<void> {
  const companion = d.flags['companion-url'] ?? d.io.env.POSTVENTA_COMPANION_URL ?? d.file.companionUrl;
  if (companion) {
    try {
      const r = await (d.io.fetch ?? fetch)(`${companion.replace(/\/$/, '')}/health`, {
        signal: AbortSignal.timeout(5000),
      });
      d.add(
        'companion',
        r.ok ? 'ok' : 'fail',
        r.ok
          ? `${companion} answers /health (the host must reach it too for webhooks)`
          : `${companion}/health answered ${r.status}`,
      );
    } catch (e) {
      d.add(
        'companion',
        'fail',
        `cannot reach the companion at ${companion} (${describeError(e)}); start it with postventa serve`,
      );
    }
  }
}

/**
 * WhatsApp notices (issue 14): sent through the Frappe WhatsApp app's "WhatsApp Message" when the app is installed
 * and Postventa Settings turns them on; otherwise each notice records why it was skipped — said here too.
 */
async function checkWhatsApp(d: Doctor): Promise<void> {
  try {
    const installed = (await d.client.count('DocType', [['name', '=', 'WhatsApp Message']])) > 0;
    const settings = await d.client.findDoc('Postventa Settings', 'Postventa Settings', AnyDoc);
    const on = Number(settings?.whatsapp_enabled ?? 0) === 1;
    if (installed && on) d.add('whatsapp', 'ok', 'notices also go by WhatsApp (the Frappe WhatsApp app)');
    else
      d.add(
        'whatsapp',
        'warn',
        !installed
          ? 'WhatsApp notices skipped: the Frappe WhatsApp app is not installed on the site (e-mail only)'
          : 'WhatsApp notices skipped: turned off in Postventa Settings ("WhatsApp")',
      );
  } catch (e) {
    d.add('whatsapp', 'warn', `cannot tell whether WhatsApp notices can be sent (${describeError(e)})`);
  }
}

/** The checks after the connection, in the order they print. */
export const CHECKS: readonly ((d: Doctor) => Promise<void>)[] = [
  checkVersions,
  checkLegacySettings,
  checkApiUsers,
  checkServerScripts,
  checkFiscalYear,
  checkWorkers,
  checkCompanion,
  checkWhatsApp,
];

/**
 * Each doctype's permission rows as they will be once Postventa is installed: the site's Custom DocPerm rows when
 * it has some (they replace the standard ones), else the standard rows plus the ones install will add; a Postventa
 * doctype not installed yet has the rows of its JSON.
 */
async function siteRows(client: HostClient, manifest: Manifest, root: string): Promise<(dt: string) => PermRow[]> {
  const ours = new Map(
    manifest.doctypes.map((rel) => {
      const dt = DocTypeSchema.parse(JSON.parse(readFileSync(join(root, rel), 'utf8')));
      return [dt.name, dt.permissions as PermRow[]];
    }),
  );
  const names = [...new Set([...manifest.apiUsers.installer, ...manifest.apiUsers.companion].map((a) => a.doctype))];
  const custom = await client.list(
    'Custom DocPerm',
    { fields: ['parent', ...PERM_KEYS], filters: [['parent', 'in', names]], orderBy: 'parent asc', pageSize: 0 },
    AnyDoc,
  );
  const rows = new Map<string, PermRow[]>();
  for (const name of names) {
    const mine = custom.filter((r) => r.parent === name).map((r) => ({ ...r, role: String(r.role) }));
    if (mine.length) {
      rows.set(name, mine);
      continue;
    }
    const site = await client.findDoc('DocType', name, AnyDoc);
    const standard = site ? ((site.permissions as PermRow[] | undefined) ?? []) : (ours.get(name) ?? []);
    const added = manifest.hostPermissions.filter((p) => p.doctype === name).map((p) => rowFromFlags(p.role, p.flags));
    rows.set(name, [...standard, ...added]);
  }
  return (dt) => rows.get(dt) ?? [];
}

/** One check per API user: the accesses its roles do not grant, each with the roles that would. */
async function checkApiUser(
  client: HostClient,
  add: (name: string, status: Check['status'], message: string) => void,
  who: 'installer' | 'companion',
  user: string,
  accesses: Access[],
  rowsOf: (dt: string) => PermRow[],
  preferred: string[],
): Promise<void> {
  const name = `${who} roles`;
  let roles: Set<string>;
  try {
    const doc = await client.getDoc('User', user, AnyDoc);
    roles = new Set(((doc.roles as Record<string, unknown>[] | undefined) ?? []).map((r) => String(r.role)));
    if (user === 'Administrator') roles.add('Administrator');
  } catch (e) {
    add(name, 'fail', `cannot read the roles of ${user} (${describeError(e)})`);
    return;
  }
  const { roles: needed, needs } = requiredRoles(accesses, rowsOf, preferred);
  const gaps = missing(needs, roles);
  if (!gaps.length) {
    add(name, 'ok', `${user} can do everything the ${who} does (needs: ${needed.join(', ')})`);
    return;
  }
  const lacking = needed.filter((r) => !roles.has(r));
  add(
    name,
    'fail',
    `${user} lacks ${lacking.join(', ') || 'a role'}: ` +
      gaps
        .map((g) => `cannot ${g.access.perm} ${g.access.doctype} (${g.access.why}; one of: ${g.options.join(', ')})`)
        .join('; ') +
      '. Add the roles in User > Roles' +
      (who === 'companion' ? ' (run install first: it creates Postventa Integration and its permission rows).' : '.'),
  );
}
