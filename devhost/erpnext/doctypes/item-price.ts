/** ERPNext's Item Price behaviour the plugin relies on (docs/host-contract.md). */
import { frappeThrow } from '../../errors.ts';
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';
import { today } from '../dates.ts';
import { itemRow } from '../stock.ts';

export function itemPriceController(site: Kernel): Controller {
  return {
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
  };
}
