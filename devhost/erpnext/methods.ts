/** ERPNext services and whitelisted methods: payments, payment requests, stock movements with serials, the daily status job. */
import { DateTime } from 'luxon';
import { ALL, type MethodCall, type MethodResult, type MethodTable } from '../api/method-types.ts';
import { frappeThrow } from '../errors.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';
import { company, invoiceStatus, round2 } from './accounts.ts';
import { today } from './dates.ts';
import { moveStock, rows, serialList, stockQty } from './stock.ts';

export class ErpNext {
  /** Set while a stock transaction creates serials, which a direct REST insert may not (SerialNoCannotCreateDirectError). */
  stockTransaction = false;

  constructor(private readonly site: Kernel) {}

  validatePaymentEntry(doc: Doc, ctx: RequestContext): void {
    const co = company(this.site, doc.company);
    doc.company ??= co.name;
    doc.naming_series ??= 'ACC-PAY-.YYYY.-';
    doc.posting_date ??= today(this.site, ctx);
    if (doc.party_type === 'Customer' && doc.party)
      doc.party_name ??=
        this.site.db.get('SELECT customer_name FROM "tabCustomer" WHERE name = ?', [String(doc.party)])
          ?.customer_name ?? doc.party;
    if (doc.payment_type === 'Receive') doc.paid_from ??= co.receivable;
    // Without paid_to ERPNext fails on the exchange rate first (docs/host-contract.md: a misleading message, kept).
    if (!doc.paid_to) throw frappeThrow('Target Exchange Rate is mandatory', 'MandatoryError');
    doc.paid_from_account_currency ??= co.currency;
    doc.paid_to_account_currency ??= co.currency;
    if (!doc.received_amount) doc.received_amount = doc.paid_amount;
    doc.base_paid_amount = doc.paid_amount;
    doc.base_received_amount = doc.received_amount;
    let allocated = 0;
    for (const ref of rows(doc, 'references')) {
      if (ref.reference_doctype !== 'Sales Invoice') continue;
      const inv = this.site.db.get(
        'SELECT grand_total, rounded_total, outstanding_amount, due_date, docstatus FROM "tabSales Invoice" WHERE name = ?',
        [String(ref.reference_name)],
      );
      if (!inv) continue;
      if (Number(inv.docstatus) !== 1)
        throw frappeThrow(`${String(ref.reference_doctype)} ${String(ref.reference_name)} must be submitted`);
      ref.total_amount = Number(inv.rounded_total || inv.grand_total);
      // The outstanding before this payment is the invoice's, whatever the body says.
      ref.outstanding_amount = Number(inv.outstanding_amount);
      ref.due_date ??= inv.due_date;
      ref.exchange_rate ??= 1;
      if (Number(ref.allocated_amount ?? 0) > Number(ref.outstanding_amount) + 0.005)
        throw frappeThrow(`Row #${String(ref.idx)}: Allocated Amount cannot be greater than outstanding amount.`);
      allocated += Number(ref.allocated_amount ?? 0);
    }
    doc.total_allocated_amount = round2(allocated);
    doc.unallocated_amount = round2(Number(doc.paid_amount ?? 0) - allocated);
    if (Number(doc.unallocated_amount) < -0.005)
      throw frappeThrow('Total Allocated Amount cannot be greater than Paid Amount');
    if (Number(doc.docstatus ?? 0) === 0) doc.status = 'Draft';
  }

  /** Submitting (sign 1) or cancelling (sign -1) a payment moves the invoices' outstanding and status. */
  applyPayment(doc: Doc, ctx: RequestContext, sign: 1 | -1): void {
    for (const ref of rows(doc, 'references')) {
      if (ref.reference_doctype !== 'Sales Invoice') continue;
      const inv = this.site.docs.load(this.site.meta.require('Sales Invoice'), String(ref.reference_name));
      if (!inv) continue;
      const outstanding = round2(Number(inv.outstanding_amount) - sign * Number(ref.allocated_amount ?? 0));
      this.site.docs.setColumns(
        'Sales Invoice',
        String(inv.name),
        {
          outstanding_amount: outstanding,
          status: invoiceStatus({ ...inv, outstanding_amount: outstanding }, today(this.site, ctx)),
        },
        ctx,
      );
    }
  }

