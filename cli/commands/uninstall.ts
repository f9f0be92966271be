/**
 * `postventa uninstall --site URL ... [--purge-data] [--yes] [--json]`
 * Removes what install added around the data: webhooks, host scripts, the web page and its assets, the Custom
 * DocPerm rows for Postventa's roles, and the translations. Postventa's doctypes and every record stay, so a later
 * install finds them again. `--purge-data` also deletes the custom fields and the doctypes — with all their
 * records — after a typed confirmation (or --yes). Roles stay: users may hold them. Exit codes as install.
 */
import { clientFor, siteTranslations } from '../install/site-state.ts';
import { HostError } from '../../host-client/errors.ts';
import { connection, readConfig } from '../config.ts';
import { loadManifest, WEBHOOK_PREFIX } from '../install/plan.ts';
import { DocTypeSchema } from '../../domain/meta/doctype.schema.ts';
import { PERM_KEYS } from '../install/compare.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, type Io } from './install.ts';
import type { Manifest } from '../manifest.schema.ts';
import { AnyDoc, type HostClient } from '../../host-client/client.ts';

export interface UninstallFlags {
  site?: string | undefined;
  'api-key'?: string | undefined;
  'api-secret'?: string | undefined;
  config: string;
  root: string;
  'purge-data': boolean;
  yes: boolean;
  json: boolean;
}

const FLAGS = PERM_KEYS.filter((k) => k !== 'role');
const permKey = (r: Record<string, unknown>): string =>
  [String(r.role), ...FLAGS.map((k) => String(Number(r[k] ?? 0)))].join('|');

/**
 * Install copied a doctype's standard rows into Custom DocPerm before adding Postventa's (custom rows replace the
 * standard ones). Once Postventa's rows are gone, what is left is removed when it is exactly the standard set, so
 * the doctype is back on its standard permissions; a set an admin changed since is left as it is.
 */
async function copiedStandardRows(client: HostClient, doctype: string): Promise<string[]> {
  const left = await client.list(
    'Custom DocPerm',
    { fields: ['name', ...PERM_KEYS], filters: [['parent', '=', doctype]], orderBy: 'name asc', pageSize: 0 },
    AnyDoc,
  );
  if (!left.length) return [];
  const dt = await client.getDoc('DocType', doctype, AnyDoc);
  const standard = ((dt.permissions as Record<string, unknown>[] | undefined) ?? []).map(permKey).sort();
  const custom = left.map(permKey).sort();
  return standard.join('\n') === custom.join('\n') ? left.map((r) => String(r.name)) : [];
}

