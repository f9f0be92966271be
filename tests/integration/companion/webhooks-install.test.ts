/** Install puts a webhook only where the companion has a handler, and removes ones an earlier version left. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyDoc } from '../../../host-client/client.ts';
import { TOPICS } from '../../../server-scripts/companion/topics/index.ts';
import { SECRET, startEnv, type Env } from './env.ts';

const MANIFEST = JSON.parse(readFileSync('plugin-manifest.json', 'utf8')) as { webhooks: unknown[] };
let env: Env;
beforeAll(async () => {
  env = await startEnv({ companionUrl: 'http://127.0.0.1:9' });
});
afterAll(() => env.close());

const postventaWebhooks = async (): Promise<{ name: string; request_url: string }[]> =>
  (await env.client.list(
    'Webhook',
    {
      fields: ['name', 'request_url'],
      filters: [['name', 'like', 'Postventa %']],
      orderBy: 'name asc',
      pageSize: 0,
    },
    AnyDoc,
  )) as { name: string; request_url: string }[];

describe('webhooks as a table of handled topics', () => {
  it('every installed webhook reaches a topic the companion handles', async () => {
    const hooks = await postventaWebhooks();
    expect(hooks.length).toBe(MANIFEST.webhooks.length);
    for (const h of hooks) expect(Object.keys(TOPICS)).toContain(h.request_url.split('/webhooks/')[1]);
  });

  it('a webhook left by 0.1 for a topic with no handler is removed on the next install', async () => {
    await env.client.insert(
      'Webhook',
      {
        __newname: 'Postventa Sales Invoice on_submit',
        name: 'Postventa Sales Invoice on_submit',
        webhook_doctype: 'Sales Invoice',
        webhook_docevent: 'on_submit',
        request_url: 'http://127.0.0.1:9/webhooks/sales-invoice',
        request_method: 'POST',
        request_structure: 'JSON',
        webhook_json: '{}',
      },
      AnyDoc,
    );
    const r = await env.cli(['install', '--yes', '--companion-url', 'http://127.0.0.1:9', '--webhook-secret', SECRET]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/remove webhook Postventa Sales Invoice on_submit/);
    expect((await postventaWebhooks()).map((h) => h.name)).not.toContain('Postventa Sales Invoice on_submit');
  });
});
