/**
 * A póliza's money over time (seed 000, phase 5): its periods (each one opens with the plan's invoice and resets
 * what was used), the warnings at 80 % and 100 % of the allowance, suspension while one of its invoices is overdue
 * beyond the grace days (and the lift once nothing is), and when its renewal is due. Pure: today comes as an ISO
 * date (`YYYY-MM-DD`, the site's calendar); the callers read the rows from the host and write what these decide.
 */
import { DateTime } from 'luxon';

export type PolicyPeriod = 'Monthly' | 'Quarterly' | 'Yearly';
export const PERIOD_MONTHS: Readonly<Record<PolicyPeriod, number>> = { Monthly: 1, Quarterly: 3, Yearly: 12 };

export interface PolicyMoneyRow {
  name: string;
  status: string;
  start_date: string | null;
  end_date: string | null;
  period: string | null;
  usage_period_start: string | null;
  suspended_since?: string | null;
  renewal_notice_sent_on?: string | null;
  renewed_to?: string | null;
}

export interface OverdueInvoice {
  name: string;
  service_policy: string;
  due_date: string;
  outstanding_amount: number;
}

const day = (iso: string): DateTime => DateTime.fromISO(iso.slice(0, 10), { zone: 'utc' });
const iso = (d: DateTime): string => d.toISODate() ?? '';
const monthsOf = (p: string | null): number => PERIOD_MONTHS[(p ?? 'Monthly') as PolicyPeriod] ?? 1;

export interface PeriodSpan {
  start: string;
  /** Last day of the period (inclusive), never past the policy's end. */
  end: string;
}

/**
 * The periods that began after `after` (exclusive; null: none began yet) up to today, oldest first — each one is
 * invoiced once, so a sweep that was down catches up on every missed period, never more than `cap` at a time.
 */
export function periodsToOpen(p: PolicyMoneyRow, today: string, cap = 24): PeriodSpan[] {
  if (!p.start_date) return [];
  const months = monthsOf(p.period);
  const start = day(p.start_date);
  const last = p.end_date ? day(p.end_date) : null;
  const now = day(today);
  const after = p.usage_period_start ? day(p.usage_period_start) : null;
  const out: PeriodSpan[] = [];
  for (let k = 0; k < 1200 && out.length < cap; k++) {
    const from = start.plus({ months: months * k });
    if (from > now || (last && from > last)) break;
    if (after && from <= after) continue;
    const natural = start.plus({ months: months * (k + 1) }).minus({ days: 1 });
    out.push({ start: iso(from), end: iso(last && natural > last ? last : natural) });
  }
  return out;
}

/** The period of a póliza that holds `date` (its periods start on the póliza's start date), or null outside its term. */
export function periodContaining(
  p: { start_date: string | null; end_date?: string | null; period: string | null },
  date: string,
): PeriodSpan | null {
  if (!p.start_date) return null;
  const at = day(date);
  const start = day(p.start_date);
  const last = p.end_date ? day(p.end_date) : null;
  if (at < start || (last && at > last)) return null;
  const months = monthsOf(p.period);
  let k = Math.floor(at.diff(start, 'months').months / months);
  if (start.plus({ months: months * k }) > at) k--;
  if (start.plus({ months: months * (k + 1) }) <= at) k++;
  const from = start.plus({ months: months * k });
  const natural = start.plus({ months: months * (k + 1) }).minus({ days: 1 });
  return { start: iso(from), end: iso(last && natural > last ? last : natural) };
}

/** The warning level reached (0, 80 or 100) by hours or cases used against the allowance; none without one. */
export function usageLevel(u: {
  hoursUsed: number;
  allowanceHours: number;
  casesUsed: number;
  allowanceCases: number;
}): 0 | 80 | 100 {
  const ratios = [
    u.allowanceHours > 0 ? u.hoursUsed / u.allowanceHours : 0,
    u.allowanceCases > 0 ? u.casesUsed / u.allowanceCases : 0,
  ];
  const top = Math.max(...ratios);
  return top >= 1 ? 100 : top >= 0.8 ? 80 : 0;
}

export interface SuspensionChange {
  policy: string;
  suspend: boolean;
  /** Why, in both languages ("… / …"), naming the invoice, its due date and what is outstanding. */
  reason: string;
}

/** The last day an invoice due on `due` may stay unpaid: due date plus the grace days. */
export const graceEnds = (due: string, graceDays: number): string =>
  iso(day(due).plus({ days: Math.max(0, graceDays) }));

/**
 * Which policies to suspend (an invoice of theirs still outstanding after its due date plus the grace days) and
 * which to lift (suspended, and no such invoice any more). Draft, expired and cancelled policies are left alone.
 */
export function suspensionChanges(
  policies: readonly PolicyMoneyRow[],
  invoices: readonly OverdueInvoice[],
  today: string,
  graceDays: number,
): SuspensionChange[] {
  const overdue = new Map<string, OverdueInvoice>();
  for (const inv of invoices) {
    if (inv.outstanding_amount <= 0 || graceEnds(inv.due_date, graceDays) >= today) continue;
    const seen = overdue.get(inv.service_policy);
    if (!seen || inv.due_date < seen.due_date) overdue.set(inv.service_policy, inv);
  }
  const out: SuspensionChange[] = [];
  for (const p of policies) {
    const inv = overdue.get(p.name);
    if (p.status === 'Active' && inv)
      out.push({
        policy: p.name,
        suspend: true,
        reason:
          `Factura ${inv.name} vencida el ${inv.due_date}, pendiente ${inv.outstanding_amount}. / ` +
          `Invoice ${inv.name} overdue since ${inv.due_date}, outstanding ${inv.outstanding_amount}.`,
      });
    else if (p.status === 'Suspended' && !inv) out.push({ policy: p.name, suspend: false, reason: 'Pagada. / Paid.' });
  }
  return out;
}

/** Active (or suspended) policies ending within `noticeDays` whose renewal was not offered yet. */
export function renewalDue(p: PolicyMoneyRow, today: string, noticeDays: number): boolean {
  if (!p.end_date || p.renewal_notice_sent_on || p.renewed_to) return false;
  if (p.status !== 'Active' && p.status !== 'Suspended') return false;
  const from = iso(day(p.end_date).minus({ days: Math.max(0, noticeDays) }));
  return today >= from && today <= p.end_date.slice(0, 10);
}

/** The next term of a renewed policy: the day after it ends, for as long as it lasted. */
export function nextTerm(p: { start_date: string; end_date: string }): PeriodSpan {
  const start = day(p.start_date);
  const end = day(p.end_date);
  const next = end.plus({ days: 1 });
  const length = end.diff(start, 'months').months;
  const months = Math.max(1, Math.round(length));
  return { start: iso(next), end: iso(next.plus({ months }).minus({ days: 1 })) };
}
