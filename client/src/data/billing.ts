/**
 * Billing a case from the desk: what it needs from the host (its Timesheet hours per level, its supplies' prices and
 * valuation rates, the labour items, rates and budgets of Postventa Settings, its policy and plan), the invoice that
 * makes (domain/billing), and "Facturar" (`postventa.case.bill`, which checks every line against the case).
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import {
  budgetOverruns,
  caseCost,
  margin,
  planInvoice,
  type BillingInput,
  type BudgetOverrun,
  type CaseCost,
  type InvoicePlan,
  type Level,
} from '@domain/billing/index.ts';
import { list, method, request, resource } from './api.ts';
import { companyCurrency } from '@/i18n/index.ts';

/** The price list a case's invoice uses (ERPNext's default selling list). */
export const PRICE_LIST = 'Standard Selling';

interface SettingsRow {
  n1_labour_item: string | null;
  n2_labour_item: string | null;
  n3_labour_item: string | null;
  n1_hourly_rate: number | null;
  n2_hourly_rate: number | null;
  n3_hourly_rate: number | null;
  n1_hour_budget: number | null;
  n2_hour_budget: number | null;
  n3_hour_budget: number | null;
}

async function hoursByLevel(caseName: string): Promise<Partial<Record<Level, number>>> {
  const rows = await list<{ hours: number; support_level: string | null }>('Timesheet Detail', {
    fields: ['hours', 'support_level'],
    filters: [
      ['support_case', '=', caseName],
      ['docstatus', '<', 2],
    ],
    orderBy: 'idx asc',
    limit: 0,
    parent: 'Timesheet',
  }).catch(() => []);
  const out: Partial<Record<Level, number>> = {};
  for (const r of rows) {
    const level = (['N1', 'N2', 'N3'] as const).find((l) => l === r.support_level) ?? 'N1';
    out[level] = (out[level] ?? 0) + Number(r.hours ?? 0);
  }
  return out;
}

async function policyCover(c: SupportCase, hoursHere: number): Promise<BillingInput['policy']> {
  if (!c.service_policy) return null;
  const policy = await request<{ name: string; plan: string | null; allowance_hours: number; hours_used: number }>(
    'GET',
    resource('Service Policy', c.service_policy),
    { quiet: true },
  ).catch(() => null);
  if (!policy) return null;
  const plan = policy.plan
    ? await request<{ overage_hourly_rate: number | null; covers_parts: number }>(
        'GET',
        resource('Service Plan', policy.plan),
        { quiet: true },
      ).catch(() => null)
    : null;
  return {
    name: policy.name,
    allowanceHours: Number(policy.allowance_hours ?? 0),
    hoursUsedBefore: Math.max(0, Number(policy.hours_used ?? 0) - hoursHere),
    overageRate: plan?.overage_hourly_rate ? Number(plan.overage_hourly_rate) : null,
    coversParts: Number(plan?.covers_parts ?? 0) === 1,
  };
}

const decimalsOf = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Everything billing the case needs, read from the host. */
export async function billingInput(c: SupportCase): Promise<BillingInput> {
  const [settings, hours] = await Promise.all([
    request<SettingsRow>('GET', resource('Postventa Settings', 'Postventa Settings'), { quiet: true }),
    hoursByLevel(c.name),
  ]);
  const labourItems = [settings.n1_labour_item, settings.n2_labour_item, settings.n3_labour_item].filter(
    (x): x is string => !!x,
  );
  const supplies = (c.supplies ?? []).map((s) => ({
    item: String(s.item ?? ''),
    qty: Number(s.qty ?? 0),
    rate: s.rate ?? null,
    serial_no: s.serial_no ?? null,
    warehouse: s.warehouse ?? null,
  }));
  const items = [...new Set([...supplies.map((s) => s.item), ...labourItems])].filter(Boolean);
  const [prices, valuations, policy] = await Promise.all([
    list<{ item_code: string; price_list_rate: number }>('Item Price', {
      fields: ['item_code', 'price_list_rate'],
      filters: [
        ['item_code', 'in', items.length ? items : ['—']],
        ['price_list', '=', PRICE_LIST],
      ],
      orderBy: 'creation asc',
      limit: 0,
    }).catch(() => []),
    list<{ name: string; valuation_rate: number | null }>('Item', {
      fields: ['name', 'valuation_rate'],
      filters: [['name', 'in', items.length ? items : ['—']]],
      orderBy: 'name asc',
      limit: 0,
    }).catch(() => []),
    policyCover(
      c,
      Object.values(hours).reduce((a, b) => a + (b ?? 0), 0),
    ),
  ]);
  return {
    caseName: c.name,
    caseType: c.case_type ?? 'Billable',
    hours,
    supplies,
    prices: new Map(prices.map((p) => [p.item_code, Number(p.price_list_rate)])),
    valuations: new Map(
      valuations.filter((v) => v.valuation_rate != null).map((v) => [v.name, Number(v.valuation_rate)]),
    ),
    labour: {
      N1: { item: settings.n1_labour_item, costRate: Number(settings.n1_hourly_rate ?? 0) },
      N2: { item: settings.n2_labour_item, costRate: Number(settings.n2_hourly_rate ?? 0) },
      N3: { item: settings.n3_labour_item, costRate: Number(settings.n3_hourly_rate ?? 0) },
    },
    budgets: {
      N1: Number(settings.n1_hour_budget ?? 0),
      N2: Number(settings.n2_hour_budget ?? 0),
      N3: Number(settings.n3_hour_budget ?? 0),
    },
    policy,
    precision: decimalsOf(companyCurrency.value),
  };
}

export interface CaseBilling {
  input: BillingInput;
  plan: InvoicePlan;
  cost: CaseCost;
  margin: { amount: number; percent: number | null };
  overruns: BudgetOverrun[];
}

export async function caseBilling(c: SupportCase): Promise<CaseBilling> {
  const input = await billingInput(c);
  const plan = planInvoice(input);
  const cost = caseCost(input);
  return {
    input,
    plan,
    cost,
    margin: margin(plan.invoice ? plan.total : 0, cost.total, input.precision),
    overruns: budgetOverruns(input.hours, input.budgets),
  };
}

export interface InvoiceInfo {
  name: string;
  status: string;
  docstatus: number;
  grand_total: number;
  outstanding_amount: number;
  due_date: string | null;
  currency: string;
}

/** The case's invoice as ERPNext has it, or null for a reader who may not see invoices. */
export const invoiceInfo = (name: string | null | undefined): Promise<InvoiceInfo | null> =>
  name
    ? request<InvoiceInfo>('GET', resource('Sales Invoice', name), { quiet: true }).catch(() => null)
    : Promise.resolve(null);

/** "Facturar": one draft Sales Invoice for the case with the planned lines (the host checks each against the case). */
export const billCase = (c: SupportCase, plan: InvoicePlan): Promise<{ invoice: string; created: number }> =>
  request('POST', method('postventa.case.bill'), {
    body: {
      case: c.name,
      lines: plan.lines.map((l) => ({
        item: l.item,
        qty: l.qty,
        rate: l.rate,
        description: l.description,
        serial_no: l.serial_no ?? null,
      })),
    },
  });
