/**
 * Connection settings shared by `install`, `uninstall`, `doctor` and `serve`: flags first, then environment
 * (POSTVENTA_SITE, POSTVENTA_API_KEY, POSTVENTA_API_SECRET, POSTVENTA_WEBHOOK_SECRET), then the config file that
 * `install` writes (`.postventa/companion.json`, mode 0600). Parsed with zod; every problem names the setting.
 */
import { z } from 'zod';

// The file's schema and its reading and writing belong to the companion (which reads it at start); the CLI writes it.
export {
  DEFAULT_CONFIG,
  FileConfigSchema,
  readConfig,
  writeConfig,
  type FileConfig,
} from '../server-scripts/companion/config-file.ts';
import type { FileConfig } from '../server-scripts/companion/config-file.ts';

export const ConnectionSchema = z.object({
  site: z
    .string({ error: 'site: give --site https://erp.example.com (or POSTVENTA_SITE)' })
    .url('site: must be a URL such as https://erp.example.com'),
  apiKey: z.string({ error: 'api-key: give --api-key (or POSTVENTA_API_KEY)' }).min(1),
  apiSecret: z.string({ error: 'api-secret: give --api-secret (or POSTVENTA_API_SECRET)' }).min(1),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export function connection(
  flags: { site?: string | undefined; 'api-key'?: string | undefined; 'api-secret'?: string | undefined },
  env: NodeJS.ProcessEnv,
  file: FileConfig,
): Connection {
  return ConnectionSchema.parse({
    site: flags.site ?? env.POSTVENTA_SITE ?? file.site,
    apiKey: flags['api-key'] ?? env.POSTVENTA_API_KEY ?? file.apiKey,
    apiSecret: flags['api-secret'] ?? env.POSTVENTA_API_SECRET ?? file.apiSecret,
  });
}
