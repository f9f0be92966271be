/** ERPNext's Contact behaviour the plugin relies on (docs/host-contract.md). */
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';
import { rows } from '../stock.ts';

export function contactController(site: Kernel): Controller {
  return {
    autoname: (doc) => {
      const full =
        [doc.first_name, doc.middle_name, doc.last_name].filter(Boolean).join(' ').trim() || String(doc.email_id ?? '');
      const link = rows(doc, 'links')[0]?.link_name;
      const base = link ? `${full}-${String(link)}` : full;
      let name = base;
      for (let n = 1; site.docs.exists('Contact', name); n++) name = `${base}-${n}`;
      doc.name = name;
    },
    validate: (doc) => {
      doc.full_name = [doc.first_name, doc.middle_name, doc.last_name].filter(Boolean).join(' ');
    },
  };
}
