/**
 * A Warranty case on a serial whose warranty has ended is not free by itself: a supervisor overrides with a reason
 * (recorded as an event by the caller), or the case is Billable.
 */
import type { BillingProblem } from './types.ts';

export interface WarrantyOverride {
  by: string;
  reason: string;
}

export function warrantyCheck(opts: {
  caseType: string;
  serial: string | null;
  /** The serial's `warranty_expiry_date` (YYYY-MM-DD), or null when it has none. */
  expiry: string | null;
  /** The day the case was received (YYYY-MM-DD). */
  on: string;
  override: WarrantyOverride | null;
}): { ok: true; overridden: boolean } | { ok: false; problem: BillingProblem } {
  if (opts.caseType !== 'Warranty' || !opts.serial || !opts.expiry || opts.expiry >= opts.on)
    return { ok: true, overridden: false };
  const reason = opts.override?.reason.trim() ?? '';
  if (opts.override && opts.override.by.trim() && reason.length >= 5) return { ok: true, overridden: true };
  return {
    ok: false,
    problem: {
      field: 'case_type',
      message: {
        es: `Tipo de caso: la garantía del número de serie ${opts.serial} venció el ${opts.expiry}; un supervisor debe autorizarla con un motivo, o el caso es Cobrable.`,
        en: `Case type: the warranty of serial ${opts.serial} ended on ${opts.expiry}; a supervisor must authorise it with a reason, or the case is Billable.`,
      },
    },
  };
}
