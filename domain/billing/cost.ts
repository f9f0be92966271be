/**
 * What a case cost the company, whatever it was billed: hours per level at the level's hourly cost plus supplies at
 * their valuation rate; the margin against what was invoiced; and the hour budgets per level it went over.
 */
import { roundMoney } from './invoice.ts';
import { LEVELS, type BillingInput, type Level } from './types.ts';

export interface CaseCost {
  labour: number;
  parts: number;
  total: number;
  byLevel: Record<Level, number>;
  /** Supplies with no valuation rate: costed at 0 and listed so the number is not trusted blindly. */
  unvalued: string[];
}

export function caseCost(
  input: Pick<BillingInput, 'hours' | 'labour' | 'supplies' | 'valuations' | 'precision'>,
): CaseCost {
  const byLevel = { N1: 0, N2: 0, N3: 0 };
  for (const level of LEVELS)
    byLevel[level] = roundMoney(Math.max(0, input.hours[level] ?? 0) * input.labour[level].costRate, input.precision);
  const unvalued: string[] = [];
  let parts = 0;
  for (const s of input.supplies) {
    if (!(s.qty > 0)) continue;
    const v = input.valuations.get(s.item);
    if (v === undefined) unvalued.push(s.item);
    else parts += s.qty * v;
  }
  const labour = byLevel.N1 + byLevel.N2 + byLevel.N3;
  parts = roundMoney(parts, input.precision);
  return {
    labour,
    parts,
    total: roundMoney(labour + parts, input.precision),
    byLevel,
    unvalued: [...new Set(unvalued)],
  };
}

/** Revenue minus cost, and the share of revenue it is (null when nothing was invoiced). */
export function margin(revenue: number, cost: number, precision: number): { amount: number; percent: number | null } {
  const amount = roundMoney(revenue - cost, precision);
  return { amount, percent: revenue > 0 ? Math.round((amount / revenue) * 1000) / 10 : null };
}

export interface BudgetOverrun {
  level: Level;
  hours: number;
  budget: number;
  over: number;
}

/** The levels whose logged hours went over their budget (seed 003: N1 8 h, N2 16 h, N3 72 h). */
export function budgetOverruns(hours: BillingInput['hours'], budgets: BillingInput['budgets']): BudgetOverrun[] {
  const out: BudgetOverrun[] = [];
  for (const level of LEVELS) {
    const h = Math.max(0, hours[level] ?? 0);
    const b = budgets[level] ?? 0;
    if (b > 0 && h > b) out.push({ level, hours: h, budget: b, over: Math.round((h - b) * 100) / 100 });
  }
  return out;
}
