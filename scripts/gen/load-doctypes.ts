/** Reads and parses every DocType JSON in a folder (sorted by file name). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocTypeSchema, type DocType } from '../../domain/meta/doctype.schema.ts';

export function loadDoctypes(dir: string): DocType[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => DocTypeSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}
