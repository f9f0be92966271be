/** Records the contract tests need, created through the API only, so they work on a real ERPNext site too. */
import { Client, data, res, uid } from './host.ts';

/** The site's first company, or a new one on an empty dev host, and a Fiscal Year covering today. */
export async function ensureCompany(c: Client): Promise<{ name: string; abbr: string }> {
  const list = await c.get(res('Company'), {
    fields: ['name', 'abbr'],
    order_by: 'creation asc',
    limit_page_length: 1,
  });
  let company = (data<{ name: string; abbr: string }[]>(list) ?? [])[0];
  if (!company) {
    const r = await c.post(res('Company'), {
      company_name: 'ZZV Test Co',
      abbr: 'ZTC',
      default_currency: 'CLP',
      country: 'Chile',
    });
    company = { name: String(data(r).name), abbr: String(data(r).abbr) };
  }
  const year = new Date().getUTCFullYear();
  const fy = await c.get(res('Fiscal Year'), {
    filters: [
      ['year_start_date', '<=', `${year}-06-30`],
      ['year_end_date', '>=', `${year}-06-30`],
    ],
    limit_page_length: 1,
  });
  if (!(data<unknown[]>(fy) ?? []).length)
    await c.post(res('Fiscal Year'), {
      year: `ZZV ${year}`,
      year_start_date: `${year - 1}-01-01`,
      year_end_date: `${year + 1}-12-31`,
    });
  return company;
}

export async function newCustomer(c: Client, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await c.post(res('Customer'), { customer_name: uid('Cliente'), ...extra });
  if (r.status !== 200) throw new Error(r.text);
  return String(data(r).name);
}

export async function newItem(c: Client, extra: Record<string, unknown> = {}): Promise<string> {
  const code = uid('ITEM').replace(/ /g, '-');
  const r = await c.post(res('Item'), { item_code: code, item_group: 'Products', is_stock_item: 0, ...extra });
  if (r.status !== 200) throw new Error(r.text);
  return code;
}

/** A small custom DocType for generic Frappe behaviour (naming, validation, lists), removed by the caller. */
export async function customDoctype(
  c: Client,
  spec: {
    autoname?: string;
    fields?: Record<string, unknown>[];
    istable?: number;
    is_submittable?: number;
    permissions?: Record<string, unknown>[];
  } = {},
): Promise<string> {
  const name = uid('DT').replace(/[^A-Za-z0-9 ]/g, '');
  const body = {
    name,
    module: 'Custom',
    custom: 1,
    istable: spec.istable ?? 0,
    is_submittable: spec.is_submittable ?? 0,
    autoname: spec.istable ? undefined : (spec.autoname ?? 'hash'),
    fields: spec.fields ?? [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
      { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nClosed' },
      { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
      { fieldname: 'amount', fieldtype: 'Float', label: 'Amount' },
      { fieldname: 'due', fieldtype: 'Date', label: 'Due' },
      { fieldname: 'notes', fieldtype: 'Small Text', label: 'Notes' },
    ],
    permissions: spec.istable
      ? []
      : (spec.permissions ?? [
          {
            role: 'System Manager',
            read: 1,
            write: 1,
            create: 1,
            delete: 1,
            submit: spec.is_submittable ?? 0,
            cancel: spec.is_submittable ?? 0,
          },
        ]),
  };
  const r = await c.post(res('DocType'), body);
  if (r.status !== 200) throw new Error(`DocType create failed: ${r.text}`);
  return name;
}

/** A new user with these roles: its e-mail and password (contract cases that check what a role may do). */
export async function newUser(
  admin: Client,
  roles: string[],
  password = 'Zzv-Secret-1234',
): Promise<{ email: string; password: string }> {
  const email = `${uid('u').replace(/ /g, '.').toLowerCase()}@example.com`;
  const r = await admin.post(res('User'), {
    email,
    first_name: 'Zzv',
    new_password: password,
    send_welcome_email: 0,
    roles: roles.map((role) => ({ role })),
  });
  if (r.status !== 200) throw new Error(r.text);
  return { email, password };
}

/** The same user, signed in. */
export async function userWith(admin: Client, roles: string[]): Promise<Client> {
  const u = await newUser(admin, roles);
  return Client.as(u.email, u.password);
}
