/** `npm run devhost -- --port P --data DIR`: the dev host alone, with only the records a new site has. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { serve } from './server.ts';
import { DevHost } from './site.ts';

const ArgsSchema = z.object({
  port: z.coerce.number().int().min(1).max(65535).default(8000),
  data: z.string().default('.data/devhost'),
});

export async function startDevHost(
  argv: string[],
): Promise<{ site: DevHost; close: () => Promise<void>; url: string }> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, data: { type: 'string' } },
    strict: true,
  });
  const args = ArgsSchema.parse(values);
  const url = `http://127.0.0.1:${args.port}`;
  const site = await DevHost.create({ dataDir: args.data, baseUrl: url, log: (l) => console.error(l) });
  const server = await serve(site, args.port);
  return {
    site,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          site.close();
          resolve();
        });
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url, close } = await startDevHost(process.argv.slice(2));
  console.log(
    `Frappe 15 dev host on ${url} (Administrator / ${process.env.DEVHOST_ADMIN_PASSWORD ? '$DEVHOST_ADMIN_PASSWORD' : 'admin'})`,
  );
  const stop = (): void => {
    void close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
