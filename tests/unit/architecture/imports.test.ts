/**
 * The import graph, read from the sources: arrows point one way between the layers (docs/architecture.md) and no
 * files import each other in a circle. A new forbidden arrow or a new circle fails here.
 */
import { readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './sources.ts';

const SOURCES = ['domain', 'generated', 'host-client', 'server-scripts', 'cli', 'scripts', 'devhost', 'client/src'];

/** Which layers each layer may import (its own always). */
const ALLOWED: Record<string, readonly string[]> = {
  domain: ['generated'],
  generated: ['domain'],
  'host-client': ['domain', 'generated'],
  'server-scripts': ['host-client', 'domain', 'generated'],
  cli: ['server-scripts', 'host-client', 'domain', 'generated'],
  scripts: ['cli', 'server-scripts', 'host-client', 'devhost', 'domain', 'generated'],
  // The fake host knows nothing of the plugin but the DocType metadata format.
  devhost: ['domain/meta/doctype.schema.ts'],
  client: ['domain', 'generated'],
};

function layerOf(file: string): string {
  return file.startsWith('client/src/') ? 'client' : (file.split('/')[0] ?? '');
}

const files = (dir: string): string[] =>
  sourceFiles(dir, /\.(ts|vue|mjs)$/).filter((f) => !/\.(test|bench)\.ts$/.test(f));

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = join('client/src', spec.slice(2));
  else if (spec.startsWith('@domain/')) base = join('domain', spec.slice('@domain/'.length));
  else if (spec.startsWith('.')) base = join(dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    const abs = join(ROOT, candidate);
    if (existsSync(abs) && statSync(abs).isFile()) return relative(ROOT, abs);
  }
  return relative(ROOT, join(ROOT, base));
}

function graph(): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const f of SOURCES.flatMap(files)) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    const out = new Set<string>();
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(f, m[1] ?? m[2] ?? m[3] ?? '');
      if (target) out.add(target);
    }
    g.set(f, out);
  }
  return g;
}

/** Strongly connected components with more than one file (Tarjan). */
function circles(g: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          on.delete(w);
          scc.push(w);
        }
      } while (w !== undefined && w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

export function forbiddenArrows(g: Map<string, Set<string>>): string[] {
  const bad: string[] = [];
  for (const [from, targets] of g) {
    const layer = layerOf(from);
    for (const to of targets) {
      // Data, not code: the doctype definitions and fixtures (JSON) may be read by any layer.
      if (to.endsWith('.json') && (to.startsWith('doctypes/') || to.startsWith('fixtures/'))) continue;
      const target = layerOf(to);
      if (target === layer) continue;
      const ok = (ALLOWED[layer] ?? []).some((a) => to === a || to.startsWith(`${a}/`) || target === a);
      if (!ok) bad.push(`${from} → ${to}`);
    }
  }
  return bad.sort();
}

describe('the import graph', () => {
  const g = graph();

  it('reads the sources (a sanity check on the reader itself)', () => {
    expect(g.size).toBeGreaterThan(100);
    expect([...(g.get('cli/main.ts') ?? [])].length).toBeGreaterThan(2);
  });

  it('has no arrow from a lower layer to a higher one', () => {
    expect(forbiddenArrows(g)).toEqual([]);
  });

  it('has no import circle anywhere', () => {
    expect(circles(g)).toEqual([]);
  });
});
