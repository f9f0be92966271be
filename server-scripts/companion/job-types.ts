/**
 * What a job is: one file in `server-scripts/jobs/` exporting `config` (a name and when it runs) and a default
 * handler; `jobs/registry.ts` lists them and `companion/jobs.ts` runs one.
 */
import type { HostClient } from '../../host-client/client.ts';
import type { Logger } from './log.ts';
import type { SlaContextCache } from './sla-context.ts';

export interface JobContext {
  client: HostClient;
  sla: SlaContextCache;
  now: Date;
  watermark: string | null;
  /** What the last finished run left for this one (`JobResult.state`). */
  state: string | null;
  /** This run's own creation (host time): the default watermark of the next run. */
  runCreation: string | null;
  log: Logger;
}

export interface JobResult {
  items: number;
  /** What the next run receives as `watermark` (default: this run's creation). */
  watermark?: string | null;
  /** Kept for the next run (`JobContext.state`). */
  state?: string | null;
  detail?: Record<string, unknown>;
}

/** When a job runs: with every sweep (`--sweep-seconds`) or on its own cron schedule. */
export type JobSchedule = { everySweep: true } | { cron: string };

export interface JobConfig {
  name: string;
  schedule: JobSchedule;
}

export interface JobDef {
  config: JobConfig;
  run: (ctx: JobContext) => Promise<JobResult>;
}
