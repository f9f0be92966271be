/**
 * Naming rules (docs/host-contract.md): prompt, hash, autoincrement, field:, naming_series:, format:, and dotted series
 * such as CASO-.YYYY.-.#####, with counters in `tabSeries` keyed by the prefix before the hashes.
 */
import { randomBytes } from 'node:crypto';
import type { DevDatabase } from '../db/database.ts';
import { FrappeError, frappeThrow } from '../errors.ts';
import type { Meta } from '../meta/registry.ts';

export interface NamingClock {
  /** Local date parts in the site's zone. */
  year: string;
  month: string;
  day: string;
  week: string;
  timestamp: string;
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** 10 characters of lowercase base32hex, as Frappe's `make_autoname("hash")`. */
export function hashName(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += BASE32HEX[b & 31];
  return out;
}

function nextCounter(db: DevDatabase, prefix: string): number {
  db.run('CREATE TABLE IF NOT EXISTS "tabSeries" (name TEXT PRIMARY KEY, current INTEGER NOT NULL DEFAULT 0)');
  db.run('INSERT OR IGNORE INTO "tabSeries" (name, current) VALUES (?, 0)', [prefix]);
  db.run('UPDATE "tabSeries" SET current = current + 1 WHERE name = ?', [prefix]);
  return Number(db.get('SELECT current FROM "tabSeries" WHERE name = ?', [prefix])?.current ?? 1);
}

/** A dotted series: parts separated by "."; YYYY/YY/MM/DD/WW/timestamp/{field}/field names are expanded. */
export function expandSeries(
  db: DevDatabase,
  series: string,
  doc: Record<string, unknown>,
  clock: NamingClock,
): string {
  const parts = series.split('.');
  let prefix = '';
  let name = '';
  for (const part of parts) {
    if (/^#+$/.test(part)) {
      const n = nextCounter(db, prefix);
      name += String(n).padStart(part.length, '0');
      continue;
    }
    let piece: string;
    if (part === 'YYYY') piece = clock.year;
    else if (part === 'YY') piece = clock.year.slice(2);
    else if (part === 'MM') piece = clock.month;
    else if (part === 'DD') piece = clock.day;
    else if (part === 'WW') piece = clock.week;
    else if (part === 'timestamp') piece = clock.timestamp;
    else if (/^\{[a-z_][a-z0-9_]*\}$/.test(part)) piece = String(doc[part.slice(1, -1)] ?? '');
    else if (/^[a-z_][a-z0-9_]*$/.test(part) && part in doc) piece = String(doc[part] ?? '');
    else piece = part;
    name += piece;
    prefix += piece;
  }
  return name;
}

/**
 * `format:PFX-{field}-{YYYY}-{#####}`: each braced part is expanded on its own, as Frappe's `_format_autoname`
 * does, so the counter's series key is the empty prefix of `{#####}` alone: one counter for every value of the
 * other parts (observed on Frappe 15.75: ZF-KWDAW-0029, ZF-KWDAW-0030, ZF-K6466-0031).
 */
function expandFormat(db: DevDatabase, format: string, doc: Record<string, unknown>, clock: NamingClock): string {
  return format.replace(/\{([^{}]+)\}/g, (_m, part: string) => {
    if (/^#+$/.test(part)) return String(nextCounter(db, '')).padStart(part.length, '0');
    return expandSeries(db, part, doc, clock);
  });
}

export function makeName(
  db: DevDatabase,
  meta: Meta,
  doc: Record<string, unknown>,
  clock: NamingClock,
  given: string | undefined,
): string {
  if (meta.issingle) return meta.name;
  // Website Generators (Web Page) are named by their scrubbed title; the same title twice is a duplicate (409).
  if (meta.name === 'Web Page' && !given) return scrubPageName(String(doc.title ?? '')) || hashName();
  const rule = meta.doc.autoname ?? '';
  let name: string;
  if (rule === 'prompt' || rule === 'Prompt') {
    if (!given) throw frappeThrow('Please set the document name'); // 417, observed (docs/host-contract.md)
    name = given;
  } else if (rule === 'autoincrement') {
    name = String(nextCounter(db, `__autoincrement_${meta.name}`));
  } else if (rule.startsWith('field:')) {
    const value = doc[rule.slice(6)];
    if (value === undefined || value === null || String(value).trim() === '') {
      const label = meta.fieldMap.get(rule.slice(6))?.label ?? rule.slice(6);
      throw frappeThrow(`${label} is required`, 'MandatoryError');
    }
    name = String(value);
  } else if (rule.startsWith('naming_series:')) {
    const field = meta.fieldMap.get('naming_series');
    const series = String(doc.naming_series || (field?.default ?? field?.options?.split('\n').find(Boolean) ?? ''));
    if (!series) throw frappeThrow('Naming Series mandatory', 'NameError');
    doc.naming_series = series;
    name = expandSeries(db, `${series}.#####`.replace(/\.\.+/g, '.'), doc, clock);
  } else if (rule.startsWith('format:')) {
    name = expandFormat(db, rule.slice(7), doc, clock);
  } else if (rule && rule !== 'hash' && rule.includes('#')) {
    name = expandSeries(db, rule, doc, clock);
  } else {
    name = hashName();
  }
  name = name.trim();
  if (/[<>]/.test(name))
    throw new FrappeError('NameError', `Name cannot contain special characters like < and >`, [
      {
        message: 'Name cannot contain special characters like < and >',
        title: 'Invalid Name',
        indicator: 'red',
        raise_exception: 1,
      },
    ]);
  if (!name) throw frappeThrow('Please set the document name', 'NameError');
  return name;
}

/** Frappe's `cleanup_page_name` as Website Generators use it: lower case, runs of other characters become "-". */
export function scrubPageName(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 140);
}
