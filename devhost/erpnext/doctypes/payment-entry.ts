/** ERPNext's Payment Entry behaviour the plugin relies on (docs/host-contract.md). */
import { frappeThrow } from '../../errors.ts';
import type { Kernel } from '../../kernel.ts';
import type { ErpNext } from '../methods.ts';
import type { Controller } from '../../model/types.ts';
import { checkFiscalYear } from '../accounts.ts';

export function paymentEntryController(site: Kernel, erpnext: ErpNext): Controller {
  return {
    validate: (doc, ctx) => erpnext.validatePaymentEntry(doc, ctx),
    before_submit: (doc) => {
      checkFiscalYear(site, String(doc.posting_date), String(doc.company));
      if (/bank/i.test(String(doc.paid_to ?? '')) && (!doc.reference_no || !doc.reference_date))
        throw frappeThrow('Reference No and Reference Date is mandatory for Bank transaction');
      doc.status = 'Submitted';
    },
    on_submit: (doc, ctx) => erpnext.applyPayment(doc, ctx, 1),
    before_cancel: (doc) => {
      doc.status = 'Cancelled';
    },
    on_cancel: (doc, ctx) => erpnext.applyPayment(doc, ctx, -1),
  };
}
