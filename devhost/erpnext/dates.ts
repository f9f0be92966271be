/** Dates as ERPNext shows and compares them: today in the site's zone, and System Settings' date format. */
import { DateTime } from 'luxon';
import { siteToday } from '../clock.ts';
import type { Kernel } from '../kernel.ts';
import type { RequestContext } from '../model/types.ts';

export function today(site: Kernel, ctx: RequestContext): string {
  return siteToday(ctx.now, site.systemZone());
}

/** Dates in error messages use System Settings' date_format ("Date 11-21-2026 ..."). */
export function userDate(site: Kernel, iso: string): string {
  const fmt = String(
    site.db.get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', ['System Settings', 'date_format'])
      ?.value ?? 'dd-mm-yyyy',
  );
  const d = DateTime.fromISO(iso);
  return d.isValid ? d.toFormat(fmt.replace('yyyy', 'yyyy').replace('mm', 'MM').replace('dd', 'dd')) : iso;
}
