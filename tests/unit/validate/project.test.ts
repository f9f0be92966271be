import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { validateProject } from '../../../cli/validate/validate-project.ts';

const dirs: string[] = [];
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pv-validate-'));
  dirs.push(dir);
  for (const part of ['plugin-manifest.json', 'doctypes', 'fixtures', 'devhost/host-doctypes'])
    cpSync(part, join(dir, part), { recursive: true });
  return dir;
}
function editJson(dir: string, rel: string, edit: (v: never) => unknown): void {
  const path = join(dir, rel);
  writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')) as never)));
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('validateProject', () => {
  it('passes on the project itself', () => {
    const r = validateProject('.');
    expect(r.issues).toEqual([]);
    expect(r.doctypes).toBeGreaterThanOrEqual(30);
  });

  it('refuses a Custom Field "customer" on Serial No (the host already has it)', () => {
    const dir = copyProject();
    editJson(dir, 'fixtures/custom_fields.json', (rows: object[]) => [
      ...rows,
      {
        doctype: 'Custom Field',
        name: 'Serial No-customer',
        dt: 'Serial No',
        module: 'Postventa',
        fieldname: 'customer',
        label: 'Customer',
        fieldtype: 'Link',
        options: 'Customer',
      },
    ]);
    const hit = validateProject(dir).issues.find((i) => i.field === 'customer');
    expect(hit?.message).toMatch(/already exists in Serial No/);
    expect(hit?.file).toBe('fixtures/custom_fields.json');
  });

  it('names a Custom Field whose name does not follow <dt>-<fieldname>', () => {
    const dir = copyProject();
    editJson(dir, 'fixtures/custom_fields.json', (rows: { name: string }[]) =>
      rows.map((r, i) => (i === 0 ? { ...r, name: 'support_case' } : r)),
    );
    expect(
      validateProject(dir)
        .issues.map((i) => i.message)
        .join(),
    ).toMatch(/name must be "Sales Invoice-support_case"/);
  });

  it('reports a default record that breaks the model, using the generated schemas', () => {
    const dir = copyProject();
    editJson(dir, 'fixtures/records/sla_policy.json', (rows: { targets: { priority: string }[] }[]) => {
      rows[0]!.targets[0]!.priority = 'P9';
      return rows;
    });
    const hit = validateProject(dir).issues.find((i) => i.field === 'targets.0.priority');
    expect(hit?.doctype).toBe('SLA Policy');
    expect(hit?.file).toBe('fixtures/records/sla_policy.json');
  });

  it('reports a missing Spanish translation', () => {
    const dir = copyProject();
    editJson(dir, 'fixtures/translations/es.json', (rows: { source_text: string }[]) =>
      rows.filter((r) => r.source_text !== 'Symptom'),
    );
    expect(
      validateProject(dir)
        .issues.map((i) => i.message)
        .join(),
    ).toMatch(/no Spanish translation for 1 .*"Symptom"/);
  });

  it('reports a doctype file the manifest does not list, and a broken manifest', () => {
    const dir = copyProject();
    editJson(dir, 'plugin-manifest.json', (m: { doctypes: string[] }) => ({
      ...m,
      doctypes: m.doctypes.filter((d) => !d.endsWith('kb_article.json')),
    }));
    const issues = validateProject(dir).issues;
    expect(issues.some((i) => i.file === 'doctypes/kb_article.json' && /not listed/.test(i.message))).toBe(true);
    expect(issues.some((i) => /Link target "KB Article"/.test(i.message))).toBe(true);
    editJson(dir, 'plugin-manifest.json', (m: object) => ({ ...m, version: 'one' }));
    expect(validateProject(dir).issues[0]).toMatchObject({ file: 'plugin-manifest.json', field: 'version' });
  });

  it('reports a submit webhook on a doctype that is not submittable', () => {
    const dir = copyProject();
    editJson(dir, 'plugin-manifest.json', (m: { webhooks: object[] }) => ({
      ...m,
      webhooks: [...m.webhooks, { doctype: 'Support Case', event: 'on_submit', topic: 'support-case' }],
    }));
    expect(
      validateProject(dir)
        .issues.map((i) => i.message)
        .join(),
    ).toMatch(/needs a submittable doctype/);
  });

  it('reports unreadable JSON with the file name', () => {
    const dir = copyProject();
    writeFileSync(join(dir, 'doctypes/support_team.json'), '{ not json');
    expect(
      validateProject(dir).issues.some(
        (i) => i.file === 'doctypes/support_team.json' && /cannot read JSON/.test(i.message),
      ),
    ).toBe(true);
  });
});

describe('postventa validate (CLI)', () => {
  it('exits 0 and says ok on the project', () => {
    const out: string[] = [];
    expect(main(['validate'], (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toMatch(/^ok: \d+ doctypes/);
  });

  it('exits 1 and prints file: doctype.field: message on a broken project', () => {
    const dir = copyProject();
    editJson(dir, 'doctypes/support_case.json', (d: { fields: { fieldname: string; fieldtype: string }[] }) => {
      d.fields.find((f) => f.fieldname === 'priority')!.fieldtype = 'Choice';
      return d;
    });
    const out: string[] = [];
    expect(main(['validate', '--root', dir], (l) => out.push(l))).toBe(1);
    expect(out).toContain('doctypes/support_case.json: Support Case.priority: unknown fieldtype "Choice"');
  });

  it('exits 2 on bad usage', () => {
    expect(main(['frobnicate'], () => undefined)).toBe(2);
    expect(() => main(['validate', '--nope'], () => undefined)).toThrow();
  });
});
