/**
 * What billing a case needs to know, gathered by the caller from the host (the case, its Timesheet hours, its
 * supplies, the customer's price list, the items' valuation rates, the policy and its plan, Postventa Settings).
 * Pure data: no I/O, no clock — dates come as ISO strings (`YYYY-MM-DD`).
 */
import type { BilingualMessage } from '../validation-error.ts';

export type Level = 'N1' | 'N2' | 'N3';
export const LEVELS: readonly Level[] = ['N1', 'N2', 'N3'];
export type CaseType = 'Billable' | 'Warranty' | 'Courtesy';

export interface SupplyRow {
  item: string;
  qty: number;
  /** A rate typed on the row wins over the price list. */
  rate?: number | null;
  serial_no?: string | null;
  warehouse?: string | null;
}

/** Per level: the ERPNext item that bills its hours and what an hour costs the company. */
export interface LabourSetting {
  item: string | null;
  costRate: number;
}

export interface PolicyCover {
  name: string;
  /** Hours the period allows; 0 means the policy covers no hours. */
  allowanceHours: number;
  /** Hours already used this period by the policy's other cases. */
  hoursUsedBefore: number;
  /** Rate of an hour beyond the allowance; null bills it at the level's price-list rate. */
  overageRate: number | null;
  /** The plan covers spare parts: supplies are not invoiced (their cost still counts). */
  coversParts: boolean;
}

export interface BillingInput {
  caseName: string;
  caseType: CaseType;
  /** Hours logged per level (from the case's Timesheet rows). */
  hours: Partial<Record<Level, number>>;
  supplies: readonly SupplyRow[];
  /** Selling rates of the customer's price list, by item. */
  prices: ReadonlyMap<string, number>;
  /** Valuation rates, by item (what a part costs the company). */
  valuations: ReadonlyMap<string, number>;
  labour: Record<Level, LabourSetting>;
  /** Hour budget per level (seed 003: N1 8 h, N2 16 h, N3 72 h); 0 or missing means none. */
  budgets: Partial<Record<Level, number>>;
  policy: PolicyCover | null;
  /** Decimals of the invoice currency (CLP 0, MXN 2). */
  precision: number;
  /** Warranty and Courtesy cases invoice their billable extras too (a setting; off by default). */
  invoiceExtras?: boolean;
}

export interface InvoiceLine {
  item: string;
  qty: number;
  rate: number;
  amount: number;
  /** What the line is, for the invoice's item description and the desk. */
  kind: 'part' | 'labour' | 'overage';
  level?: Level;
  serial_no?: string | null;
  warehouse?: string | null;
  description: string;
}

/** Something that keeps the invoice from being made, with what to fix; the case's billing status shows it. */
export interface BillingProblem {
  field: string;
  message: BilingualMessage;
}
