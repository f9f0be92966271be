/**
 * `postventa install --site URL --api-key K --api-secret S [--companion-url U] [--dry-run] [--yes] [--json]`
 * Prints the plan (create / update / unchanged per component), asks unless --yes, applies it in dependency order
 * with progress, and writes the companion's config. Exit codes: 0 done (or nothing to do), 1 a step failed,
 * 2 bad usage, 3 the site could not be reached or refused the credentials.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { clientFor } from '../install/site-state.ts';
import { HostError, HostUnreachableError } from '../../host-client/errors.ts';
import { connection, readConfig, writeConfig, type FileConfig } from '../config.ts';
import { InstallRefused, loadManifest, planInstall, type Action } from '../install/plan.ts';
import { API_USER_ROLES } from '../install/access.ts';

export interface InstallFlags {
  site?: string | undefined;
  'api-key'?: string | undefined;
  'api-secret'?: string | undefined;
  'companion-url'?: string | undefined;
  'webhook-secret'?: string | undefined;
  'companion-api-key'?: string | undefined;
  'companion-api-secret'?: string | undefined;
  config: string;
  root: string;
  'dry-run': boolean;
  yes: boolean;
  json: boolean;
}

export type { Io } from '../../server-scripts/companion/io.ts';
import type { Io } from '../../server-scripts/companion/io.ts';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function formatPlan(actions: Action[]): string[] {
  const lines = actions.map(
    (a) => `  ${pad(a.kind, 14)} ${pad(a.name, 52)} ${a.op}${a.detail ? ` (${a.detail})` : ''}`,
  );
  const count = (op: string): number => actions.filter((a) => a.op === op).length;
  lines.push(
    `  ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged${count('remove') ? `, ${count('remove')} to remove` : ''}${count('skip') ? `, ${count('skip')} skipped` : ''}`,
  );
  return lines;
}

export function describeError(e: unknown): string {
  if (e instanceof HostError) return `${e.status} ${e.excType}: ${e.messages.join(' ') || e.message}`;
  return e instanceof Error ? e.message : String(e);
}

export async function runInstall(flags: InstallFlags, io: Io): Promise<number> {
  const file: FileConfig = readConfig(flags.config);
  const conn = connection(flags, io.env, file);
  const companionUrl = flags['companion-url'] ?? io.env.POSTVENTA_COMPANION_URL ?? file.companionUrl;
  const webhookSecret =
    flags['webhook-secret'] ??
    io.env.POSTVENTA_WEBHOOK_SECRET ??
    file.webhookSecret ??
    randomBytes(32).toString('base64url');
  const client = clientFor(conn, io.fetch);
  const manifest = loadManifest(flags.root);
  let actions: Action[];
  try {
    await client.call('frappe.auth.get_logged_user', {}, 'GET');
    actions = await planInstall(client, { root: flags.root, ...(companionUrl ? { companionUrl, webhookSecret } : {}) });
  } catch (e) {
    if (e instanceof InstallRefused) {
      io.err(`postventa install: refused: ${e.message}`);
      return 1;
    }
    io.err(`postventa install: cannot read ${conn.site}: ${describeError(e)}`);
    if (e instanceof HostUnreachableError)
      io.err('  Check the URL and that the site is up (postventa doctor explains more).');
    if (e instanceof HostError && (e.status === 401 || e.status === 403))
      io.err(
        `  Check the API key and secret, and that the API user has ${API_USER_ROLES.installer.join(', ')} (postventa doctor names what is missing).`,
      );
    return 3;
  }
  const changes = actions.filter((a) => a.op === 'create' || a.op === 'update' || a.op === 'remove');
  if (flags.json && (flags['dry-run'] || !changes.length)) {
    io.out(
      JSON.stringify({
        site: conn.site,
        version: manifest.version,
        dryRun: flags['dry-run'],
        actions: actions.map(({ run: _r, ...a }) => a),
      }),
    );
    return 0;
  }
  if (!flags.json) {
    io.out(`Postventa ${manifest.version} → ${conn.site}`);
    for (const l of formatPlan(actions)) io.out(l);
  }
  if (flags['dry-run']) return 0;
  if (!changes.length) {
    if (!flags.json) io.out('Nothing to change.');
    return 0;
  }
  const confirmed = await confirm(flags, io, changes.length, conn.site);
  if (confirmed !== true) return confirmed;
  const results = await applyChanges(changes, flags.json, io);
  if (results.some((r) => !r.ok)) {
    if (flags.json) io.out(JSON.stringify({ site: conn.site, version: manifest.version, results }));
    return 1;
  }
  writeConfig(flags.config, {
    ...file,
    site: conn.site,
    apiKey: conn.apiKey,
    apiSecret: conn.apiSecret,
    ...(companionUrl ? { companionUrl, webhookSecret } : {}),
    ...companionKeys(flags, io.env),
  });
  if (flags.json) io.out(JSON.stringify({ site: conn.site, version: manifest.version, results, config: flags.config }));
  else {
    io.out(`Installed Postventa ${manifest.version}: ${results.length} change(s) applied.`);
    io.out(
      `Companion settings written to ${flags.config} (mode 0600). Start it with: postventa serve --config ${flags.config}`,
    );
  }
  return 0;
}

/** `--yes`, or a yes at the prompt; otherwise the exit code (2 without a terminal to ask on, 0 on "no"). */
async function confirm(flags: InstallFlags, io: Io, count: number, site: string): Promise<true | number> {
  if (flags.yes) return true;
  if (!io.interactive || !io.ask) {
    io.err('postventa install: add --yes to apply the plan without a prompt (or --dry-run to only see it).');
    return 2;
  }
  const answer = (await io.ask(`Apply ${count} change(s) to ${site}? [y/N] `)).trim().toLowerCase();
  if (['y', 'yes', 's', 'si', 'sí'].includes(answer)) return true;
  io.out('Nothing applied.');
  return 0;
}

interface ApplyResult {
  kind: string;
  name: string;
  op: string;
  ok: boolean;
  error?: string;
  ms: number;
}

/** Applies the changes in order and stops at the first failure (what was applied stays; a new run continues). */
async function applyChanges(changes: Action[], json: boolean, io: Io): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const [i, a] of changes.entries()) {
    const started = Date.now();
    const step = `[${i + 1}/${changes.length}] ${a.op} ${a.kind} ${a.name}`;
    try {
      await a.run?.();
      results.push({ kind: a.kind, name: a.name, op: a.op, ok: true, ms: Date.now() - started });
      if (!json) io.out(`${step} … ok (${Date.now() - started} ms)`);
    } catch (e) {
      const error = describeError(e);
      results.push({ kind: a.kind, name: a.name, op: a.op, ok: false, error, ms: Date.now() - started });
      io.err(`${step} … failed: ${error}`);
      io.err('Stopped. What was applied stays; running install again continues from here.');
      break;
    }
  }
  return results;
}

export function prompt(): (q: string) => Promise<string> {
  return async (q) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(q);
    } finally {
      rl.close();
    }
  };
}

/** The companion's own API user, when given (`--companion-api-key/-secret` or POSTVENTA_COMPANION_API_KEY/SECRET). */
function companionKeys(
  flags: InstallFlags,
  env: NodeJS.ProcessEnv,
): { companionApiKey?: string; companionApiSecret?: string } {
  const key = flags['companion-api-key'] ?? env.POSTVENTA_COMPANION_API_KEY;
  const secret = flags['companion-api-secret'] ?? env.POSTVENTA_COMPANION_API_SECRET;
  return key && secret ? { companionApiKey: key, companionApiSecret: secret } : {};
}
