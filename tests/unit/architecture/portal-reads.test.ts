/**
 * What a portal user may read through the host's own REST (docs/host-contract.md, "Files, users, print"): a User
 * Permission on Customer does not hide rows whose Customer link is empty unless the site turns strict user
 * permissions on. So a Postventa doctype may give Support Customer a read row only when its Customer link is
 * mandatory, or when the row is `if_owner`; everything else the portal shows comes through host scripts that filter
 * by the user's customers (server-scripts/host/portal_*.py).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Field {
  fieldname: string;
  fieldtype: string;
  options?: string;
  reqd?: number;
}
interface Perm {
  role: string;
  permlevel: number;
  if_owner: number;
  read: number;
}
interface DocType {
  name: string;
  istable?: number;
  fields: Field[];
  permissions?: Perm[];
}

const DIR = 'doctypes';
const doctypes = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .map((n) => JSON.parse(readFileSync(join(DIR, n), 'utf8')) as DocType);

describe('portal reads through REST', () => {
  it('Support Customer reads a doctype only where its Customer link is mandatory or the row is its own', () => {
    const leaks = doctypes
      .filter((d) =>
        (d.permissions ?? []).some((p) => p.role === 'Support Customer' && p.permlevel === 0 && p.read && !p.if_owner),
      )
      .filter((d) => !d.fields.some((f) => f.fieldtype === 'Link' && f.options === 'Customer' && f.reqd === 1))
      .map((d) => d.name);
    expect(leaks).toEqual([]);
  });

  it('the check sees the doctypes the portal does read', () => {
    const read = doctypes.filter((d) => (d.permissions ?? []).some((p) => p.role === 'Support Customer' && p.read));
    expect(read.map((d) => d.name)).toEqual(expect.arrayContaining(['Service Policy', 'Support Case']));
  });
});
