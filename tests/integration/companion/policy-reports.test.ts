/**
 * The monthly póliza report (issue 15): on 2 December (the settings' day) the policy-reports job makes November's
 * report for every póliza that ran in it — once, with three replicas racing and on every later sweep — with figures
 * that match the month's cases, hours and visits as this test counts them straight from the site's tables; the PDF
 * is attached to the póliza and mailed to its report recipients. A manager previews December so far, edits the
 * recommendations and regenerates; nobody else may touch a report's figures.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../support/pdf.ts';
import { as, messages } from './host-scripts.fixture.ts';
import { expected, KEY, policies, startReportsEnv } from './policy-reports.fixture.ts';
import { all, at, get, run, setAsAdmin } from './service-contract.fixture.ts';
import { SECRET, type Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startReportsEnv();
}, 60_000);
afterAll(() => env.close());

const report = (policy: string) => get('SELECT * FROM "tabPolicy Report" WHERE report_key = ?', [KEY(policy)]);

describe('the monthly policy report', () => {
  it('nothing before the day; from it, one report per póliza that ran in November, three replicas racing', async () => {
    await setAsAdmin('Postventa Settings', 'Postventa Settings', { monthly_report_day: 3 });
    at('2026-12-02T13:00:00Z'); // 10:00 in Santiago
    expect((await run('policy-reports')).detail).toMatchObject({ month: null });
    await setAsAdmin('Postventa Settings', 'Postventa Settings', { monthly_report_day: 2 });
    at('2026-12-02T13:10:00Z');
    const replicas = await Promise.all(['a', 'b', 'c'].map((r) => env.companion(`rep-${r}`)));
    const outs = await Promise.all(replicas.map((c) => c.runJobNow('policy-reports')));
    expect(outs.filter((o) => o.ran)).toHaveLength(1);
    const rows = all('SELECT service_policy, status FROM "tabPolicy Report" WHERE period_start = ?', ['2026-11-01']);
    const made = rows.map((r) => String(r.service_policy));
    expect(made).toEqual(expect.arrayContaining([policies.main, policies.quarterly]));
    expect(made).not.toContain(policies.draft);
    expect(new Set(made).size).toBe(made.length);
    expect(rows.find((r) => r.service_policy === policies.main)?.status).toBe('Sent');
    for (let i = 0; i < 2; i++) await run('policy-reports');
    expect(all('SELECT name FROM "tabPolicy Report"')).toHaveLength(made.length);
  }, 60_000);

  it('its figures match the month as counted from the tables', () => {
    for (const policy of [policies.main, policies.quarterly]) {
      const k = JSON.parse(String(report(policy)?.kpis)) as Record<string, Record<string, unknown> & unknown[]>;
      const e = expected(policy);
      expect({
        opened: k.opened,
        resolved: k.resolved,
        compliance: k.sla?.compliance,
        avgResponseHours: k.sla?.avgResponseHours,
        monthHours: k.usage?.monthHours,
        open: (k.open as unknown[]).length,
      }).toEqual(e);
    }
    const main = JSON.parse(String(report(policies.main)?.kpis)) as {
      usage: Record<string, unknown>;
      visits: { name: string }[];
      recommendations: { text: string }[];
      byProduct: { key: string; count: number }[];
    };
    expect(main.usage).toMatchObject({ periodStart: '2026-11-24', allowanceHours: 12 });
    expect(main.visits).toHaveLength(1);
    expect(main.recommendations.map((r) => r.text)).toEqual(['Cambiar la batería del monitor antes de marzo.']);
    expect(main.byProduct[0]).toEqual({ key: 'ZZS-MONITOR', count: 2 });
    const q = JSON.parse(String(report(policies.quarterly)?.kpis)) as { usage: Record<string, unknown> };
    expect(q.usage).toMatchObject({ periodStart: '2026-11-01', periodHours: 1, periodCases: 1, hoursShare: 0.1 });
  });

  it('the PDF is a private file of the póliza, mailed to the report recipients; page 1 as a PNG', async () => {
    const r = report(policies.main);
    const file = get('SELECT * FROM "tabFile" WHERE file_url = ?', [String(r?.pdf_file)]);
    expect(file).toMatchObject({
      attached_to_doctype: 'Service Policy',
      attached_to_name: policies.main,
      is_private: 1,
    });
    expect(String(r?.sent_to)).toBe('ti@hospital.test, jefa@hospital.test');
    const mail = all('SELECT message FROM "tabEmail Queue" WHERE reference_name = ?', [policies.main]).map((m) =>
      String(m.message),
    );
    expect(mail.some((m) => m.includes('Informe mensual 2026-11'))).toBe(true);
    const bytes = await env.client.download(String(r?.pdf_file));
    const text = readPdf(bytes, 'policy-report-page1');
    const pct = `${String(expected(policies.main).compliance).replace('.', ',')} %`;
    for (const words of [
      'Informe mensual',
      'noviembre 2026',
      'Cumplimiento del SLA',
      pct,
      'Cambiar la batería',
      'ZZV Contratos',
    ])
      expect(text).toContain(words);
  });

  it('a manager previews December so far, writes recommendations and regenerates; the figures stay the companion’s', async () => {
    at('2026-12-10T13:00:00Z');
    const preview = await as('gerente@pv.test', 'POST', '/api/resource/Policy Report', {
      service_policy: policies.main,
      period_start: '2026-12-01',
      period_end: '2026-12-31',
      status: 'Sent',
      kpis: '{"opened":999}',
    });
    expect(preview.status, messages(preview.body)).toBe(200);
    const name = String((preview.body.data as { name: string }).name);
    expect(get('SELECT status, kpis, requested_action FROM "tabPolicy Report" WHERE name = ?', [name])).toMatchObject({
      status: 'Draft',
      kpis: null,
      requested_action: 'Preview',
    });
    await run('policy-reports');
    const made = get('SELECT * FROM "tabPolicy Report" WHERE name = ?', [name]);
    expect(made).toMatchObject({ status: 'Draft', requested_action: null, sent_on: null });
    expect(String(made?.pdf_file)).toMatch(/informe-.*-2026-12/);
    const send = await as('gerente@pv.test', 'PUT', `/api/resource/Policy Report/${name}`, {
      requested_action: 'Send',
    });
    expect(messages(send.body)).toContain('el mes no ha terminado');
    const nov = String(report(policies.main)?.name);
    const forged = await as('gerente@pv.test', 'PUT', `/api/resource/Policy Report/${nov}`, { status: 'Draft' });
    expect(messages(forged.body)).toContain('Estado: es del informe');
    const edit = await as('gerente@pv.test', 'PUT', `/api/resource/Policy Report/${nov}`, {
      recommendations: '<p>Renovar la UPS de pabellón.</p>',
      requested_action: 'Regenerate',
      kpis: '{"opened":0}',
    });
    expect(edit.status, messages(edit.body)).toBe(200);
    await run('policy-reports');
    const after = report(policies.main);
    const k = JSON.parse(String(after?.kpis)) as { opened: number; recommendations: { text: string }[] };
    expect(k.opened).toBe(expected(policies.main).opened);
    expect(k.recommendations.map((r) => r.text)).toContain('Renovar la UPS de pabellón.');
    expect(after).toMatchObject({ status: 'Sent', requested_action: null });
  }, 60_000);

  it('a manager’s send is answered by the webhook at once, without waiting for a sweep', async () => {
    const nov = String(report(policies.quarterly)?.name);
    const before = Number(get('SELECT count(*) AS n FROM "tabEmail Queue"')?.n);
    const asked = await as('gerente@pv.test', 'PUT', `/api/resource/Policy Report/${nov}`, {
      requested_action: 'Send',
    });
    expect(asked.status, messages(asked.body)).toBe(200);
    const c = await env.companion('webhook');
    const body = JSON.stringify({ doctype: 'Policy Report', name: nov, topic: 'policy-report', event: 'on_update' });
    const r = await fetch(`${c.url}/webhooks/policy-report`, {
      method: 'POST',
      headers: { 'x-frappe-webhook-signature': createHmac('sha256', SECRET).update(body).digest('base64') },
      body,
    });
    expect(await r.json()).toMatchObject({ status: 'answered', made: 1, sent: 1 });
    expect(report(policies.quarterly)).toMatchObject({ status: 'Sent', requested_action: null });
    expect(Number(get('SELECT count(*) AS n FROM "tabEmail Queue"')?.n)).toBe(before + 1);
  });

  it('agents, supervisors and customers cannot make, change or send reports', async () => {
    const nov = String(report(policies.main)?.name);
    for (const who of ['agente@pv.test', 'super@pv.test', 'cliente@aldia.test']) {
      const put = await as(who, 'PUT', `/api/resource/Policy Report/${nov}`, { requested_action: 'Send' });
      expect(put.status, who).toBeGreaterThanOrEqual(403);
      const post = await as(who, 'POST', '/api/resource/Policy Report', {
        service_policy: policies.main,
        period_start: '2026-10-01',
        period_end: '2026-10-31',
      });
      expect(post.status, who).toBeGreaterThanOrEqual(403);
      const call = await as(who, 'POST', '/api/method/postventa.policy.report', {
        policy: policies.main,
        file: 'x',
        period_start: '2026-11-01',
        period_end: '2026-11-30',
        kpis: '{}',
        mode: 'request',
      });
      expect(call.status, who).toBe(403);
    }
    const cust = await as('cliente@aldia.test', 'GET', `/api/resource/Policy Report/${nov}`);
    expect(cust.status).toBe(403); // another customer's report
    expect(policies.draft).toBeTruthy();
  });
});
