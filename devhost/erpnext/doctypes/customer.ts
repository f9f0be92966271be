/** ERPNext's Customer behaviour the plugin relies on (docs/host-contract.md). */
import { frappeThrow } from '../../errors.ts';
import type { Kernel } from '../../kernel.ts';
import type { Controller, Doc, RequestContext } from '../../model/types.ts';

function customerAutoname(site: Kernel, doc: Doc, ctx: RequestContext): void {
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

export function customerController(site: Kernel): Controller {
  return {
    autoname: (doc, ctx) => customerAutoname(site, doc, ctx),
    validate: (doc) => {
      doc.naming_series ??= 'CUST-.YYYY.-';
    },
  };
}
