/**
 * The roles the installer's and the companion's API users need, computed from the permission rows a real
 * ERPNext 15.71.1 site reports (../shared/realhost, read here, never copied) plus the rows Postventa adds, and the
 * README saying exactly those roles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_USER_ROLES,
  grantingRoles,
  missing,
  requiredRoles,
  rowFromFlags,
  type PermRow,
} from '../../../cli/install/access.ts';
import { loadManifest } from '../../../cli/install/plan.ts';
import { DocTypeSchema, scrub } from '../../../domain/meta/doctype.schema.ts';

const REAL = join(process.cwd(), '..', 'shared', 'realhost', 'erpnext-15.71.1', 'doctypes');
const manifest = loadManifest('.');
const ours = new Map(
  manifest.doctypes.map((rel) => {
    const dt = DocTypeSchema.parse(JSON.parse(readFileSync(rel, 'utf8')));
    return [dt.name, dt.permissions as PermRow[]];
  }),
);

function rowsOf(doctype: string): PermRow[] {
  const mine = ours.get(doctype);
  if (mine) return mine;
  const file = join(REAL, `${scrub(doctype)}.json`);
  const standard = existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { permissions: PermRow[] }).permissions ?? [])
    : [];
  return [
    ...standard,
    ...manifest.hostPermissions.filter((p) => p.doctype === doctype).map((p) => rowFromFlags(p.role, p.flags)),
  ];
}

describe.skipIf(!existsSync(REAL))('API user roles on a real ERPNext 15.71.1', () => {
  it('every doctype the API users touch has rows on the real site or in Postventa', () => {
    for (const a of [...manifest.apiUsers.installer, ...manifest.apiUsers.companion])
      expect([a.doctype, rowsOf(a.doctype).length > 0]).toEqual([a.doctype, true]);
  });

  it('the installer needs System Manager, Script Manager and Website Manager', () => {
    expect(requiredRoles(manifest.apiUsers.installer, rowsOf).roles).toEqual([
      'System Manager',
      'Script Manager',
      'Website Manager',
    ]);
    expect(requiredRoles(manifest.apiUsers.installer, rowsOf).roles).toEqual([...API_USER_ROLES.installer]);
  });

  it('the companion needs Postventa Integration and Super Email User, never System Manager', () => {
    const { roles } = requiredRoles(manifest.apiUsers.companion, rowsOf, [manifest.integrationRole]);
    expect(roles).toEqual(['Postventa Integration', 'Super Email User']);
    expect(roles).toEqual([...API_USER_ROLES.companion]);
  });

  it('without Postventa Integration the companion would need Projects User and HR Manager too', () => {
    const { needs } = requiredRoles(manifest.apiUsers.companion, rowsOf);
    const gaps = missing(needs, new Set(['Super Email User']));
    const task = gaps.find((g) => g.access.doctype === 'Task');
    expect(task?.options).toEqual(expect.arrayContaining(['Projects User', 'Postventa Integration']));
    expect(gaps.find((g) => g.access.doctype === 'Holiday List')?.options).toContain('HR Manager');
  });

  it('System Manager alone cannot create a Web Page on the real site', () => {
    expect(grantingRoles({ doctype: 'Web Page', perm: 'create', why: 'x' }, rowsOf('Web Page'))).toEqual([
      'Website Manager',
    ]);
  });

  it('the README names exactly the computed roles for each API user', () => {
    const readme = readFileSync('README.md', 'utf8');
    const installer = requiredRoles(manifest.apiUsers.installer, rowsOf).roles.join(', ');
    const companion = requiredRoles(manifest.apiUsers.companion, rowsOf, [manifest.integrationRole]).roles.join(', ');
    expect(readme).toMatch(new RegExp(`\\| installer[^|\\n]*\\|\\s*${installer}\\s*\\|`));
    expect(readme).toMatch(new RegExp(`\\| companion[^|\\n]*\\|\\s*${companion}\\s*\\|`));
  });
});
