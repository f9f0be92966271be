/**
 * `npm test`: lint, format check, type checks (server and client), project validation, the client build, then every
 * test tier (unit, integration, contract, security, browser). CI reads only the final
 * plain line `N passed, N failed, N skipped` (docs/conventions.md), so each runner writes a JSON report that
 * is counted here; each static check counts as one test. Exit code is non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { z } from 'zod';

const REPORTS = '.test-reports';
const VitestReportSchema = z.looseObject({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number().default(0),
  success: z.boolean(),
});

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n── ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(
    `── ${label}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return ok;
}

function check(label: string, command: string, args: string[]): void {
  if (run(label, command, args)) tally.passed++;
  else {
    tally.failed++;
    failures.push(label);
  }
}

function vitestTier(label: string, config: string, extraEnv: NodeJS.ProcessEnv = {}): void {
  const report = `${REPORTS}/${label}.json`;
  const ok = run(
    label,
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      config,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    extraEnv,
  );
  if (!existsSync(report)) {
    tally.failed++;
    failures.push(`${label} (no report: the runner crashed)`);
    return;
  }
  const parsed = VitestReportSchema.parse(JSON.parse(readFileSync(report, 'utf8')));
  tally.passed += parsed.numPassedTests;
  tally.failed += parsed.numFailedTests;
  tally.skipped += parsed.numPendingTests + parsed.numTodoTests;
  if (parsed.numFailedTests > 0) failures.push(`${label}: ${parsed.numFailedTests} failed`);
  else if (!ok || !parsed.success) {
    tally.failed++;
    failures.push(`${label}: runner failed outside any test`);
  }
}

rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });
const tsx = 'node_modules/.bin/tsx';

check('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']);
check('format', process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level=warn']);
check('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
check('validate', tsx, ['cli/main.ts', 'validate']);
check('typecheck client', process.execPath, [
  'node_modules/vue-tsc/bin/vue-tsc.js',
  '--noEmit',
  '-p',
  'client/tsconfig.json',
]);
// The browser tests and `postventa install` use the built client (client/dist).
check('build client', process.execPath, [
  'node_modules/vite/bin/vite.js',
  'build',
  '--config',
  'client/vite.config.ts',
  '--logLevel',
  'warn',
]);
vitestTier('unit', 'vitest.config.ts');
vitestTier('integration', 'vitest.integration.config.ts');
// Against HOST_URL when set, else an in-memory dev host (tests/contract/host.ts).
vitestTier('contract', 'vitest.contract.config.ts');
// The attack suite: isolation matrix (dev host with Postventa, or HOST_URL) and the bounded fuzz pass.
vitestTier('security', 'vitest.security.config.ts');
// Chromium (Debian package) against the demo: an agent works a case from intake to closure.
vitestTier('e2e', 'vitest.e2e.config.ts');

console.log(failures.length ? `\nFailed: ${failures.join('; ')}` : '\nAll green.');
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exitCode = tally.failed > 0 ? 1 : 0;
