/** ERPNext's Serial No behaviour the plugin relies on (docs/host-contract.md). */
import { frappeThrow } from '../../errors.ts';
import type { Kernel } from '../../kernel.ts';
import type { ErpNext } from '../methods.ts';
import type { Controller, Doc, RequestContext } from '../../model/types.ts';
import { today } from '../dates.ts';
import { itemRow } from '../stock.ts';

function serialMaintenance(site: Kernel, doc: Doc, ctx: RequestContext): void {
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

export function serialNoController(site: Kernel, erpnext: ErpNext): Controller {
  return {
    validate: (doc, ctx, old) => {
      if (!old && doc.warehouse && !erpnext.stockTransaction) {
        throw frappeThrow(
          'New Serial No cannot have Warehouse. Warehouse must be set by Stock Entry or Purchase Receipt',
          'SerialNoCannotCreateDirectError',
        );
      }
      const item = itemRow(site, doc.item_code);
      doc.item_name ??= item?.item_name ?? null;
      doc.item_group ??= item?.item_group ?? null;
      doc.description ??= item?.description ?? null;
      if (!old && !erpnext.stockTransaction && (doc.warranty_period === null || doc.warranty_period === 0))
        doc.warranty_period = Number(item?.warranty_period ?? 0) || 0;
      serialMaintenance(site, doc, ctx);
    },
  };
}
