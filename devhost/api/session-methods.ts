/** Signing in and out, the signed-in user, API keys, and the site's own information (versions, translations, ping). */
import { randomBytes } from 'node:crypto';
import { FrappeError, notPermitted } from '../errors.ts';

const frappeThrowInvalid = (message: string): FrappeError =>
  new FrappeError('ValidationError', message, [{ message, title: 'Message', indicator: 'red', raise_exception: 1 }]);
import type { Kernel } from '../kernel.ts';
import type { RequestContext } from '../model/types.ts';
import { str } from './args.ts';
import { ALL, WRITE, type MethodCall, type MethodResult, type MethodTable } from './method-types.ts';
import { sessionKey } from '../auth/sessions.ts';

/** `generate_keys`: keeps an existing API key, always makes a new secret. */
export async function generateKeys(
  site: Kernel,
  ctx: RequestContext,
  user: string,
): Promise<{ api_key: string; api_secret: string }> {
  const doc = site.docs.get(ctx, 'User', user);
  const apiKey =
    typeof doc.api_key === 'string' && doc.api_key ? doc.api_key : randomBytes(8).toString('hex').slice(0, 15);
  const apiSecret = randomBytes(8).toString('hex').slice(0, 15);
  await site.docs.update(ctx, 'User', user, { api_key: apiKey, api_secret: apiSecret }, { ignorePermissions: true });
  return { api_key: apiKey, api_secret: apiSecret };
}

/** Opens a session for `user` as a sign-in does: the cookies, last login, and whether they are a desk user. */
function signIn(c: MethodCall, user: string): { system: boolean; fullName: string } {
  const session = c.site.sessions.create(user, c.ctx.now.getTime());
  const row = c.site.db.get('SELECT full_name, user_type, user_image FROM "tabUser" WHERE name = ?', [user]);
  const system = String(row?.user_type ?? 'System User') === 'System User';
  const maxAge = Math.round(c.site.sessionExpiryHours() * 3600);
  const fullName = String(row?.full_name ?? user);
  c.setCookies.push(
    `sid=${session.sid}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax`,
    `system_user=${system ? 'yes' : 'no'}; Path=/; SameSite=Lax`,
    `full_name=${encodeURIComponent(fullName)}; Path=/; SameSite=Lax`,
    `user_id=${encodeURIComponent(user)}; Path=/; SameSite=Lax`,
    `user_image=${encodeURIComponent(String(row?.user_image ?? ''))}; Path=/; SameSite=Lax`,
  );
  c.site.docs.setColumns('User', user, { last_login: c.site.nowString(c.ctx) }, c.ctx, false);
  return { system, fullName };
}

/**
 * `update_password` with the key of a reset or invitation link (Frappe 15 `frappe/core/doctype/user/user.py`): the
 * key is looked up by its SHA-256; an unknown or used one answers 410 with Frappe's words; otherwise the password
 * is set, the key cleared, the user signed in, and the path they go to returned (their `redirect_url`, else the
 * desk for a desk user or the website's home).
 */
function updatePassword(c: MethodCall): MethodResult {
  const key = c.form.key;
  if (key !== undefined && typeof key !== 'string') throw frappeThrowInvalid('Invalid key type');
  const password = str(c.form.new_password, 'new_password');
  const row = key
    ? c.site.db.get('SELECT name, redirect_url, user_type FROM "tabUser" WHERE reset_password_key = ?', [
        sessionKey(key),
      ])
    : undefined;
  if (!row) return { message: 'The reset password link has either been used before or is invalid', status: 410 };
  const user = String(row.name);
  c.site.sessions.setLoginPassword(user, password);
  c.site.docs.setColumns(
    'User',
    user,
    { reset_password_key: '', redirect_url: '', last_password_reset_date: c.site.nowString(c.ctx).slice(0, 10) },
    c.ctx,
    false,
  );
  const { system } = signIn(c, user);
  return { message: (typeof row.redirect_url === 'string' && row.redirect_url) || (system ? '/app' : '/me') };
}

export const SESSION_METHODS: MethodTable = {
  login: {
    verbs: ALL,
    allowGuest: true,
    run: (c) => {
      const user = c.site.sessions.authenticate(str(c.form.usr, 'usr', false), str(c.form.pwd, 'pwd', false));
      const { system, fullName } = signIn(c, user);
      return {
        body: system
          ? { message: 'Logged In', home_page: '/app', full_name: fullName }
          : { message: 'No App', home_page: '/me', full_name: fullName },
      };
    },
  },
  logout: {
    verbs: ALL,
    allowGuest: true,
    run: (c) => {
      if (c.caller.session) c.site.sessions.destroy(c.caller.session.sid);
      c.setCookies.push(
        'sid=Guest; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
        'system_user=no; Max-Age=0; Path=/',
        'user_id=Guest; Path=/',
        'full_name=Guest; Path=/',
      );
      return {};
    },
  },
  'frappe.core.doctype.user.user.update_password': { verbs: ['POST'], allowGuest: true, run: updatePassword },
  'frappe.auth.get_logged_user': {
    verbs: ALL,
    allowGuest: true,
    run: (c) => {
      // Frappe 15.75 answers a guest 403 PermissionError (docs/host-contract.md), not 401.
      if (c.ctx.user === 'Guest')
        throw new FrappeError('PermissionError', 'Not Permitted', [
          { message: 'Not Permitted', title: 'Message', indicator: 'red', raise_exception: 1 },
        ]);
      return { message: c.ctx.user };
    },
  },
  'frappe.core.doctype.user.user.generate_keys': {
    verbs: WRITE,
    run: async (c) => {
      if (!c.ctx.roles.has('System Manager')) throw notPermitted('Not permitted');
      return { message: await generateKeys(c.site, c.ctx, str(c.form.user, 'user')) };
    },
  },
  'frappe.translate.get_translations': {
    verbs: ALL,
    allowGuest: true,
    run: (c) => ({
      message: c.site.db.all(
        'SELECT name, language, translated_text AS translation FROM "tabTranslation" WHERE source_text = ?',
        [str(c.form.source_text, 'source_text')],
      ),
    }),
  },
  'frappe.utils.scheduler.get_scheduler_status': { verbs: ALL, run: () => ({ body: { status: 'inactive' } }) },
  ping: { verbs: ALL, allowGuest: true, run: () => ({ message: 'pong' }) },
  'frappe.utils.change_log.get_versions': {
    verbs: ALL,
    run: () => ({
      message: {
        frappe: {
          title: 'Frappe Framework',
          description: 'Full stack web framework',
          branch: 'version-15',
          version: '15.55.1',
        },
        erpnext: { title: 'ERPNext', description: 'ERP made simple', branch: 'version-15', version: '15.71.1' },
      },
    }),
  },
  version: { verbs: ALL, allowGuest: true, run: () => ({ message: '15.55.1' }) },
};
