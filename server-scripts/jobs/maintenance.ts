/**
 * Preventive maintenance, every sweep (seed 000, phase 1): the active pólizas with an interval are read 500 at a
 * time with their covered equipment (one POSTed list of rows per page), domain/maintenance/schedule.ts says which
 * dates are due (lead days ahead; every missed date once after downtime), and `postventa.maintenance.generate` makes
 * each occurrence with its proactive case and proposed visit, 200 per call, once however many replicas run.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import { dueOccurrences, type DueOccurrence } from '../../domain/maintenance/schedule.ts';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';
import { siteZone } from '../companion/sla-context.ts';

export const config: JobConfig = { name: 'maintenance', schedule: { everySweep: true } };

const str = z.string().nullish();
const int = z.coerce.number().nullish();
const PolicyRow = z.object({
  name: z.string(),
  status: z.string(),
  start_date: str,
  end_date: str,
  maintenance_interval_months: int,
  maintenance_lead_days: int,
  maintenance_basis: str,
});
const EquipmentRow = z.object({
  name: z.string(),
  parent: z.string(),
  serial_no: str,
  item: str,
  maintenance_interval_months: int,
  next_maintenance_on: str,
  last_serviced_on: str,
  open_occurrence: str,
});
const Settings = z.object({ maintenance_lead_days: int });
const Answer = z.object({ made: z.array(z.unknown()), skipped: z.array(z.unknown()) });

export default async function maintenance(job: JobContext): Promise<JobResult> {
  const today = DateTime.fromJSDate(job.now, { zone: await siteZone(job.client) }).toISODate() ?? '';
  const settings = await job.client.getDoc('Postventa Settings', 'Postventa Settings', Settings);
  const lead = Math.max(0, settings.maintenance_lead_days ?? 7);
  const due: DueOccurrence[] = [];
  const pages = job.client.iterateByName(
    'Service Policy',
    {
      fields: Object.keys(PolicyRow.shape),
      filters: [
        ['status', '=', 'Active'],
        ['start_date', '<=', today],
      ],
      pageSize: 500,
    },
    PolicyRow,
  );
  let policies = 0;
  for await (const page of pages) {
    policies += page.length;
    const rows = await job.client.allRows(
      'Policy Equipment',
      {
        parent: 'Service Policy',
        fields: Object.keys(EquipmentRow.shape),
        filters: [['parent', 'in', page.map((p) => p.name)]],
        orderBy: 'parent asc, idx asc',
      },
      EquipmentRow,
    );
    const byPolicy = new Map<string, z.infer<typeof EquipmentRow>[]>();
    for (const r of rows) byPolicy.set(r.parent, [...(byPolicy.get(r.parent) ?? []), r]);
    for (const p of page)
      due.push(
        ...dueOccurrences(
          {
            name: p.name,
            status: p.status,
            start_date: p.start_date ?? null,
            end_date: p.end_date ?? null,
            maintenance_interval_months: p.maintenance_interval_months ?? null,
            maintenance_lead_days: p.maintenance_lead_days ?? null,
            maintenance_basis: p.maintenance_basis ?? null,
          },
          (byPolicy.get(p.name) ?? []).map((r) => ({
            name: r.name,
            serial_no: r.serial_no ?? null,
            item: r.item ?? null,
            maintenance_interval_months: r.maintenance_interval_months ?? null,
            next_maintenance_on: r.next_maintenance_on ?? null,
            last_serviced_on: r.last_serviced_on ?? null,
            open_occurrence: r.open_occurrence ?? null,
          })),
          today,
          lead,
        ),
      );
  }
  let made = 0;
  let skipped = 0;
  for (let i = 0; i < due.length; i += 200) {
    const items = due.slice(i, i + 200).map(({ key: _k, ...rest }) => rest);
    const a = Answer.parse(await job.client.call('postventa.maintenance.generate', { items }));
    made += a.made.length;
    skipped += a.skipped.length;
  }
  return { items: made, detail: { policies, due: due.length, made, skipped } };
}
