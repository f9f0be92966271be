/** ERPNext's Company behaviour the plugin relies on (docs/host-contract.md). */
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';

export function companyController(site: Kernel): Controller {
  return {
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
  };
}
