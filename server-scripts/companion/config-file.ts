/**
 * The settings file `install` writes (`.postventa/companion.json`, mode 0600) and `serve` reads: the site, the API
 * keys of both users and the webhook secret. Parsed with zod.
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

export function readConfig(path: string): FileConfig {
  if (!existsSync(path)) return {};
  return FileConfigSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function writeConfig(path: string, cfg: FileConfig): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