  /** Cancelling an invoice unlinks its payments: they keep their amount as unallocated (docs/host-contract.md). */
  unlinkPayments(invoice: Doc, ctx: RequestContext): void {
    const refs = this.site.db.all(
      'SELECT name, parent, allocated_amount FROM "tabPayment Entry Reference" WHERE reference_doctype = ? AND reference_name = ?',
      ['Sales Invoice', String(invoice.name)],
    );
    const parents = new Set<string>();
    for (const r of refs) {
      this.site.db.run('DELETE FROM "tabPayment Entry Reference" WHERE name = ?', [String(r.name)]);
      this.site.db.run(
        'UPDATE "tabPayment Entry" SET unallocated_amount = unallocated_amount + ?, total_allocated_amount = total_allocated_amount - ? WHERE name = ?',
        [Number(r.allocated_amount), Number(r.allocated_amount), String(r.parent)],
      );
      parents.add(String(r.parent));
    }
    if (parents.size)
      ctx.messages.push({
        message: `Payment Entries ${[...parents].join(', ')} are un-linked`,
        title: 'Message',
        indicator: 'blue',
      });
  }

  submitStockEntry(doc: Doc, ctx: RequestContext, sign: 1 | -1): Promise<void> {
    return this.withStock(async () => {
      for (const it of rows(doc, 'items')) {
        const item = this.site.db.get('SELECT has_serial_no, is_stock_item FROM "tabItem" WHERE name = ?', [
          String(it.item_code),
        ]);
        if (!item || !Number(item.is_stock_item)) continue;
        const serialized = Number(item.has_serial_no) === 1;
        if (doc.stock_entry_type === 'Material Receipt' && it.t_warehouse)
          await this.receiveRow(doc, it, ctx, sign, serialized);
        const issues = doc.stock_entry_type === 'Material Issue' || doc.stock_entry_type === 'Material Transfer';
        if (issues && it.s_warehouse) this.issueRow(doc, it, ctx, sign, serialized);
      }
    });
  }

  /** A receipt row: serials created (or brought back) in the target warehouse, the Bin raised (lowered on cancel). */
  private async receiveRow(doc: Doc, it: Doc, ctx: RequestContext, sign: 1 | -1, serialized: boolean) {
    const qty = Number(it.qty);
    const serials = serialList(it.serial_no);
    if (serialized && sign === 1) {
      if (!serials.length)
        throw frappeThrow(
          `Serial and Batch Bundle not set for item ${String(it.item_code)}. If you want auto pick serial bundle, then kindly set Serial No Series in Item`,
        );
      if (serials.length !== qty)
        throw frappeThrow(
          `Total qty ${serials.length.toFixed(1)} of Serial and Batch Bundle is not equal to Actual Qty ${qty.toFixed(1)}`,
        );
      for (const s of serials) {
        if (this.site.docs.exists('Serial No', s))
          this.site.docs.setColumns('Serial No', s, { warehouse: it.t_warehouse, status: 'Active' }, ctx);
        else
          await this.site.docs.insert(
            ctx,
            'Serial No',
            {
              serial_no: s,
              item_code: it.item_code,
              company: doc.company,
              warehouse: it.t_warehouse,
              status: 'Active',
              purchase_document_no: doc.name,
              warranty_period: 0,
              purchase_rate: 0,
            },
            { ignorePermissions: true },
          );
      }
      it.use_serial_batch_fields = 1;
    }
    const item = String(it.item_code);
    if (sign === -1) this.requireStock(item, String(it.t_warehouse), qty);
    moveStock(this.site, ctx, item, String(it.t_warehouse), sign * qty, Number(it.basic_rate ?? 0));
  }

  /** An issue or transfer row: stock checked, serials picked (or named) and consumed or moved, the Bins moved. */
  private issueRow(doc: Doc, it: Doc, ctx: RequestContext, sign: 1 | -1, serialized: boolean): void {
    const qty = Number(it.qty);
    const item = String(it.item_code);
    const source = String(it.s_warehouse);
    const transfer = doc.stock_entry_type === 'Material Transfer';
    if (sign === 1) {
      this.requireStock(item, source, qty);
      if (serialized) {
        const named = serialList(it.serial_no);
        const picked = named.length
          ? named
          : this.site.db
              .all(
                'SELECT name FROM "tabSerial No" WHERE item_code = ? AND warehouse = ? ORDER BY creation, name LIMIT ?',
                [item, source, qty],
              )
              .map((r) => String(r.name));
        for (const s of picked) {
          const row = this.site.db.get('SELECT warehouse FROM "tabSerial No" WHERE name = ?', [s]);
          if (!row || row.warehouse !== it.s_warehouse)
            throw frappeThrow(
              `Serial No <strong>${s}</strong> is not present in the warehouse ${source}`,
              'SerialNoWarehouseError',
            );
          const values = { warehouse: transfer ? it.t_warehouse : null, status: transfer ? 'Active' : 'Consumed' };
          this.site.docs.setColumns('Serial No', s, values, ctx);
        }
        it.serial_no = picked.join('\n');
      }
    } else if (serialized) {
      for (const s of serialList(it.serial_no))
        this.site.docs.setColumns('Serial No', s, { warehouse: it.s_warehouse, status: 'Active' }, ctx);
    }
    moveStock(this.site, ctx, item, source, -sign * qty, null);
    if (transfer && it.t_warehouse)
      moveStock(this.site, ctx, item, String(it.t_warehouse), sign * qty, Number(it.basic_rate ?? 0));
  }

