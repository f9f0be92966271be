/**
 * Size limits (docs/conventions.md): no source file over 400 lines and no function over 80 lines. A function's own
 * lines do not count the functions nested in it (each is measured on its own), and a function that only returns a
 * table — an object or array literal of entries, such as a map of handlers — is data, not logic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CODE_DIRS, ROOT, sourceFiles } from './sources.ts';

const SOURCES = CODE_DIRS.filter((d) => d !== 'generated');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

const files = (dir: string): string[] => sourceFiles(dir, /\.(ts|vue|py)$/);

/** The TypeScript of a file: a Vue file's `<script>` blocks, with their line offset kept. */
function scriptOf(file: string, text: string): string {
  if (!file.endsWith('.vue')) return text;
  return text
    .split('\n')
    .map((line, i, all) => {
      const opened = all.slice(0, i).lastIndexOf(all.slice(0, i).findLast((l) => /^<\/?script/.test(l)) ?? '');
      const inside = opened >= 0 && /^<script/.test(all[opened] ?? '');
      return inside && !/^<\/?script/.test(line) ? line : '';
    })
    .join('\n');
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** A function whose body only returns an object or array literal (or is one): a table. */
function isTable(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body) return false;
  const literal = (e: ts.Expression): boolean => {
    const inner = ts.isParenthesizedExpression(e) ? e.expression : e;
    return ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner);
  };
  if (!ts.isBlock(body)) return literal(body);
  const [only] = body.statements;
  return (
    body.statements.length === 1 &&
    !!only &&
    ts.isReturnStatement(only) &&
    !!only.expression &&
    literal(only.expression)
  );
}

interface Measured {
  name: string;
  lines: number;
}

function longFunctions(file: string, source: string): Measured[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const line = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const out: Measured[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body && !isTable(node)) {
      let own = line(node.getEnd()) - line(node.getStart(sf)) + 1;
      const nested = (n: ts.Node): void => {
        if (isFunction(n)) own -= line(n.getEnd()) - line(n.getStart(sf)) + 1;
        else ts.forEachChild(n, nested);
      };
      ts.forEachChild(node.body, nested);
      const name =
        node.name && ts.isIdentifier(node.name)
          ? node.name.text
          : ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)
            ? node.parent.name.text
            : ts.isPropertyAssignment(node.parent)
              ? node.parent.name.getText(sf)
              : `(anonymous, line ${line(node.getStart(sf)) + 1})`;
      if (own > MAX_FUNCTION_LINES) out.push({ name, lines: own });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const ALL = SOURCES.flatMap(files);

describe('size limits', () => {
  it(`no source file is over ${MAX_FILE_LINES} lines`, () => {
    const long = ALL.map((f) => ({ f, n: readFileSync(join(ROOT, f), 'utf8').split('\n').length })).filter(
      ({ n }) => n > MAX_FILE_LINES,
    );
    expect(long.map(({ f, n }) => `${f}: ${n}`)).toEqual([]);
  });

  it(`no function is over ${MAX_FUNCTION_LINES} lines of its own`, () => {
    const long = ALL.filter((f) => !f.endsWith('.py')).flatMap((f) =>
      longFunctions(f, scriptOf(f, readFileSync(join(ROOT, f), 'utf8'))).map((m) => `${f}: ${m.name} ${m.lines}`),
    );
    expect(long).toEqual([]);
  });
});
