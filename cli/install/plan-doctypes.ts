/**
 * The order in which DocTypes can be created on a host that validates Link and Table targets when a DocType is saved
 * (docs/host-contract.md). Child tables come first; a doctype is created with the fields whose targets already exist; fields
 * pointing at doctypes created later (circular links such as Support Case ↔ KB Article) are added in a second pass.
 * Pure: it only plans.
 */
import type { DocField, DocType } from '../../domain/meta/doctype.schema.ts';

export interface DoctypeStep {
  doctype: DocType;
  /** Fields to create it with (a prefix-preserving subset of its fields). */
  fields: DocField[];
}

export interface DoctypePlan {
  create: DoctypeStep[];
  /** Doctypes to update afterwards with their full field list. */
  complete: DocType[];
}

function targets(f: DocField): string | null {
  return f.fieldtype === 'Link' || f.fieldtype === 'Table' || f.fieldtype === 'Table MultiSelect'
    ? (f.options ?? null)
    : null;
}

export function planDoctypes(doctypes: readonly DocType[], hostHas: (name: string) => boolean): DoctypePlan {
  const ours = new Map(doctypes.map((d) => [d.name, d]));
  const created = new Set<string>();
  const exists = (name: string): boolean => created.has(name) || (!ours.has(name) && hostHas(name));
  const create: DoctypeStep[] = [];
  const complete: DocType[] = [];
  // Children first (they may only link outwards), then the rest by how many of their targets are ours.
  const ordered = [...doctypes].sort(
    (a, b) => Number(b.istable ?? 0) - Number(a.istable ?? 0) || a.name.localeCompare(b.name),
  );
  let pending = ordered;
  while (pending.length) {
    const next: DocType[] = [];
    let progressed = false;
    for (const d of pending) {
      const tables = d.fields.filter((f) => f.fieldtype === 'Table' || f.fieldtype === 'Table MultiSelect');
      if (tables.some((f) => f.options !== d.name && !exists(f.options ?? ''))) {
        next.push(d);
        continue;
      }
      const deferred = d.fields.filter((f) => {
        const t = targets(f);
        return t !== null && t !== d.name && !exists(t);
      });
      // Wait while something else might still create a target; break cycles when nothing moves.
      if (
        deferred.length &&
        pending.some((o) => o !== d && deferred.some((f) => targets(f) === o.name)) &&
        !stalled(pending, exists)
      ) {
        next.push(d);
        continue;
      }
      create.push({ doctype: d, fields: d.fields.filter((f) => !deferred.includes(f)) });
      if (deferred.length) complete.push(d);
      created.add(d.name);
      progressed = true;
    }
    if (!progressed && next.length === pending.length) {
      // A cycle through Table fields cannot happen in Frappe (children cannot hold tables); guard anyway.
      throw new Error(`cannot order doctypes: ${next.map((d) => d.name).join(', ')}`);
    }
    pending = next;
  }
  return { create, complete };
}

/** True when no pending doctype can be created with all of its links satisfied: time to defer links. */
function stalled(pending: readonly DocType[], exists: (name: string) => boolean): boolean {
  return !pending.some((d) =>
    d.fields.every((f) => {
      const t = targets(f);
      return t === null || t === d.name || exists(t);
    }),
  );
}
