/** ERPNext's Sales Invoice behaviour the plugin relies on (docs/host-contract.md). */
import { DateTime } from 'luxon';
import { frappeThrow } from '../../errors.ts';
import type { Kernel } from '../../kernel.ts';
import type { ErpNext } from '../methods.ts';
import type { Controller, Doc, RequestContext } from '../../model/types.ts';
import { checkFiscalYear, company, invoiceStatus, round2, type CompanyInfo } from '../accounts.ts';
import { today } from '../dates.ts';
import { itemRow, rows } from '../stock.ts';

type Row = Record<string, unknown>;

/** `set_missing_values` and totals on every save: header defaults, item rows, totals, the payment schedule, status. */
function setInvoiceMissing(site: Kernel, doc: Doc, ctx: RequestContext, old: Doc | null): void {
  const co = company(site, doc.company);
  const customer = doc.customer
    ? site.db.get('SELECT customer_name, default_currency, payment_terms, tax_id FROM "tabCustomer" WHERE name = ?', [
        String(doc.customer),
      ])
    : undefined;
  const todayIso = today(site, ctx);
  setHeaderDefaults(doc, co, customer, old, todayIso);
  let total = 0;
  for (const it of rows(doc, 'items')) {
    setItemRow(site, doc, it, co, ctx);
    total += Number(it.amount);
  }
  doc.total = round2(total);
  doc.net_total = round2(total);
  doc.grand_total = round2(total);
  doc.rounded_total = Math.round(total);
  doc.base_grand_total = round2(total * Number(doc.conversion_rate));
  setPaymentSchedule(site, doc, customer, old);
  if (Number(doc.docstatus ?? 0) === 0) doc.outstanding_amount = Number(doc.rounded_total || doc.grand_total);
  doc.status = invoiceStatus(doc, todayIso);
}

function setHeaderDefaults(doc: Doc, co: CompanyInfo, customer: Row | undefined, old: Doc | null, todayIso: string) {
  doc.company ??= co.name;
  doc.customer_name ??= customer?.customer_name ?? doc.customer ?? null;
  doc.title ??= doc.customer_name;
  doc.currency ??= customer?.default_currency ?? co.currency;
  doc.conversion_rate ??= 1;
  if (!doc.conversion_rate) doc.conversion_rate = 1;
  doc.selling_price_list ??= 'Standard Selling';
  doc.debit_to ??= co.receivable;
  if (!Number(doc.set_posting_time ?? 0) || !doc.posting_date)
    doc.posting_date =
      old?.posting_date && Number(doc.set_posting_time ?? 0)
        ? old.posting_date
        : doc.posting_date && Number(doc.set_posting_time ?? 0)
          ? doc.posting_date
          : todayIso;
  doc.naming_series ??= 'ACC-SINV-.YYYY.-';
}

/** One item row: names and UOM from the Item, the rate from the price list, amounts, accounts and warehouse. */
function setItemRow(site: Kernel, doc: Doc, it: Doc, co: CompanyInfo, ctx: RequestContext): void {
  const item = itemRow(site, it.item_code);
  it.item_name ??= item?.item_name ?? it.item_code;
  it.description ??= item?.description ?? it.item_name;
  it.uom ??= item?.stock_uom ?? 'Nos';
  it.conversion_factor ||= 1;
  if (it.qty === null || it.qty === undefined) it.qty = 1;
  const priceList = String(doc.selling_price_list);
  if ((it.rate === null || it.rate === undefined || it.rate === 0) && it.item_code) {
    const price = site.db.get(
      'SELECT price_list_rate FROM "tabItem Price" WHERE item_code = ? AND price_list = ? AND selling = 1 ORDER BY creation DESC LIMIT 1',
      [String(it.item_code), priceList],
    );
    it.rate = price ? Number(price.price_list_rate) : Number(item?.standard_rate ?? 0);
  } else if (it.item_code && !itemPrice(site, String(it.item_code), priceList)) {
    addMissingItemPrice(site, ctx, String(it.item_code), priceList, Number(it.rate));
  }
  it.amount = round2(Number(it.qty) * Number(it.rate));
  it.base_rate = round2(Number(it.rate) * Number(doc.conversion_rate));
  it.base_amount = round2(Number(it.amount) * Number(doc.conversion_rate));
  it.income_account ??= co.income;
  it.cost_center ??= co.costCenter;
  if (!it.warehouse) {
    const def = item
      ? site.db.get('SELECT default_warehouse FROM "tabItem Default" WHERE parent = ? AND company = ?', [
          String(item.name),
          co.name,
        ])
      : undefined;
    it.warehouse =
      def?.default_warehouse ??
      (site.db.get('SELECT name FROM "tabWarehouse" WHERE name = ?', [`Stores - ${co.abbr}`])
        ? `Stores - ${co.abbr}`
        : null);
  }
}

