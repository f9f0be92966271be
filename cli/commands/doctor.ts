/**
 * `postventa doctor --site URL ...`: checks what an install needs and says, in one sentence each, how to fix what
 * fails. Exit codes: 0 all required checks pass (warnings allowed), 1 a required check failed, 2 bad usage,
 * 3 the site cannot be reached or refuses the credentials. The checks themselves are in `doctor-checks.ts`.
 */
import { HostClient } from '../../host-client/client.ts';
import { HostError, HostUnreachableError } from '../../host-client/errors.ts';
import { connection, readConfig } from '../config.ts';
import { CHECKS, type Check, type DoctorFlags } from './doctor-checks.ts';
import { describeError, type Io } from './install.ts';

export type { Check, DoctorFlags };

export async function runDoctor(flags: DoctorFlags, io: Io): Promise<number> {
  const file = readConfig(flags.config);
  const conn = connection(flags, io.env, file);
  const clientWith = (apiKey: string, apiSecret: string): HostClient =>
    new HostClient({
      baseUrl: conn.site,
      apiKey,
      apiSecret,
      retries: 1,
      timeoutMs: 10_000,
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
  const client = clientWith(conn.apiKey, conn.apiSecret);
  const checks: Check[] = [];
  const add = (name: string, status: Check['status'], message: string): void => {
    checks.push({ name, status, message });
  };
  const finish = (code: number): number => {
    if (flags.json) io.out(JSON.stringify({ site: conn.site, checks }));
    else
      for (const c of checks)
        io.out(`${c.status === 'ok' ? '✓' : c.status === 'warn' ? '!' : '✗'} ${c.name}: ${c.message}`);
    return code;
  };
  let user: string;
  try {
    const started = Date.now();
    const res = await (io.fetch ?? fetch)(`${conn.site.replace(/\/$/, '')}/api/method/ping`);
    const skew = res.headers.get('date')
      ? Math.abs(Date.parse(String(res.headers.get('date'))) - (started + (Date.now() - started) / 2)) / 1000
      : 0;
    add('site', 'ok', `${conn.site} answers`);
    add(
      'clock',
      skew > 60 ? 'warn' : 'ok',
      skew > 60
        ? `the site's clock differs from this machine by ${Math.round(skew)} s; SLA deadlines are computed from host timestamps, so fix NTP on one of them`
        : `clock skew ${skew.toFixed(0)} s`,
    );
    user = String(await client.call('frappe.auth.get_logged_user', {}, 'GET'));
    add('credentials', 'ok', `the API key belongs to ${user}`);
  } catch (e) {
    if (e instanceof HostUnreachableError || !(e instanceof HostError))
      add('site', 'fail', `cannot reach ${conn.site} (${describeError(e)}); check the URL, DNS and firewall`);
    else
      add(
        'credentials',
        'fail',
        `the site refused the API key (${describeError(e)}); generate keys for a user with System Manager (User > API Access)`,
      );
    return finish(3);
  }
  const doctor = { client, clientWith, user, flags, file, io, add };
  for (const check of CHECKS) await check(doctor);
  return finish(checks.some((c) => c.status === 'fail') ? 1 : 0);
}
