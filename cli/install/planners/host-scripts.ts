/** Server Scripts (DocType Event and API) from `server-scripts/host/`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnyDoc } from '../../../host-client/client.ts';
import { diffKeys } from '../compare.ts';
import { type Action, type Planning, type Rec, upsert } from '../planning.ts';

/** Host scripts */
export async function planHostScripts(p: Planning): Promise<Action[]> {
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
      upsert('server script', s.name, site, diff, {
        create: () => client.insert('Server Script', { name: s.name, ...body }, AnyDoc),
        update: () => client.update('Server Script', s.name, body, AnyDoc),
      }),
    );
  }
  return actions;
}
