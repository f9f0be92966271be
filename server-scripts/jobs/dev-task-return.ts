/**
 * Development escalations whose Task finished while no webhook reached the companion: each sweep returns those
 * cases to their agent with the developers' notes, and mirrors the Task's status on the others.
 */
import { formatFrappeDatetime } from '../../domain/sla/frappe-time.ts';
import { syncDevTasks } from '../companion/dev-tasks.ts';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';

export const config: JobConfig = { name: 'dev-task-return', schedule: { everySweep: true } };

export default async function devTaskReturn(job: JobContext): Promise<JobResult> {
  const ctx = await job.sla.get(job.now);
  const dev = await syncDevTasks(job.client, formatFrappeDatetime(job.now.getTime(), ctx.zone));
  return { items: dev.returned.length, detail: { devReturned: dev.returned.length, devMirrored: dev.mirrored } };
}
