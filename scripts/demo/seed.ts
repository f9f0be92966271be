/**
 * Applies the declarative demo tables in `fixtures/demo/` (docs/conventions.md): each file names a doctype, the key
 * fields that identify a row, and the rows. A row whose key already exists is left alone, so seeding twice changes
 * nothing. Values may use `@today±N`, `@today+N HH:MM`, `@now±N(m|h|d)` and `@password`, so the demo stays current,
 * and `@ref Doctype|field=value` for the name of a row seeded before (a póliza is named by the host).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Doc, RequestContext } from '../../devhost/model/types.ts';
import type { DevHost } from '../../devhost/site.ts';

const TableSchema = z.object({
  doctype: z.string(),
  key: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
  requires: z.literal('postventa').optional(),
  single: z.literal(1).optional(),
  patch: z
    .array(z.object({ doctype: z.string(), name: z.string(), values: z.record(z.string(), z.unknown()) }))
    .optional(),
});

export function resolveTokens(value: unknown, now: DateTime, password: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveTokens(v, now, password));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTokens(v, now, password)]));
  if (typeof value !== 'string' || !value.startsWith('@')) return value;
  if (value === '@password') return password;
  if (value.startsWith('@ref ')) return value; // resolved against the site by seedDemo
  const day = /^@today([+-]?\d+)?(?: (\d{2}:\d{2}))?$/.exec(value);
  if (day) {
    const d = now.startOf('day').plus({ days: Number(day[1] ?? 0) });
    return day[2] ? `${d.toFormat('yyyy-MM-dd')} ${day[2]}:00` : d.toFormat('yyyy-MM-dd');
  }
  const rel = /^@now([+-]\d+)([mhd])$/.exec(value);
  if (rel) {
    const unit = { m: 'minutes', h: 'hours', d: 'days' }[rel[2] as 'm' | 'h' | 'd'];
    return now.plus({ [unit]: Number(rel[1]) }).toFormat('yyyy-MM-dd HH:mm:ss');
  }
  throw new Error(`unknown demo token ${value}`);
}

/** `@ref Doctype|field=value` at the top level of a row: the name of the first row of Doctype with that value. */
function resolveRefs(site: DevHost, ctx: RequestContext, row: Doc): Doc {
  const out: Doc = { ...row };
  for (const [k, v] of Object.entries(row)) {
    const m = typeof v === 'string' ? /^@ref ([^|]+)\|(\w+)=(.+)$/.exec(v) : null;
    if (!m) continue;
    const [, doctype = '', field = '', value = ''] = m;
    const found = site.list(
      ctx,
      { doctype, fields: ['name'], filters: [[field, '=', value]], order_by: 'creation asc', limit_page_length: 1 },
      { ignorePermissions: true },
    ) as { name: string }[];
    if (!found[0]) throw new Error(`demo reference ${v}: no such ${doctype}`);
    out[k] = found[0].name;
  }
  return out;
}

export interface SeedResult {
  inserted: number;
  skipped: number;
}

export async function seedDemo(site: DevHost, ctx: RequestContext, dir: string, password: string): Promise<SeedResult> {
  const now = DateTime.fromJSDate(ctx.now, { zone: site.systemZone() });
  const result: SeedResult = { inserted: 0, skipped: 0 };
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const table = TableSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    for (const raw of table.rows) {
      const row = resolveRefs(site, ctx, resolveTokens(raw, now, password) as Doc);
      if (table.single) {
        await site.docs.update(ctx, table.doctype, table.doctype, row, { ignorePermissions: true });
        continue;
      }
      const filters = table.key.map((k) => [k, '=', row[k]]);
      const found = site.list(
        ctx,
        { doctype: table.doctype, filters, limit_page_length: 1 },
        { ignorePermissions: true },
      );
      if (found.length) {
        result.skipped++;
        continue;
      }
      try {
        await site.docs.insert(ctx, table.doctype, row, { ignorePermissions: true });
        result.inserted++;
      } catch (e) {
        throw new Error(
          `${file}: ${table.doctype} ${JSON.stringify(table.key.map((k) => row[k]))}: ${e instanceof Error ? e.message : String(e)}`,
          { cause: e },
        );
      }
    }
    for (const p of table.patch ?? [])
      await site.docs.update(ctx, p.doctype, p.name, resolveTokens(p.values, now, password) as Doc, {
        ignorePermissions: true,
      });
  }
  return result;
}
