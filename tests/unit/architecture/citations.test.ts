/** Code comments cite what a clone can open: pages of docs/ that exist, never the design notes outside the repo. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_DIRS, ROOT, sourceFiles } from './sources.ts';

const OUTSIDE = /\b(HOST-FACTS|ERPNEXT-FACTS|REAL-HOST-2026|STYLE\.md|ARCHITECTURE\.md|TOOLCHAIN\.md|issue \d+ ?§)/;

const files = (dir: string): string[] => sourceFiles(dir, /\.(ts|vue|py|mjs)$/);
const DIRS = CODE_DIRS;

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
