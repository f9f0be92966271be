/** Code comments cite what a clone can open: pages of docs/ that exist, never the design notes outside the repo. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DIRS = [
  'domain',
  'generated',
  'host-client',
  'server-scripts',
  'cli',
  'scripts',
  'devhost',
  'client/src',
  'tests',
];
const OUTSIDE = /\b(HOST-FACTS|ERPNEXT-FACTS|REAL-HOST-2026|STYLE\.md|ARCHITECTURE\.md|TOOLCHAIN\.md|issue \d+ ?§)/;

function files(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const p = join(dir, name);
    if (['node_modules', 'dist', 'screenshots'].includes(name) || name.startsWith('.')) return [];
    return statSync(join(ROOT, p)).isDirectory() ? files(p) : /\.(ts|vue|py|mjs)$/.test(name) ? [p] : [];
  });
}

describe('citations in code', () => {
  const all = DIRS.flatMap(files).filter((f) => f !== 'tests/unit/architecture/citations.test.ts');

  it('cite no document outside the repository', () => {
    const bad = all.flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (OUTSIDE.test(line) ? [`${f}:${i + 1}: ${line.trim().slice(0, 100)}`] : [])),
    );
    expect(bad).toEqual([]);
  });

  it('cite docs/ pages that exist', () => {
    const cited = new Set(
      all.flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/docs\/[\w-]+\.md/g)].map((m) => m[0])),
    );
    expect(cited.size).toBeGreaterThan(1);
    expect([...cited].filter((d) => !existsSync(join(ROOT, d)))).toEqual([]);
  });
});
