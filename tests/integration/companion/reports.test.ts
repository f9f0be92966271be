/**
 * The accountants' Query Reports in ERPNext (issue 13): "Facturación de soporte" and "Casos por facturar", installed
 * by `postventa install`, their SQL parsed as MariaDB (the real site's database) and run on the dev host through
 * `frappe.desk.query_report.run`; an agent may not run them (margins are not theirs to read).
 */
import { readFileSync } from 'node:fs';
import { Parser } from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';
import { ManifestSchema } from '../../../cli/manifest.schema.ts';

const manifest = ManifestSchema.parse(JSON.parse(readFileSync('plugin-manifest.json', 'utf8')));
let env: Env;
let closed = '';
let invoiced = '';

beforeAll(async () => {
  env = await startHostScriptsEnv();
  await user('contador@pv.test', ['Accounts User']);
  await env.insert('Customer', { customer_name: 'Reporte SpA' });
  for (const subject of ['Cerrado sin factura', 'Resuelto facturado']) {
    const c = await env.insert('Support Case', { subject, symptom: 'x', customer: 'Reporte SpA' });
    if (subject.startsWith('Cerrado')) closed = String(c.name);
    else invoiced = String(c.name);
  }
  await env.insert('Timesheet', {
    time_logs: [
      {
        activity_type: 'Execution',
        from_time: '2026-11-20 09:00:00',
        hours: 2,
        support_case: closed,
        support_level: 'N1',
      },
      {
        activity_type: 'Execution',
        from_time: '2026-11-20 12:00:00',
        hours: 1.5,
        support_case: closed,
        support_level: 'N2',
      },
    ],
  });
  env.site.db.run(
    `UPDATE "tabSupport Case" SET status = 'Closed', case_type = 'Billable', resolved_on = '2026-11-20 10:00:00', support_cost = 12000 WHERE name IN (?, ?)`,
    [closed, invoiced],
  );
  env.site.db.run(`UPDATE "tabSupport Case" SET billing_status = 'Paid', sales_invoice = 'ZZ-INV' WHERE name = ?`, [
    invoiced,
  ]);
});
afterAll(() => env.close());

const run = (who: string, report: string, filters: Record<string, string> = {}) =>
  as(who, 'POST', '/api/method/frappe.desk.query_report.run', { report_name: report, filters });

describe("accountants' reports", () => {
  it.each(manifest.reports.map((r) => [r.name, r.file]))('%s is MariaDB SQL', (_name, file) => {
    const sql = readFileSync(file, 'utf8').replace(/%\((\w+)\)s/g, "'2026-01-01'");
    expect(() => new Parser().astify(sql, { database: 'MariaDB' })).not.toThrow();
  });

  it('the installer made every report of the manifest, as a Query Report on its doctype', () => {
    for (const r of manifest.reports) {
      const row = env.site.db.get('SELECT report_type, is_standard, ref_doctype FROM "tabReport" WHERE name = ?', [
        r.name,
      ]);
      expect(row).toEqual({ report_type: 'Query Report', is_standard: 'No', ref_doctype: r.refDoctype });
    }
  });

  it('"Facturación de soporte" lists the period\'s cases with hours per level, cost and margin', async () => {
    const r = await run('contador@pv.test', 'Facturación de soporte', {
      from_date: '2026-11-01',
      to_date: '2026-11-30',
    });
    expect(r.status).toBe(200);
    const rows = (r.body.message as { result: Record<string, unknown>[] }).result;
    expect(rows.find((x) => x.caso === closed)).toMatchObject({
      cliente: 'Reporte SpA',
      horas_n1: 2,
      horas_n2: 1.5,
      horas_n3: 0,
      costo: 12000,
      margen: -12000,
    });
    const empty = await run('contador@pv.test', 'Facturación de soporte', {
      from_date: '2026-10-01',
      to_date: '2026-10-31',
    });
    expect(
      (empty.body.message as { result: unknown[] }).result.filter(
        (x) => (x as Record<string, unknown>).caso === closed,
      ),
    ).toEqual([]);
  });

  it('"Casos por facturar" lists closed billable cases without a submitted invoice', async () => {
    const r = await run('contador@pv.test', 'Casos por facturar');
    const names = (r.body.message as { result: Record<string, unknown>[] }).result.map((x) => x.caso);
    expect(names).toContain(closed);
  });

  it('an agent and a portal customer may not run them', async () => {
    for (const who of ['agente@pv.test', 'cliente@aldia.test'])
      for (const r of manifest.reports)
        expect(
          (await run(who, r.name, { from_date: '2026-11-01', to_date: '2026-11-30' })).status,
          `${who} ${r.name}`,
        ).toBe(403);
  });
});
