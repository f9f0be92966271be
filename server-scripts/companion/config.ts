/** `postventa serve` settings: flags, then environment, then the file `install` wrote; parsed with zod. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_CONFIG, readConfig } from './config-file.ts';

export const ServeConfigSchema = z.object({
  site: z.string({ error: 'site: give --site or POSTVENTA_SITE' }).url('site: must be a URL'),
  apiKey: z.string({ error: 'api-key: give --api-key or POSTVENTA_API_KEY' }).min(1),
  apiSecret: z.string({ error: 'api-secret: give --api-secret or POSTVENTA_API_SECRET' }).min(1),
  webhookSecret: z
    .string({ error: 'webhook-secret: give --webhook-secret or POSTVENTA_WEBHOOK_SECRET (install prints it)' })
    .min(16, 'webhook-secret: at least 16 characters'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().default('127.0.0.1'),
  sweepSeconds: z.coerce.number().int().min(5).max(3600).default(60),
  replica: z.string().min(1).default(`replica-${process.pid}`),
});
export type ServeConfig = z.infer<typeof ServeConfigSchema>;

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      site: { type: 'string' },
      'api-key': { type: 'string' },
      'api-secret': { type: 'string' },
      'webhook-secret': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'sweep-seconds': { type: 'string' },
      replica: { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
  });
  const file = readConfig(values.config ?? DEFAULT_CONFIG);
  return ServeConfigSchema.parse({
    site: values.site ?? env.POSTVENTA_SITE ?? file.site,
    apiKey: values['api-key'] ?? env.POSTVENTA_API_KEY ?? file.companionApiKey ?? file.apiKey,
    apiSecret: values['api-secret'] ?? env.POSTVENTA_API_SECRET ?? file.companionApiSecret ?? file.apiSecret,
    webhookSecret: values['webhook-secret'] ?? env.POSTVENTA_WEBHOOK_SECRET ?? file.webhookSecret,
    port: values.port ?? env.PORT,
    host: values.host,
    sweepSeconds: values['sweep-seconds'] ?? env.POSTVENTA_SWEEP_SECONDS,
    replica: values.replica ?? env.POSTVENTA_REPLICA,
  });
}
