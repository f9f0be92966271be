/** `postventa install / uninstall / doctor` against a dev host over HTTP. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUser, COMPANION_ROLES, startEnv, type Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv({ install: false });
});
afterAll(() => env.close());

function planOf(out: string[]): { actions: { kind: string; name: string; op: string; detail?: string }[] } {
  return JSON.parse(out.at(-1) ?? '{}') as { actions: { kind: string; name: string; op: string; detail?: string }[] };
}

describe('install', () => {
  it('--dry-run on an empty site plans everything and changes nothing', async () => {
    const r = await env.cli(['install', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const plan = planOf(r.out);
    // Every doctype the manifest lists is planned for creation.
    const manifest = JSON.parse(readFileSync('plugin-manifest.json', 'utf8')) as { doctypes: string[] };
    expect(plan.actions.filter((a) => a.kind === 'doctype' && a.op === 'create')).toHaveLength(
      manifest.doctypes.length,
    );
    expect(plan.actions.find((a) => a.name === 'Support Case')?.op).toBe('create');
    expect(env.site.meta.exists('Support Case')).toBe(false);
  });

  it('without --yes and no terminal it refuses with exit 2', async () => {
    const r = await env.cli(['install']);
    expect(r.code).toBe(2);
    expect(r.err.join()).toMatch(/add --yes/);
  });

  it('applies the plan with progress: doctypes (two passes for circular links), custom fields, permissions, scripts', async () => {
    const r = await env.cli(['install', '--yes']);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out.some((l) => /^\[\d+\/\d+\] create doctype Support Case … ok/.test(l))).toBe(true);
    expect(env.site.meta.exists('Support Case')).toBe(true);
    expect(env.site.meta.require('Support Case').fieldMap.get('kb_article')?.options).toBe('KB Article');
    expect(env.site.meta.require('Sales Invoice').fieldMap.has('support_case')).toBe(true);
    const perms = env.site.db
      .all('SELECT role FROM "tabCustom DocPerm" WHERE parent = ?', ['Customer'])
      .map((x) => String(x.role));
    expect(perms).toEqual(
      // ERPNext 15.71's own rows (Sales, Stock and Accounts roles; no System Manager) are copied first.
      expect.arrayContaining([
        'Sales User',
        'Sales Master Manager',
        'Accounts User',
        'Support Agent',
        'Support Customer',
      ]),
    );
    expect(env.site.docs.exists('Server Script', 'Postventa - Responder encuesta')).toBe(true);
    expect(env.site.docs.exists('SLA Policy', 'SLA Estándar')).toBe(true);
    expect(readFileSync(env.configPath, 'utf8')).toContain(env.keys.api_key);
  });

  it('a second run changes nothing', async () => {
    const r = await env.cli(['install', '--yes', '--json']);
    expect(r.code).toBe(0);
    const ops = planOf(r.out).actions.map((a) => a.op);
    expect(ops.filter((o) => o === 'create' || o === 'update')).toEqual([]);
  });

  it('an upgrade with one changed field updates only that doctype, keeping the data', async () => {
    await env.insert('Customer', { customer_name: 'Upgrade Cliente' });
    await env.insert('Support Case', { subject: 'antes del upgrade', symptom: 'x', customer: 'Upgrade Cliente' });
    const root = mkdtempSync(join(tmpdir(), 'pv-upgrade-'));
    for (const part of ['plugin-manifest.json', 'doctypes', 'fixtures', 'server-scripts', 'reports', 'client'])
      cpSync(part, join(root, part), { recursive: true });
    const path = join(root, 'doctypes/kb_article.json');
    const dt = JSON.parse(readFileSync(path, 'utf8')) as { fields: { fieldname: string; label?: string }[] };
    dt.fields.find((f) => f.fieldname === 'category')!.label = 'Category (topic)';
    writeFileSync(path, JSON.stringify(dt));
    const dry = planOf((await env.cli(['install', '--dry-run', '--json', '--root', root])).out);
    const changes = dry.actions.filter((a) => a.op === 'create' || a.op === 'update');
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'doctype',
        name: 'KB Article',
        op: 'update',
        detail: expect.stringContaining('category (label)'),
      }),
    ]);
    expect((await env.cli(['install', '--yes', '--root', root])).code).toBe(0);
    expect(env.site.meta.require('KB Article').fieldMap.get('category')?.label).toBe('Category (topic)');
    expect(env.site.db.get('SELECT count(*) AS n FROM "tabSupport Case"')?.n).toBe(1);
  });

  it('a new --webhook-secret rotates it: every webhook is updated, a re-run with the same secret changes nothing', async () => {
    const url = 'http://127.0.0.1:9/companion';
    // Its own config file: the other tests' config keeps no companion URL.
    const config = join(mkdtempSync(join(tmpdir(), 'pv-rot-')), 'companion.json');
    const first = await env.cli([
      'install',
      '--yes',
      '--config',
      config,
      '--companion-url',
      url,
      '--webhook-secret',
      'first-secret-0123456789abcdef',
    ]);
    expect(first.code, first.err.join('\n')).toBe(0);
    const rotate = await env.cli([
      'install',
      '--dry-run',
      '--json',
      '--config',
      config,
      '--companion-url',
      url,
      '--webhook-secret',
      'second-secret-0123456789abcdef',
    ]);
    const hooks = planOf(rotate.out).actions.filter((a) => a.kind === 'webhook');
    expect(hooks.length).toBeGreaterThan(0);
    expect(hooks.every((a) => a.op === 'update')).toBe(true);
    const same = await env.cli([
      'install',
      '--dry-run',
      '--json',
      '--config',
      config,
      '--companion-url',
      url,
      '--webhook-secret',
      'first-secret-0123456789abcdef',
    ]);
    expect(planOf(same.out).actions.filter((a) => a.kind === 'webhook' && a.op !== 'unchanged')).toEqual([]);
  });

  it('wrong credentials exit 3 with a sentence that says what to check', async () => {
    const r = await env.cli(['install', '--yes', '--api-secret', 'nope']);
    expect(r.code).toBe(3);
    expect(r.err.join('\n')).toMatch(/API key and secret/);
  });
});

describe('the /postventa web page', () => {
  it('uploads the built client as public Files, rewrites the entry to them and boots it with the CSRF token', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pv-web-'));
    for (const part of ['plugin-manifest.json', 'doctypes', 'fixtures', 'server-scripts', 'reports'])
      cpSync(part, join(root, part), { recursive: true });
    mkdirSync(join(root, 'client/dist/assets'), { recursive: true });
    writeFileSync(
      join(root, 'client/dist/index.html'),
      '<!doctype html><html><head><title>Postventa</title><script type="module" src="/assets/app.js"></script></head><body><div id="app"></div></body></html>',
    );
    writeFileSync(join(root, 'client/dist/assets/app.js'), 'console.log("postventa")');
    // Vite's own output is already named `pv-<name>-<hash>` for base /files/ and keeps its name (chunks import it).
    writeFileSync(join(root, 'client/dist/pv-chunk-AbCd12_4.js'), 'export const x = 1;');
    const r = await env.cli(['install', '--yes', '--root', root]);
    expect(r.code, r.err.join('\n')).toBe(0);
    const file = env.site.db.get('SELECT file_url FROM "tabFile" WHERE file_name LIKE ?', ['pv-%-app.js']);
    expect(String(file?.file_url)).toMatch(/^\/files\/pv-[0-9a-f]{10}-app\.js$/);
    const page = await fetch(`${env.url}/postventa`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain(`src="${String(file?.file_url)}"`);
    // The app owns the page: no website breadcrumbs or title, and no Jinja (it reads the session from
    // postventa.session.boot, since a Web Page renders the CSRF token as "None" until the session opens /app).
    expect(html).toContain('<!-- no-breadcrumbs -->');
    expect(html).not.toContain('<div class="page-breadcrumbs">');
    expect(html).not.toContain('{{');
    expect(env.site.docs.exists('Web Page', 'postventa')).toBe(true);
    expect(await (await fetch(`${env.url}/files/pv-chunk-AbCd12_4.js`)).text()).toBe('export const x = 1;');
    expect(await (await fetch(`${env.url}${String(file?.file_url)}`)).text()).toBe('console.log("postventa")');
    const again = await env.cli(['install', '--dry-run', '--json', '--root', root]);
    expect(planOf(again.out).actions.filter((a) => a.op === 'create' || a.op === 'update')).toEqual([]);
  });
});

describe('doctor', () => {
  it('reports each check in one sentence; a missing Fiscal Year is a failure with its fix', async () => {
    const r = await env.cli(['doctor', '--json']);
    const checks = (JSON.parse(r.out.at(-1) ?? '{}') as { checks: { name: string; status: string; message: string }[] })
      .checks;
    expect(checks.find((c) => c.name === 'server scripts')?.status).toBe('ok');
    expect(checks.find((c) => c.name === 'frappe')?.message).toMatch(/Frappe 15/);
    // The dev host, like the real site, has no Frappe WhatsApp app: notices say why WhatsApp was skipped.
    expect(checks.find((c) => c.name === 'whatsapp')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/not installed/),
    });
    expect(checks.find((c) => c.name === 'fiscal year')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/Fiscal Year/),
    });
    expect(r.code).toBe(1);
    await env.insert('Fiscal Year', { year: 'FY', year_start_date: '2026-01-01', year_end_date: '2027-12-31' });
    const companion = await apiUser(env.site, 'companion.ok@pv.test', COMPANION_ROLES);
    const ok = await env.cli([
      'doctor',
      '--companion-api-key',
      companion.api_key,
      '--companion-api-secret',
      companion.api_secret,
    ]);
    expect(ok.code, ok.out.join('\n')).toBe(0);
    expect(ok.out.join('\n')).toMatch(/installer roles: .*System Manager, Script Manager, Website Manager/);
  });

  it('fails when the companion user cannot read Task, naming the roles that would grant it', async () => {
    const weak = await apiUser(env.site, 'companion.weak@pv.test', ['Super Email User']);
    const r = await env.cli([
      'doctor',
      '--json',
      '--companion-api-key',
      weak.api_key,
      '--companion-api-secret',
      weak.api_secret,
    ]);
    expect(r.code).toBe(1);
    const checks = (JSON.parse(r.out.at(-1) ?? '{}') as { checks: { name: string; status: string; message: string }[] })
      .checks;
    const c = checks.find((x) => x.name === 'companion roles');
    expect(c?.status).toBe('fail');
    expect(c?.message).toMatch(/lacks Postventa Integration/);
    expect(c?.message).toMatch(/cannot read Task \(.*one of: .*Projects User/);
    expect(c?.message).toMatch(/cannot read Holiday List \(.*HR Manager/);
  });

  it('fails when the installer user lacks Website Manager (Web Page is Website Manager only)', async () => {
    const sm = await apiUser(env.site, 'installer.sm@pv.test', ['System Manager', 'Script Manager']);
    const r = await env.cli(['doctor', '--json', '--api-key', sm.api_key, '--api-secret', sm.api_secret]);
    const checks = (JSON.parse(r.out.at(-1) ?? '{}') as { checks: { name: string; status: string; message: string }[] })
      .checks;
    expect(checks.find((x) => x.name === 'installer roles')?.message).toMatch(
      /lacks Website Manager: cannot create Web Page/,
    );
    expect(r.code).toBe(1);
  });

  it('explains disabled server scripts', async () => {
    const orig = env.site.serverScriptsEnabled.bind(env.site);
    env.site.serverScriptsEnabled = () => false;
    try {
      const r = await env.cli(['doctor', '--json']);
      const checks = (JSON.parse(r.out.at(-1) ?? '{}') as { checks: { name: string; message: string }[] }).checks;
      expect(checks.find((c) => c.name === 'server scripts')?.message).toMatch(/server_script_enabled 1/);
    } finally {
      env.site.serverScriptsEnabled = orig;
    }
  });
});

describe('uninstall', () => {
  it('removes scripts, permissions and translations but keeps the data; --purge-data removes the doctypes', async () => {
    const r = await env.cli(['uninstall', '--json']);
    expect(r.code).toBe(0);
    expect(env.site.docs.exists('Server Script', 'Postventa - Responder encuesta')).toBe(false);
    expect(env.site.db.all('SELECT role FROM "tabCustom DocPerm" WHERE role = ?', ['Support Agent'])).toEqual([]);
    expect(env.site.meta.exists('Support Case')).toBe(true);
    expect(env.site.db.get('SELECT count(*) AS n FROM "tabSupport Case"')?.n).toBe(1);
    expect((await env.cli(['uninstall', '--purge-data'])).code).toBe(2);
    const purge = await env.cli(['uninstall', '--purge-data', '--yes']);
    expect(purge.code, purge.err.join()).toBe(0);
    expect(env.site.meta.exists('Support Case')).toBe(false);
    expect(env.site.meta.require('Sales Invoice').fieldMap.has('support_case')).toBe(false);
    expect((await env.cli(['install', '--yes'])).code).toBe(0);
    expect(env.site.meta.exists('Support Case')).toBe(true);
  });
});
