/** Restarting keeps every committed write: journal replay, torn lines, snapshot + journal overlap, rollbacks. */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DevHost } from '../../../devhost/site.ts';
import { apiFor } from './helpers.ts';

const dirs: string[] = [];
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pv-devhost-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function customerNames(site: DevHost): Promise<string[]> {
  const api = await apiFor(site);
  const r = await api.call('GET', '/api/resource/Customer?limit_page_length=0&order_by=name%20asc');
  return (r.body.data as { name: string }[]).map((x) => x.name);
}

describe('the data directory is private (it holds the encryption key, sessions and private files)', () => {
  it('the directory is 0700 and the config, database, journal and private files are 0600', async () => {
    const dir = dataDir();
    const site = await DevHost.create({ dataDir: dir });
    const api = await apiFor(site);
    await api.call('POST', '/api/resource/Customer', { customer_name: 'Modo Cliente' });
    site.close();
    await DevHost.create({ dataDir: dir });
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    for (const f of readdirSync(dir).filter((x) => statSync(join(dir, x)).isFile()))
      expect([f, (statSync(join(dir, f)).mode & 0o777).toString(8)]).toEqual([f, '600']);
  });
});

describe('sessions at rest', () => {
  it('the journal and the database hold only a hash of a session id: a copied file cannot be replayed', async () => {
    const dir = dataDir();
    const site = await DevHost.create({ dataDir: dir, adminPassword: 'admin' });
    const login = await site.handle(
      new Request('http://127.0.0.1/api/method/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usr: 'Administrator', pwd: 'admin' }),
      }),
    );
    const sid = /sid=([0-9a-f]+)/.exec(login.headers.getSetCookie().join(';'))?.[1] ?? '';
    expect(sid).toMatch(/^[0-9a-f]{56}$/);
    const who = await site.handle(
      new Request('http://127.0.0.1/api/method/frappe.auth.get_logged_user', { headers: { cookie: `sid=${sid}` } }),
    );
    expect(((await who.json()) as { message: string }).message).toBe('Administrator');
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).not.toContain(sid);
    site.close();
    expect(Buffer.from(readFileSync(join(dir, 'site.sqlite'))).toString('latin1')).not.toContain(sid);
    // A forged cookie carrying what the file holds is not a session.
    const reopened = await DevHost.create({ dataDir: dir });
    const stored = String(reopened.db.get('SELECT sid FROM "tabSessions"')?.sid);
    const replay = await reopened.handle(
      new Request('http://127.0.0.1/api/method/frappe.auth.get_logged_user', { headers: { cookie: `sid=${stored}` } }),
    );
    expect(replay.status).toBe(403);
  });
});

describe('durability', () => {
  it('a committed write survives a crash (no close, no snapshot): the journal is replayed', async () => {
    const dir = dataDir();
    const a = await apiFor(await DevHost.create({ dataDir: dir }));
    expect((await a.call('POST', '/api/resource/Customer', { customer_name: 'Crash Cliente' })).status).toBe(200);
    // No close(): the process "dies" here.
    const reopened = await DevHost.create({ dataDir: dir });
    expect(await customerNames(reopened)).toContain('Crash Cliente');
  });

  it('a clean close snapshots and empties the journal; data is there after reopening', async () => {
    const dir = dataDir();
    const site = await DevHost.create({ dataDir: dir });
    await (await apiFor(site)).call('POST', '/api/resource/Customer', { customer_name: 'Snapshot Cliente' });
    site.close();
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toBe('');
    expect(await customerNames(await DevHost.create({ dataDir: dir }))).toContain('Snapshot Cliente');
  });

  it('a torn last journal line (crash mid-append) is ignored; earlier transactions stay', async () => {
    const dir = dataDir();
    await (
      await apiFor(await DevHost.create({ dataDir: dir }))
    ).call('POST', '/api/resource/Customer', { customer_name: 'Before Tear' });
    appendFileSync(join(dir, 'journal.jsonl'), '{"seq": 99999, "ops": [["INSERT INTO');
    expect(await customerNames(await DevHost.create({ dataDir: dir }))).toContain('Before Tear');
  });

  it('journal entries already inside the snapshot are not applied twice', async () => {
    const dir = dataDir();
    const site = await DevHost.create({ dataDir: dir });
    await (await apiFor(site)).call('POST', '/api/resource/Customer', { customer_name: 'Only Once' });
    const journal = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    site.close();
    // Crash between the snapshot rename and the journal truncation: the old lines are still there.
    writeFileSync(join(dir, 'journal.jsonl'), journal);
    const names = await customerNames(await DevHost.create({ dataDir: dir }));
    expect(names.filter((n) => n === 'Only Once')).toHaveLength(1);
  });

  it('a failed request writes nothing to the journal', async () => {
    const dir = dataDir();
    const api = await apiFor(await DevHost.create({ dataDir: dir }));
    const before = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    expect((await api.call('POST', '/api/resource/Customer', {})).status).toBe(417);
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8').length).toBe(before.length);
  });

  it('passwords are encrypted at rest: the snapshot never holds the clear secret', async () => {
    const dir = dataDir();
    const site = await DevHost.create({ dataDir: dir });
    const api = await apiFor(site);
    await api.call('POST', '/api/resource/Webhook', {
      __newname: 'Secret Hook',
      webhook_doctype: 'Customer',
      webhook_docevent: 'after_insert',
      request_url: 'http://127.0.0.1:9/x',
      enabled: 0,
      enable_security: 1,
      webhook_secret: 'very-secret-value-123',
    });
    site.close();
    expect(readFileSync(join(dir, 'site.sqlite')).includes('very-secret-value-123')).toBe(false);
  });
});
