/**
 * What a new Frappe 15 + ERPNext 15 site has before anyone uses it: the core DocType records (so Links to DocType
 * resolve and `GET /api/resource/DocType/<name>` answers), Administrator and Guest, the standard roles, System
 * Settings, languages, and ERPNext's setup masters (item groups, UOMs, activity types, modes of payment). Idempotent.
 */
import { type DocField, type DocPerm, type DocType } from '../domain/meta/doctype.schema.ts';
import { hasColumn } from './meta/columns.ts';
import { hashName } from './model/naming.ts';
import type { Doc, RequestContext } from './model/types.ts';
import { siteNow } from './clock.ts';
import type { Kernel } from './kernel.ts';

const ROLES: [string, number][] = [
  ['Administrator', 1],
  ['System Manager', 1],
  ['Guest', 0],
  ['All', 0],
  ['Script Manager', 1],
  ['Website Manager', 1],
  ['Accounts User', 1],
  ['Accounts Manager', 1],
  ['Sales User', 1],
  ['Sales Manager', 1],
  ['Stock User', 1],
  ['Stock Manager', 1],
  ['Projects User', 1],
  ['Projects Manager', 1],
  ['Item Manager', 1],
  ['HR Manager', 1],
  ['Super Email User', 1],
  ['Customer', 0],
];

const SETUP: [string, Doc[]][] = [
  [
    'Module Def',
    [
      'Core',
      'Custom',
      'Website',
      'Integrations',
      'Desk',
      'Email',
      'Setup',
      'Selling',
      'Stock',
      'Accounts',
      'Projects',
      'Contacts',
      'Frappe Whatsapp',
    ].map((m) => ({
      module_name: m,
      app_name: ['Setup', 'Selling', 'Stock', 'Accounts', 'Projects'].includes(m) ? 'erpnext' : 'frappe',
    })),
  ],
  [
    'Language',
    [
      ['en', 'English'],
      ['es', 'Español'],
      ['es-CL', 'Español (Chile)'],
      ['es-MX', 'Español (México)'],
      ['es-AR', 'Español (Argentina)'],
    ].map(([c, n]) => ({ language_code: c, language_name: n, enabled: 1 })),
  ],
  [
    'Currency',
    [
      ['CLP', '$', 0],
      ['MXN', '$', 2],
      ['ARS', '$', 2],
      ['USD', '$', 2],
      ['EUR', '€', 2],
    ].map(([c, s, f]) => ({
      currency_name: c,
      symbol: s,
      fraction_units: f === 0 ? 0 : 100,
      smallest_currency_fraction_value: f === 0 ? 1 : 0.01,
      enabled: 1,
    })),
  ],
  [
    'UOM',
    ['Nos', 'Unit', 'Hour', 'Box', 'Kg', 'Litre', 'Meter'].map((u) => ({
      uom_name: u,
      must_be_whole_number: u === 'Nos' || u === 'Unit' ? 1 : 0,
    })),
  ],
  [
    'Item Group',
    [
      { item_group_name: 'All Item Groups', is_group: 1 },
      ...['Products', 'Raw Material', 'Services', 'Sub Assemblies', 'Consumable'].map((g) => ({
        item_group_name: g,
        parent_item_group: 'All Item Groups',
      })),
    ],
  ],
  [
    'Customer Group',
    [
      { customer_group_name: 'All Customer Groups', is_group: 1 },
      ...['Commercial', 'Individual', 'Government'].map((g) => ({
        customer_group_name: g,
        parent_customer_group: 'All Customer Groups',
      })),
    ],
  ],
  [
    'Territory',
    [
      { territory_name: 'All Territories', is_group: 1 },
      ...['Chile', 'Mexico', 'Argentina'].map((t) => ({ territory_name: t, parent_territory: 'All Territories' })),
    ],
  ],
  [
    'Activity Type',
    ['Planning', 'Research', 'Proposal Writing', 'Execution', 'Communication'].map((a) => ({ activity_type: a })),
  ],
  [
    'Mode of Payment',
    [
      ['Cash', 'Cash'],
      ['Bank Draft', 'Bank'],
      ['Check', 'Bank'],
      ['Credit Card', 'Bank'],
      ['Wire Transfer', 'Bank'],
    ].map(([m, t]) => ({ mode_of_payment: m, type: t })),
  ],
];

