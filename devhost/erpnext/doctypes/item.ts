/** ERPNext's Item behaviour the plugin relies on (docs/host-contract.md). */
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';

import { rows } from '../stock.ts';

export function itemController(site: Kernel): Controller {
  return {
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
  };
}
