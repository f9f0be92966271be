/**
 * Who is calling (docs/host-contract.md): `Authorization: token key:secret` (or Basic base64(key:secret)) against User
 * api_key/api_secret; otherwise the `sid` cookie (or a `sid` parameter); otherwise Guest. Login passwords are
 * scrypt-hashed in `__Auth`. CSRF is enforced for writes only once the cookie session holds a token, which the
 * `/postventa` page creates, and it is checked before token auth, as on a real host.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { DevDatabase } from '../db/database.ts';
import { FrappeError } from '../errors.ts';
import { ADMIN, GUEST } from './permissions.ts';

export interface Session {
  sid: string;
  user: string;
  csrfToken: string | null;
}

export interface Caller {
  user: string;
  session: Session | null;
  via: 'token' | 'session' | 'guest';
}

export function hashPassword(plain: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(plain, salt, 32).toString('hex')}`;
}

export function checkPassword(plain: string, stored: string): boolean {
  const [, saltHex = '', hashHex = ''] = stored.split('$');
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(plain, Buffer.from(saltHex, 'hex'), expected.length || 32);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/**
 * Sessions are stored (and journaled) under the SHA-256 of their id, never the id itself: a copy of the data files
 * cannot be replayed as a login.
 */
export function sessionKey(sid: string): string {
  return createHash('sha256').update(sid).digest('hex');
}

export class Sessions {
  constructor(
    private readonly db: DevDatabase,
    private readonly secretOf: (user: string) => string | null,
    private readonly expiryHours: () => number,
  ) {
    db.run(
      'CREATE TABLE IF NOT EXISTS "tabSessions" (sid TEXT PRIMARY KEY, user TEXT NOT NULL, csrf_token TEXT, lastupdate INTEGER NOT NULL, device TEXT)',
    );
    db.run(
      'CREATE TABLE IF NOT EXISTS "__Auth" (doctype TEXT NOT NULL, name TEXT NOT NULL, fieldname TEXT NOT NULL, password TEXT NOT NULL, encrypted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (doctype, name, fieldname))',
    );
  }

  setLoginPassword(user: string, plain: string): void {
    this.db.run(
      'INSERT OR REPLACE INTO "__Auth" (doctype, name, fieldname, password, encrypted) VALUES (?, ?, ?, ?, 0)',
      ['User', user, 'password', hashPassword(plain)],
    );
  }

  /** Resolves `usr` (email, username or name) and checks the password; 401 with Frappe's messages otherwise. */
  authenticate(usr: string, pwd: string): string {
    if (!usr || !pwd)
      throw new FrappeError('AuthenticationError', 'Incomplete login details', [], {
        message: 'Incomplete login details',
      });
    const row = this.db.get('SELECT name, enabled FROM "tabUser" WHERE name = ? OR email = ? OR username = ?', [
      usr,
      usr,
      usr,
    ]);
    const user = row ? String(row.name) : null;
    const stored = user
      ? this.db.get(
          'SELECT password FROM "__Auth" WHERE doctype = ? AND name = ? AND fieldname = ? AND encrypted = 0',
          ['User', user, 'password'],
        )
      : undefined;
    if (!user || user === GUEST || !stored || !checkPassword(pwd, String(stored.password))) {
      throw new FrappeError('AuthenticationError', 'Invalid login credentials', [], {
        message: 'Invalid login credentials',
      });
    }
    if (!Number(row?.enabled ?? 1))
      throw new FrappeError('AuthenticationError', 'User disabled or missing', [], {
        message: 'User disabled or missing',
      });
    return user;
  }

  create(user: string, nowMs: number): Session {
    const sid = randomBytes(28).toString('hex');
    this.db.run('INSERT INTO "tabSessions" (sid, user, csrf_token, lastupdate) VALUES (?, ?, NULL, ?)', [
      sessionKey(sid),
      user,
      nowMs,
    ]);
    return { sid, user, csrfToken: null };
  }

  destroy(sid: string): void {
    this.db.run('DELETE FROM "tabSessions" WHERE sid = ?', [sessionKey(sid)]);
  }

  /** The session's CSRF token, created on first use (desk or SPA boot). */
  csrfToken(session: Session): string {
    if (session.csrfToken) return session.csrfToken;
    const token = randomBytes(24).toString('hex');
    this.db.run('UPDATE "tabSessions" SET csrf_token = ? WHERE sid = ?', [token, sessionKey(session.sid)]);
    session.csrfToken = token;
    return token;
  }

  private sessionFor(sid: string, nowMs: number): Session | null {
    const row = this.db.get('SELECT user, csrf_token, lastupdate FROM "tabSessions" WHERE sid = ?', [sessionKey(sid)]);
    if (!row) return null;
    if (nowMs - Number(row.lastupdate) > this.expiryHours() * 3_600_000) {
      this.destroy(sid);
      return null;
    }
    if (nowMs - Number(row.lastupdate) > 60_000)
      this.db.run('UPDATE "tabSessions" SET lastupdate = ? WHERE sid = ?', [nowMs, sessionKey(sid)]);
    return {
      sid,
      user: String(row.user),
      csrfToken: row.csrf_token === null ? null : String(row.csrf_token),
    };
  }

  identify(req: Request, formSid: string | undefined, nowMs: number): Caller {
    const method = req.method.toUpperCase();
    const cookies = parseCookies(req.headers.get('cookie'));
    const sid = cookies.get('sid') ?? formSid;
    const session = sid && sid !== 'Guest' ? this.sessionFor(sid, nowMs) : null;
    if (session && ['POST', 'PUT', 'DELETE', 'PATCH'].includes(method) && session.csrfToken) {
      const sent = req.headers.get('x-frappe-csrf-token');
      if (sent !== session.csrfToken)
        throw new FrappeError('CSRFTokenError', 'Invalid Request', [
          { message: 'Invalid Request', title: 'Message', indicator: 'red', raise_exception: 1 },
        ]);
    }
    const auth = req.headers.get('authorization');
    if (auth) {
      const [scheme = '', value = ''] = auth.split(/\s+/, 2);
      let pair = '';
      if (scheme.toLowerCase() === 'token') pair = value;
      else if (scheme.toLowerCase() === 'basic') pair = Buffer.from(value, 'base64').toString('utf8');
      const [key, secret] = pair.split(':', 2);
      const row = key ? this.db.get('SELECT name, enabled FROM "tabUser" WHERE api_key = ?', [key]) : undefined;
      const user = row ? String(row.name) : null;
      if (!user || !secret || !Number(row?.enabled ?? 0) || this.secretOf(user) !== secret) {
        throw new FrappeError('AuthenticationError', 'Invalid authentication credentials', [
          { message: 'Invalid authentication credentials', title: 'Message', indicator: 'red', raise_exception: 1 },
        ]);
      }
      return { user, session: null, via: 'token' };
    }
    if (session) return { user: session.user, session, via: 'session' };
    return { user: GUEST, session: null, via: 'guest' };
  }
}

export function isAdmin(user: string): boolean {
  return user === ADMIN;
}
