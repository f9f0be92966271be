/**
 * ERPNext 15 behaviour the plugin relies on, as observed on a running site (docs/host-contract.md). Only what Postventa
 * touches: masters' naming and defaults, Sales Invoice totals/outstanding/status, Payment Entry allocation, Stock
 * Entry bins and serials, Timesheet totals, Task completion, Holiday List rules, Payment Request states.
 */
import { DateTime } from 'luxon';
import { frappeThrow, FrappeError } from '../errors.ts';
import type { Controller, Doc, RequestContext } from '../model/types.ts';
import type { DevHost } from '../site.ts';
import type { DocMethod } from '../controllers/hooks.ts';
import { checkFiscalYear, company, invoiceStatus, round2, today, userDate } from './shared.ts';

function rows(doc: Doc, field: string): Doc[] {
  return (doc[field] as Doc[] | undefined) ?? [];
}

function itemRow(site: DevHost, code: unknown): Record<string, unknown> | undefined {
  return code ? site.db.get('SELECT * FROM "tabItem" WHERE name = ?', [String(code)]) : undefined;
}

function setInvoiceMissing(site: DevHost, doc: Doc, ctx: RequestContext, old: Doc | null): void {
  const co = company(site, doc.company);
  doc.company ??= co.name;
  const customer = doc.customer
    ? site.db.get('SELECT customer_name, default_currency, payment_terms, tax_id FROM "tabCustomer" WHERE name = ?', [
        String(doc.customer),
      ])
    : undefined;
  doc.customer_name ??= customer?.customer_name ?? doc.customer ?? null;
  doc.title ??= doc.customer_name;
  doc.currency ??= customer?.default_currency ?? co.currency;
  doc.conversion_rate ??= 1;
  if (!doc.conversion_rate) doc.conversion_rate = 1;
  doc.selling_price_list ??= 'Standard Selling';
  doc.debit_to ??= co.receivable;
  const todayIso = today(site, ctx);
  if (!Number(doc.set_posting_time ?? 0) || !doc.posting_date)
    doc.posting_date =
      old?.posting_date && Number(doc.set_posting_time ?? 0)
        ? old.posting_date
        : doc.posting_date && Number(doc.set_posting_time ?? 0)
          ? doc.posting_date
          : todayIso;
  doc.naming_series ??= 'ACC-SINV-.YYYY.-';
  let total = 0;
  for (const it of rows(doc, 'items')) {
    const item = itemRow(site, it.item_code);
    it.item_name ??= item?.item_name ?? it.item_code;
    it.description ??= item?.description ?? it.item_name;
    it.uom ??= item?.stock_uom ?? 'Nos';
    it.conversion_factor ||= 1;
    if (it.qty === null || it.qty === undefined) it.qty = 1;
    if ((it.rate === null || it.rate === undefined || it.rate === 0) && it.item_code) {
      const price = site.db.get(
        'SELECT price_list_rate FROM "tabItem Price" WHERE item_code = ? AND price_list = ? AND selling = 1 ORDER BY creation DESC LIMIT 1',
        [String(it.item_code), String(doc.selling_price_list)],
      );
      it.rate = price ? Number(price.price_list_rate) : Number(item?.standard_rate ?? 0);
    } else if (
      it.item_code &&
      !site.db.get('SELECT name FROM "tabItem Price" WHERE item_code = ? AND price_list = ?', [
        String(it.item_code),
        String(doc.selling_price_list),
      ])
    ) {
      // Stock Settings auto_insert_price_list_rate_if_missing (docs/host-contract.md).
      const itemCode = String(it.item_code);
      const rate = Number(it.rate);
      const priceList = String(doc.selling_price_list);
      ctx.afterCommit.push(() =>
        site.internal(async (ictx) => {
          if (
            !site.db.get('SELECT name FROM "tabItem Price" WHERE item_code = ? AND price_list = ?', [
              itemCode,
              priceList,
            ])
          ) {
            await site.docs.insert(
              ictx,
              'Item Price',
              { item_code: itemCode, price_list: priceList, price_list_rate: rate },
              { ignorePermissions: true },
            );
          }
        }),
      );
      ctx.messages.push({
        message: `Item Price added for ${itemCode} in Price List ${priceList}`,
        title: 'Message',
        indicator: 'green',
        alert: 1,
      });
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
    total += Number(it.amount);
  }
  doc.total = round2(total);
  doc.net_total = round2(total);
  doc.grand_total = round2(total);
  doc.rounded_total = Math.round(total);
  doc.base_grand_total = round2(total * Number(doc.conversion_rate));
  // Due date comes from the payment schedule once there is one: a PUT of due_date alone is ignored (docs/host-contract.md).
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
  if (Number(doc.docstatus ?? 0) === 0) doc.outstanding_amount = payable;
  doc.status = invoiceStatus(doc, todayIso);
}

function customerAutoname(site: DevHost, doc: Doc, ctx: RequestContext): void {
  const base = String(doc.customer_name ?? '').trim();
  if (!base) throw frappeThrow('Customer Name is required', 'MandatoryError');
  let name = base;
  for (let n = 1; site.docs.exists('Customer', name); n++) name = `${base} - ${n}`;
  if (name !== base)
    ctx.messages.push({
      message: `Changed customer name to '${name}' as '${base}' already exists.`,
      title: 'Note',
      indicator: 'yellow',
      alert: 1,
    });
  doc.name = name;
}

function serialMaintenance(site: DevHost, doc: Doc, ctx: RequestContext): void {
  const t = today(site, ctx);
  const w = doc.warranty_expiry_date ? String(doc.warranty_expiry_date) : '';
  const a = doc.amc_expiry_date ? String(doc.amc_expiry_date) : '';
  doc.maintenance_status = w
    ? w >= t
      ? 'Under Warranty'
      : 'Out of Warranty'
    : a
      ? a >= t
        ? 'Under AMC'
        : 'Out of AMC'
      : null;
}

export function erpnextControllers(site: DevHost): Record<string, Controller> {
  return {
    Customer: {
      autoname: (doc, ctx) => customerAutoname(site, doc, ctx),
      validate: (doc) => {
        doc.naming_series ??= 'CUST-.YYYY.-';
      },
    },
    Company: {
      after_insert: async (doc, ctx) => {
        const abbr = String(doc.abbr);
        const accounts = {
          default_receivable_account: `Debtors - ${abbr}`,
          default_income_account: `Sales - ${abbr}`,
          cost_center: `Main - ${abbr}`,
          default_cash_account: `Cash - ${abbr}`,
          default_bank_account: `Bank Account - ${abbr}`,
        };
        site.docs.setColumns(
          'Company',
          String(doc.name),
          Object.fromEntries(Object.entries(accounts).filter(([k]) => !doc[k])),
          ctx,
          false,
        );
        await site.docs.insert(
          ctx,
          'Warehouse',
          { warehouse_name: 'All Warehouses', company: doc.name, is_group: 1 },
          { ignorePermissions: true },
        );
        for (const w of ['Stores', 'Finished Goods', 'Work In Progress', 'Goods In Transit']) {
          await site.docs.insert(
            ctx,
            'Warehouse',
            { warehouse_name: w, company: doc.name, parent_warehouse: `All Warehouses - ${abbr}` },
            { ignorePermissions: true },
          );
        }
        if (!site.docs.exists('Price List', 'Standard Selling'))
          await site.docs.insert(
            ctx,
            'Price List',
            { price_list_name: 'Standard Selling', currency: doc.default_currency, selling: 1 },
            { ignorePermissions: true },
          );
      },
    },
    Warehouse: {
      autoname: (doc) => {
        const abbr = site.db.get('SELECT abbr FROM "tabCompany" WHERE name = ?', [String(doc.company ?? '')])?.abbr;
        doc.name = abbr ? `${String(doc.warehouse_name)} - ${String(abbr)}` : String(doc.warehouse_name);
      },
    },
    Item: {
      validate: (doc) => {
        doc.item_name ||= doc.item_code;
        doc.stock_uom ||= 'Nos';
        if (!rows(doc, 'item_defaults').length) {
          const co = site.db.get('SELECT name, abbr FROM "tabCompany" ORDER BY creation LIMIT 1');
          if (co)
            doc.item_defaults = [
              {
                doctype: 'Item Default',
                company: co.name,
                default_warehouse: site.db.get('SELECT name FROM "tabWarehouse" WHERE name = ?', [
                  `Stores - ${String(co.abbr)}`,
                ])
                  ? `Stores - ${String(co.abbr)}`
                  : null,
              },
            ];
        }
      },
    },
    'Item Price': {
      validate: (doc, ctx, old) => {
        const pl = site.db.get('SELECT currency, selling, buying FROM "tabPrice List" WHERE name = ?', [
          String(doc.price_list),
        ]);
        doc.currency ??= pl?.currency ?? null;
        doc.selling = Number(pl?.selling ?? doc.selling ?? 0);
        doc.buying = Number(pl?.buying ?? doc.buying ?? 0);
        const item = itemRow(site, doc.item_code);
        doc.item_name = item?.item_name ?? doc.item_code;
        doc.uom ??= item?.stock_uom ?? null;
        doc.valid_from ??= today(site, ctx);
        const dup = site.db.get(
          "SELECT name FROM \"tabItem Price\" WHERE item_code = ? AND price_list = ? AND ifnull(customer, '') = ? AND ifnull(uom, '') = ? AND name != ?",
          [
            String(doc.item_code),
            String(doc.price_list),
            String(doc.customer ?? ''),
            String(doc.uom ?? ''),
            String(old?.name ?? doc.name ?? ''),
          ],
        );
        if (dup)
          throw frappeThrow(
            'Item Price appears multiple times based on Price List, Supplier/Customer, Currency, Item, Batch, UOM, Qty, and Dates.',
            'ItemPriceDuplicateItem',
            'Duplicate',
          );
      },
    },
    'Serial No': {
      validate: (doc, ctx, old) => {
        if (!old && doc.warehouse && !site.erpnext.stockTransaction) {
          throw frappeThrow(
            'New Serial No cannot have Warehouse. Warehouse must be set by Stock Entry or Purchase Receipt',
            'SerialNoCannotCreateDirectError',
          );
        }
        const item = itemRow(site, doc.item_code);
        doc.item_name ??= item?.item_name ?? null;
        doc.item_group ??= item?.item_group ?? null;
        doc.description ??= item?.description ?? null;
        if (!old && !site.erpnext.stockTransaction && (doc.warranty_period === null || doc.warranty_period === 0))
          doc.warranty_period = Number(item?.warranty_period ?? 0) || 0;
        serialMaintenance(site, doc, ctx);
      },
    },
    'Sales Invoice': {
      validate: (doc, ctx, old) => setInvoiceMissing(site, doc, ctx, old),
      before_submit: (doc, ctx) => {
        checkFiscalYear(site, String(doc.posting_date), String(doc.company));
        doc.outstanding_amount = Number(doc.rounded_total || doc.grand_total);
        if (Number(doc.update_stock ?? 0)) site.erpnext.deliverInvoiceStock(doc, ctx);
        doc.status = invoiceStatus({ ...doc, docstatus: 1 }, today(site, ctx));
      },
      before_cancel: (doc, ctx) => {
        doc.status = 'Cancelled';
        site.erpnext.unlinkPayments(doc, ctx);
      },
    },
    'Payment Entry': {
      validate: (doc, ctx) => site.erpnext.validatePaymentEntry(doc, ctx),
      before_submit: (doc) => {
        checkFiscalYear(site, String(doc.posting_date), String(doc.company));
        if (/bank/i.test(String(doc.paid_to ?? '')) && (!doc.reference_no || !doc.reference_date))
          throw frappeThrow('Reference No and Reference Date is mandatory for Bank transaction');
        doc.status = 'Submitted';
      },
      on_submit: (doc, ctx) => site.erpnext.applyPayment(doc, ctx, 1),
      before_cancel: (doc) => {
        doc.status = 'Cancelled';
      },
      on_cancel: (doc, ctx) => site.erpnext.applyPayment(doc, ctx, -1),
    },
    'Payment Request': {
      validate: (doc) => {
        doc.naming_series ??= 'ACC-PRQ-.YYYY.-';
        if (Number(doc.docstatus ?? 0) === 0) doc.status = 'Draft';
      },
      before_submit: (doc) => {
        doc.status = 'Requested';
        doc.outstanding_amount = doc.grand_total;
      },
      before_cancel: (doc) => {
        doc.status = 'Cancelled';
      },
    },
    'Stock Entry': {
      validate: (doc, ctx) => {
        const co = company(site, doc.company);
        doc.company ??= co.name;
        doc.purpose = doc.stock_entry_type;
        doc.posting_date ??= today(site, ctx);
        let outgoing = 0;
        let incoming = 0;
        for (const it of rows(doc, 'items')) {
          const item = itemRow(site, it.item_code);
          it.item_name ??= item?.item_name ?? it.item_code;
          it.uom ??= item?.stock_uom ?? 'Nos';
          it.transfer_qty = it.qty;
          if (doc.stock_entry_type === 'Material Receipt') it.t_warehouse ??= doc.to_warehouse ?? null;
          else it.s_warehouse ??= doc.from_warehouse ?? null;
          it.expense_account ??= `Stock Adjustment - ${co.abbr}`;
          const rate = Number(
            it.basic_rate ||
              (it.s_warehouse
                ? site.db.get('SELECT valuation_rate FROM "tabBin" WHERE item_code = ? AND warehouse = ?', [
                    String(it.item_code),
                    String(it.s_warehouse),
                  ])?.valuation_rate
                : 0) ||
              0,
          );
          it.basic_rate = rate;
          it.valuation_rate = rate;
          it.amount = round2(rate * Number(it.qty));
          if (it.t_warehouse) incoming += Number(it.amount);
          if (it.s_warehouse) outgoing += Number(it.amount);
        }
        doc.total_incoming_value = round2(incoming);
        doc.total_outgoing_value = round2(outgoing);
      },
      before_submit: (doc, ctx) => {
        checkFiscalYear(site, String(doc.posting_date), String(doc.company));
        return site.erpnext.submitStockEntry(doc, ctx, 1);
      },
      before_cancel: (doc, ctx) => site.erpnext.submitStockEntry(doc, ctx, -1),
    },
    Timesheet: {
      validate: (doc) => {
        doc.naming_series ??= 'TS-.YYYY.-';
        let total = 0;
        let billable = 0;
        let billableAmount = 0;
        let costing = 0;
        const dates: string[] = [];
        for (const log of rows(doc, 'time_logs')) {
          const from = log.from_time ? DateTime.fromSQL(String(log.from_time)) : null;
          const to = log.to_time ? DateTime.fromSQL(String(log.to_time)) : null;
          if (from?.isValid && to?.isValid) log.hours = round2(to.diff(from, 'hours').hours);
          else if (from?.isValid && log.hours)
            log.to_time = from.plus({ hours: Number(log.hours) }).toFormat('yyyy-MM-dd HH:mm:ss');
          const activity = log.activity_type
            ? site.db.get('SELECT billing_rate, costing_rate FROM "tabActivity Type" WHERE name = ?', [
                String(log.activity_type),
              ])
            : undefined;
          if (!log.billing_rate && activity) log.billing_rate = Number(activity.billing_rate ?? 0);
          if (!log.costing_rate && activity) log.costing_rate = Number(activity.costing_rate ?? 0);
          // Rates are applied before billing_hours is defaulted: the first save bills 0 unless billing_hours is sent (docs/host-contract.md).
          log.billing_amount = Number(log.is_billable ?? 0)
            ? round2(Number(log.billing_hours ?? 0) * Number(log.billing_rate ?? 0))
            : 0;
          if (Number(log.is_billable ?? 0) && !log.billing_hours) log.billing_hours = log.hours;
          if (!Number(log.is_billable ?? 0)) log.billing_hours = 0;
          log.costing_amount = round2(Number(log.hours ?? 0) * Number(log.costing_rate ?? 0));
          total += Number(log.hours ?? 0);
          billable += Number(log.billing_hours ?? 0);
          billableAmount += Number(log.billing_amount ?? 0);
          costing += Number(log.costing_amount ?? 0);
          if (from?.isValid) dates.push(from.toISODate() ?? '');
          if (to?.isValid) dates.push(to.toISODate() ?? '');
        }
        doc.total_hours = round2(total);
        doc.total_billable_hours = round2(billable);
        doc.total_billable_amount = round2(billableAmount);
        doc.total_costing_amount = round2(costing);
        dates.sort();
        doc.start_date = dates[0] ?? null;
        doc.end_date = dates.at(-1) ?? null;
        if (Number(doc.docstatus ?? 0) === 0) doc.status = 'Draft';
      },
      before_submit: (doc) => {
        rows(doc, 'time_logs').forEach((log, i) => {
          if (!log.from_time || !log.to_time) throw frappeThrow(`Row ${i + 1}: From Time and To Time is mandatory.`);
          if (!(Number(log.hours) > 0)) throw frappeThrow(`Row ${i + 1}: Hours value must be greater than zero.`);
        });
        doc.status = 'Submitted';
      },
      before_cancel: (doc) => {
        doc.status = 'Cancelled';
      },
    },
    Task: {
      validate: (doc) => {
        // Completing sets progress but not completed_on/completed_by; the desk UI fills those (docs/host-contract.md).
        if (doc.status === 'Completed') doc.progress = 100;
      },
    },
    'Holiday List': {
      validate: (doc) => {
        const list = rows(doc, 'holidays');
        const seen = new Set<string>();
        for (const h of list) {
          const d = String(h.holiday_date ?? '');
          if (seen.has(d)) throw frappeThrow(`Holiday Date <strong>${userDate(site, d)}</strong> added multiple times`);
          seen.add(d);
          if (d < String(doc.from_date) || d > String(doc.to_date))
            throw frappeThrow(`The holiday on ${userDate(site, d)} is not between From Date and To Date`);
        }
        list.sort((a, b) => String(a.holiday_date).localeCompare(String(b.holiday_date)));
        list.forEach((h, i) => (h.idx = i + 1));
        doc.total_holidays = list.length;
        if (String(doc.to_date) < String(doc.from_date)) throw frappeThrow('To Date cannot be before From Date');
      },
    },
    Contact: {
      autoname: (doc) => {
        const full =
          [doc.first_name, doc.middle_name, doc.last_name].filter(Boolean).join(' ').trim() ||
          String(doc.email_id ?? '');
        const link = rows(doc, 'links')[0]?.link_name;
        const base = link ? `${full}-${String(link)}` : full;
        let name = base;
        for (let n = 1; site.docs.exists('Contact', name); n++) name = `${base}-${n}`;
        doc.name = name;
      },
      validate: (doc) => {
        doc.full_name = [doc.first_name, doc.middle_name, doc.last_name].filter(Boolean).join(' ');
      },
    },
  };
}

export function erpnextDocMethods(site: DevHost): Record<string, Record<string, DocMethod>> {
  return {
    'Holiday List': {
      // Returns the doc with weekly-off rows added, unsaved (docs/host-contract.md).
      get_weekly_off_dates: (doc) => {
        if (!doc.weekly_off) throw frappeThrow('Please select weekly off day');
        const target = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].indexOf(
          String(doc.weekly_off),
        );
        const holidays = rows(doc, 'holidays');
        const existing = new Set(holidays.map((h) => String(h.holiday_date)));
        for (
          let d = DateTime.fromISO(String(doc.from_date));
          d <= DateTime.fromISO(String(doc.to_date));
          d = d.plus({ days: 1 })
        ) {
          const iso = d.toISODate() ?? '';
          if (d.weekday === target && !existing.has(iso))
            holidays.push({
              doctype: 'Holiday',
              holiday_date: iso,
              description: String(doc.weekly_off),
              weekly_off: 1,
              idx: holidays.length + 1,
            });
        }
        doc.holidays = holidays;
        void site;
        return undefined;
      },
    },
  };
}

export { FrappeError };
