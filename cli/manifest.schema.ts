/** `plugin-manifest.json`: what `postventa install` puts into a site (docs/architecture.md). */
import { z } from 'zod';

const relPath = z.string().regex(/^[a-z0-9_\-./]+$/i, 'a relative path inside the project');

export const WEBHOOK_EVENTS = ['after_insert', 'on_update', 'on_submit', 'on_cancel', 'on_trash', 'on_change'] as const;

const ACCESS = z.strictObject({
  doctype: z.string().min(1),
  perm: z.enum(['read', 'write', 'create', 'delete', 'submit']),
  why: z.string().min(1),
  /** Roles Frappe asks for by code on top of the permission rows (one of them is needed as well). */
  alsoOneOf: z.array(z.string().min(1)).optional(),
  rule: z.string().optional(),
});
export type Access = z.infer<typeof ACCESS>;

export const ManifestSchema = z.strictObject({
  name: z.literal('postventa'),
  title: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[\w.]+)?$/, 'a semantic version such as 1.2.3'),
  module: z.string().min(1),
  description: z.string(),
  requires: z.strictObject({ frappe: z.string().min(1), erpnext: z.string().min(1) }),
  hostDoctypes: z.array(z.string().min(1)),
  doctypes: z.array(relPath).min(1),
  fixtures: z.strictObject({
    roles: relPath,
    customFields: relPath,
    propertySetters: relPath.nullable(),
    translations: z.array(relPath),
    records: z.array(relPath),
  }),
  hostScripts: z.array(
    z.strictObject({
      name: z.string().min(1),
      file: relPath,
      scriptType: z.enum(['DocType Event', 'API']),
      referenceDoctype: z.string().optional(),
      doctypeEvent: z.string().optional(),
      apiMethod: z.string().optional(),
      allowGuest: z.boolean().optional(),
      /** The host's own rate limit for an API script (per IP): at most `count` calls in `seconds`. */
      rateLimit: z.strictObject({ count: z.number().int().min(1), seconds: z.number().int().min(1) }).optional(),
    }),
  ),
  webhooks: z.array(
    z.strictObject({ doctype: z.string().min(1), event: z.enum(WEBHOOK_EVENTS), topic: z.string().regex(/^[a-z-]+$/) }),
  ),
  /** Query Reports in ERPNext (SQL in `reports/`), seen only by `roles`; `filters` become the report's filter bar. */
  reports: z.array(
    z.strictObject({
      name: z.string().min(1),
      file: relPath,
      refDoctype: z.string().min(1),
      roles: z.array(z.string().min(1)).min(1),
      filters: z
        .array(
          z.strictObject({
            fieldname: z.string().regex(/^[a-z_]+$/),
            label: z.string().min(1),
            fieldtype: z.enum(['Date', 'Data', 'Link', 'Select']),
            options: z.string().optional(),
            mandatory: z.boolean().optional(),
          }),
        )
        .default([]),
    }),
  ),
  /** Permissions Postventa's roles need on host doctypes, granted as Custom DocPerm (r, w, c, d, s = submit). */
  hostPermissions: z.array(
    z.strictObject({ doctype: z.string().min(1), role: z.string().min(1), flags: z.string().regex(/^[rwcds]+$/) }),
  ),
  /** The role Postventa gives its own integration user (the companion): permission rows on exactly what it uses. */
  integrationRole: z.string().min(1),
  /**
   * What each API user reads and writes on the site. The roles they need are computed from the site's permission
   * rows (cli/install/access.ts), never guessed; `alsoOneOf` adds what Frappe checks by code on top of the rows.
   */
  apiUsers: z.strictObject({
    installer: z.array(ACCESS),
    companion: z.array(ACCESS),
  }),
  webPage: z.strictObject({
    route: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string(),
    assetsDir: relPath,
    entry: z.string(),
  }),
});
export type Manifest = z.infer<typeof ManifestSchema>;
