/**
 * Running one job (the jobs themselves are files in `server-scripts/jobs/`, listed by `jobs/registry.ts`): a run
 * claims `<job>:<period>` first (one replica per period), passes the previous run's watermark, and records the
 * outcome.
 */
import type { HostClient } from '../../host-client/client.ts';
import { claimRun, finishRun, lastRun, minutePeriod } from './job-runs.ts';
import type { JobDef, JobResult } from './job-types.ts';
import type { Logger } from './log.ts';
import type { SlaContextCache } from './sla-context.ts';

export type RunOutcome =
  { ran: false; reason: 'taken' } | { ran: true; result: JobResult } | { ran: true; error: string };

export async function runJob(
  job: JobDef,
  deps: { client: HostClient; sla: SlaContextCache; log: Logger; replica: string; now: Date; periodSeconds: number },
): Promise<RunOutcome> {
  const period = minutePeriod(deps.now, deps.periodSeconds);
  const { watermark, state } = await lastRun(deps.client, job.config.name);
  const run = await claimRun(deps.client, job.config.name, period, deps.replica);
  if (!run) {
    deps.log('info', 'job period taken by another replica', { job: job.config.name, period });
    return { ran: false, reason: 'taken' };
  }
  const started = Date.now();
  try {
    const result = await job.run({
      client: deps.client,
      sla: deps.sla,
      now: deps.now,
      watermark,
      state,
      runCreation: run.creation ?? null,
      log: deps.log,
    });
    // The run's own creation (host time) bounds what the next run must look at again.
    await finishRun(deps.client, run, {
      status: 'Done',
      watermark: result.watermark !== undefined ? result.watermark : (run.creation ?? null),
      state: result.state ?? null,
      items: result.items,
    });
    deps.log('info', 'job done', {
      job: job.config.name,
      period,
      ms: Date.now() - started,
      items: result.items,
      ...result.detail,
    });
    return { ran: true, result };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    deps.log('error', 'job failed', { job: job.config.name, period, error });
    await finishRun(deps.client, run, { status: 'Failed', items: 0, error: error.slice(0, 1000) }).catch(
      () => undefined,
    );
    return { ran: true, error };
  }
}