/** Writes the DocType / DocField / DocPerm rows of a definition (no controller: core doctypes are not editable). */
export function writeDocTypeRecord(site: Kernel, dt: DocType, now: string): void {
  const db = site.db;
  const meta = site.meta.require('DocType');
  const fieldMeta = site.meta.require('DocField');
  const permMeta = site.meta.require('DocPerm');
  const cols = meta.valueFields.map((f) => f.fieldname).filter((f) => f in dt);
  const record = dt as Record<string, unknown>;
  db.run('DELETE FROM "tabDocType" WHERE name = ?', [dt.name]);
  db.run(
    `INSERT INTO "tabDocType" (name, creation, modified, modified_by, owner, docstatus, idx${cols.map((c) => `, "${c}"`).join('')}) VALUES (?, ?, ?, 'Administrator', 'Administrator', 0, 0${cols.map(() => ', ?').join('')})`,
    [
      dt.name,
      now,
      now,
      ...cols.map((c) => {
        const v = record[c];
        return v === undefined || v === null ? null : typeof v === 'number' ? v : String(v);
      }),
    ],
  );
  db.run('DELETE FROM "tabDocField" WHERE parent = ? AND parenttype = ?', [dt.name, 'DocType']);
  db.run('DELETE FROM "tabDocPerm" WHERE parent = ? AND parenttype = ?', [dt.name, 'DocType']);
  const child = (rows: (DocField | DocPerm)[], m: typeof fieldMeta, parentfield: string): void => {
    rows.forEach((row, i) => {
      const r = row as Record<string, unknown>;
      const c = m.valueFields
        .map((f) => f.fieldname)
        .filter((f) => f in r && hasColumn(m.fieldMap.get(f)?.fieldtype ?? 'Data'));
      db.run(
        `INSERT INTO ${JSON.stringify(m.table)} (name, creation, modified, modified_by, owner, docstatus, idx, parent, parentfield, parenttype${c.map((x) => `, "${x}"`).join('')}) VALUES (?, ?, ?, 'Administrator', 'Administrator', 0, ?, ?, ?, 'DocType'${c.map(() => ', ?').join('')})`,
        [
          hashName(),
          now,
          now,
          i + 1,
          dt.name,
          parentfield,
          ...c.map((x) => {
            const v = r[x];
            return v === undefined || v === null ? null : typeof v === 'number' ? v : String(v);
          }),
        ],
      );
    });
  };
  child(dt.fields, fieldMeta, 'fields');
  child(dt.permissions, permMeta, 'permissions');
}

export async function bootstrapSite(site: Kernel, ctx: RequestContext, adminPassword: string): Promise<void> {
  const now = siteNow(ctx.now, site.systemZone());
  for (const dt of site.meta.coreDoctypes()) site.meta.get(dt.name); // creates tables
  for (const dt of site.meta.coreDoctypes()) {
    const stored = site.db.get('SELECT modified FROM "tabDocType" WHERE name = ?', [dt.name]);
    const modified = String((dt as Record<string, unknown>).modified ?? '');
    if (!stored || !String(stored.modified ?? '').startsWith(modified.slice(0, 19)))
      writeDocTypeRecord(site, dt, modified || now);
  }
  const opts = { ignorePermissions: true, ignoreLinks: true };
  // The standard roles, and every role the standard doctypes' permission rows name (a real ERPNext ships them all).
  const roles = new Map<string, number>(ROLES);
  for (const dt of site.meta.coreDoctypes())
    for (const p of dt.permissions)
      if (!roles.has(p.role) && p.role !== 'All' && p.role !== 'Guest') roles.set(p.role, 1);
  for (const [role, desk] of roles)
    if (!site.docs.exists('Role', role))
      await site.docs.insert(ctx, 'Role', { role_name: role, desk_access: desk }, opts);
  for (const [name, email, first] of [
    ['Administrator', 'admin@example.com', 'Administrator'],
    ['Guest', 'guest@example.com', 'Guest'],
  ] as const) {
    if (!site.docs.exists('User', name)) {
      site.db.run(
        'INSERT INTO "tabUser" (name, creation, modified, modified_by, owner, docstatus, idx, email, first_name, full_name, enabled, user_type, send_welcome_email) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, 1, ?, 0)',
        [
          name,
          now,
          now,
          'Administrator',
          'Administrator',
          email,
          first,
          first,
          name === 'Guest' ? 'Website User' : 'System User',
        ],
      );
      if (name === 'Administrator') {
        site.db.run(
          'INSERT INTO "tabHas Role" (name, creation, modified, modified_by, owner, docstatus, idx, parent, parentfield, parenttype, role) VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?, ?, ?)',
          [hashName(), now, now, 'Administrator', 'Administrator', 'Administrator', 'roles', 'User', 'System Manager'],
        );
        site.sessions.setLoginPassword('Administrator', adminPassword);
      }
    }
  }
  if (
    !site.db.get('SELECT 1 AS x FROM "tabSingles" WHERE doctype = ? AND field = ?', ['System Settings', 'time_zone'])
  ) {
    await site.docs.update(
      ctx,
      'System Settings',
      'System Settings',
      {
        time_zone: 'America/Santiago',
        language: 'es',
        date_format: 'dd-mm-yyyy',
        allow_error_traceback: 1,
        session_expiry: '170:00',
        currency: 'CLP',
        country: 'Chile',
      },
      opts,
    );
  }
  for (const [doctype, rows] of SETUP) {
    const meta = site.meta.require(doctype);
    const nameField = meta.doc.autoname?.startsWith('field:') ? meta.doc.autoname.slice(6) : null;
    for (const row of rows)
      if (!nameField || !site.docs.exists(doctype, String(row[nameField])))
        await site.docs.insert(ctx, doctype, row, opts);
  }
}
