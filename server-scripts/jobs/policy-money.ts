/**
 * A póliza's money, every sweep (seed 000, phase 5; domain/billing/policy.ts decides, the host writes): each period
 * that began opens once with the plan's invoice and its usage reset (`postventa.policy.invoice`, kind period); a policy with
 * an invoice overdue beyond the grace days is suspended, and lifted once nothing is (`postventa.policy.suspension`,
 * up to 500 changes a call); N days before its end the renewal is offered (the same call, kind renewal); an
 * accepted renewal becomes Active on its first day and an ended policy Expired. The policies are read 500 at a
 * time and the overdue invoices in one list, so 10,000 policies cost about N/500 + 3 requests when nothing changes.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import {
  nextTerm,
  periodsToOpen,
  renewalDue,
  suspensionChanges,
  type OverdueInvoice,
  type PolicyMoneyRow,
  type SuspensionChange,
} from '../../domain/billing/index.ts';
import type { HostClient } from '../../host-client/client.ts';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';
import { siteZone } from '../companion/sla-context.ts';
import { renewalMail } from '../companion/mail/renewal.ts';

/** A date as Chile, Mexico and Argentina write it: 14-12-2026. */
const chileDate = (iso: string): string => iso.slice(0, 10).split('-').reverse().join('-');
const money = (n: number, currency: string): string =>
  new Intl.NumberFormat('es-CL', { style: 'currency', currency }).format(n);

export const config: JobConfig = { name: 'policy-money', schedule: { everySweep: true } };

const str = z.string().nullish();
const PolicyRow = z.object({
  name: z.string(),
  status: z.string(),
  customer: str,
  price: z.coerce.number().nullish(),
  currency: str,
  start_date: str,
  end_date: str,
  period: str,
  usage_period_start: str,
  suspended_since: str,
  renewal_notice_sent_on: str,
  renewed_to: str,
  renewed_from: str,
});
const InvoiceRow = z.object({
  name: z.string(),
  service_policy: z.string(),
  due_date: z.string(),
  outstanding_amount: z.coerce.number(),
});
const SettingsRow = z.object({
  overdue_grace_days: z.coerce.number().nullish(),
  renewal_notice_days: z.coerce.number().nullish(),
});
const FIELDS = Object.keys(PolicyRow.shape);
const Done = z.object({ done: z.coerce.number() });

const norm = (p: z.infer<typeof PolicyRow>): PolicyMoneyRow & { renewed_from: string | null } => ({
  name: p.name,
  status: p.status,
  start_date: p.start_date ?? null,
  end_date: p.end_date ?? null,
  period: p.period ?? null,
  usage_period_start: p.usage_period_start ?? null,
  suspended_since: p.suspended_since ?? null,
  renewal_notice_sent_on: p.renewal_notice_sent_on ?? null,
  renewed_to: p.renewed_to ?? null,
  renewed_from: p.renewed_from ?? null,
});

/** Invoices of pólizas still outstanding after their due date plus the grace days: one list for every policy. */
async function overdueInvoices(client: HostClient, today: string, grace: number): Promise<OverdueInvoice[]> {
  const cutoff = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: grace }).toISODate() ?? today;
  return client.list(
    'Sales Invoice',
    {
      fields: ['name', 'service_policy', 'due_date', 'outstanding_amount'],
      filters: [
        ['service_policy', 'is', 'set'],
        ['docstatus', '=', 1],
        ['outstanding_amount', '>', 0],
        ['due_date', '<', cutoff],
      ],
      orderBy: 'due_date asc',
      pageSize: 0,
    },
    InvoiceRow,
  );
}

/** The renewal offer: the next term, the mjml mail (its `[[link]]` filled by the host), the host's invoice call. */
async function offerRenewal(
  job: JobContext,
  p: PolicyMoneyRow & { start_date: string; end_date: string },
  row: z.infer<typeof PolicyRow> | undefined,
): Promise<number> {
  const term = nextTerm(p);
  const mail = await renewalMail({
    policy: p.name,
    customer: row?.customer ?? '',
    ends: chileDate(p.end_date),
    start: chileDate(term.start),
    end: chileDate(term.end),
    amount: row?.price ? money(row.price, row.currency ?? 'CLP') : '',
  });
  const args = { policy: p.name, kind: 'renewal', ...term, subject: mail.subject, message: mail.html };
  return Done.parse(await job.client.call('postventa.policy.invoice', args)).done;
}

export default async function policyMoney(job: JobContext): Promise<JobResult> {
  // Only the site's calendar day is needed, not the SLA context (which reads every póliza for its VIP badge).
  const today = DateTime.fromJSDate(job.now, { zone: await siteZone(job.client) }).toISODate() ?? '';
  const settings = await job.client.getDoc('Postventa Settings', 'Postventa Settings', SettingsRow);
  const grace = Math.max(0, settings.overdue_grace_days ?? 0);
  const noticeDays = Math.max(0, settings.renewal_notice_days ?? 15);
  const overdue = await overdueInvoices(job.client, today, grace);
  let opened = 0;
  let offered = 0;
  const failed: string[] = [];
  const lifecycle: { name: string; status: string }[] = [];
  const changes: SuspensionChange[] = [];
  const pages = job.client.iterateByName(
    'Service Policy',
    { fields: FIELDS, filters: [['status', 'in', ['Draft', 'Active', 'Suspended']]], pageSize: 500 },
    PolicyRow,
  );
  for await (const page of pages) {
    const rows = page.map(norm);
    changes.push(...suspensionChanges(rows, overdue, today, grace));
    for (const p of rows) {
      if (p.status === 'Draft' && p.renewed_from && p.start_date && p.start_date <= today)
        lifecycle.push({ name: p.name, status: 'Active' });
      if (p.status === 'Draft') continue;
      if (p.end_date && p.end_date < today && p.status === 'Active')
        lifecycle.push({ name: p.name, status: 'Expired' });
      // One policy the host refuses (a closed fiscal year, a missing item) does not stop the others: it is logged
      // with the host's words and tried again next sweep; the host call wrote nothing of it.
      try {
        for (const span of periodsToOpen(p, today)) {
          const args = { policy: p.name, kind: 'period', ...span };
          opened += Done.parse(await job.client.call('postventa.policy.invoice', args)).done;
        }
        if (p.start_date && p.end_date && renewalDue(p, today, noticeDays)) {
          const row = page.find((x) => x.name === p.name);
          offered += await offerRenewal(job, { ...p, start_date: p.start_date, end_date: p.end_date }, row);
        }
      } catch (e) {
        failed.push(p.name);
        job.log('warn', 'policy money refused by the host', {
          policy: p.name,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
  }
  const done = { suspended: [] as string[], lifted: [] as string[] };
  for (let i = 0; i < changes.length; i += 500) {
    const r = z
      .object({ suspended: z.array(z.string()), lifted: z.array(z.string()) })
      .parse(await job.client.call('postventa.policy.suspension', { changes: changes.slice(i, i + 500) }));
    done.suspended.push(...r.suspended);
    done.lifted.push(...r.lifted);
  }
  for (const l of lifecycle) await job.client.update('Service Policy', l.name, { status: l.status }, z.unknown());
  return {
    items: opened + offered + done.suspended.length + done.lifted.length + lifecycle.length,
    detail: {
      opened,
      offered,
      suspended: done.suspended.length,
      lifted: done.lifted.length,
      lifecycle: lifecycle.length,
      failed: failed.length,
    },
  };
}
