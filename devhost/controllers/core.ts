/** Frappe core controllers the dev host needs: DocType, Custom Field, Property Setter, User, ToDo, Web Page, Server Script, Webhook, Report. */
import { CHILD_STANDARD_FIELDS, STANDARD_FIELDS, scrub } from '../../domain/meta/doctype.schema.ts';
import { FrappeError, frappeThrow } from '../errors.ts';
import { q } from '../meta/registry.ts';
import type { Controller, Doc, DocMethod } from '../model/types.ts';
import type { ScriptRunner } from '../scripts/runner.ts';
import type { Kernel } from '../kernel.ts';
import { validateDocTypeDoc } from './doctype-rules.ts';

const RESERVED_FIELDNAMES: ReadonlySet<string> = new Set([...STANDARD_FIELDS, ...CHILD_STANDARD_FIELDS]);

export function coreControllers(site: Kernel, scripts: ScriptRunner): Record<string, Controller> {
  return {
    DocType: {
      validate: (doc) => {
        if (Number(doc.custom ?? 0) !== 1 && !site.meta.isCore(String(doc.name))) {
          throw frappeThrow(
            "Not in Developer Mode! Set in site_config.json or make 'Custom' DocType.",
            'ValidationError',
            'Not in Developer Mode',
          );
        }
        validateDocTypeDoc(site, doc);
      },
      on_update: (doc) => {
        site.meta.refresh(String(doc.name));
      },
      on_trash: (doc) => {
        if (site.meta.isCore(String(doc.name))) throw frappeThrow('Standard DocType cannot be deleted');
      },
      after_delete: (doc) => {
        const name = String(doc.name);
        site.db.run(`DROP TABLE IF EXISTS ${q(`tab${name}`)}`);
        site.db.run('DELETE FROM "tabCustom Field" WHERE dt = ?', [name]);
        site.meta.invalidate(name);
      },
    },
    'Custom Field': {
      autoname: (doc) => {
        if (!doc.fieldname && doc.label) doc.fieldname = `custom_${scrub(String(doc.label)).replace(/^_+|_+$/g, '')}`;
        doc.fieldname = String(doc.fieldname ?? '').toLowerCase();
        if (RESERVED_FIELDNAMES.has(String(doc.fieldname))) doc.fieldname = `${String(doc.fieldname)}1`;
        doc.name = `${String(doc.dt)}-${String(doc.fieldname)}`;
      },
      validate: (doc, _ctx, old) => {
        const meta = site.meta.require(String(doc.dt));
        const fieldname = String(doc.fieldname ?? '');
        if (!/^[a-z][a-z0-9_]*$/.test(fieldname))
          throw frappeThrow(`Fieldname ${fieldname} has invalid characters`, 'ValidationError', 'Invalid Fieldname');
        if (!old && meta.fieldMap.has(fieldname))
          throw frappeThrow(`A field with the name <strong>${fieldname}</strong> already exists in ${meta.name}`);
        if ((doc.fieldtype === 'Link' || doc.fieldtype === 'Table') && !doc.options)
          throw frappeThrow(
            `Options is mandatory for field ${String(doc.label ?? fieldname)} of type ${String(doc.fieldtype)}`,
          );
        if (doc.fieldtype === 'Link' && !site.meta.exists(String(doc.options)))
          throw frappeThrow(`DocType ${String(doc.options)} not found`, 'DoesNotExistError');
        if (doc.insert_after && !meta.fieldMap.has(String(doc.insert_after)))
          throw frappeThrow(
            `Insert After field '${String(doc.insert_after)}' mentioned in Custom Field '${String(doc.label ?? fieldname)}', with label '${String(doc.label ?? '')}', does not exist`,
          );
      },
      on_update: (doc) => {
        site.meta.refresh(String(doc.dt));
      },
      after_delete: (doc) => {
        site.meta.refresh(String(doc.dt));
      },
    },
    'Property Setter': {
      autoname: (doc) => {
        doc.name = `${String(doc.doc_type)}-${String(doc.field_name || doc.row_name || 'main')}-${String(doc.property)}`;
      },
      on_update: (doc) => {
        site.meta.refresh(String(doc.doc_type));
      },
      after_delete: (doc) => {
        site.meta.refresh(String(doc.doc_type));
      },
    },
    User: {
      before_validate: (doc) => {
        doc.email = String(doc.email ?? '')
          .trim()
          .toLowerCase();
        if (!doc.name || doc.name === doc.email) doc.name = doc.name ?? doc.email;
      },
      autoname: (doc) => {
        doc.name = doc.email;
      },
      validate: (doc) => {
        doc.full_name = [doc.first_name, doc.last_name].filter(Boolean).join(' ');
        const roles = ((doc.roles as Doc[] | undefined) ?? []).map((r) => String(r.role));
        if (doc.name !== 'Administrator' && doc.name !== 'Guest') {
          const desk = roles.some(
            (r) => Number(site.db.get('SELECT desk_access FROM "tabRole" WHERE name = ?', [r])?.desk_access ?? 0) === 1,
          );
          doc.user_type = desk ? 'System User' : 'Website User';
        }
        if (typeof doc.new_password === 'string' && doc.new_password && !/^\*+$/.test(doc.new_password)) {
          site.sessions.setLoginPassword(String(doc.name), doc.new_password);
        }
        doc.new_password = null;
      },
      on_trash: (doc) => {
        if (doc.name === 'Administrator' || doc.name === 'Guest')
          throw frappeThrow(`User ${String(doc.name)} cannot be deleted`, 'PermissionError');
      },
    },
    ToDo: {
      on_update: (doc) => updateAssign(site, doc),
      after_delete: (doc) => updateAssign(site, doc),
    },
    'Web Page': {
      validate: (doc) => {
        if (!doc.route) doc.route = scrub(String(doc.title ?? '')).replace(/_/g, '-');
      },
    },
    'Server Script': {
      validate: async (doc, ctx) => {
        if (!ctx.roles.has('Script Manager') && ctx.user !== 'Administrator')
          throw new FrappeError('PermissionError', 'Script Manager role is required', []);
        if (doc.script_type === 'DocType Event' && (!doc.reference_doctype || !doc.doctype_event))
          throw frappeThrow('Reference Document Type and DocType Event are required for DocType Event scripts');
        if (doc.script_type === 'API' && !doc.api_method) throw frappeThrow('API Method is required for API scripts');
        await scripts.checkSyntax(String(doc.script ?? ''));
      },
      on_update: () => scripts.invalidate(),
      after_delete: () => scripts.invalidate(),
    },
    Webhook: {
      validate: (doc) => {
        const meta = site.meta.require(String(doc.webhook_doctype));
        if (
          ['on_submit', 'on_cancel', 'on_update_after_submit'].includes(String(doc.webhook_docevent)) &&
          !meta.submittable
        )
          throw frappeThrow('DocType must be Submittable for the selected Doc Event');
        if (!/^https?:\/\//.test(String(doc.request_url ?? '')) && !doc.is_dynamic_url)
          throw frappeThrow(`${String(doc.request_url)} is not a valid URL`);
        if (doc.enable_security && !doc.webhook_secret)
          throw frappeThrow('Webhook Secret is required when security is enabled');
      },
    },
    Report: {
      validate: (doc) => {
        // Frappe 15.75 saves any query (200); running one that is not SELECT/WITH is refused (403, reports.ts).
        if (!doc.is_standard) doc.is_standard = 'No';
      },
    },
  };
}

/** `_assign` on the referenced document lists the users of its open ToDos (docs/host-contract.md). */
function updateAssign(site: Kernel, todo: Doc): void {
  const dt = String(todo.reference_type ?? '');
  const dn = String(todo.reference_name ?? '');
  const meta = dt ? site.meta.get(dt) : undefined;
  if (!meta || meta.issingle || !dn) return;
  const users = site.db
    .all(
      'SELECT allocated_to FROM "tabToDo" WHERE reference_type = ? AND reference_name = ? AND status = ? ORDER BY creation',
      [dt, dn, 'Open'],
    )
    .map((r) => String(r.allocated_to));
  site.db.run(`UPDATE ${q(meta.table)} SET _assign = ? WHERE name = ?`, [JSON.stringify([...new Set(users)]), dn]);
}

export function coreDocMethods(): Record<string, Record<string, DocMethod>> {
  return {};
}
