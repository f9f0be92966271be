/**
 * Installs Postventa into an in-process dev host with the real installer (`postventa install`), talking to the
 * host's `handle()` through a fetch function instead of a socket. Used by `npm start` and the benchmarks.
 */
import { runInstall } from '../../cli/commands/install.ts';
import type { DevHost } from '../site.ts';

export function inProcessFetch(site: DevHost, base: string): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return site.handle(new Request(url.startsWith('http') ? url : `${base}${url}`, init));
  };
}

export async function installLocally(
  site: DevHost,
  opts: { base: string; companionUrl?: string; webhookSecret?: string; configPath: string; log?: (l: string) => void },
): Promise<{ code: number; keys: { api_key: string; api_secret: string } }> {
  const keys = await site.internal((ctx) => site.generateKeys(ctx, 'Administrator'));
  const log = opts.log ?? (() => undefined);
  const code = await runInstall(
    {
      site: opts.base,
      'api-key': keys.api_key,
      'api-secret': keys.api_secret,
      'companion-url': opts.companionUrl,
      'webhook-secret': opts.webhookSecret,
      config: opts.configPath,
      root: '.',
      'dry-run': false,
      yes: true,
      json: false,
    },
    { out: log, err: log, env: {}, interactive: false, fetch: inProcessFetch(site, opts.base) },
  );
  return { code, keys };
}
