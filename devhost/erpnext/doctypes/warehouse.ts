/** ERPNext's Warehouse behaviour the plugin relies on (docs/host-contract.md). */
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';

export function warehouseController(site: Kernel): Controller {
  return {
    autoname: (doc) => {
      const abbr = site.db.get('SELECT abbr FROM "tabCompany" WHERE name = ?', [String(doc.company ?? '')])?.abbr;
      doc.name = abbr ? `${String(doc.warehouse_name)} - ${String(abbr)}` : String(doc.warehouse_name);
    },
  };
}
