/**
 * `postventa doctor --site URL ...`: checks what an install needs and says, in one sentence each, how to fix what
 * fails. Exit codes: 0 all required checks pass (warnings allowed), 1 a required check failed, 2 bad usage,
 * 3 the site cannot be reached or refuses the credentials.
 */
import { randomBytes } from 'node:crypto';
import { HostClient } from '../../host-client/client.ts';
import { HostError, HostUnreachableError } from '../../host-client/errors.ts';
import { connection, readConfig } from '../config.ts';
import { describeError, type Io } from './install.ts';
import { AnyDoc } from '../../host-client/client.ts';
import { LEGACY_SETTINGS, loadManifest, RESTORE_LEGACY_SETTINGS } from '../install/plan.ts';
import { PERM_KEYS } from '../install/compare.ts';
import { missing, requiredRoles, rowFromFlags, type PermRow } from '../install/access.ts';
import type { Access, Manifest } from '../manifest.schema.ts';
import { DocTypeSchema } from '../../domain/meta/doctype.schema.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

export interface Check {
  name: string;
  status: 'ok' | 'fail' | 'warn';
  message: string;
}

function major(v: unknown): number {
  return Number(String(v ?? '').split('.')[0]);
}

export async function runDoctor(flags: DoctorFlags, io: Io): Promise<number> {
  const file = readConfig(flags.config);
  const conn = connection(flags, io.env, file);
  const clientWith = (apiKey: string, apiSecret: string): HostClient =>
    new HostClient({
      baseUrl: conn.site,
      apiKey,
      apiSecret,
      retries: 1,
      timeoutMs: 10_000,
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
  const client = clientWith(conn.apiKey, conn.apiSecret);
  const checks: Check[] = [];
  const add = (name: string, status: Check['status'], message: string): void => {
    checks.push({ name, status, message });
  };
  const finish = (code: number): number => {
    if (flags.json) io.out(JSON.stringify({ site: conn.site, checks }));
    else
      for (const c of checks)
        io.out(`${c.status === 'ok' ? '✓' : c.status === 'warn' ? '!' : '✗'} ${c.name}: ${c.message}`);
    return code;
  };
  let user: string;
  try {
    const started = Date.now();
    const res = await (io.fetch ?? fetch)(`${conn.site.replace(/\/$/, '')}/api/method/ping`);
    const skew = res.headers.get('date')
      ? Math.abs(Date.parse(String(res.headers.get('date'))) - (started + (Date.now() - started) / 2)) / 1000
      : 0;
    add('site', 'ok', `${conn.site} answers`);
    add(
      'clock',
      skew > 60 ? 'warn' : 'ok',
      skew > 60
        ? `the site's clock differs from this machine by ${Math.round(skew)} s; SLA deadlines are computed from host timestamps, so fix NTP on one of them`
        : `clock skew ${skew.toFixed(0)} s`,
    );
    user = String(await client.call('frappe.auth.get_logged_user', {}, 'GET'));
    add('credentials', 'ok', `the API key belongs to ${user}`);
  } catch (e) {
    if (e instanceof HostUnreachableError || !(e instanceof HostError))
      add('site', 'fail', `cannot reach ${conn.site} (${describeError(e)}); check the URL, DNS and firewall`);
    else
      add(
        'credentials',
        'fail',
        `the site refused the API key (${describeError(e)}); generate keys for a user with System Manager (User > API Access)`,
      );
    return finish(3);
  }
  try {
    const versions = (await client.call('frappe.utils.change_log.get_versions', {}, 'GET')) as Record<
      string,
      { version?: string }
    >;
    const frappe = versions.frappe?.version;
    const erpnext = versions.erpnext?.version;
    add(
      'frappe',
      major(frappe) === 15 ? 'ok' : 'fail',
      major(frappe) === 15 ? `Frappe ${String(frappe)}` : `Frappe ${String(frappe)} found; Postventa needs Frappe 15`,
    );
    add(
      'erpnext',
      major(erpnext) === 15 ? 'ok' : 'fail',
      erpnext ? `ERPNext ${erpnext}` : 'ERPNext is not installed on this site; install ERPNext 15 first',
    );
  } catch (e) {
    add('versions', 'fail', `cannot read the installed versions (${describeError(e)})`);
  }
  try {
    const legacy = await client.findDoc('DocType', LEGACY_SETTINGS, AnyDoc);
    const converted = legacy && legacy.module !== 'Support';
    add(
      'erpnext support settings',
      converted ? 'fail' : 'ok',
      converted
        ? `ERPNext's Support Settings was converted to module ${String(legacy.module)} (Postventa 0.1 did this): ERPNext's /support page and Service Level Agreements fail. Restore it on the server: ${RESTORE_LEGACY_SETTINGS}`
        : "ERPNext's Support Settings is ERPNext's own (Postventa uses Postventa Settings)",
    );
  } catch (e) {
    add('erpnext support settings', 'warn', `cannot read the Support Settings doctype (${describeError(e)})`);
  }
  const manifest = loadManifest(flags.root);
  const rowsOf = await siteRows(client, manifest, flags.root).catch((e: unknown) => {
    add(
      'permissions',
      'fail',
      `cannot read the site's permission rows (${describeError(e)}); the API user needs System Manager`,
    );
    return null;
  });
  if (rowsOf) {
    await checkApiUser(client, add, 'installer', user, manifest.apiUsers.installer, rowsOf, []);
    const companionKey = flags['companion-api-key'] ?? io.env.POSTVENTA_COMPANION_API_KEY ?? file.companionApiKey;
    const companionSecret =
      flags['companion-api-secret'] ?? io.env.POSTVENTA_COMPANION_API_SECRET ?? file.companionApiSecret;
    let companionUser = user;
    if (companionKey && companionSecret) {
      const own = clientWith(companionKey, companionSecret);
      companionUser = String(await own.call('frappe.auth.get_logged_user', {}, 'GET').catch(() => ''));
      if (!companionUser) add('companion user', 'fail', "the site refused the companion's API key; generate it again");
    }
    if (companionUser)
      await checkApiUser(client, add, 'companion', companionUser, manifest.apiUsers.companion, rowsOf, [
        manifest.integrationRole,
      ]);
  }
  const probe = `postventa_doctor_${randomBytes(4).toString('hex')}`;
  try {
    await client.insert(
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
      const answer = await client.call(probe, {}, 'GET');
      add(
        'server scripts',
        answer === 'ok' ? 'ok' : 'fail',
        answer === 'ok' ? 'server scripts run' : `a test script answered ${JSON.stringify(answer)}`,
      );
    } finally {
      await client.delete('Server Script', `Postventa doctor ${probe}`).catch(() => undefined);
    }
  } catch (e) {
    const disabled = e instanceof HostError && (e.excType === 'ServerScriptNotEnabled' || /disabled/i.test(e.message));
    add(
      'server scripts',
      'fail',
      disabled
        ? 'server scripts are disabled: run `bench set-config -g server_script_enabled 1` on the host (common_site_config.json) and restart it'
        : `cannot run a test script (${describeError(e)}); the API user needs Script Manager`,
    );
  }
  try {
    const today = new Date().toISOString().slice(0, 10);
    const fy = await client.list(
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
    add(
      'fiscal year',
      fy.length ? 'ok' : 'fail',
      fy.length
        ? `Fiscal Year ${String(fy[0]?.name)} covers today`
        : 'no active Fiscal Year covers today: invoices cannot be submitted (Accounting > Fiscal Year)',
    );
  } catch (e) {
    add('fiscal year', 'warn', `cannot check Fiscal Years (${describeError(e)})`);
  }
  try {
    const workers = await client.list('RQ Worker', { fields: ['name'], orderBy: 'name asc', pageSize: 5 }, AnyDoc);
    add(
      'background workers',
      workers.length ? 'ok' : 'warn',
      workers.length
        ? `${workers.length} RQ worker(s) running: webhooks are delivered`
        : "no RQ worker runs, so the host never delivers webhooks; Postventa still works through the companion's sweep, only slower (start `bench worker` for instant updates)",
    );
  } catch {
    add(
      'background workers',
      'warn',
      "cannot list RQ workers; webhooks may not be delivered, the companion's sweep covers it",
    );
  }
  const companion = flags['companion-url'] ?? io.env.POSTVENTA_COMPANION_URL ?? file.companionUrl;
  if (companion) {
    try {
      const r = await (io.fetch ?? fetch)(`${companion.replace(/\/$/, '')}/health`, {
        signal: AbortSignal.timeout(5000),
      });
      add(
        'companion',
        r.ok ? 'ok' : 'fail',
        r.ok
          ? `${companion} answers /health (the host must reach it too for webhooks)`
          : `${companion}/health answered ${r.status}`,
      );
    } catch (e) {
      add(
        'companion',
        'fail',
        `cannot reach the companion at ${companion} (${describeError(e)}); start it with postventa serve`,
      );
    }
  }
  return finish(checks.some((c) => c.status === 'fail') ? 1 : 0);
}

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
