/**
 * The dashboard's figures and the Query Reports on the same data (issue 17): `postventa.metrics.dashboard` answers
 * grouped rows that domain/metrics turns into the KPIs — equal to hand-computed values for a fixture month and to
 * what "Cumplimiento de SLA", "Satisfacción (CSAT/NPS)", "Casos por causa raíz" and "Desempeño por agente" say;
 * only supervisors and managers read it; bad dates are refused naming the field.
 */
import { readFileSync } from 'node:fs';
import { Parser } from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';
import { ManifestSchema } from '../../../cli/manifest.schema.ts';
import {
  csat,
  fcrRate,
  nps,
  pareto,
  slaCompliance,
  timeFigure,
  volume,
  type CaseGroup,
  type ScoreCounts,
} from '../../../domain/metrics/kpis.ts';
import { agentTable, type AgentGroup } from '../../../domain/metrics/agents.ts';

let env: Env;
const manifest = ManifestSchema.parse(JSON.parse(readFileSync('plugin-manifest.json', 'utf8')));
const PERIOD = { from_date: '2026-11-01', to_date: '2026-11-30' };
interface Dashboard {
  cases: CaseGroup[];
  previous: CaseGroup[];
  agents: AgentGroup[];
  agent_surveys: { agent: string | null; n: number; total: number }[];
  frt: { n: number; total: number; middle: number[] };
  ttr: { n: number; total: number; middle: number[] };
  csat: ScoreCounts;
  nps: ScoreCounts;
  causes: { symptom_category: { product: string | null; category: string | null; n: number }[] };
  weeks: { week: string; rows: CaseGroup[] }[];
  months: { month: string }[];
  reopened: number;
}
const dashboard = async (who = 'super@pv.test', body: Record<string, unknown> = PERIOD) =>
  as(who, 'POST', '/api/method/postventa.metrics.dashboard', body);
const report = async (name: string, filters: Record<string, string> = PERIOD) => {
  const r = await as('super@pv.test', 'POST', '/api/method/frappe.desk.query_report.run', {
    report_name: name,
    filters,
  });
  expect(r.status, messages(r.body)).toBe(200);
  return (r.body.message as { result: Record<string, unknown>[] }).result;
};

/** A case received on `day` with its facts written as the host would have stamped them. */
async function kase(day: string, facts: Partial<Record<string, string | number>>): Promise<string> {
  const c = await env.insert('Support Case', { subject: `Caso ${day}`, symptom: 'x', customer: 'Al Día SpA' });
  const name = String(c.name);
  const cols = { received_on: `${day} 10:00:00`, status: 'Closed', sla_policy: 'ZZ SLA', priority: 'P3', ...facts };
  const keys = Object.keys(cols);
  env.site.db.run(`UPDATE "tabSupport Case" SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE name = ?`, [
    ...Object.values(cols),
    name,
  ]);
  return name;
}
async function answered(day: string, agent: string, csatScore: number | null, npsScore: number | null): Promise<void> {
  const s = await env.insert('Survey Response', { status: 'Pending', customer: 'Al Día SpA', trigger: 'Case Closed' });
  env.site.db.run(
    `UPDATE "tabSurvey Response" SET status = 'Answered', responded_on = ?, agent = ?, csat = ?, nps = ? WHERE name = ?`,
    [`${day} 12:00:00`, agent, csatScore, npsScore, String(s.name)],
  );
}

beforeAll(async () => {
  env = await startHostScriptsEnv();
  await user('gerente@pv.test', ['Support Manager']);
  await env.insert('SLA Policy', { policy_name: 'ZZ SLA' }).catch(() => undefined);
  const A = 'agente@pv.test';
  const B = 'super@pv.test';
  // November: 8 cases. A holds 5 (4 resolved, 3 first contact, SLA met by 3 of 4), B holds 3 (2 resolved, 0 FCR,
  // SLA met by 1 of 2). One October case for the previous period.
  const facts = [
    {
      assigned_to: A,
      support_level: 'N1',
      resolved_on_first_contact: 1,
      first_response_seconds: 600,
      resolution_seconds: 3600,
      hours_logged: 1,
      symptom_category: 'Ruido',
    },
    {
      assigned_to: A,
      support_level: 'N1',
      resolved_on_first_contact: 1,
      first_response_seconds: 1200,
      resolution_seconds: 7200,
      hours_logged: 2,
      symptom_category: 'Ruido',
    },
    {
      assigned_to: A,
      support_level: 'N1',
      resolved_on_first_contact: 1,
      first_response_seconds: 300,
      resolution_seconds: 1800,
      hours_logged: 1,
      symptom_category: 'Fuga',
    },
    {
      assigned_to: A,
      support_level: 'N1',
      response_breached: 1,
      first_response_seconds: 9000,
      resolution_seconds: 36000,
      hours_logged: 3,
      status: 'Resolved',
      symptom_category: 'Ruido',
    },
    { assigned_to: A, support_level: 'N1', status: 'Open', first_response_seconds: 900, hours_logged: 0.5 },
    {
      assigned_to: B,
      support_level: 'N2',
      resolution_breached: 1,
      reopened_count: 1,
      first_response_seconds: 1800,
      resolution_seconds: 90000,
      hours_logged: 6,
      priority: 'P1',
      symptom_category: 'Fuga',
    },
    {
      assigned_to: B,
      support_level: 'N2',
      first_response_seconds: 2400,
      resolution_seconds: 14400,
      hours_logged: 2,
      priority: 'P1',
    },
    { assigned_to: B, support_level: 'N2', status: 'Cancelled', hours_logged: 0 },
  ];
  for (const [i, f] of facts.entries()) await kase(`2026-11-${String(3 + i).padStart(2, '0')}`, f);
  await kase('2026-10-15', { assigned_to: A, support_level: 'N1', resolved_on_first_contact: 1 });
  await answered('2026-11-10', A, 5, 10);
  await answered('2026-11-11', A, 4, 9);
  await answered('2026-11-12', A, 5, 8);
  await answered('2026-11-13', B, 2, 3);
  await answered('2026-11-14', B, 3, null);
  await answered('2026-10-14', B, 1, 0);
});
afterAll(() => env.close());

