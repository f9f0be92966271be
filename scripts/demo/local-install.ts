/**
 * Installs Postventa into an in-process dev host with the real installer (`postventa install`), talking to the
 * host's `handle()` through a fetch function instead of a socket. Used by `npm start` and the benchmarks.
 */
import { runInstall } from '../../cli/commands/install.ts';
import { API_USER_ROLES } from '../../cli/install/access.ts';
import type { DevHost } from '../../devhost/site.ts';

export function inProcessFetch(site: DevHost, base: string): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return site.handle(new Request(url.startsWith('http') ? url : `${base}${url}`, init));
  };
}

export async function installLocally(
  site: DevHost,
  opts: { base: string; companionUrl?: string; webhookSecret?: string; configPath: string; log?: (l: string) => void },
): Promise<{ code: number; keys: ApiKeys; companionKeys: ApiKeys }> {
  // The API users hold the computed roles, never Administrator, so the demo meets the real host's permissions.
  const keys = await apiUser(site, 'installer@postventa.demo', API_USER_ROLES.installer);
  const companionKeys = await apiUser(site, 'companion@postventa.demo', API_USER_ROLES.companion);
  const log = opts.log ?? (() => undefined);
  const code = await runInstall(
    {
      site: opts.base,
      'api-key': keys.api_key,
      'api-secret': keys.api_secret,
      'companion-url': opts.companionUrl,
      'webhook-secret': opts.webhookSecret,
      'companion-api-key': companionKeys.api_key,
      'companion-api-secret': companionKeys.api_secret,
      config: opts.configPath,
      root: '.',
      'dry-run': false,
      yes: true,
      json: false,
    },
    { out: log, err: log, env: {}, interactive: false, fetch: inProcessFetch(site, opts.base) },
  );
  return { code, keys, companionKeys };
}

export type ApiKeys = { api_key: string; api_secret: string };

/** A user with these roles (made when missing; a role the install will create is made first) and fresh keys. */
export async function apiUser(site: DevHost, email: string, roles: readonly string[]): Promise<ApiKeys> {
  return site.internal(async (ctx) => {
    const opts = { ignorePermissions: true };
    for (const role of roles)
      if (!site.docs.exists('Role', role))
        await site.docs.insert(ctx, 'Role', { role_name: role, desk_access: 1 }, opts);
    if (!site.docs.exists('User', email))
      await site.docs.insert(
        ctx,
        'User',
        { email, first_name: email.split('@')[0], send_welcome_email: 0, roles: roles.map((role) => ({ role })) },
        opts,
      );
    return site.generateKeys(ctx, email);
  });
}
