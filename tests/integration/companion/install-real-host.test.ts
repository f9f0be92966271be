/**
 * The install failures seen on a real Frappe 15.75 / ERPNext 15.71 site (docs/host-contract.md), each kept here:
 * ERPNext's own Support Settings never touched, doctypes of other modules refused, settings carried over from
 * Postventa 0.1, defaults applied to a Single once, and uninstall leaving ERPNext's permissions as they were.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEnv, type Env } from './env.ts';
import { AnyDoc } from '../../../host-client/client.ts';

let env: Env | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});
afterAll(async () => {
  await env?.close();
});

const customPerms = (e: Env, doctype: string): number =>
  e.site.db.all('SELECT name FROM "tabCustom DocPerm" WHERE parent = ?', [doctype]).length;

describe('install on a site with ERPNext', () => {
  it("leaves ERPNext's Support Settings as it is (module Support, standard, its own fields)", async () => {
    env = await startEnv({ install: false });
    const before = JSON.stringify(env.site.db.all('SELECT * FROM "tabDocType" WHERE name = ?', ['Support Settings']));
    const fields = env.site.meta.require('Support Settings').fields.map((f) => f.fieldname);
    const r = await env.cli(['install', '--yes']);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(JSON.stringify(env.site.db.all('SELECT * FROM "tabDocType" WHERE name = ?', ['Support Settings']))).toBe(
      before,
    );
    expect(env.site.meta.require('Support Settings').fields.map((f) => f.fieldname)).toEqual(fields);
    expect(env.site.meta.exists('Postventa Settings')).toBe(true);
  });

  it('refuses to plan over a doctype of another module with a Postventa name, changing nothing', async () => {
    env = await startEnv({ install: false });
    await env.client.insert(
      'DocType',
      {
        name: 'KB Article',
        module: 'Custom',
        custom: 1,
        autoname: 'hash',
        fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
        permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1 }],
      },
      AnyDoc,
    );
    const r = await env.cli(['install', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/refused: .*KB Article \(module Custom\)/);
    expect(env.site.meta.exists('Support Case')).toBe(false);
    expect(env.site.meta.require('KB Article').doc.module).toBe('Custom');
  });

  it('applies every default of Postventa Settings once: a fresh site reads "policy cases need hours" on', async () => {
    env = await startEnv();
    const read = (f: string): unknown =>
      env?.site.db.get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', ['Postventa Settings', f])
        ?.value;
    expect(Number(read('require_hours_to_close_policy_case'))).toBe(1);
    expect(Number(read('maintenance_lead_days'))).toBe(7);
    // An admin's choice stays; a field the ledger does not list yet gets its default on the next install.
    await env.client.update(
      'Postventa Settings',
      'Postventa Settings',
      { maintenance_lead_days: 3, installed_defaults: JSON.stringify(['maintenance_lead_days']) },
      AnyDoc,
    );
    await env.client.update('Postventa Settings', 'Postventa Settings', { renewal_notice_days: 0 }, AnyDoc);
    const r = await env.cli(['install', '--yes']);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(Number(read('maintenance_lead_days'))).toBe(3);
    expect(Number(read('renewal_notice_days'))).toBe(15);
    const again = await env.cli(['install', '--dry-run', '--json']);
    const plan = JSON.parse(again.out.at(-1) ?? '{}') as { actions: { name: string; op: string }[] };
    expect(plan.actions.filter((a) => a.op === 'create' || a.op === 'update')).toEqual([]);
  });

  it('uninstall removes the copied standard permission rows, so ERPNext doctypes are back on their own', async () => {
    env = await startEnv();
    expect(customPerms(env, 'Customer')).toBeGreaterThan(0);
    expect(customPerms(env, 'Task')).toBeGreaterThan(0);
    const r = await env.cli(['uninstall', '--yes']);
    expect(r.code, r.err.join('\n')).toBe(0);
    for (const dt of ['Customer', 'Task', 'Holiday List', 'Comment', 'Communication', 'Serial No'])
      expect([dt, customPerms(env, dt)]).toEqual([dt, 0]);
  });

  it('an admin-changed permission set survives uninstall (only an exact copy of the standard rows is removed)', async () => {
    env = await startEnv();
    await env.client.insert(
      'Custom DocPerm',
      { parent: 'Item', role: 'Purchase User', permlevel: 0, read: 1, write: 1 },
      AnyDoc,
    );
    const r = await env.cli(['uninstall', '--yes']);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(customPerms(env, 'Item')).toBeGreaterThan(0);
  });
});

describe('a site that ran Postventa 0.1 (Support Settings converted)', () => {
  it('carries the values an admin set into Postventa Settings and says how to restore ERPNext', async () => {
    env = await startEnv({ install: false });
    await env.client.insert('Module Def', { module_name: 'Postventa', app_name: 'frappe', custom: 1 }, AnyDoc);
    await env.client.update(
      'DocType',
      'Support Settings',
      {
        custom: 1,
        module: 'Postventa',
        fields: [
          { fieldname: 'overdue_grace_days', fieldtype: 'Int', label: 'Overdue Grace Days' },
          { fieldname: 'require_hours_to_close_policy_case', fieldtype: 'Check', label: 'Require Hours' },
        ],
      },
      AnyDoc,
    );
    await env.client.update('Support Settings', 'Support Settings', { overdue_grace_days: 12 }, AnyDoc);
    const plan = await env.cli(['install', '--dry-run']);
    expect(plan.out.join('\n')).toMatch(/migration\s+Support Settings → Postventa Settings\s+update/);
    const r = await env.cli(['install', '--yes']);
    expect(r.code, r.err.join('\n')).toBe(0);
    const read = (f: string): number =>
      Number(
        env?.site.db.get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', ['Postventa Settings', f])
          ?.value,
      );
    expect(read('overdue_grace_days')).toBe(12);
    // 0.1 left new fields at 0: that 0 was never chosen, so the default applies.
    expect(read('require_hours_to_close_policy_case')).toBe(1);
    const again = await env.cli(['install', '--dry-run']);
    expect(again.out.join('\n')).toMatch(/reload-doc support doctype support_settings/);
  });
});
