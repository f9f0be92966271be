/** Postventa's doctypes (new ones in dependency order), and Custom Fields on host doctypes. */
import { type DocType } from '../../../domain/meta/doctype.schema.ts';
import { AnyDoc } from '../../../host-client/client.ts';
import { planDoctypes } from '../plan-doctypes.ts';
import { diffDoctype, diffKeys } from '../compare.ts';
import { type Action, InstallRefused, type Planning, type Rec, readJson, upsert } from '../planning.ts';

export function doctypeBody(dt: DocType, fields: DocType['fields'], siteFields: Rec[] = []): Rec {
  const present = new Set(fields.map((f) => f.fieldname));
  const existing = new Map(siteFields.map((f) => [String(f.fieldname), String(f.name)]));
  const { modified: _m, creation: _c, owner: _o, modified_by: _b, field_order: _f, ...rest } = dt as Rec;
  const body: Rec = {
    ...rest,
    fields: fields.map((f) => (existing.has(f.fieldname) ? { ...f, name: existing.get(f.fieldname) } : f)),
    permissions: dt.permissions,
  };
  for (const key of ['title_field', 'sort_field', 'subject_field', 'sender_field', 'sender_name_field']) {
    const v = body[key];
    if (typeof v === 'string' && !present.has(v) && !['modified', 'creation', 'name'].includes(v)) body[key] = null;
  }
  if (typeof body.search_fields === 'string')
    body.search_fields = body.search_fields
      .split(',')
      .filter((f) => present.has(f.trim()))
      .join(',');
  return body;
}

export function refuseForeignDoctypes(doctypes: DocType[], site: Map<string, Rec | null>, module: string): void {
  const foreign = doctypes.flatMap((d) => {
    const s = site.get(d.name);
    return s && s.module !== module ? [`${d.name} (module ${String(s.module)})`] : [];
  });
  if (foreign.length)
    throw new InstallRefused(
      `the site already has doctype(s) of another module with Postventa's names: ${foreign.join(', ')}. ` +
        'Postventa never changes a doctype it does not own; nothing was changed.',
    );
}

/** DocTypes: new ones in dependency order (links to later doctypes added in a second pass), changed ones updated. */
export async function planDoctypeActions(p: Planning): Promise<Action[]> {
  const { client, doctypes, siteDocs } = p;
  const actions: Action[] = [];
  const missing = doctypes.filter((d) => !siteDocs.get(d.name));
  const plan = planDoctypes(missing, (name) => (siteDocs.get(name) !== undefined ? siteDocs.get(name) !== null : true));
  for (const step of plan.create) {
    const deferred = step.doctype.fields.length - step.fields.length;
    actions.push({
      kind: 'doctype',
      name: step.doctype.name,
      op: 'create',
      ...(deferred ? { detail: `${deferred} link field(s) added after their targets exist` } : {}),
      run: async () => void (await client.insert('DocType', doctypeBody(step.doctype, step.fields), AnyDoc)),
    });
  }
  for (const dt of plan.complete) {
    actions.push({
      kind: 'doctype',
      name: dt.name,
      op: 'update',
      detail: 'deferred link fields',
      run: async () => {
        const site = await client.getDoc('DocType', dt.name, AnyDoc);
        await client.update(
          'DocType',
          dt.name,
          doctypeBody(dt, dt.fields, (site.fields as Rec[] | undefined) ?? []),
          AnyDoc,
        );
      },
    });
  }
  for (const d of doctypes) {
    const site = siteDocs.get(d.name);
    if (!site) continue;
    const changes = diffDoctype(d as Rec, site);
    const body = (): Rec => doctypeBody(d, d.fields, (site.fields as Rec[] | undefined) ?? []);
    actions.push(
      upsert(
        'doctype',
        d.name,
        site,
        changes,
        {
          create: () => client.insert('DocType', body(), AnyDoc),
          update: () => client.update('DocType', d.name, body(), AnyDoc),
        },
        '; ',
      ),
    );
  }
  return actions;
}

/** Custom Fields on host doctypes */
export async function planCustomFields(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  const CF_KEYS = [
    'dt',
    'fieldname',
    'label',
    'fieldtype',
    'options',
    'insert_after',
    'reqd',
    'read_only',
    'search_index',
    'no_copy',
    'default',
    'hidden',
    'module',
  ];
  for (const cf of readJson(opts.root, manifest.fixtures.customFields) as Rec[]) {
    const site = await find('Custom Field', String(cf.name));
    const { name: _n, doctype: _d, ...body } = cf;
    const diff = site ? diffKeys(cf, site, CF_KEYS) : [];
    actions.push(
      upsert('custom field', String(cf.name), site, diff, {
        create: () => client.insert('Custom Field', body, AnyDoc),
        update: () => client.update('Custom Field', String(cf.name), body, AnyDoc),
      }),
    );
  }
  return actions;
}
