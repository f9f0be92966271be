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
  const [prices, valued, bins, plan] = await Promise.all([
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
    list<NonNullable<BillingRows['bins']>[number]>('Bin', {
      fields: ['item_code', 'valuation_rate', 'actual_qty'],
      filters: [inList],
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
    bins,
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

export interface PaymentInfo {
  name: string;
  posting_date: string;
  mode_of_payment: string | null;
  reference_no: string | null;
  amount: number;
}

/**
 * The case's invoice and payments as ERPNext has them, through `postventa.case.invoice` (agents may read the case
 * but not Sales Invoice or Payment Entry); null when the case has no invoice.
 */
export const caseInvoice = (c: SupportCase): Promise<{ invoice: InvoiceInfo; payments: PaymentInfo[] } | null> =>
  c.sales_invoice
    ? request<{ invoice: InvoiceInfo | null; payments: PaymentInfo[] }>('GET', method('postventa.case.invoice'), {
        query: { case: c.name },
        quiet: true,
      })
        .then((r) => (r.invoice ? { invoice: r.invoice, payments: r.payments } : null))
        .catch(() => null)
    : Promise.resolve(null);

/** ERPNext's Modes of Payment (Cash, Wire Transfer…), for registering a payment. */
export const modesOfPayment = (): Promise<string[]> =>
  list<{ name: string }>('Mode of Payment', { fields: ['name'], orderBy: 'name asc', limit: 100 })
    .then((rows) => rows.map((r) => r.name))
    .catch(() => []);

export interface PaymentInput {
  amount: number;
  mode: string;
  reference: string;
  date: string;
}

/**
 * A payment (partial or full) against the case's invoice through ERPNext's own path: `get_payment_entry` prepares
 * the entry for the invoice's outstanding, then it is saved and submitted with the amount received — the host
 * checks the accountant's permission, the accounts and the amount.
 */
export async function registerPayment(invoice: string, p: PaymentInput): Promise<string> {
  const draft = await request<Record<string, unknown> & { references?: Record<string, unknown>[] }>(
    'GET',
    method('erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry'),
    { query: { dt: 'Sales Invoice', dn: invoice } },
  );
  const { __islocal: _l, __unsaved: _u, ...body } = draft;
  const saved = await request<{ name: string }>('POST', resource('Payment Entry'), {
    body: {
      ...body,
      mode_of_payment: p.mode || null,
      paid_amount: p.amount,
      received_amount: p.amount,
      reference_no: p.reference,
      reference_date: p.date,
      posting_date: p.date,
      references: (draft.references ?? []).map((r) => ({ ...r, allocated_amount: p.amount })),
      docstatus: 1,
    },
  });
  return saved.name;
}

/** ERPNext's Payment Terms Templates by name (every user may list them: the "All" role selects them). */
export const paymentTermsTemplates = (): Promise<string[]> =>
  list<{ name: string }>('Payment Terms Template', { fields: ['name'], orderBy: 'name asc', limit: 100 })
    .then((rows) => rows.map((r) => r.name))
    .catch(() => []);

/** "Facturar": one draft Sales Invoice for the case with the planned lines (the host checks each against the case). */
export const billCase = (
  c: SupportCase,
  plan: InvoicePlan,
  terms = '',
): Promise<{ invoice: string; created: number }> =>
  request('POST', method('postventa.case.bill'), {
    body: {
      case: c.name,
      payment_terms: terms,
      lines: plan.lines.map((l) => ({
        item: l.item,
        qty: l.qty,
        rate: l.rate,
        description: l.description,
        serial_no: l.serial_no ?? null,
      })),
    },
  });
