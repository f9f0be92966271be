/** ERPNext's Stock Entry behaviour the plugin relies on (docs/host-contract.md). */
import type { Kernel } from '../../kernel.ts';
import type { ErpNext } from '../methods.ts';
import type { Controller } from '../../model/types.ts';
import { checkFiscalYear, company, round2 } from '../accounts.ts';
import { today } from '../dates.ts';
import { itemRow, rows } from '../stock.ts';

export function stockEntryController(site: Kernel, erpnext: ErpNext): Controller {
  return {
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
      return erpnext.submitStockEntry(doc, ctx, 1);
    },
    before_cancel: (doc, ctx) => erpnext.submitStockEntry(doc, ctx, -1),
  };
}
