/**
 * The site the service-contract tests share (issue 14): the dev host with the Frappe WhatsApp app, an outgoing
 * e-mail account, a customer with an account manager and a primary contact (e-mail and mobile), three serials of
 * theirs and one of another customer, a monthly VIP plan; a manager and a technician besides the fixture's agent
 * and supervisor. Jobs run by a fresh companion each time, a minute apart.
 */
import { z } from 'zod';
import { startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

export const CUSTOMER = 'Hospital Regional ZZ';
const state: { env: Env | null } = { env: null };
const env = (): Env => {
  if (!state.env) throw new Error('call startContractEnv in beforeAll');
  return state.env;
};
export const all = (sql: string, params: (string | number)[] = []) => env().site.db.all(sql, params);
export const get = (sql: string, params: (string | number)[] = []) => env().site.db.get(sql, params);
export const at = (iso: string): void => {
  env().clock.now = new Date(iso);
};
/** Sets fields as Administrator (the test's own hand). */
export const setAsAdmin = (doctype: string, name: string, values: Record<string, unknown>) =>
  env().client.update(doctype, name, values, z.unknown());

/** One run of a job by a fresh companion, a minute later (a job runs once per period), its result or its error. */
export async function run(job: string) {
  const e = env();
  e.clock.now = new Date(e.clock.now.getTime() + 60_000);
  const c = await e.companion(`sc-${job}-${Math.random()}`);
  try {
    const out = await c.runJobNow(job);
    if (!out.ran) throw new Error(`${job}: the period ${e.clock.now.toISOString()} was taken`);
    if ('error' in out) throw new Error(`${job}: ${out.error}`);
    return out.result;
  } finally {
    await c.close();
  }
}

export const policyBody = (over: Record<string, unknown> = {}) => ({
  customer: CUSTOMER,
  plan: 'Plan ZZ Mensual',
  status: 'Active',
  start_date: '2026-10-24',
  end_date: '2027-10-23',
  equipment: [
    { serial_no: 'ZZS-1', location: 'Pabellón 1' },
    { serial_no: 'ZZS-2', location: 'Pabellón 2' },
  ],
  ...over,
});

export async function startContractEnv(): Promise<Env> {
  const env = await startHostScriptsEnv({ apps: ['frappe_whatsapp'] });
  state.env = env; // today 2026-11-23, Monday 10:00 in Santiago
  const company = String(
    (
      await env.insert('Company', {
        company_name: 'ZZV Contratos',
        abbr: 'ZZC',
        default_currency: 'CLP',
        country: 'Chile',
      })
    ).name,
  );
  await user('gerente@pv.test', ['Support Manager', 'Support Agent']);
  await user('tecnico@pv.test', ['Support Agent']);
  await env.insert('Email Account', {
    email_account_name: 'Soporte',
    email_id: 'soporte@pv.test',
    enable_outgoing: 1,
    default_outgoing: 1,
  });
  await env.insert('Customer', { customer_name: CUSTOMER, account_manager: 'gerente@pv.test' });
  await env.insert('Customer', { customer_name: 'Otro Cliente ZZ' });
  const contact = await env.insert('Contact', {
    first_name: 'Marta',
    last_name: 'Rojas',
    email_id: 'marta@hospital.test',
    mobile_no: '+56911112222',
    links: [{ link_doctype: 'Customer', link_name: CUSTOMER }],
  });
  await env.client.update('Customer', CUSTOMER, { customer_primary_contact: contact.name }, z.unknown());
  await env.insert('Item', { item_code: 'ZZS-MONITOR', item_group: 'Products', has_serial_no: 1 });
  for (const [serial_no, customer] of [
    ['ZZS-1', CUSTOMER],
    ['ZZS-2', CUSTOMER],
    ['ZZS-3', CUSTOMER],
    ['ZZS-X', 'Otro Cliente ZZ'],
  ])
    await env.insert('Serial No', { serial_no, item_code: 'ZZS-MONITOR', customer, company });
  await env.insert('Service Plan', {
    plan_name: 'Plan ZZ Mensual',
    enabled: 1,
    period: 'Monthly',
    allowance_hours: 12,
    allowance_cases: 6,
    vip: 1,
    includes_preventive_maintenance: 1,
    maintenance_interval_months: 1,
    price: 250000,
    currency: 'CLP',
  });
  return env;
}
