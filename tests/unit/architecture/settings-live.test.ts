/**
 * No dead control (issue 14): every Postventa Settings field the admin page shows (not hidden in
 * doctypes/postventa_settings.json) is read by code that acts on it — a job, a host script, the companion, the
 * client outside the settings form. Checking a value (settings_rules.py) or translating its label is not acting on
 * it; a setting whose feature has not landed stays hidden until it does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import settings from '../../../doctypes/postventa_settings.json';

const ROOTS = ['server-scripts', 'domain', 'client/src', 'cli', 'reports', 'host-client'];
const SKIP = [/i18n\//, /SettingsForm\.vue$/, /settings_rules\.py$/, /\.test\.ts$/];
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|vue|py|sql)$/.test(n) && !SKIP.some((r) => r.test(p)) ? [p] : [];
  });
}

describe('Postventa Settings', () => {
  it('every field shown in the admin page is used by the code that acts on it', () => {
    const code = ROOTS.flatMap(files).map((f) => readFileSync(f, 'utf8'));
    const NO_VALUE = new Set(['Section Break', 'Column Break', 'Tab Break']);
    const shown = (settings as { fields: { fieldname: string; fieldtype: string; hidden?: number }[] }).fields.filter(
      (f) => !NO_VALUE.has(f.fieldtype) && !f.hidden,
    );
    const dead = shown
      .filter((f) => !code.some((c) => new RegExp(`\\b${f.fieldname}\\b`).test(c)))
      .map((f) => f.fieldname);
    expect(dead).toEqual([]);
    expect(shown.length).toBeGreaterThan(20);
  });
});
