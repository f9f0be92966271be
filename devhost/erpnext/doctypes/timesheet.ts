/** ERPNext's Timesheet behaviour the plugin relies on (docs/host-contract.md). */
import { DateTime } from 'luxon';
import { frappeThrow } from '../../errors.ts';
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';
import { round2 } from '../accounts.ts';
import { rows } from '../stock.ts';

export function timesheetController(site: Kernel): Controller {
  return {
    validate: (doc) => {
      doc.naming_series ??= 'TS-.YYYY.-';
      let total = 0;
      let billable = 0;
      let billableAmount = 0;
      let costing = 0;
      const dates: string[] = [];
      for (const log of rows(doc, 'time_logs')) {
        const from = log.from_time ? DateTime.fromSQL(String(log.from_time)) : null;
        const to = log.to_time ? DateTime.fromSQL(String(log.to_time)) : null;
        if (from?.isValid && to?.isValid) log.hours = round2(to.diff(from, 'hours').hours);
        else if (from?.isValid && log.hours)
          log.to_time = from.plus({ hours: Number(log.hours) }).toFormat('yyyy-MM-dd HH:mm:ss');
        const activity = log.activity_type
          ? site.db.get('SELECT billing_rate, costing_rate FROM "tabActivity Type" WHERE name = ?', [
              String(log.activity_type),
            ])
          : undefined;
        if (!log.billing_rate && activity) log.billing_rate = Number(activity.billing_rate ?? 0);
        if (!log.costing_rate && activity) log.costing_rate = Number(activity.costing_rate ?? 0);
        // Rates are applied before billing_hours is defaulted: the first save bills 0 unless billing_hours is sent (docs/host-contract.md).
        log.billing_amount = Number(log.is_billable ?? 0)
          ? round2(Number(log.billing_hours ?? 0) * Number(log.billing_rate ?? 0))
          : 0;
        if (Number(log.is_billable ?? 0) && !log.billing_hours) log.billing_hours = log.hours;
        if (!Number(log.is_billable ?? 0)) log.billing_hours = 0;
        log.costing_amount = round2(Number(log.hours ?? 0) * Number(log.costing_rate ?? 0));
        total += Number(log.hours ?? 0);
        billable += Number(log.billing_hours ?? 0);
        billableAmount += Number(log.billing_amount ?? 0);
        costing += Number(log.costing_amount ?? 0);
        if (from?.isValid) dates.push(from.toISODate() ?? '');
        if (to?.isValid) dates.push(to.toISODate() ?? '');
      }
      doc.total_hours = round2(total);
      doc.total_billable_hours = round2(billable);
      doc.total_billable_amount = round2(billableAmount);
      doc.total_costing_amount = round2(costing);
      dates.sort();
      doc.start_date = dates[0] ?? null;
      doc.end_date = dates.at(-1) ?? null;
      if (Number(doc.docstatus ?? 0) === 0) doc.status = 'Draft';
    },
    before_submit: (doc) => {
      rows(doc, 'time_logs').forEach((log, i) => {
        if (!log.from_time || !log.to_time) throw frappeThrow(`Row ${i + 1}: From Time and To Time is mandatory.`);
        if (!(Number(log.hours) > 0)) throw frappeThrow(`Row ${i + 1}: Hours value must be greater than zero.`);
      });
      doc.status = 'Submitted';
    },
    before_cancel: (doc) => {
      doc.status = 'Cancelled';
    },
  };
}
