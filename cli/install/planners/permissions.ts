/** Permission rows for Postventa's roles on host doctypes (Custom DocPerm). */
import { AnyDoc } from '../../../host-client/client.ts';
import { type Action, type Planning, type Rec } from '../planning.ts';

export const PERM_FLAGS: Record<string, string[]> = {
  r: ['read', 'report', 'print', 'email'],
  w: ['write', 'share'],
  c: ['create'],
  d: ['delete'],
  s: ['submit', 'cancel'],
};

export function permRow(role: string, flags: string): Rec {
  const row: Rec = {
    role,
    permlevel: 0,
    if_owner: 0,
    read: 0,
    write: 0,
    create: 0,
    delete: 0,
    submit: 0,
    cancel: 0,
    amend: 0,
    report: 0,
    export: 0,
    import: 0,
    share: 0,
    print: 0,
    email: 0,
    select: 0,
  };
  for (const f of flags) for (const k of PERM_FLAGS[f] ?? []) row[k] = 1;
  return row;
}

export const PERM_KEYS = ['read', 'write', 'create', 'delete', 'submit', 'cancel', 'report', 'share', 'print', 'email'];

/** Permissions for our roles on host doctypes. Custom DocPerm rows replace a doctype's standard ones in Frappe, so the standard rows are copied first, once. */
export async function planHostPermissions(p: Planning): Promise<Action[]> {
  const { client, manifest } = p;
  const actions: Action[] = [];
  const byDoctype = new Map<string, { role: string; flags: string }[]>();
  for (const p of manifest.hostPermissions) byDoctype.set(p.doctype, [...(byDoctype.get(p.doctype) ?? []), p]);
  for (const [doctype, wanted] of byDoctype) {
    const custom = await client.list(
      'Custom DocPerm',
      {
        fields: ['name', 'role', 'permlevel', ...PERM_KEYS],
        filters: [['parent', '=', doctype]],
        orderBy: 'creation asc',
        pageSize: 0,
      },
      AnyDoc,
    );
    if (!custom.length) {
      actions.push({
        kind: 'permission',
        name: `${doctype}: standard roles`,
        op: 'create',
        detail: 'copied to Custom DocPerm before adding ours',
        run: async () => {
          const dt = await client.getDoc('DocType', doctype, AnyDoc);
          for (const p of (dt.permissions as Rec[] | undefined) ?? []) {
            const {
              name: _n,
              parent: _p,
              parentfield: _pf,
              parenttype: _pt,
              idx: _i,
              doctype: _d,
              owner: _o,
              creation: _c,
              modified: _m,
              modified_by: _mb,
              docstatus: _ds,
              ...row
            } = p;
            await client.insert('Custom DocPerm', { ...row, parent: doctype }, AnyDoc);
          }
        },
      });
    }
    for (const w of wanted) {
      const row = permRow(w.role, w.flags);
      const site = custom.find((c) => c.role === w.role && Number(c.permlevel ?? 0) === 0);
      const diff = site ? PERM_KEYS.filter((k) => Number(site[k] ?? 0) !== Number(row[k] ?? 0)) : [];
      actions.push(
        !site
          ? {
              kind: 'permission',
              name: `${doctype}: ${w.role}`,
              op: 'create',
              detail: w.flags,
              run: async () => void (await client.insert('Custom DocPerm', { ...row, parent: doctype }, AnyDoc)),
            }
          : diff.length
            ? {
                kind: 'permission',
                name: `${doctype}: ${w.role}`,
                op: 'update',
                detail: diff.join(', '),
                run: async () => void (await client.update('Custom DocPerm', String(site.name), row, AnyDoc)),
              }
            : { kind: 'permission', name: `${doctype}: ${w.role}`, op: 'unchanged' },
      );
    }
  }
  return actions;
}
