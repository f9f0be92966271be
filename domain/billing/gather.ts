/**
 * The host rows billing a case needs, turned into a BillingInput. The desk and the companion read the same rows
 * (each with its own transport) and assemble them here, so both bill a case the same way. Pure.
 */
import type { BillingInput, CaseType, Level } from './types.ts';

export interface CaseFacts {
  name: string;
  case_type?: string | null;
  supplies?:
    | readonly {
        item?: string | null;
        qty?: number | null;
        rate?: number | null;
        serial_no?: string | null;
        warehouse?: string | null;
      }[]
    | null;
}

/** Postventa Settings' billing fields (labour items, hourly costs, hour budgets per level). */
export interface BillingSettingsRow {
  n1_labour_item?: string | null;
  n2_labour_item?: string | null;
  n3_labour_item?: string | null;
  n1_hourly_rate?: number | null;
  n2_hourly_rate?: number | null;
  n3_hourly_rate?: number | null;
  n1_hour_budget?: number | null;
  n2_hour_budget?: number | null;
  n3_hour_budget?: number | null;
  /** Warranty and Courtesy cases invoice the parts charged on their rows (1) or nothing (0). */
  invoice_warranty_extras?: number | null;
}

export interface BillingRows {
  settings: BillingSettingsRow;
  /** The case's Timesheet Detail rows (not cancelled). */
  timesheet: readonly { hours?: number | null; support_level?: string | null }[];
  /** Item Price rows of the price list for the items `itemsToPrice` named. */
  prices: readonly { item_code: string; price_list_rate?: number | null }[];
  /** Item rows with their valuation rate (ERPNext's default for the item; often 0). */
  items: readonly { name: string; valuation_rate?: number | null }[];
  /** Bin rows (stock per warehouse) with the moving-average valuation ERPNext keeps: these win over the item's. */
  bins?: readonly { item_code: string; valuation_rate?: number | null; actual_qty?: number | null }[];
  policy: { name: string; allowance_hours?: number | null; hours_used?: number | null } | null;
  plan: { overage_hourly_rate?: number | null; covers_parts?: number | null } | null;
  precision: number;
}

const LEVEL_FIELDS = { N1: 'n1', N2: 'n2', N3: 'n3' } as const;

/** The price list a case's invoice uses (ERPNext's default selling list). */
export const PRICE_LIST = 'Standard Selling';

/** Decimals of a currency as ISO 4217 has them (CLP 0, MXN and ARS 2). */
export const currencyDecimals = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function labourItems(settings: BillingSettingsRow): string[] {
  return [settings.n1_labour_item, settings.n2_labour_item, settings.n3_labour_item].filter((x): x is string => !!x);
}

/** The items whose prices and valuation rates billing needs: the case's supplies and the labour items. */
export function itemsToPrice(c: CaseFacts, settings: BillingSettingsRow): string[] {
  const supplies = (c.supplies ?? []).map((s) => s.item).filter((x): x is string => !!x);
  return [...new Set([...supplies, ...labourItems(settings)])];
}

/** Hours per level from Timesheet rows (a row logged before levels were recorded counts as N1). */
export function hoursByLevel(rows: BillingRows['timesheet']): Partial<Record<Level, number>> {
  const out: Partial<Record<Level, number>> = {};
  for (const r of rows) {
    const level = (['N1', 'N2', 'N3'] as const).find((l) => l === r.support_level) ?? 'N1';
    out[level] = Math.round(((out[level] ?? 0) + Number(r.hours ?? 0)) * 100) / 100;
  }
  return out;
}

/**
 * What a unit of each item cost: the stock-weighted average of its Bins' valuation rates (what ERPNext's moving
 * average says the stock on hand cost), else the item's own valuation rate; an item with neither (or 0) is unknown.
 */
export function valuationRates(
  items: BillingRows['items'],
  bins: NonNullable<BillingRows['bins']>,
  precision: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) if (Number(i.valuation_rate ?? 0) > 0) out.set(i.name, Number(i.valuation_rate));
  const sums = new Map<string, { qty: number; value: number; rates: number[] }>();
  for (const b of bins) {
    const rate = Number(b.valuation_rate ?? 0);
    if (rate <= 0) continue;
    const s = sums.get(b.item_code) ?? { qty: 0, value: 0, rates: [] };
    const qty = Math.max(0, Number(b.actual_qty ?? 0));
    sums.set(b.item_code, { qty: s.qty + qty, value: s.value + qty * rate, rates: [...s.rates, rate] });
  }
  const f = 10 ** Math.max(precision, 2);
  for (const [item, s] of sums) {
    const avg = s.qty > 0 ? s.value / s.qty : s.rates.reduce((a, b) => a + b, 0) / s.rates.length;
    out.set(item, Math.round(avg * f) / f);
  }
  return out;
}

export function assembleBillingInput(c: CaseFacts, rows: BillingRows): BillingInput {
  const hours = hoursByLevel(rows.timesheet);
  const hoursHere = Object.values(hours).reduce((a, b) => a + (b ?? 0), 0);
  const s = rows.settings;
  const labour = {} as BillingInput['labour'];
  const budgets: BillingInput['budgets'] = {};
  for (const level of ['N1', 'N2', 'N3'] as const) {
    const f = LEVEL_FIELDS[level];
    labour[level] = { item: s[`${f}_labour_item`] ?? null, costRate: Number(s[`${f}_hourly_rate`] ?? 0) };
    budgets[level] = Number(s[`${f}_hour_budget`] ?? 0);
  }
  const caseType: CaseType = c.case_type === 'Warranty' || c.case_type === 'Courtesy' ? c.case_type : 'Billable';
  return {
    caseName: c.name,
    caseType,
    hours,
    supplies: (c.supplies ?? []).map((x) => ({
      item: String(x.item ?? ''),
      qty: Number(x.qty ?? 0),
      rate: x.rate ?? null,
      serial_no: x.serial_no ?? null,
      warehouse: x.warehouse ?? null,
    })),
    prices: new Map(rows.prices.map((p) => [p.item_code, Number(p.price_list_rate ?? 0)])),
    valuations: valuationRates(rows.items, rows.bins ?? [], rows.precision),
    labour,
    budgets,
    policy: rows.policy
      ? {
          name: rows.policy.name,
          allowanceHours: Number(rows.policy.allowance_hours ?? 0),
          hoursUsedBefore: Math.max(0, Number(rows.policy.hours_used ?? 0) - hoursHere),
          overageRate: rows.plan?.overage_hourly_rate ? Number(rows.plan.overage_hourly_rate) : null,
          coversParts: Number(rows.plan?.covers_parts ?? 0) === 1,
        }
      : null,
    precision: rows.precision,
    invoiceExtras: Number(s.invoice_warranty_extras ?? 0) === 1,
  };
}
