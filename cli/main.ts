/** The `postventa` command. Flags are parsed with node's parseArgs, then validated with zod (STYLE.md Follow 3). */
import { parseArgs } from 'node:util';
import { ValidateArgsSchema, runValidate } from './commands/validate.ts';

const USAGE = `postventa <command> [options]

Commands:
  validate [--root DIR] [--json]   check doctypes, fixtures and plugin-manifest.json against Frappe 15's rules

Exit codes: 0 ok, 1 problems found, 2 bad usage.`;

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
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`postventa: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}
