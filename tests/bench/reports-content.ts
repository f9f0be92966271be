/**
 * The content of the reports benchmark: a póliza's realistic month (18 cases, 6 still open, 2 visits with
 * recommendations, hours logged) as domain/reports/monthly.ts's figures, and the report around them.
 */
import { monthlyKpis, type MonthlyKpis, type ReportCase } from '../../domain/reports/monthly.ts';

export const MONTH = { start: '2026-11-01', end: '2026-11-30' };

export const day = (i: number): string => `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`;
function cases(p: number): ReportCase[] {
  return Array.from({ length: 18 }, (_, i) => ({
    name: `CASO-${p}-${i}`,
    subject: `Equipo ${i} con alarma intermitente en la línea ${p % 7}`,
    status: i % 3 === 0 ? 'In Progress' : 'Closed',
    priority: ['P1', 'P2', 'P3', 'P4'][i % 4] ?? 'P3',
    severity: ['S1', 'S2', 'S3', 'S4'][(i >> 1) % 4] ?? 'S3',
    product: ['CT-15', 'GD-60', 'RI-8'][i % 3] ?? null,
    module: i % 2 ? 'Control' : 'Potencia',
    case_type: i % 5 ? 'Billable' : 'Warranty',
    received_on: `${day(i)} 09:00:00`,
    first_responded_on: `${day(i)} 10:00:00`,
    resolved_on: i % 3 === 0 ? null : `${day(i + 1)} 12:00:00`,
    first_response_seconds: 1800 + i * 300,
    resolution_seconds: i % 3 === 0 ? null : 7200 + i * 900,
    response_breached: i % 7 === 0,
    resolution_breached: i % 5 === 0,
  }));
}
export function kpisFor(p: number): MonthlyKpis {
  const list = cases(p);
  return monthlyKpis({
    month: MONTH,
    policy: { allowance_hours: 40, allowance_cases: 20, period: 'Monthly', start_date: '2026-01-01', end_date: null },
    timeLogs: list.map((c, i) => ({ support_case: c.name, date: day(i), hours: 0.5 + (i % 4) })),
    targets: ['P1', 'P2', 'P3', 'P4'].map((priority, k) => ({
      priority,
      severity: null,
      response_minutes: 30 * (k + 1),
      resolution_minutes: 240 * (k + 1),
    })),
    cases: list,
    visits: [0, 1].map((v) => ({
      name: `VIS-${p}-${v}`,
      finished_on: `${day(v * 10 + 5)} 16:00:00`,
      technician: 'Camila Pérez',
      serial_no: `CT-15-CL-${p}`,
      support_case: null,
      recommendations: 'Revisar la ventilación de la sala y cambiar los filtros en la próxima visita.',
    })),
    extraRecommendations: 'Planificar el reemplazo del tablero de control antes de marzo.',
  });
}

export const doc = (p: number, kpis: MonthlyKpis) => ({
  lang: 'es' as const,
  company: 'Servicios Técnicos Andes SpA',
  logo: null,
  policy: `POL-2026-${String(p).padStart(5, '0')}`,
  customer: `Cliente ${p} Ltda.`,
  plan: 'Plan Premium',
  preview: false,
  kpis,
});