export async function runUninstall(flags: UninstallFlags, io: Io): Promise<number> {
  const conn = connection(flags, io.env, readConfig(flags.config));
  const client = clientFor(conn, io.fetch);
  const manifest = loadManifest(flags.root);
  const confirmed = await confirmPurge(flags, io, new URL(conn.site).host);
  if (confirmed !== true) return confirmed;
  const removed: string[] = [];
  const remove = async (doctype: string, name: string): Promise<void> => {
    try {
      await client.delete(doctype, name);
      removed.push(`${doctype} ${name}`);
      if (!flags.json) io.out(`removed ${doctype} ${name}`);
    } catch (e) {
      if (!(e instanceof HostError && e.isNotFound)) throw e;
    }
  };
  try {
    for (const w of await client.list(
      'Webhook',
      { fields: ['name'], filters: [['name', 'like', `${WEBHOOK_PREFIX} %`]], orderBy: 'name asc', pageSize: 0 },
      AnyDoc,
    ))
      await remove('Webhook', String(w.name));
    for (const s of manifest.hostScripts) await remove('Server Script', s.name);
    for (const r of manifest.reports) await remove('Report', r.name);
    for (const p of await client.list(
      'Web Page',
      { fields: ['name'], filters: [['route', '=', manifest.webPage.route]], orderBy: 'name asc', pageSize: 0 },
      AnyDoc,
    ))
      await remove('Web Page', String(p.name));
    for (const f of await client.list(
      'File',
      { fields: ['name'], filters: [['file_name', 'like', 'pv-%']], orderBy: 'name asc', pageSize: 0 },
      AnyDoc,
    ))
      await remove('File', String(f.name));
    await removePermissions(client, manifest, flags.root, remove);
    await removeTranslations(client, manifest, flags.root, remove);
    if (flags['purge-data']) {
      for (const cf of JSON.parse(readFileSync(join(flags.root, manifest.fixtures.customFields), 'utf8')) as {
        name: string;
      }[])
        await remove('Custom Field', cf.name);
      const dts = manifest.doctypes.map((rel) =>
        DocTypeSchema.parse(JSON.parse(readFileSync(join(flags.root, rel), 'utf8'))),
      );
      // Parents before their child tables.
      for (const d of [...dts.filter((x) => !x.istable), ...dts.filter((x) => x.istable)])
        await remove('DocType', d.name);
    }
  } catch (e) {
    io.err(`postventa uninstall: ${describeError(e)}`);
    return e instanceof HostError ? 1 : 3;
  }
  if (flags.json) io.out(JSON.stringify({ site: conn.site, removed, dataKept: !flags['purge-data'] }));
  else
    io.out(
      `${removed.length} item(s) removed.${flags['purge-data'] ? ' Postventa data deleted.' : ' Postventa doctypes and data kept (add --purge-data to delete them).'}`,
    );
  return 0;
}

type Remove = (doctype: string, name: string) => Promise<void>;

/** `--purge-data` deletes every record: asked for the site's name, or `--yes`; otherwise the exit code. */
async function confirmPurge(flags: UninstallFlags, io: Io, host: string): Promise<true | number> {
  if (!flags['purge-data'] || flags.yes) return true;
  if (!io.interactive || !io.ask) {
    io.err('postventa uninstall: --purge-data deletes every Postventa record; add --yes to confirm non-interactively.');
    return 2;
  }
  const answer = (
    await io.ask(
      `This deletes every support case, policy and survey on ${host}. Type the site name (${host}) to confirm: `,
    )
  ).trim();
  if (answer === host) return true;
  io.out('Nothing deleted.');
  return 0;
}

/** Our roles' rows on host doctypes, and the standard rows install copied to Custom DocPerm before adding them. */
async function removePermissions(client: HostClient, manifest: Manifest, root: string, remove: Remove): Promise<void> {
  const roles = (JSON.parse(readFileSync(join(root, manifest.fixtures.roles), 'utf8')) as { name: string }[]).map(
    (r) => r.name,
  );
  const doctypes = [...new Set(manifest.hostPermissions.map((p) => p.doctype))];
  for (const p of await client.list(
    'Custom DocPerm',
    {
      fields: ['name'],
      filters: [
        ['parent', 'in', doctypes],
        ['role', 'in', roles],
      ],
      orderBy: 'name asc',
      pageSize: 0,
    },
    AnyDoc,
  ))
    await remove('Custom DocPerm', String(p.name));
  for (const doctype of doctypes)
    for (const name of await copiedStandardRows(client, doctype)) await remove('Custom DocPerm', name);
}

/** Translations install added (a site's own translation of the same text is kept). */
async function removeTranslations(client: HostClient, manifest: Manifest, root: string, remove: Remove): Promise<void> {
  for (const rel of manifest.fixtures.translations) {
    const ours = JSON.parse(readFileSync(join(root, rel), 'utf8')) as {
      source_text: string;
      translated_text: string;
    }[];
    const site = await siteTranslations(
      client,
      ours.map((o) => o.source_text),
    );
    const mine = new Map(ours.map((o) => [o.source_text, o.translated_text]));
    for (const t of site)
      if (mine.get(String(t.source_text)) === t.translated_text) await remove('Translation', String(t.name));
  }
}