  /** ERPNext refuses a movement that would take a warehouse below zero (NegativeStockError, with the shortfall). */
  private requireStock(item: string, warehouse: string, qty: number): void {
    const short = qty - stockQty(this.site, item, warehouse);
    if (short <= 0) return;
    throw frappeThrow(
      `<strong>${short.toFixed(1)}</strong> units of <a href="/app/item/${encodeURIComponent(item)}">Item ${item}</a> needed in <a href="/app/warehouse/${encodeURIComponent(warehouse)}">Warehouse ${warehouse}</a> to complete this transaction.`,
      'NegativeStockError',
      'Insufficient Stock',
    );
  }

  /** Invoice with update_stock: issue the stock and deliver serials to the customer, starting their warranty. */
  deliverInvoiceStock(doc: Doc, ctx: RequestContext): void {
    for (const it of rows(doc, 'items')) {
      const item = this.site.db.get(
        'SELECT has_serial_no, is_stock_item, warranty_period FROM "tabItem" WHERE name = ?',
        [String(it.item_code)],
      );
      if (!item || !Number(item.is_stock_item) || !it.warehouse) continue;
      const qty = Number(it.qty);
      this.requireStock(String(it.item_code), String(it.warehouse), qty);
      if (Number(item.has_serial_no)) {
        const serials = serialList(it.serial_no);
        if (serials.length !== qty)
          throw frappeThrow(
            `Row #${String(it.idx)}: ${qty} Serial Numbers required for Item ${String(it.item_code)}. You have provided ${serials.length}.`,
          );
        const days = Number(item.warranty_period ?? 0);
        for (const s of serials) {
          const row = this.site.db.get('SELECT warehouse FROM "tabSerial No" WHERE name = ?', [s]);
          if (!row || row.warehouse !== it.warehouse)
            throw frappeThrow(
              `Serial No <strong>${s}</strong> is not present in the warehouse ${String(it.warehouse)}`,
              'SerialNoWarehouseError',
            );
          const expiry = days ? DateTime.fromISO(String(doc.posting_date)).plus({ days }).toISODate() : null;
          this.site.docs.setColumns(
            'Serial No',
            s,
            {
              warehouse: null,
              status: 'Delivered',
              customer: doc.customer,
              warranty_period: days,
              warranty_expiry_date: expiry,
            },
            ctx,
          );
        }
      }
      moveStock(this.site, ctx, String(it.item_code), String(it.warehouse), -qty, null);
    }
  }

  private async withStock<T>(fn: () => Promise<T>): Promise<T> {
    this.stockTransaction = true;
    try {
      return await fn();
    } finally {
      this.stockTransaction = false;
    }
  }

  /** `get_payment_entry(dt, dn)`: an unsaved Payment Entry for an invoice's outstanding (docs/host-contract.md). */
  getPaymentEntry(c: MethodCall): MethodResult {
    const dt = String(c.form.dt ?? '');
    const dn = String(c.form.dn ?? '');
    if (dt !== 'Sales Invoice') throw frappeThrow(`Payment Entry against ${dt} is not supported here`);
    const inv = c.site.docs.get(c.ctx, dt, dn);
    if (Number(inv.docstatus) !== 1) throw frappeThrow(`${dt} ${dn} must be submitted`);
    const co = company(c.site, inv.company);
    const t = today(c.site, c.ctx);
    const outstanding = Number(inv.outstanding_amount);
    if (outstanding <= 0) throw frappeThrow(`Can only make payment against unbilled ${dt}`);
    return {
      message: {
        doctype: 'Payment Entry',
        __islocal: 1,
        __unsaved: 1,
        naming_series: 'ACC-PAY-.YYYY.-',
        payment_type: 'Receive',
        company: co.name,
        posting_date: t,
        mode_of_payment: null,
        party_type: 'Customer',
        party: inv.customer,
        party_name: inv.customer_name,
        paid_from: inv.debit_to,
        paid_to: co.bank,
        paid_from_account_currency: inv.currency,
        paid_to_account_currency: co.currency,
        paid_amount: outstanding,
        received_amount: outstanding,
        source_exchange_rate: 1,
        target_exchange_rate: 1,
        reference_no: null,
        reference_date: t,
        docstatus: 0,
        references: [
          {
            doctype: 'Payment Entry Reference',
            reference_doctype: dt,
            reference_name: dn,
            due_date: inv.due_date,
            total_amount: Number(inv.rounded_total || inv.grand_total),
            outstanding_amount: outstanding,
            allocated_amount: outstanding,
            account: inv.debit_to,
          },
        ],
      },
    };
  }

