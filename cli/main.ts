/** The `postventa` command. Flags are parsed with node's parseArgs, then validated with zod (docs/conventions.md). */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { ValidateArgsSchema, runValidate } from './commands/validate.ts';
import { prompt, runInstall, type Io } from './commands/install.ts';
import { runUninstall } from './commands/uninstall.ts';
import { runDoctor } from './commands/doctor.ts';
import { DEFAULT_CONFIG } from './config.ts';

const USAGE = `postventa <command> [options]

Commands:
  validate  [--root DIR] [--json]
            check doctypes, fixtures and plugin-manifest.json against Frappe 15's rules
  install   --site URL --api-key K --api-secret S [--companion-url U] [--webhook-secret S]
            [--dry-run] [--yes] [--json] [--config FILE]
            show the plan (create / update / unchanged) and install or upgrade Postventa
  uninstall --site URL --api-key K --api-secret S [--purge-data] [--yes] [--json]
            remove webhooks, scripts, web page, permissions and translations; --purge-data also
            deletes Postventa's doctypes and all their records (asks first)
  doctor    --site URL --api-key K --api-secret S [--companion-api-key K --companion-api-secret S] [--companion-url U] [--json]
            check versions, roles, server scripts, clock, fiscal year, workers, companion
  serve     --site URL --api-key K --api-secret S --webhook-secret S [--port 8787] [--sweep-seconds 60]
            run the companion service (webhooks, scheduled jobs, reconciliation sweep)

Site settings can also come from POSTVENTA_SITE, POSTVENTA_API_KEY, POSTVENTA_API_SECRET,
POSTVENTA_WEBHOOK_SECRET, POSTVENTA_COMPANION_URL, or the file install writes (${DEFAULT_CONFIG}).

Exit codes: 0 ok, 1 a check or step failed, 2 bad usage, 3 the site cannot be reached or refused the credentials.`;

const CONNECTION = {
  site: { type: 'string' },
  'api-key': { type: 'string' },
  'api-secret': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface MainIo {
  out: (line: string) => void;
  err?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  interactive?: boolean;
  fetch?: typeof fetch;
}

function io(m: MainIo): Io {
  return {
    out: m.out,
    err: m.err ?? m.out,
    env: m.env ?? process.env,
    interactive: m.interactive ?? false,
    ...(m.interactive ? { ask: prompt() } : {}),
    ...(m.fetch ? { fetch: m.fetch } : {}),
  };
}

type Command = (rest: string[], m: MainIo) => Promise<number>;

/** The commands that talk to a site, each parsing its own flags (`validate` and help are synchronous, in `main`). */
const COMMANDS: Record<string, Command> = {
  install: async (rest, m) => {
    const { values } = parseArgs({
      args: rest,
      options: {
        ...CONNECTION,
        'companion-url': { type: 'string' },
        'webhook-secret': { type: 'string' },
        'companion-api-key': { type: 'string' },
        'companion-api-secret': { type: 'string' },
        root: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean' },
      },
      strict: true,
    });
    return await runInstall(
      {
        ...values,
        config: values.config ?? DEFAULT_CONFIG,
        root: values.root ?? '.',
        'dry-run': values['dry-run'] ?? false,
        yes: values.yes ?? false,
        json: values.json ?? false,
      },
      io(m),
    );
  },
  uninstall: async (rest, m) => {
    const { values } = parseArgs({
      args: rest,
      options: {
        ...CONNECTION,
        root: { type: 'string' },
        'purge-data': { type: 'boolean' },
        yes: { type: 'boolean' },
      },
      strict: true,
    });
    return await runUninstall(
      {
        ...values,
        config: values.config ?? DEFAULT_CONFIG,
        root: values.root ?? '.',
        'purge-data': values['purge-data'] ?? false,
        yes: values.yes ?? false,
        json: values.json ?? false,
      },
      io(m),
    );
  },
  doctor: async (rest, m) => {
    const { values } = parseArgs({
      args: rest,
      options: {
        ...CONNECTION,
        'companion-url': { type: 'string' },
        'companion-api-key': { type: 'string' },
        'companion-api-secret': { type: 'string' },
        root: { type: 'string' },
      },
      strict: true,
    });
    return await runDoctor(
      { ...values, config: values.config ?? DEFAULT_CONFIG, root: values.root ?? '.', json: values.json ?? false },
      io(m),
    );
  },
  serve: async (rest, m) => {
    const { runServe } = await import('../server-scripts/serve.ts');
    return await runServe(rest, io(m));
  },
};

export async function mainAsync(argv: string[], m: MainIo): Promise<number> {
  const [command, ...rest] = argv;
  const run = command && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) return main(argv, m.out);
  try {
    return await run(rest, m);
  } catch (e) {
    const err = m.err ?? m.out;
    if (e instanceof ZodError) err(`postventa ${command ?? ''}: ${e.issues.map((i) => i.message).join('; ')}`);
    else if (e instanceof TypeError && /Unknown option|unexpected argument/i.test(e.message))
      err(`postventa ${command ?? ''}: ${e.message}`);
    else throw e;
    return 2;
  }
}

export function main(argv: string[], out: (line: string) => void = console.log): number {
  const [command, ...rest] = argv;
  if (command === 'validate') {
    const { values } = parseArgs({
      args: rest,
      options: { root: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    const args = ValidateArgsSchema.safeParse(values);
    if (!args.success) {
      out(`postventa validate: ${args.error.issues.map((i) => i.message).join('; ')}`);
      return 2;
    }
    return runValidate(args.data, out);
  }
  out(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mainAsync(process.argv.slice(2), { out: console.log, err: console.error, interactive: process.stdin.isTTY === true })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      console.error(`postventa: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 2;
    });
}
