/**
 * The reconciliation sweep for SLAs (issue 5 §5): every open case, and every case modified since the last run, is
 * stamped from its list row; changed cases are written in one bulk request per page; warnings, breaches and
 * escalations are recorded once. Pages stream, so memory stays flat. With webhooks off this alone keeps every SLA
 * right within one interval.
 */
import { formatFrappeDatetime } from '../../domain/sla/frappe-time.ts';
import { OPEN_STATUSES } from '../../domain/case/status.ts';
import type { Filter } from '../../host-client/client.ts';
import {
  CASE_FIELDS,
  CaseRowSchema,
  recordEvents,
  stampRow,
  writeUpdates,
  type CaseUpdate,
} from '../companion/case-sla.ts';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';

export const config: JobConfig = { name: 'sla-sweep', schedule: { everySweep: true } };

/** Changed cases and events are flushed in chunks of this size: few requests, bounded memory. */
const FLUSH_AT = 500;
/** Rows per list request: 1,000 narrow rows keep memory small and the sweep at cases/1000 list requests. */
const PAGE = 1000;

export default async function slaSweep(job: JobContext): Promise<JobResult> {
  const ctx = await job.sla.get(job.now);
  const orFilters: Filter[] = [['status', 'in', [...OPEN_STATUSES]]];
  if (job.watermark) orFilters.push(['modified', '>=', job.watermark]);
  const nowText = formatFrappeDatetime(job.now.getTime(), ctx.zone);
  // An event claimed two minutes ago and still not announced lost its claimer: this run announces it.
  const retryBeforeText = formatFrappeDatetime(job.now.getTime() - 120_000, ctx.zone);
  let seen = 0;
  let written = 0;
  let events = 0;
  let pending: CaseUpdate[] = [];
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    const failed = new Set(await writeUpdates(job.client, batch));
    if (failed.size)
      job.log('warn', 'some cases could not be stamped', { failed: [...failed].slice(0, 20), count: failed.size });
    written += batch.filter((u) => Object.keys(u.patch).length && !failed.has(u.name)).length;
    events += (
      await recordEvents(
        job.client,
        batch.filter((u) => !failed.has(u.name)),
        nowText,
        retryBeforeText,
      )
    ).claimed;
  };
  for await (const page of job.client.iterate(
    'Support Case',
    { fields: CASE_FIELDS, filters: [], ...(job.watermark ? { orFilters } : {}), orderBy: 'name asc', pageSize: PAGE },
    CaseRowSchema,
  )) {
    seen += page.length;
    for (const row of page) {
      const u = stampRow(row, ctx, job.now);
      if (Object.keys(u.patch).length || u.events.length) pending.push(u);
    }
    if (pending.length >= FLUSH_AT) await flush();
  }
  if (pending.length) await flush();
  return { items: seen, detail: { written, events } };
}
