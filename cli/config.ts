/**
 * Connection settings shared by `install`, `uninstall`, `doctor` and `serve`: flags first, then environment
 * (POSTVENTA_SITE, POSTVENTA_API_KEY, POSTVENTA_API_SECRET, POSTVENTA_WEBHOOK_SECRET), then the config file that
 * `install` writes (`.postventa/companion.json`, mode 0600). Parsed with zod; every problem names the setting.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const DEFAULT_CONFIG = '.postventa/companion.json';

export const FileConfigSchema = z.object({
  site: z.string().url().optional(),
  apiKey: z.string().min(1).optional(),
  apiSecret: z.string().min(1).optional(),
  webhookSecret: z.string().min(16).optional(),
  companionUrl: z.string().url().optional(),
  /** The companion's own API user (roles computed by `doctor`); the installer's key is used when absent. */
  companionApiKey: z.string().min(1).optional(),
  companionApiSecret: z.string().min(1).optional(),
});
export type FileConfig = z.infer<typeof FileConfigSchema>;

export const ConnectionSchema = z.object({
  site: z
    .string({ error: 'site: give --site https://erp.example.com (or POSTVENTA_SITE)' })
    .url('site: must be a URL such as https://erp.example.com'),
  apiKey: z.string({ error: 'api-key: give --api-key (or POSTVENTA_API_KEY)' }).min(1),
  apiSecret: z.string({ error: 'api-secret: give --api-secret (or POSTVENTA_API_SECRET)' }).min(1),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export function readConfig(path: string): FileConfig {
  if (!existsSync(path)) return {};
  return FileConfigSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function writeConfig(path: string, cfg: FileConfig): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

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
