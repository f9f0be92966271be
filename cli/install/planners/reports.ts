/**
 * Query Reports for accountants in ERPNext (the SQL in `reports/`): created or updated by name, non-standard (saving
 * one needs Script Manager, which the installer's user has: cli/install/access.ts), seen only by the manifest's
 * roles, with their filter bar.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnyDoc } from '../../../host-client/client.ts';
import { diffKeys } from '../compare.ts';
import { type Action, type Planning, type Rec, upsert } from '../planning.ts';

/** Reports */
export async function planReports(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  for (const r of manifest.reports) {
    const query = readFileSync(join(opts.root, r.file), 'utf8')
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('--'))
      .join('\n')
      .trim();
    const body: Rec = {
      report_name: r.name,
      ref_doctype: r.refDoctype,
      report_type: 'Query Report',
      is_standard: 'No',
      module: manifest.module,
      disabled: 0,
      query,
      roles: r.roles.map((role) => ({ role })),
      filters: r.filters.map((f) => ({
        fieldname: f.fieldname,
        label: f.label,
        fieldtype: f.fieldtype,
        options: f.options ?? null,
        mandatory: f.mandatory ? 1 : 0,
      })),
    };
    const site = await find('Report', r.name);
    const roles = (rows: unknown): string =>
      (Array.isArray(rows) ? rows.map((x) => String((x as Rec).role)) : []).sort().join(',');
    const diff = site ? diffKeys(body, site, ['ref_doctype', 'report_type', 'disabled', 'query']) : [];
    if (site && roles(site.roles) !== roles(body.roles)) diff.push('roles');
    actions.push(
      upsert('report', r.name, site, diff, {
        create: () => client.insert('Report', { name: r.name, ...body }, AnyDoc),
        update: () => client.update('Report', r.name, body, AnyDoc),
      }),
    );
  }
  return actions;
}
