/** Small reads of a site's state shared by install and uninstall. */
import { z } from 'zod';
import { HostClient } from '../../host-client/client.ts';
import type { Connection } from '../config.ts';

const Row = z.record(z.string(), z.unknown());

export function clientFor(conn: Connection, fetchImpl?: typeof fetch): HostClient {
  return new HostClient({
    baseUrl: conn.site,
    apiKey: conn.apiKey,
    apiSecret: conn.apiSecret,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/** The site's Spanish Translation rows for these source texts (a POST body: the list can be long). */
export async function siteTranslations(client: HostClient, sources: string[]): Promise<z.infer<typeof Row>[]> {
  return z.array(Row).parse(
    await client.call('frappe.client.get_list', {
      doctype: 'Translation',
      fields: ['name', 'source_text', 'translated_text'],
      filters: [
        ['language', '=', 'es'],
        ['source_text', 'in', sources],
      ],
      limit_page_length: 0,
    }),
  );
}
