/** ERPNext's Holiday List behaviour the plugin relies on (docs/host-contract.md). */
import { DateTime } from 'luxon';
import { frappeThrow } from '../../errors.ts';
import type { Kernel } from '../../kernel.ts';
import type { Controller, DocMethod } from '../../model/types.ts';
import { userDate } from '../dates.ts';
import { rows } from '../stock.ts';

export function holidayListController(site: Kernel): Controller {
  return {
    validate: (doc) => {
      const list = rows(doc, 'holidays');
      const seen = new Set<string>();
      for (const h of list) {
        const d = String(h.holiday_date ?? '');
        if (seen.has(d)) throw frappeThrow(`Holiday Date <strong>${userDate(site, d)}</strong> added multiple times`);
        seen.add(d);
        if (d < String(doc.from_date) || d > String(doc.to_date))
          throw frappeThrow(`The holiday on ${userDate(site, d)} is not between From Date and To Date`);
      }
      list.sort((a, b) => String(a.holiday_date).localeCompare(String(b.holiday_date)));
      list.forEach((h, i) => (h.idx = i + 1));
      doc.total_holidays = list.length;
      if (String(doc.to_date) < String(doc.from_date)) throw frappeThrow('To Date cannot be before From Date');
    },
  };
}

/** Holiday List's whitelisted document methods. */
export const holidayListMethods: Record<string, DocMethod> = {
  // Returns the doc with weekly-off rows added, unsaved (docs/host-contract.md).
  get_weekly_off_dates: (doc) => {
    if (!doc.weekly_off) throw frappeThrow('Please select weekly off day');
    const target = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].indexOf(
      String(doc.weekly_off),
    );
    const holidays = rows(doc, 'holidays');
    const existing = new Set(holidays.map((h) => String(h.holiday_date)));
    for (
      let d = DateTime.fromISO(String(doc.from_date));
      d <= DateTime.fromISO(String(doc.to_date));
      d = d.plus({ days: 1 })
    ) {
      const iso = d.toISODate() ?? '';
      if (d.weekday === target && !existing.has(iso))
        holidays.push({
          doctype: 'Holiday',
          holiday_date: iso,
          description: String(doc.weekly_off),
          weekly_off: 1,
          idx: holidays.length + 1,
        });
    }
    doc.holidays = holidays;
    return undefined;
  },
};
