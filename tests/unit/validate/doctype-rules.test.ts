import { describe, expect, it } from 'vitest';
import { checkDoctype, type ProjectContext } from '../../../cli/validate/doctype-rules.ts';
import { HOST_ROLES } from '../../../cli/validate/validate-project.ts';
import type { DocType } from '../../../domain/meta/doctype.schema.ts';
import { loadDoctypes } from '../../../scripts/gen/load-doctypes.ts';

// The project's own doctypes are checked with the full context in project.test.ts.

const project = loadDoctypes('doctypes');
const ctx: ProjectContext = {
  doctypes: new Map(project.map((d) => [d.name, d])),
  hostDoctypes: new Map(['Customer', 'Item', 'User', 'Serial No', 'DocType', 'Company'].map((n) => [n, null])),
  roles: new Set([...HOST_ROLES, 'Support Agent']),
  module: 'Postventa',
};

function widget(): DocType {
  return {
    doctype: 'DocType',
    name: 'Repair Widget',
    module: 'Postventa',
    custom: 1,
    autoname: 'RW-.YYYY.-.#####',
    sort_field: 'modified',
    fields: [
      {
        fieldname: 'customer',
        fieldtype: 'Link',
        label: 'Customer',
        options: 'Customer',
        search_index: 1,
        in_standard_filter: 1,
      },
      { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nClosed', default: 'Open' },
      { fieldname: 'code', fieldtype: 'Data', label: 'Code', unique: 1, reqd: 1 },
    ],
    permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
  };
}
const FILE = 'doctypes/repair_widget.json';

describe('checkDoctype', () => {
  it('accepts a valid doctype', () => {
    expect(checkDoctype(FILE, widget(), ctx)).toEqual([]);
  });

  const broken: [string, (d: DocType) => void, string | undefined, RegExp][] = [
    ['unknown fieldtype', (d) => void (d.fields[2]!.fieldtype = 'Textbox'), 'code', /unknown fieldtype "Textbox"/],
    [
      'Link to an unknown doctype',
      (d) => void (d.fields[0]!.options = 'Client'),
      'customer',
      /Link target "Client" is neither/,
    ],
    [
      'Table pointing at a non-child doctype',
      (d) => d.fields.push({ fieldname: 'rows', fieldtype: 'Table', label: 'Rows', options: 'Support Case' }),
      'rows',
      /not a child doctype/,
    ],
    [
      'Table pointing at nothing',
      (d) => d.fields.push({ fieldname: 'rows', fieldtype: 'Table', label: 'Rows', options: 'Nope' }),
      'rows',
      /not a project doctype/,
    ],
    ['Select without options', (d) => void (d.fields[1]!.options = ''), 'status', /Select field has no options/],
    [
      'Select default outside options',
      (d) => void (d.fields[1]!.default = 'Pending'),
      'status',
      /default "Pending" is not one of the options/,
    ],
    ['fieldname not snake_case', (d) => void (d.fields[2]!.fieldname = 'ItemCode'), 'ItemCode', /snake_case/],
    [
      'duplicate fieldname',
      (d) => d.fields.push({ fieldname: 'code', fieldtype: 'Data', label: 'Code 2' }),
      'code',
      /duplicate fieldname/,
    ],
    [
      'standard column as field',
      (d) => d.fields.push({ fieldname: 'modified', fieldtype: 'Datetime', label: 'Modified' }),
      'modified',
      /standard column/,
    ],
    ['name longer than 61', (d) => void (d.name = 'X'.repeat(62)), undefined, /at most 61/],
    ['not custom', (d) => void (d.custom = 0), undefined, /custom must be 1/],
    ['wrong module', (d) => void (d.module = 'Support'), undefined, /module must be "Postventa"/],
    ['bad naming rule', (d) => void (d.autoname = 'RW-{YYYY}'), 'autoname', /not a naming rule Frappe knows/],
    [
      'field: naming on a missing field',
      (d) => void (d.autoname = 'field:title'),
      'autoname',
      /names a field that does not exist/,
    ],
    ['field: naming on a non-unique field', (d) => void (d.autoname = 'field:status'), 'autoname', /must be unique/],
    ['format: with two counters', (d) => void (d.autoname = 'format:RW-{####}-{##}'), 'autoname', /exactly one/],
    ['format: with an unknown field', (d) => void (d.autoname = 'format:RW-{title}-{#####}'), 'autoname', /\{title\}/],
    ['missing naming rule', (d) => void delete d.autoname, 'autoname', /naming rule \(autoname\) is required/],
    [
      'unknown role',
      (d) => d.permissions.push({ role: 'Support Wizard', read: 1 }),
      'permissions',
      /unknown role "Support Wizard"/,
    ],
    [
      'no System Manager',
      (d) => void (d.permissions = [{ role: 'Support Agent', read: 1 }]),
      'permissions',
      /System Manager/,
    ],
    ['submit on non-submittable', (d) => void (d.permissions[0]!.submit = 1), 'permissions', /not submittable/],
    ['filter without index', (d) => void (d.fields[0]!.search_index = 0), 'customer', /needs search_index/],
    ['sort on an unindexed field', (d) => void (d.sort_field = 'code'), 'code', /sort_field "code" needs search_index/],
    [
      'Dynamic Link without a DocType link',
      (d) => d.fields.push({ fieldname: 'ref', fieldtype: 'Dynamic Link', label: 'Ref', options: 'customer' }),
      'ref',
      /Dynamic Link options/,
    ],
    ['Data with unknown options', (d) => void (d.fields[2]!.options = 'Emial'), 'code', /Data options must be one of/],
    [
      'email append-to without an Email sender',
      (d) => Object.assign(d, { email_append_to: 1, sender_field: 'code', subject_field: 'code' }),
      undefined,
      /sender_field of type Data with options Email/,
    ],
    ['value field without label', (d) => void delete d.fields[2]!.label, 'code', /needs a label/],
    [
      'fetch_from not from a Link',
      (d) => d.fields.push({ fieldname: 'x', fieldtype: 'Data', label: 'X', fetch_from: 'code.name' }),
      'x',
      /fetch_from/,
    ],
    [
      'index on a text field',
      (d) => d.fields.push({ fieldname: 'notes', fieldtype: 'Small Text', label: 'Notes', search_index: 1 }),
      'notes',
      /search_index is only valid/,
    ],
  ];

  it.each(broken)('reports %s, naming the doctype and field', (_label, breakIt, field, message) => {
    const d = widget();
    breakIt(d);
    const issues = checkDoctype(FILE, d, ctx);
    const hit = issues.find((i) => message.test(i.message));
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit?.file).toBe(FILE);
    expect(hit?.doctype).toBe(d.name);
    if (field) expect(hit?.field).toBe(field);
  });

  it('refuses permissions on child tables and a naming rule on them', () => {
    const child: DocType = {
      doctype: 'DocType',
      name: 'Repair Widget Row',
      module: 'Postventa',
      custom: 1,
      istable: 1,
      autoname: 'hash',
      fields: [{ fieldname: 'qty', fieldtype: 'Float', label: 'Qty' }],
      permissions: [{ role: 'System Manager', read: 1 }],
    };
    const messages = checkDoctype('doctypes/repair_widget_row.json', child, ctx).map((i) => i.message);
    expect(messages.some((m) => /child doctypes take their permissions/.test(m))).toBe(true);
    expect(messages.some((m) => /take no naming rule/.test(m))).toBe(true);
  });
});
