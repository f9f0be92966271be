/**
 * The reconciliation sweep for SLAs: stamps cases from their list rows when webhooks were lost. A run reads only
 * what can have changed: cases whose next SLA check is due (`sla_next_check_on`: the next warning, breach or
 * escalation) and cases people changed since the last run. When the SLA settings changed (their fingerprint), or on
 * the first run, it reads every open case (every case on the first run) instead. Pages go by name, changed cases are
 * written in bulk per chunk, and memory stays flat.
 */
import { OPEN_STATUSES } from '../../domain/case/status.ts';
import { formatFrappeDatetime } from '../../domain/sla/frappe-time.ts';
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
const FLUSH_AT = 1000;
/** Rows per list request: 1,000 narrow rows keep memory small and the sweep at cases/1000 list requests. */
const PAGE = 1000;

/** One walk over Support Case: a filter and an optional OR group (the host ANDs them). */
interface Walk {
  filters: Filter[];
  orFilters?: Filter[];
}

/** The walks a run makes: everything (first run, or new settings), or only what is due or changed. */
export function sweepWalks(input: {
  watermark: string | null;
  full: boolean;
  nowText: string;
  companionUser: string;
}): Walk[] {
  if (!input.watermark) return [{ filters: [] }];
  if (input.full)
    return [
      {
        filters: [],
        orFilters: [
          ['status', 'in', [...OPEN_STATUSES]],
          ['modified', '>=', input.watermark],
        ],
      },
    ];
  return [
    // `is set` first: the host's `<=` counts an empty datetime as 0001-01-01, so it would match every unset row.
    {
      filters: [
        ['sla_next_check_on', 'is', 'set'],
        ['sla_next_check_on', '<=', input.nowText],
      ],
    },
    // The companion's own stamps are consistent already; what people (or the host) changed needs a look.
    {
      filters: [
        ['modified', '>=', input.watermark],
        ['modified_by', '!=', input.companionUser],
      ],
    },
  ];
}

export default async function slaSweep(job: JobContext): Promise<JobResult> {
  const ctx = await job.sla.get(job.now, { checkVersion: true });
  const nowText = formatFrappeDatetime(job.now.getTime(), ctx.zone);
  // An event claimed two minutes ago and still not announced lost its claimer: this run announces it.
  const retryBeforeText = formatFrappeDatetime(job.now.getTime() - 120_000, ctx.zone);
  const full = !job.watermark || job.state !== ctx.fingerprint;
  // The very first run meets the backlog of a site that had cases before Postventa: its events are recorded as
  // history, not announced (nobody wants a thousand breach mails about last month).
  const backfill = !job.watermark;
  const walks = sweepWalks({ watermark: job.watermark, full, nowText, companionUser: ctx.user });
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
        {
          backfill,
        },
      )
    ).claimed;
  };
  // A case both due and changed is stamped once (only incremental runs make two walks; their sets are small).
  const stamped = new Set<string>();
  for (const walk of walks)
    for await (const page of job.client.iterateByName(
      'Support Case',
      {
        fields: CASE_FIELDS,
        filters: walk.filters,
        ...(walk.orFilters ? { orFilters: walk.orFilters } : {}),
        pageSize: PAGE,
      },
      CaseRowSchema,
    )) {
      seen += page.length;
      for (const row of page) {
        if (walks.length > 1) {
          if (stamped.has(row.name)) continue;
          stamped.add(row.name);
        }
        const u = stampRow(row, ctx, job.now);
        if (Object.keys(u.patch).length || u.events.length) pending.push(u);
      }
      if (pending.length >= FLUSH_AT) await flush();
    }
  if (pending.length) await flush();
  return {
    items: seen,
    state: ctx.fingerprint,
    watermark: job.runCreation,
    detail: { mode: full ? 'full' : 'incremental', written, events },
  };
}
