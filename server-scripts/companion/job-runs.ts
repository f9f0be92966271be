/**
 * Exactly-once job runs across replicas (docs/architecture.md): a run starts by inserting a
 * `Postventa Job Run` named `<job>:<period>`; the host's unique name is the lock, so the replica that gets 409
 * knows another one has this period. The run's `creation` (host time) is the next run's watermark.
 */
import { z } from 'zod';
import { HostClient } from '../../host-client/client.ts';
import { HostError } from '../../host-client/errors.ts';
import { PostventaJobRunSchema } from '../../generated/doctypes/index.ts';

const RunSchema = PostventaJobRunSchema.pick({
  name: true,
  creation: true,
  watermark: true,
  state: true,
  status: true,
});
export type JobRun = z.infer<typeof RunSchema>;

export async function claimRun(
  client: HostClient,
  job: string,
  period: string,
  replica: string,
): Promise<JobRun | null> {
  try {
    return await client.insert(
      'Postventa Job Run',
      {
        name: `${job}:${period}`,
        __newname: `${job}:${period}`,
        job,
        period,
        status: 'Running',
        replica,
        items_processed: 0,
      },
      RunSchema,
    );
  } catch (e) {
    if (e instanceof HostError && e.isDuplicate) return null;
    throw e;
  }
}

/** The watermark and state of the job's last finished run: records modified since then are swept again. */
export async function lastRun(
  client: HostClient,
  job: string,
): Promise<{ watermark: string | null; state: string | null }> {
  const rows = await client.list(
    'Postventa Job Run',
    {
      fields: ['name', 'watermark', 'state'],
      filters: [
        ['job', '=', job],
        ['status', '=', 'Done'],
      ],
      orderBy: 'creation desc',
      pageSize: 1,
    },
    RunSchema,
  );
  return { watermark: rows[0]?.watermark ?? null, state: rows[0]?.state ?? null };
}

export async function finishRun(
  client: HostClient,
  run: JobRun,
  result: {
    status: 'Done' | 'Failed';
    watermark?: string | null;
    state?: string | null;
    items: number;
    error?: string;
  },
): Promise<void> {
  await client.update(
    'Postventa Job Run',
    run.name,
    {
      status: result.status,
      watermark: result.watermark ?? null,
      state: result.state ?? null,
      items_processed: result.items,
      error: result.error ?? null,
      finished_on: null,
    },
    RunSchema,
  );
}

/** The minute bucket a scheduled run belongs to ("2026-11-22T00:25"), in UTC. */
export function minutePeriod(at: Date, everySeconds = 60): string {
  const bucket = Math.floor(at.getTime() / (everySeconds * 1000)) * everySeconds * 1000;
  // Periods shorter than a minute keep their seconds: cut to the minute, a 15 s sweep ran once a minute.
  return new Date(bucket).toISOString().slice(0, everySeconds % 60 === 0 ? 16 : 19);
}
