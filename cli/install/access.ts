/**
 * Which roles an API user needs, computed from permission rows rather than guessed. On a real Frappe 15.75 /
 * ERPNext 15.71 site System Manager alone cannot read Task (Projects User), Holiday List (HR Manager), Web Page
 * (Website Manager), Customer, Serial No and more (docs/host-contract.md, "Permissions"): the installer's and the
 * companion's users need exactly the roles that the rows for what they touch name. Pure: rows come from the caller.
 */
import type { Access } from '../manifest.schema.ts';

export interface PermRow {
  role: string;
  permlevel?: number | undefined;
  if_owner?: number | undefined;
  [flag: string]: unknown;
}

/** The roles whose level-0 rows grant `perm` (not owner-only rows). */
export function grantingRoles(access: Access, rows: readonly PermRow[]): string[] {
  const out = new Set<string>();
  for (const r of rows)
    if (Number(r.permlevel ?? 0) === 0 && !Number(r.if_owner ?? 0) && Number(r[access.perm] ?? 0) === 1)
      out.add(r.role);
  return [...out].sort();
}

/**
 * Effective rows for a doctype once Postventa is installed: custom rows replace the standard ones on Frappe, and
 * the installer copies the standard rows before adding its own, so the result is both sets together.
 */
export function effectiveRows(standard: readonly PermRow[], ours: readonly PermRow[]): PermRow[] {
  return [...standard, ...ours];
}

export interface RoleNeed {
  access: Access;
  /** Any one of these roles grants the access. */
  options: string[];
}

/**
 * The smallest set of roles (greedy, deterministic) that grants every access: `preferred` first wherever it
 * grants, then the role that covers most of what is left. "All" and "Guest" rows are held by every user.
 */
export function requiredRoles(
  accesses: readonly Access[],
  rowsOf: (doctype: string) => readonly PermRow[],
  preferred: readonly string[] = [],
): { roles: string[]; needs: RoleNeed[] } {
  const needs = accesses.flatMap((access) => [
    { access, options: grantingRoles(access, rowsOf(access.doctype)) },
    ...(access.alsoOneOf ? [{ access, options: [...access.alsoOneOf] }] : []),
  ]);
  const open = needs.filter((n) => !n.options.includes('All'));
  const chosen: string[] = [];
  for (const p of preferred) if (open.some((n) => n.options.includes(p))) chosen.push(p);
  let left = open.filter((n) => !n.options.some((o) => chosen.includes(o)));
  while (left.length) {
    const score = new Map<string, number>();
    for (const n of left) for (const o of n.options) score.set(o, (score.get(o) ?? 0) + 1);
    const best = [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (!best) break; // an access no role grants: reported by `missing`
    chosen.push(best[0]);
    left = left.filter((n) => !n.options.includes(best[0]));
  }
  return { roles: chosen, needs };
}

/** The accesses a user holding `roles` does not have, each with the roles that would grant it. */
export function missing(needs: readonly RoleNeed[], roles: ReadonlySet<string>): RoleNeed[] {
  if (roles.has('Administrator')) return [];
  return needs.filter((n) => !n.options.some((o) => o === 'All' || roles.has(o)));
}

/** A Postventa role's Custom DocPerm row from the manifest's flags, as permission rows are compared here. */
export function rowFromFlags(role: string, flags: string): PermRow {
  const row: PermRow = { role, permlevel: 0 };
  for (const f of flags) {
    if (f === 'r') row.read = 1;
    if (f === 'w') row.write = 1;
    if (f === 'c') row.create = 1;
    if (f === 'd') row.delete = 1;
    if (f === 's') row.submit = 1;
  }
  return row;
}

/**
 * The roles `requiredRoles` computes for the two API users from a real ERPNext 15.71 site's rows and Postventa's
 * own (tests/unit/install/access.test.ts fails when they drift): what the demo and the tests give their API users.
 */
export const API_USER_ROLES = {
  installer: ['System Manager', 'Script Manager', 'Website Manager'],
  companion: ['Postventa Integration', 'Super Email User'],
} as const;
