/** Small ERPNext helpers shared by the controllers: company defaults, dates in the site format, bins, invoice status. */
import { DateTime } from 'luxon';
import { siteToday } from '../clock.ts';
import { frappeThrow } from '../errors.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import type { DevHost } from '../site.ts';
import { hashName } from '../model/naming.ts';
import { siteNow } from '../clock.ts';

export function today(site: DevHost, ctx: RequestContext): string {
  return siteToday(ctx.now, site.systemZone());
}

/** Dates in error messages use System Settings' date_format ("Date 11-21-2026 ..."). */
export function userDate(site: DevHost, iso: string): string {
  const fmt = String(
    site.db.get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', ['System Settings', 'date_format'])
      ?.value ?? 'dd-mm-yyyy',
  );
  const d = DateTime.fromISO(iso);
  return d.isValid ? d.toFormat(fmt.replace('yyyy', 'yyyy').replace('mm', 'MM').replace('dd', 'dd')) : iso;
}

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

export function company(site: DevHost, name?: unknown): CompanyInfo {
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

export function checkFiscalYear(site: DevHost, date: string, companyName: string): void {
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

/** The Bin of an item in a warehouse, created on first movement (docs/host-contract.md: no Bin before any transaction). */
export function moveStock(
  site: DevHost,
  ctx: RequestContext,
  item: string,
  warehouse: string,
  qty: number,
  rate: number | null,
): void {
  const bin = site.db.get(
    'SELECT name, actual_qty, valuation_rate FROM "tabBin" WHERE item_code = ? AND warehouse = ?',
    [item, warehouse],
  );
  const now = siteNow(ctx.now, site.systemZone());
  if (!bin) {
    const r = rate ?? 0;
    site.db.run(
      'INSERT INTO "tabBin" (name, creation, modified, modified_by, owner, docstatus, idx, item_code, warehouse, actual_qty, projected_qty, reserved_qty, ordered_qty, valuation_rate, stock_value, stock_uom) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, 0, 0, ?, ?, ?)',
      [
        hashName(),
        now,
        now,
        ctx.user,
        ctx.user,
        item,
        warehouse,
        qty,
        qty,
        r,
        qty * r,
        String(site.db.get('SELECT stock_uom FROM "tabItem" WHERE name = ?', [item])?.stock_uom ?? 'Nos'),
      ],
    );
    return;
  }
  const actual = Number(bin.actual_qty) + qty;
  let valuation = Number(bin.valuation_rate);
  if (qty > 0 && rate !== null)
    valuation = actual > 0 ? (Number(bin.actual_qty) * valuation + qty * rate) / actual : rate;
  site.db.run(
    'UPDATE "tabBin" SET actual_qty = ?, projected_qty = ?, valuation_rate = ?, stock_value = ?, modified = ? WHERE name = ?',
    [actual, actual, valuation, round2(actual * valuation), now, String(bin.name)],
  );
}

export function stockQty(site: DevHost, item: string, warehouse: string): number {
  return Number(
    site.db.get('SELECT actual_qty FROM "tabBin" WHERE item_code = ? AND warehouse = ?', [item, warehouse])
      ?.actual_qty ?? 0,
  );
}

export function serialList(value: unknown): string[] {
  return String(value ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