describe('the dashboard', () => {
  let d: Dashboard;
  it('answers the month as groups that give the hand-computed KPIs', async () => {
    const r = await dashboard();
    expect(r.status, messages(r.body)).toBe(200);
    d = r.body.message as Dashboard;
    expect(volume(d.cases)).toEqual({ cases: 8, resolved: 6, open: 1 });
    expect(fcrRate(d.cases)).toBe(50); // 3 of 6
    expect(slaCompliance(d.cases)).toBe(66.7); // 4 of 6 met both targets
    expect(volume(d.previous).cases).toBe(1);
    expect(d.reopened).toBe(1);
    // First response of the 7 answered: 300 600 900 1200 1800 2400 9000 → median 1200, average 16200 / 7.
    expect(timeFigure(d.frt.n, d.frt.total, d.frt.middle)).toEqual({ n: 7, average: 2314, median: 1200 });
    // Resolution of the 6 resolved: 1800 3600 7200 14400 36000 90000 → median (7200 + 14400) / 2.
    expect(timeFigure(d.ttr.n, d.ttr.total, d.ttr.middle)).toEqual({ n: 6, average: 25500, median: 10800 });
    expect(csat(d.csat)).toEqual({ responses: 5, average: 3.8, satisfied: 60 });
    expect(nps(d.nps)).toMatchObject({ responses: 4, promoters: 2, detractors: 1, nps: 25 });
    expect(pareto(d.causes.symptom_category).items.map((i) => [i.category, i.n])).toEqual([
      ['Ruido', 3],
      ['Fuga', 2],
    ]);
    expect(d.weeks.length).toBeGreaterThanOrEqual(5);
    expect(d.months.map((m) => m.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  });

  it('its numbers equal the Query Reports on the same data', async () => {
    const sla = await report('Cumplimiento de SLA');
    const judged = sla.reduce((a, r) => a + Number(r.casos_con_sla), 0);
    const met = sla.reduce((a, r) => a + Number(r.cumplidos), 0);
    expect(Math.round((1000 * met) / judged) / 10).toBe(slaCompliance(d.cases));

    const sat = await report('Satisfacción (CSAT/NPS)');
    expect(sat).toHaveLength(1);
    expect(Number(sat[0]?.csat_promedio)).toBe(csat(d.csat).average);
    expect(Number(sat[0]?.nps)).toBe(nps(d.nps).nps);

    const causes = await report('Casos por causa raíz');
    const bySymptom = new Map<string, number>();
    for (const r of causes) bySymptom.set(String(r.síntoma), (bySymptom.get(String(r.síntoma)) ?? 0) + Number(r.casos));
    for (const i of pareto(d.causes.symptom_category).items) expect(bySymptom.get(i.category)).toBe(i.n);

    const agents = await report('Desempeño por agente');
    const table = agentTable(d.agents, d.agent_surveys);
    for (const row of table) {
      const r = agents.find((x) => (x.agente || '—') === row.agent && (x.nivel || '—') === row.level);
      expect(r, row.agent).toBeDefined();
      expect([Number(r?.casos), Number(r?.resueltos), r?.resolución_al_primer_contacto ?? null]).toEqual([
        row.cases,
        row.resolved,
        row.fcr,
      ]);
      expect([r?.cumplimiento_de_sla ?? null, Number(r?.horas), r?.csat ?? null]).toEqual([
        row.sla,
        row.hours,
        row.csat,
      ]);
    }
    expect(table.find((r) => r.agent === 'agente@pv.test')).toMatchObject({
      cases: 5,
      resolved: 4,
      fcr: 75,
      csat: 4.67,
    });
  });

  it('a segment narrows it: one product, one agent', async () => {
    const r = await dashboard('super@pv.test', { ...PERIOD, agent: 'super@pv.test' });
    expect(volume((r.body.message as Dashboard).cases).cases).toBe(3);
  });

  it('only supervisors and managers read it; bad dates are refused naming the field', async () => {
    expect((await dashboard('gerente@pv.test')).status).toBe(200);
    for (const who of ['agente@pv.test', 'cliente@aldia.test', 'Guest'])
      expect((await dashboard(who)).status).toBe(403);
    const bad = await dashboard('super@pv.test', { from_date: '2026-13-01', to_date: '2026-11-30' });
    expect(messages(bad.body)).toContain('from_date');
    const long = await dashboard('super@pv.test', { from_date: '2020-01-01', to_date: '2026-11-30' });
    expect(messages(long.body)).toContain('400 días');
    const odd = await dashboard('super@pv.test', { ...PERIOD, team: 'x'.repeat(141) });
    expect(messages(odd.body)).toContain('team');
  });

  it('the new Query Reports are MariaDB SQL and closed to agents', async () => {
    for (const r of manifest.reports) {
      const sql = readFileSync(r.file, 'utf8').replace(/%\((\w+)\)s/g, "'2026-01-01'");
      expect(() => new Parser().astify(sql, { database: 'MariaDB' }), r.file).not.toThrow();
    }
    const r = await as('agente@pv.test', 'POST', '/api/method/frappe.desk.query_report.run', {
      report_name: 'Desempeño por agente',
      filters: PERIOD,
    });
    expect(r.status).toBe(403);
  });
});
