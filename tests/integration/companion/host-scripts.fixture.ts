/**
 * The site the host-script tests share: the dev host with Postventa installed, an agent, a supervisor, a customer
 * with a suspended policy, one with an active policy and its portal user; sign-in per user by session cookie.
 */
import { startEnv, type Env } from './env.ts';

const state: { env: Env | null } = { env: null };
const current = (): Env => {
  if (!state.env) throw new Error('the host-scripts site is not started (call startHostScriptsEnv in beforeAll)');
  return state.env;
};
const sid = new Map<string, string>();
export async function as(
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let cookie = sid.get(user);
  if (!cookie && user !== 'Guest') {
    const r = await fetch(`${current().url}/api/method/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ usr: user, pwd: 'Zzv-Pass-1234' }),
    });
    cookie = (r.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    sid.set(user, cookie);
  }
  const r = await fetch(`${current().url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
export function messages(body: Record<string, unknown>): string {
  return typeof body._server_messages === 'string'
    ? (JSON.parse(body._server_messages) as string[])
        .map((m) => (JSON.parse(m) as { message: string }).message)
        .join(' ')
    : '';
}
/** The confirmation secret the host keeps encrypted for a case (null when none was made). */
export const tokenOf = (c: { name?: unknown }): string | null =>
  current().site.docs.getPassword('Support Case', String(c.name), 'confirmation_token');
export async function user(email: string, roles: string[]): Promise<void> {
  await current().insert('User', {
    email,
    first_name: email.split('@')[0],
    new_password: 'Zzv-Pass-1234',
    send_welcome_email: 0,
    roles: roles.map((role) => ({ role })),
  });
}

export async function startHostScriptsEnv(opts: { apps?: string[] } = {}): Promise<Env> {
  const env = await startEnv(opts);
  state.env = env;
  sid.clear();
  await user('agente@pv.test', ['Support Agent']);
  await user('super@pv.test', ['Support Supervisor', 'Support Agent']);
  await env.insert('Customer', { customer_name: 'Moroso SpA' });
  await env.insert('Customer', { customer_name: 'Al Día SpA' });
  await env.insert('Service Policy', {
    customer: 'Moroso SpA',
    status: 'Suspended',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
    suspension_reason: 'Factura vencida',
  });
  await env.insert('Service Policy', {
    customer: 'Al Día SpA',
    status: 'Active',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
  });
  await user('cliente@aldia.test', ['Support Customer']);
  await env.insert('User Permission', { user: 'cliente@aldia.test', allow: 'Customer', for_value: 'Al Día SpA' });
  return env;
}