  /** `make_payment_request(dt, dn)`: a draft request; no gateway, so no payment_url (docs/host-contract.md). */
  async makePaymentRequest(c: MethodCall): Promise<MethodResult> {
    const dt = String(c.form.dt ?? '');
    const dn = String(c.form.dn ?? '');
    const inv = c.site.docs.get(c.ctx, dt, dn, { ignorePermissions: c.ctx.user === 'Guest' });
    // ERPNext 15.71: an existing draft is returned as it is; only submitted requests count against the amount.
    const draft = c.site.db.get(
      'SELECT name FROM "tabPayment Request" WHERE reference_doctype = ? AND reference_name = ? AND docstatus = 0 ORDER BY creation LIMIT 1',
      [dt, dn],
    );
    if (draft)
      return { message: c.site.docs.get(c.ctx, 'Payment Request', String(draft.name), { ignorePermissions: true }) };
    const requested = Number(
      c.site.db.get(
        'SELECT COALESCE(SUM(grand_total), 0) AS total FROM "tabPayment Request" WHERE reference_doctype = ? AND reference_name = ? AND docstatus = 1',
        [dt, dn],
      )?.total ?? 0,
    );
    if (requested > 0 && Number(inv.outstanding_amount ?? 0) - requested <= 0)
      throw frappeThrow('Payment Request is already created');
    const customerEmail = inv.customer
      ? c.site.db.get('SELECT email_id FROM "tabCustomer" WHERE name = ?', [String(inv.customer)])?.email_id
      : null;
    const pr = await c.site.docs.insert(
      c.ctx,
      'Payment Request',
      {
        payment_request_type: 'Inward',
        transaction_date: today(c.site, c.ctx),
        company: inv.company,
        party_type: 'Customer',
        party: inv.customer,
        reference_doctype: dt,
        reference_name: dn,
        grand_total: Number(inv.outstanding_amount),
        outstanding_amount: 0,
        currency: inv.currency,
        email_to: customerEmail ?? c.ctx.user,
        subject: `Payment Request for ${dn}`,
        message: `<p>Dear ${String(inv.customer_name ?? '')},</p><p>Requesting payment against ${dt} ${dn} for amount ${String(inv.currency)} ${String(inv.outstanding_amount)}.</p><a href="{{ payment_url }}">Make Payment</a>`,
        mute_email: c.form.mute_email ? 1 : 0,
        docstatus: c.form.submit_doc && !['0', 'false'].includes(String(c.form.submit_doc)) ? 1 : 0,
      },
      { ignorePermissions: true },
    );
    return { message: pr };
  }

  /** The daily `update_invoice_status` job: Unpaid / Partly Paid invoices past their due date become Overdue. */
  runDaily(ctx: RequestContext): number {
    const t = today(this.site, ctx);
    const due = this.site.db.all(
      "SELECT name FROM \"tabSales Invoice\" WHERE docstatus = 1 AND outstanding_amount > 0 AND due_date < ? AND status IN ('Unpaid', 'Partly Paid')",
      [t],
    );
    for (const r of due) this.site.docs.setColumns('Sales Invoice', String(r.name), { status: 'Overdue' }, ctx, false);
    return due.length;
  }
}

export function erpnextMethods(erpnext: ErpNext): MethodTable {
  return {
    'erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry': {
      verbs: ALL,
      run: (c) => erpnext.getPaymentEntry(c),
    },
    'erpnext.accounts.doctype.payment_request.payment_request.make_payment_request': {
      verbs: ALL,
      allowGuest: true,
      run: (c) => erpnext.makePaymentRequest(c),
    },
  };
}
