import { describe, expect, it } from 'vitest';
import { enteredRisk, riskScore, segments, type RiskSignals } from './risk.ts';

const calm: RiskSignals = {
  csatRecent: 4.6,
  csatBefore: 4.5,
  npsLowest: 9,
  breachesThisMonth: 0,
  overdueInvoices: 0,
  openEscalations: 0,
  renewalInDays: null,
  casesRecent: 4,
  casesMonthlyBefore: 4,
};
const T = { csatThreshold: 3, npsThreshold: 6, breachesPerMonth: 2, scoreThreshold: 40 };

describe('at-risk score', () => {
  it('a calm customer scores 0', () => expect(riskScore(calm, T)).toEqual({ score: 0, reasons: [], atRisk: false }));
  it.each([
    [{ csatRecent: 2.5 }, ['csat-low', 'csat-falling'], 35],
    [{ npsLowest: 6 }, ['nps-detractor'], 20],
    [{ breachesThisMonth: 2 }, ['breaches'], 15],
    [{ breachesThisMonth: 1 }, [], 0],
    [{ overdueInvoices: 1 }, ['overdue'], 15],
    [{ openEscalations: 2 }, ['escalations'], 10],
    [{ renewalInDays: 20 }, ['renewal-near'], 15],
    [{ casesRecent: 0, casesMonthlyBefore: 6 }, ['usage-collapse'], 10],
    [{ casesRecent: 0, casesMonthlyBefore: 2 }, [], 0],
  ] as const)('%o → %o', (change, reasons, score) => {
    const r = riskScore({ ...calm, ...change }, T);
    expect(r.reasons).toEqual(reasons);
    expect(r.score).toBe(score);
  });
  it('a detractor with overdue invoices and a near renewal crosses the threshold (50 ≥ 40)', () => {
    const r = riskScore({ ...calm, npsLowest: 3, overdueInvoices: 2, renewalInDays: 10 }, T);
    expect(r).toEqual({ score: 50, reasons: ['nps-detractor', 'overdue', 'renewal-near'], atRisk: true });
  });
  it('never above 100', () => {
    const worst = riskScore(
      {
        csatRecent: 1,
        csatBefore: 4,
        npsLowest: 0,
        breachesThisMonth: 9,
        overdueInvoices: 3,
        openEscalations: 2,
        renewalInDays: 1,
        casesRecent: 0,
        casesMonthlyBefore: 9,
      },
      T,
    );
    expect(worst.score).toBe(100);
  });
});

describe('segments and alerts', () => {
  it('value tiers by revenue × risk', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      customer: `C${i}`,
      revenue: (10 - i) * 100,
      atRisk: i === 0,
    }));
    const s = segments(rows);
    expect(s.get('C0')).toBe('A · En riesgo / At risk');
    expect(s.get('C1')).toBe('A · Estable / Stable');
    expect(s.get('C4')).toBe('B · Estable / Stable');
    expect(s.get('C5')).toBe('C · Estable / Stable');
  });
  it('a customer is alerted when they enter the list, not while they stay', () =>
    expect(enteredRisk(new Set(['A', 'B', 'C']), new Set(['B']))).toEqual(['A', 'C']));
});
