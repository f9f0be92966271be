/**
 * Normal forms for comparing what the project wants with what a site has: only the keys Postventa sets, with
 * Frappe's defaults (0, "", null) treated as absent, so a second install finds nothing to change.
 */
const FIELD_KEYS = [
  'fieldname',
  'fieldtype',
  'label',
  'options',
  'reqd',
  'unique',
  'default',
  'read_only',
  'hidden',
  'search_index',
  'in_list_view',
  'in_standard_filter',
  'fetch_from',
  'description',
  'length',
  'no_copy',
  'bold',
  'allow_on_submit',
] as const;
const DOCTYPE_KEYS = [
  'module',
  'custom',
  'istable',
  'issingle',
  'is_submittable',
  'track_changes',
  'autoname',
  'title_field',
  'search_fields',
  'sort_field',
  'sort_order',
  'email_append_to',
  'sender_field',
  'subject_field',
  'sender_name_field',
  'description',
] as const;
export const PERM_KEYS = [
  'role',
  'permlevel',
  'if_owner',
  'read',
  'write',
  'create',
  'delete',
  'submit',
  'cancel',
  'amend',
  'report',
  'export',
  'import',
  'share',
  'print',
  'email',
  'select',
] as const;

type Rec = Record<string, unknown>;

export function normalize(rec: Rec, keys: readonly string[]): Rec {
  const out: Rec = {};
  for (const k of keys) {
    const v = rec[k];
    if (v === undefined || v === null || v === '' || v === 0 || v === '0') continue;
    out[k] = typeof v === 'number' || typeof v === 'boolean' ? String(Number(v)) : String(v);
  }
  return out;
}

const same = (a: Rec, b: Rec): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What differs between a desired DocType and the site's, as short human phrases; empty when equal. */
export function diffDoctype(desired: Rec, site: Rec): string[] {
  const changes: string[] = [];
  const props = DOCTYPE_KEYS.filter((k) => k !== 'module' && normalize(desired, [k])[k] !== normalize(site, [k])[k]);
  if (props.length) changes.push(`properties: ${props.join(', ')}`);
  const dFields = ((desired.fields as Rec[] | undefined) ?? []).map((f) => normalize(f, FIELD_KEYS));
  const sFields = ((site.fields as Rec[] | undefined) ?? []).map((f) => normalize(f, FIELD_KEYS));
  const sByName = new Map(sFields.map((f) => [String(f.fieldname), f]));
  const dNames = new Set(dFields.map((f) => String(f.fieldname)));
  const added = dFields.filter((f) => !sByName.has(String(f.fieldname))).map((f) => String(f.fieldname));
  const removed = sFields.filter((f) => !dNames.has(String(f.fieldname))).map((f) => String(f.fieldname));
  const changed = dFields
    .filter((f) => sByName.has(String(f.fieldname)) && !same(f, sByName.get(String(f.fieldname)) ?? {}))
    .map((f) => {
      const s = sByName.get(String(f.fieldname)) ?? {};
      const keys = [...new Set([...Object.keys(f), ...Object.keys(s)])].filter((k) => f[k] !== s[k]);
      return `${String(f.fieldname)} (${keys.join(', ')})`;
    });
  if (added.length) changes.push(`new fields: ${added.join(', ')}`);
  if (removed.length) changes.push(`removed fields: ${removed.join(', ')}`);
  if (changed.length) changes.push(`changed fields: ${changed.join('; ')}`);
  if (
    !added.length &&
    !removed.length &&
    !changed.length &&
    dFields.map((f) => f.fieldname).join() !== sFields.map((f) => f.fieldname).join()
  )
    changes.push('field order');
  const perms = (r: Rec): Rec[] =>
    ((r.permissions as Rec[] | undefined) ?? [])
      .map((p) => normalize(p, PERM_KEYS))
      .sort((a, b) => String(a.role).localeCompare(String(b.role)));
  if (!same({ p: perms(desired) }, { p: perms(site) })) changes.push('permissions');
  return changes;
}

/** Keys that differ between two records, after normalising the given keys. */
export function diffKeys(desired: Rec, site: Rec, keys: readonly string[]): string[] {
  const a = normalize(desired, keys);
  const b = normalize(site, keys);
  return keys.filter((k) => a[k] !== b[k]);
}
