/**
 * Preventive maintenance of a póliza's covered equipment (seed 000, phase 1; seed 001): each serial is serviced every
 * N months (the equipment's own interval, else the policy's), on a fixed calendar counted from the policy's start.
 * An occurrence is made `lead` days before its date (the policy's lead, else the settings'); each row keeps a cursor
 * (`next_maintenance_on`: the next date not made yet), so a sweep that was down makes every missed date once and a
 * sweep run twice makes nothing twice. A policy whose next maintenance is "After completion" makes one date at a
 * time: none while the row's occurrence is open, and the next counted from the day the visit was completed (the host
 * sets the cursor then, server-scripts/host/visit_completed.py). Pure: today is an ISO date in the site's calendar.
 */
import { DateTime } from 'luxon';

export interface MaintenancePolicy {
  name: string;
  status: string;
  start_date: string | null;
  end_date: string | null;
  maintenance_interval_months: number | null;
  maintenance_lead_days: number | null;
  /** "Fixed calendar" (default) or "After completion". */
  maintenance_basis?: string | null;
}

export interface MaintenanceEquipment {
  /** The Policy Equipment row. */
  name: string;
  serial_no: string | null;
  item: string | null;
  maintenance_interval_months: number | null;
  next_maintenance_on: string | null;
  last_serviced_on?: string | null;
  /** The occurrence made and not yet completed (After completion waits for it). */
  open_occurrence?: string | null;
}

export interface DueOccurrence {
  policy: string;
  row: string;
  serial_no: string;
  item: string | null;
  /** The maintenance date. */
  due: string;
  /** The row's cursor once this one is made: the following date (past the policy's end: none). */
  next: string | null;
  /** `policy|serial|date`: unique on the host, so a replica racing another makes nothing twice. */
  key: string;
}

const day = (iso: string): DateTime => DateTime.fromISO(iso.slice(0, 10), { zone: 'utc' });
const iso = (d: DateTime): string => d.toISODate() ?? '';

/** The k-th date of a fixed calendar of `months` from `start` (k ≥ 1), the day clamped to the month's end. */
const nth = (start: string, months: number, k: number): string => iso(day(start).plus({ months: months * k }));

/** The first date of the calendar on or after `from`. */
export function firstDateFrom(start: string, months: number, from: string): string {
  let k = 1;
  while (nth(start, months, k) < from && k < 1200) k++;
  return nth(start, months, k);
}

/**
 * What to make now for one policy: for each covered serial, every date from its cursor whose lead time has come,
 * up to the policy's end, oldest first (at most `cap` per row). A row without a cursor starts at the first date on
 * or after the policy's start, or after today when the policy began before the plan was known (`since`).
 */
export function dueOccurrences(
  p: MaintenancePolicy,
  rows: readonly MaintenanceEquipment[],
  today: string,
  defaultLead: number,
  cap = 12,
): DueOccurrence[] {
  if (p.status !== 'Active' || !p.start_date) return [];
  const lead = Math.max(0, p.maintenance_lead_days ?? defaultLead);
  const horizon = iso(day(today).plus({ days: lead }));
  const out: DueOccurrence[] = [];
  const afterCompletion = p.maintenance_basis === 'After completion';
  for (const r of rows) {
    const months = r.maintenance_interval_months || p.maintenance_interval_months || 0;
    if (!r.serial_no || months <= 0) continue;
    if (afterCompletion) {
      const one = afterCompletionDue(p, p.start_date, r, r.serial_no, months, today, horizon);
      if (one) out.push(one);
      continue;
    }
    let due = r.next_maintenance_on ?? firstDateFrom(p.start_date, months, today);
    for (let n = 0; n < cap && due <= horizon && (!p.end_date || due <= p.end_date); n++) {
      const following = firstDateFrom(p.start_date, months, iso(day(due).plus({ days: 1 })));
      const next = p.end_date && following > p.end_date ? null : following;
      out.push({
        policy: p.name,
        row: r.name,
        serial_no: r.serial_no,
        item: r.item,
        due,
        next,
        key: `${p.name}|${r.serial_no}|${due}`,
      });
      if (!next) break;
      due = next;
    }
  }
  return out;
}

/** After completion: one date at a time — the cursor, else the last service + the interval, else the calendar. */
function afterCompletionDue(
  p: MaintenancePolicy,
  start: string,
  r: MaintenanceEquipment,
  serial: string,
  months: number,
  today: string,
  horizon: string,
): DueOccurrence | null {
  if (r.open_occurrence) return null;
  const counted =
    r.next_maintenance_on ??
    (r.last_serviced_on ? iso(day(r.last_serviced_on).plus({ months })) : firstDateFrom(start, months, today));
  // An overdue service is made for today, not for a day already gone.
  const due = counted < today ? today : counted;
  if (due > horizon || (p.end_date && due > p.end_date)) return null;
  return {
    policy: p.name,
    row: r.name,
    serial_no: serial,
    item: r.item,
    due,
    next: null,
    key: `${p.name}|${serial}|${due}`,
  };
}
