/**
 * Billing a case from the desk: what it needs from the host (its Timesheet hours per level, its supplies' prices and
 * valuation rates, the labour items, rates and budgets of Postventa Settings, its policy and plan), the invoice that
 * makes (domain/billing), and "Facturar" (`postventa.case.bill`, which checks every line against the case).
 */
import type { SupportCase } from '../../../generated/doctypes/index.ts';
import {
  assembleBillingInput,
  budgetOverruns,
  caseCost,
  currencyDecimals,
  PRICE_LIST,
  itemsToPrice,
  margin,
  planInvoice,
  type BillingInput,
  type BillingRows,
  type BillingSettingsRow,
  type BudgetOverrun,
  type CaseCost,
  type InvoicePlan,
} from '@domain/billing/index.ts';
import { list, method, request, resource } from './api.ts';
import { companyCurrency } from '@/i18n/index.ts';

/** Everything billing the case needs, read from the host and assembled as the companion does (domain/billing). */
export async function billingInput(c: SupportCase): Promise<BillingInput> {
  const [settings, timesheet, policy] = await Promise.all([
    request<BillingSettingsRow>('GET', resource('Postventa Settings', 'Postventa Settings'), { quiet: true }),
    list<BillingRows['timesheet'][number]>('Timesheet Detail', {
      fields: ['hours', 'support_level'],
      filters: [
        ['support_case', '=', c.name],
        ['docstatus', '<', 2],
      ],
      orderBy: 'idx asc',
      limit: 0,
      parent: 'Timesheet',
    }).catch(() => []),
    c.service_policy
      ? request<NonNullable<BillingRows['policy']> & { plan: string | null }>(
          'GET',
          resource('Service Policy', c.service_policy),
          { quiet: true },
        ).catch(() => null)
      : Promise.resolve(null),
  ]);
  const items = itemsToPrice(c, settings);
  const inList: [string, string, unknown] = ['item_code', 'in', items.length ? items : ['—']];
  const [prices, valued, plan] = await Promise.all([
    list<BillingRows['prices'][number]>('Item Price', {
      fields: ['item_code', 'price_list_rate'],
      filters: [inList, ['price_list', '=', PRICE_LIST]],
      orderBy: 'creation asc',
      limit: 0,
    }).catch(() => []),
    list<BillingRows['items'][number]>('Item', {
      fields: ['name', 'valuation_rate'],
      filters: [['name', 'in', items.length ? items : ['—']]],
      orderBy: 'name asc',
      limit: 0,
    }).catch(() => []),
    policy?.plan
      ? request<NonNullable<BillingRows['plan']>>('GET', resource('Service Plan', policy.plan), { quiet: true }).catch(
          () => null,
        )
      : Promise.resolve(null),
  ]);
  return assembleBillingInput(c, {
    settings,
    timesheet,
    prices,
    items: valued,
    policy,
    plan,
    precision: currencyDecimals(companyCurrency.value),
  });
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

/** ERPNext's Payment Terms Templates by name (every user may list them: the "All" role selects them). */
export const paymentTermsTemplates = (): Promise<string[]> =>
  list<{ name: string }>('Payment Terms Template', { fields: ['name'], orderBy: 'name asc', limit: 100 })
    .then((rows) => rows.map((r) => r.name))
    .catch(() => []);

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