function itemPrice(site: Kernel, itemCode: string, priceList: string): Row | undefined {
  return site.db.get('SELECT name FROM "tabItem Price" WHERE item_code = ? AND price_list = ?', [itemCode, priceList]);
}

/** Stock Settings `auto_insert_price_list_rate_if_missing` (docs/host-contract.md): after commit, with a toast. */
function addMissingItemPrice(site: Kernel, ctx: RequestContext, itemCode: string, priceList: string, rate: number) {
  ctx.afterCommit.push(() =>
    site.internal(async (ictx) => {
      if (!itemPrice(site, itemCode, priceList))
        await site.docs.insert(
          ictx,
          'Item Price',
          { item_code: itemCode, price_list: priceList, price_list_rate: rate },
          { ignorePermissions: true },
        );
    }),
  );
  ctx.messages.push({
    message: `Item Price added for ${itemCode} in Price List ${priceList}`,
    title: 'Message',
    indicator: 'green',
    alert: 1,
  });
}

/** One schedule row for the whole amount; the due date follows the schedule once there is one (docs/host-contract.md). */
function setPaymentSchedule(site: Kernel, doc: Doc, customer: Row | undefined, old: Doc | null): void {
  const schedule = rows(doc, 'payment_schedule');
  if (schedule.length && old) doc.due_date = schedule[0]?.due_date ?? doc.due_date;
  if (!doc.due_date) {
    const terms = doc.payment_terms_template ?? customer?.payment_terms;
    const days = terms
      ? Number(
          site.db.get('SELECT credit_days FROM "tabPayment Terms Template" WHERE name = ?', [String(terms)])
            ?.credit_days ?? 0,
        )
      : 0;
    doc.due_date = DateTime.fromISO(String(doc.posting_date)).plus({ days }).toISODate();
  }
  if (String(doc.due_date) < String(doc.posting_date)) throw frappeThrow(`Due Date cannot be before Posting Date`);
  const payable = Number(doc.rounded_total || doc.grand_total);
  doc.payment_schedule = [
    {
      ...(schedule[0] ?? {}),
      doctype: 'Payment Schedule',
      due_date: doc.due_date,
      invoice_portion: 100,
      payment_amount: payable,
      outstanding: payable,
      paid_amount: 0,
    },
  ];
}

export function salesInvoiceController(site: Kernel, erpnext: ErpNext): Controller {
  return {
    validate: (doc, ctx, old) => setInvoiceMissing(site, doc, ctx, old),
    before_submit: (doc, ctx) => {
      checkFiscalYear(site, String(doc.posting_date), String(doc.company));
      doc.outstanding_amount = Number(doc.rounded_total || doc.grand_total);
      if (Number(doc.update_stock ?? 0)) erpnext.deliverInvoiceStock(doc, ctx);
      doc.status = invoiceStatus({ ...doc, docstatus: 1 }, today(site, ctx));
    },
    before_cancel: (doc, ctx) => {
      doc.status = 'Cancelled';
      erpnext.unlinkPayments(doc, ctx);
    },
  };
}
