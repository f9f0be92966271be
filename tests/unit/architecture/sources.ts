/** The project's source files, as the architecture tests read them (no dependencies, build output or screenshots). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** Every folder that holds code of ours, the tests included. */
export const CODE_DIRS = [
  'domain',
  'generated',
  'host-client',
  'server-scripts',
  'cli',
  'scripts',
  'devhost',
  'client/src',
  'tests',
] as const;

/** The files under `dir` (relative to the root) whose names match `pattern`. */
export function sourceFiles(dir: string, pattern: RegExp): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const p = join(dir, name);
    if (['node_modules', 'dist', 'screenshots'].includes(name) || name.startsWith('.')) return [];
    return statSync(join(ROOT, p)).isDirectory() ? sourceFiles(p, pattern) : pattern.test(name) ? [p] : [];
  });
}
