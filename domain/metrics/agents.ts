/**
 * The per-agent table of the dashboard (issue 17): for each person and support level, the cases received in the
 * period they hold, resolved, first-contact resolution, SLA compliance, hours logged on them and their CSAT.
 */
import { fcrRate, slaCompliance, volume, type CaseGroup } from './kpis.ts';

export interface AgentGroup extends CaseGroup {
  assigned_to: string | null;
  support_level: string | null;
}

export interface AgentRow {
  agent: string;
  level: string;
  cases: number;
  resolved: number;
  fcr: number | null;
  sla: number | null;
  hours: number;
  csat: number | null;
  surveys: number;
}

export function agentTable(
  rows: AgentGroup[],
  surveys: { agent: string | null; n: number; total: number }[],
): AgentRow[] {
  const groups = new Map<string, AgentGroup[]>();
  for (const r of rows) {
    const key = `${r.assigned_to ?? ''}\u0000${r.support_level ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const bySurvey = new Map(surveys.map((s) => [s.agent ?? '', s]));
  return [...groups.entries()]
    .map(([key, g]) => {
      const [agent = '', level = ''] = key.split('\u0000');
      const v = volume(g);
      const s = bySurvey.get(agent);
      return {
        agent: agent || '—',
        level: level || '—',
        cases: v.cases,
        resolved: v.resolved,
        fcr: fcrRate(g),
        sla: slaCompliance(g),
        hours: Math.round(10 * g.reduce((a, r) => a + r.hours, 0)) / 10,
        csat: s && s.n ? Math.round((100 * s.total) / s.n) / 100 : null,
        surveys: s?.n ?? 0,
      };
    })
    .sort((a, b) => b.cases - a.cases || a.agent.localeCompare(b.agent) || a.level.localeCompare(b.level));
}
