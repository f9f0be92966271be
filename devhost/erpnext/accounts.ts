/** Company defaults (accounts, cost center), the fiscal year check, amounts in cents, and a Sales Invoice's status. */
import { frappeThrow } from '../errors.ts';
import type { Kernel } from '../kernel.ts';
import type { Doc } from '../model/types.ts';
import { userDate } from './dates.ts';

export interface CompanyInfo {
  name: string;
  abbr: string;
  currency: string;
  receivable: string;
  income: string;
  costCenter: string;
  cash: string;
  bank: string;
}

export function company(site: Kernel, name?: unknown): CompanyInfo {
  const row = name
    ? site.db.get('SELECT * FROM "tabCompany" WHERE name = ?', [String(name)])
    : site.db.get('SELECT * FROM "tabCompany" ORDER BY creation LIMIT 1');
  if (!row) throw frappeThrow('Please create a Company first (Setup > Company)', 'MandatoryError');
  const abbr = String(row.abbr);
  return {
    name: String(row.name),
    abbr,
    currency: String(row.default_currency ?? 'USD'),
    receivable: String(row.default_receivable_account ?? `Debtors - ${abbr}`),
    income: String(row.default_income_account ?? `Sales - ${abbr}`),
    costCenter: String(row.cost_center ?? `Main - ${abbr}`),
    cash: String(row.default_cash_account ?? `Cash - ${abbr}`),
    bank: String(row.default_bank_account ?? `Bank Account - ${abbr}`),
  };
}

export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

/** ERPNext's `set_status` for a Sales Invoice (docs/host-contract.md; docs/host-contract.md: overdue wins over partly paid). */
export function invoiceStatus(doc: Doc, todayIso: string): string {
  const ds = Number(doc.docstatus ?? 0);
  if (ds === 2) return 'Cancelled';
  if (ds !== 1) return 'Draft';
  const outstanding = Number(doc.outstanding_amount ?? 0);
  const total = Number(doc.rounded_total || doc.grand_total || 0);
  const due = String(doc.due_date ?? '');
  if (outstanding > 0 && due && due < todayIso) return 'Overdue';
  if (outstanding > 0 && outstanding < total) return 'Partly Paid';
  if (outstanding > 0 && (!due || due >= todayIso)) return 'Unpaid';
  if (Number(doc.is_return ?? 0)) return 'Return';
  if (outstanding <= 0) return 'Paid';
  return 'Submitted';
}

export function checkFiscalYear(site: Kernel, date: string, companyName: string): void {
  const fy = site.db.get(
    'SELECT name FROM "tabFiscal Year" WHERE disabled = 0 AND year_start_date <= ? AND year_end_date >= ?',
    [date, date],
  );
  if (!fy)
    throw frappeThrow(
      `Date ${userDate(site, date)} is not in any active Fiscal Year for ${companyName}`,
      'FiscalYearError',
    );
}
