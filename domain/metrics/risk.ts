/**
 * The at-risk score of a customer (issue 17, seed 001 "alertas tempranas de clientes en riesgo"): each signal adds
 * points and a reason, 0–100 in all; a customer at or above the threshold is on the risk list. Thresholds come from
 * Postventa Settings (Customer Risk). Pure: the nightly job gathers the signals with grouped queries.
 */

export interface RiskSignals {
  /** Average CSAT of the last 30 days, and of the 90 days before (null when no answers). */
  csatRecent: number | null;
  csatBefore: number | null;
  /** The lowest NPS answered in the last 90 days (null when none). */
  npsLowest: number | null;
  /** SLA breaches (response or resolution) on cases received this month. */
  breachesThisMonth: number;
  /** Submitted invoices past due with something outstanding. */
  overdueInvoices: number;
  /** Open cases escalated to development or at priority P1. */
  openEscalations: number;
  /** Days until the nearest active policy ends without a renewal, when within 45 days; else null. */
  renewalInDays: number | null;
  /** Cases in the last 30 days, and the monthly average of the 90 days before. */
  casesRecent: number;
  casesMonthlyBefore: number;
}

export interface RiskSettings {
  csatThreshold: number;
  npsThreshold: number;
  breachesPerMonth: number;
  scoreThreshold: number;
}

export type RiskReason =
  | 'csat-low'
  | 'csat-falling'
  | 'nps-detractor'
  | 'breaches'
  | 'overdue'
  | 'escalations'
  | 'renewal-near'
  | 'usage-collapse';

export const RISK_WORDS: Record<RiskReason, string> = {
  'csat-low': 'CSAT bajo / Low CSAT',
  'csat-falling': 'CSAT en baja / Falling CSAT',
  'nps-detractor': 'NPS detractor / Detractor NPS',
  breaches: 'Incumplimientos de SLA este mes / SLA breaches this month',
  overdue: 'Facturas vencidas / Overdue invoices',
  escalations: 'Escalamientos abiertos / Open escalations',
  'renewal-near': 'Renovación cercana sin aceptar / Renewal near, not accepted',
  'usage-collapse': 'Uso en caída / Usage collapse',
};

const POINTS: Record<RiskReason, number> = {
  'csat-low': 20,
  'csat-falling': 15,
  'nps-detractor': 20,
  breaches: 15,
  overdue: 15,
  escalations: 10,
  'renewal-near': 15,
  'usage-collapse': 10,
};

export function riskScore(s: RiskSignals, t: RiskSettings): { score: number; reasons: RiskReason[]; atRisk: boolean } {
  const reasons: RiskReason[] = [];
  if (s.csatRecent !== null && s.csatRecent < t.csatThreshold) reasons.push('csat-low');
  if (s.csatRecent !== null && s.csatBefore !== null && s.csatBefore - s.csatRecent >= 0.5)
    reasons.push('csat-falling');
  if (s.npsLowest !== null && s.npsLowest <= t.npsThreshold) reasons.push('nps-detractor');
  if (s.breachesThisMonth >= Math.max(1, t.breachesPerMonth)) reasons.push('breaches');
  if (s.overdueInvoices > 0) reasons.push('overdue');
  if (s.openEscalations > 0) reasons.push('escalations');
  if (s.renewalInDays !== null && s.renewalInDays <= 45) reasons.push('renewal-near');
  // A customer who used to call and went quiet may be leaving: under a third of their usual monthly cases.
  if (s.casesMonthlyBefore >= 3 && s.casesRecent < s.casesMonthlyBefore / 3) reasons.push('usage-collapse');
  const score = Math.min(
    100,
    reasons.reduce((a, r) => a + POINTS[r], 0),
  );
  return { score, reasons, atRisk: score >= t.scoreThreshold };
}

/**
 * Value × risk segments for targeted follow-up: the customers ranked by revenue — the top fifth "A", the next
 * three tenths "B", the rest "C" — each with "en riesgo" when at risk: "A · En riesgo / At risk", "C · Estable /
 * Stable".
 */
export function segments(rows: { customer: string; revenue: number; atRisk: boolean }[]): Map<string, string> {
  const ranked = [...rows].sort((a, b) => b.revenue - a.revenue || a.customer.localeCompare(b.customer));
  const out = new Map<string, string>();
  ranked.forEach((r, i) => {
    const share = (i + 1) / ranked.length;
    const tier = r.revenue > 0 && share <= 0.2 ? 'A' : r.revenue > 0 && share <= 0.5 ? 'B' : 'C';
    out.set(r.customer, `${tier} · ${r.atRisk ? 'En riesgo / At risk' : 'Estable / Stable'}`);
  });
  return out;
}

/** Customers who entered the risk list today: at risk now and not in the last snapshot (an alert, once). */
export const enteredRisk = (today: Set<string>, before: Set<string>): string[] =>
  [...today].filter((c) => !before.has(c)).sort();
