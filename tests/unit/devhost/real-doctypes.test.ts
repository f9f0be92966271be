/**
 * The dev host's standard doctypes against the ones a real ERPNext 15.71.1 site reports (../shared/realhost, read
 * here, never copied): the same permission rows, and for every field the dev host declares the same fieldtype and
 * options. A Link to a doctype the dev host does not model (Account, Project, …) may stay Data or a Select.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REAL = join(process.cwd(), '..', 'shared', 'realhost', 'erpnext-15.71.1', 'doctypes');
const DEV = join(process.cwd(), 'devhost', 'host-doctypes');
const FLAGS = ['permlevel', 'if_owner', 'read', 'write', 'create', 'delete', 'submit', 'cancel', 'amend', 'report'];
const FLAGS_MORE = ['export', 'import', 'share', 'print', 'email', 'select'];
/** Fields the dev host keeps for its own ERPNext behaviour, with the reason. */
const DEV_ONLY: Record<string, string> = {
  'Payment Terms Template.credit_days': 'due dates without modelling Payment Terms Template Detail',
};

interface Field {
  fieldname: string;
  fieldtype: string;
  options?: string;
}
interface Dt {
  name: string;
  module?: string;
  issingle?: number;
  istable?: number;
  is_submittable?: number;
  fields: Field[];
  permissions: Record<string, unknown>[];
}
const read = (path: string): Dt => JSON.parse(readFileSync(path, 'utf8')) as Dt;
const perms = (d: Dt): string[] =>
  d.permissions
    .map((p) => [String(p.role), ...[...FLAGS, ...FLAGS_MORE].map((k) => Number(p[k] ?? 0))].join('|'))
    .sort();

const files = existsSync(REAL) ? readdirSync(DEV).filter((f) => existsSync(join(REAL, f))) : [];
const devNames = new Set(readdirSync(DEV).map((f) => read(join(DEV, f)).name));

describe.skipIf(!existsSync(REAL))('dev host doctypes = ERPNext 15.71.1', () => {
  it('compares most of the dev host doctypes', () => {
    expect(files.length).toBeGreaterThanOrEqual(55);
  });

  it.each(files)('%s: the same permission rows', (file) => {
    expect(perms(read(join(DEV, file)))).toEqual(perms(read(join(REAL, file))));
  });

  it.each(files)('%s: the same kind of doctype and the same fieldtype and options per field', (file) => {
    const dev = read(join(DEV, file));
    const real = read(join(REAL, file));
    expect([dev.issingle ?? 0, dev.istable ?? 0, dev.is_submittable ?? 0]).toEqual([
      real.issingle ?? 0,
      real.istable ?? 0,
      real.is_submittable ?? 0,
    ]);
    const byName = new Map(real.fields.map((f) => [f.fieldname, f]));
    const problems: string[] = [];
    for (const f of dev.fields) {
      const r = byName.get(f.fieldname);
      if (!r) {
        if (!DEV_ONLY[`${dev.name}.${f.fieldname}`]) problems.push(`${f.fieldname}: not a field of the real doctype`);
        continue;
      }
      // A Link to a doctype the dev host does not model holds the same names as Data (or a Select of the few it knows).
      const unmodelledLink =
        r.fieldtype === 'Link' && !devNames.has(r.options ?? '') && ['Data', 'Select'].includes(f.fieldtype);
      const unmodelledDynamic = r.fieldtype === 'Dynamic Link' && f.fieldtype === 'Data';
      if (unmodelledLink || unmodelledDynamic) continue;
      if (f.fieldtype !== r.fieldtype || (f.options ?? '') !== (r.options ?? ''))
        problems.push(`${f.fieldname}: ${f.fieldtype}/${f.options ?? ''} here, ${r.fieldtype}/${r.options ?? ''} real`);
    }
    expect(problems).toEqual([]);
  });

  it("carries ERPNext's own Support Settings (a Single of module Support) that Postventa must never change", () => {
    const d = read(join(DEV, 'support_settings.json'));
    expect(d).toMatchObject({ name: 'Support Settings', module: 'Support', issingle: 1 });
  });
});
