/**
 * What runs around document events: the doctype's controller (core Frappe and ERPNext behaviour the plugin relies
 * on), installed Server Scripts (docs/host-contract.md), Version records for `track_changes`, and Webhooks queued
 * for delivery after commit.
 */
import type { Meta } from '../meta/registry.ts';
import type { Observers } from '../model/documents.ts';
import type { Controller, Doc, DocEvent, DocMethod, Hook, RequestContext, WriteKind } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';
import type { ErpNext } from '../erpnext/methods.ts';
import type { ScriptRunner } from '../scripts/runner.ts';
import type { Webhooks } from '../webhooks/dispatcher.ts';
import { coreControllers, coreDocMethods } from './core.ts';
import { erpnextControllers, erpnextDocMethods } from '../erpnext/controllers.ts';

/** Frappe controller event → Server Script "doctype_event" label (docs/host-contract.md). */
const SCRIPT_EVENTS: Partial<Record<DocEvent, string>> = {
  before_insert: 'Before Insert',
  after_insert: 'After Insert',
  before_validate: 'Before Validate',
  validate: 'Before Save',
  on_update: 'After Save',
  before_submit: 'Before Submit',
  on_submit: 'After Submit',
  before_cancel: 'Before Cancel',
  on_cancel: 'After Cancel',
  on_trash: 'Before Delete',
  after_delete: 'After Delete',
  before_update_after_submit: 'Before Save (Submitted Document)',
  on_update_after_submit: 'After Save (Submitted Document)',
};

export class Hooks implements Observers {
  private readonly controllers: Map<string, Controller>;
  private readonly methods: Map<string, Record<string, DocMethod>>;

  constructor(
    private readonly site: Kernel,
    private readonly deps: { scripts: ScriptRunner; webhooks: Webhooks; erpnext: ErpNext },
  ) {
    this.controllers = new Map([
      ...Object.entries(coreControllers(site, deps.scripts)),
      ...Object.entries(erpnextControllers(site, deps.erpnext)),
    ]);
    this.methods = new Map([...Object.entries(coreDocMethods()), ...Object.entries(erpnextDocMethods())]);
  }

  docMethod(doctype: string, method: string): DocMethod | undefined {
    return this.methods.get(doctype)?.[method];
  }

  async run(event: DocEvent | 'autoname', meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): Promise<void> {
    const hook: Hook | undefined = this.controllers.get(meta.name)?.[event];
    if (hook) await hook(doc, ctx, old);
    if (event === 'autoname') return;
    const label = SCRIPT_EVENTS[event];
    if (label && ctx.depth < 5) await this.deps.scripts.runDocEvent(meta, label, doc, ctx);
  }

  written(event: WriteKind, meta: Meta, doc: Doc, ctx: RequestContext, old: Doc | null): void {
    if (old && meta.doc.track_changes === 1 && event !== 'delete') this.version(meta, doc, ctx, old);
    this.deps.webhooks.queue(event, meta, doc, ctx, old);
  }

  /** A Version with the changed fields, as `track_changes` writes on save (not on insert in v15). */
  private version(meta: Meta, doc: Doc, ctx: RequestContext, old: Doc): void {
    const changed: [string, unknown, unknown][] = [];
    for (const f of meta.valueFields) {
      const a = old[f.fieldname] ?? null;
      const b = doc[f.fieldname] ?? null;
      if (f.fieldtype === 'Password' || JSON.stringify(a) === JSON.stringify(b)) continue;
      changed.push([f.fieldname, a, b]);
    }
    const added: [string, Doc][] = [];
    const removed: [string, Doc][] = [];
    for (const tf of meta.tableFields) {
      const before = new Set(((old[tf.fieldname] as Doc[] | undefined) ?? []).map((r) => String(r.name)));
      const after = new Set(((doc[tf.fieldname] as Doc[] | undefined) ?? []).map((r) => String(r.name)));
      for (const r of (doc[tf.fieldname] as Doc[] | undefined) ?? [])
        if (!before.has(String(r.name))) added.push([tf.fieldname, r]);
      for (const r of (old[tf.fieldname] as Doc[] | undefined) ?? [])
        if (!after.has(String(r.name))) removed.push([tf.fieldname, r]);
    }
    if (!changed.length && !added.length && !removed.length) return;
    const data = JSON.stringify({
      added,
      changed,
      removed,
      row_changed: [],
      data_import: null,
      updater_reference: null,
    });
    ctx.afterCommit.push(() =>
      this.site.internal(
        async (ictx) => {
          await this.site.docs.insert(
            ictx,
            'Version',
            { ref_doctype: meta.name, docname: doc.name, data },
            { ignorePermissions: true, ignoreLinks: true },
          );
        },
        ctx.user === 'Guest' ? 'Administrator' : ctx.user,
      ),
    );
  }
}
