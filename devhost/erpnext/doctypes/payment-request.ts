/** ERPNext's Payment Request behaviour the plugin relies on (docs/host-contract.md). */
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';

export function paymentRequestController(_site: Kernel): Controller {
  return {
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
  };
}
