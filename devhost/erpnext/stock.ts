/** Stock levels: an item's Bin per warehouse (moved by stock transactions) and serial number lists. */
import { siteNow } from '../clock.ts';
import type { Kernel } from '../kernel.ts';
import { hashName } from '../model/naming.ts';
import type { Doc, RequestContext } from '../model/types.ts';
import { round2 } from './accounts.ts';

/** A document's child rows of one table field. */
export function rows(doc: Doc, field: string): Doc[] {
  return (doc[field] as Doc[] | undefined) ?? [];
}

/** The Item master row of an item code, if there is one. */
export function itemRow(site: Kernel, code: unknown): Record<string, unknown> | undefined {
  return code ? site.db.get('SELECT * FROM "tabItem" WHERE name = ?', [String(code)]) : undefined;
}

/** The Bin of an item in a warehouse, created on first movement (docs/host-contract.md: no Bin before any transaction). */
export function moveStock(
  site: Kernel,
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

export function stockQty(site: Kernel, item: string, warehouse: string): number {
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
