/**
 * The service report of each completed visit (issue 15), every sweep: visits completed in the last 30 days without
 * a report are read (20 per run), each with its case (subject, supplies) and photos; the PDF is made with pdfmake
 * (companion/pdf/visit-report.ts), uploaded as a private File of the visit, and `postventa.visit.report` makes it
 * the visit's report — once — and mails it to the customer's contact. A visit whose PDF fails is logged and tried
 * again next sweep; the others go on.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';
import type { HostClient } from '../../host-client/client.ts';
import { siteZone } from '../companion/sla-context.ts';
import { imageData, uploadPdf } from '../companion/pdf/files.ts';
import { visitReportPdf, type VisitReport } from '../companion/pdf/visit-report.ts';

export const config: JobConfig = { name: 'visit-reports', schedule: { everySweep: true } };

const str = z.string().nullish();
const Visit = z.object({
  name: z.string(),
  customer: z.string(),
  support_case: str,
  serial_no: str,
  location: str,
  technician: str,
  technician_name: str,
  started_on: str,
  finished_on: str,
  work_done: str,
  recommendations: str,
  customer_signature: str,
  signed_by: str,
  signed_on: str,
  photos: z.array(z.object({ photo: str, caption: str })).nullish(),
});
const Case = z.object({
  subject: str,
  supplies: z
    .array(z.object({ item: str, item_name: str, qty: z.coerce.number().nullish(), serial_no: str }))
    .nullish(),
});
const Settings = z.object({ default_company: str });

const shown = (v: string | null | undefined): string | null =>
  v ? (DateTime.fromSQL(v.slice(0, 19)).toFormat('dd-MM-yyyy HH:mm') ?? v) : null;

async function report(client: HostClient, name: string, company: string): Promise<VisitReport> {
  const v = await client.getDoc('Service Visit', name, Visit);
  const c = v.support_case ? await client.findDoc('Support Case', v.support_case, Case) : null;
  const photos: VisitReport['photos'] = [];
  for (const p of (v.photos ?? []).slice(0, 12)) {
    const data = p.photo ? await imageData(client, p.photo) : null;
    if (data) photos.push({ data, caption: p.caption ?? null });
  }
  const signature = v.customer_signature?.startsWith('data:image/png;base64,') ? v.customer_signature : null;
  return {
    company,
    visit: v.name,
    customer: v.customer,
    caseName: v.support_case ?? null,
    caseSubject: c?.subject ?? null,
    serial: v.serial_no ?? null,
    location: v.location ?? null,
    technician: v.technician_name || v.technician || null,
    started: shown(v.started_on),
    finished: shown(v.finished_on),
    workDone: v.work_done ?? '',
    recommendations: v.recommendations ?? '',
    supplies: (c?.supplies ?? []).map((s) => ({
      item: [s.item, s.item_name].filter(Boolean).join(' · '),
      qty: s.qty ?? 0,
      serial: s.serial_no ?? null,
    })),
    photos,
    signature,
    signedBy: v.signed_by ?? null,
    signedOn: shown(v.signed_on),
  };
}

export default async function visitReports(job: JobContext): Promise<JobResult> {
  const zone = await siteZone(job.client);
  const since = DateTime.fromJSDate(job.now, { zone }).minus({ days: 30 }).toFormat('yyyy-MM-dd HH:mm:ss');
  const settings = await job.client.getDoc('Postventa Settings', 'Postventa Settings', Settings);
  const due = await job.client.list(
    'Service Visit',
    {
      fields: ['name'],
      filters: [
        ['status', '=', 'Completed'],
        ['report_file', 'is', 'not set'],
        ['finished_on', '>=', since],
      ],
      orderBy: 'finished_on asc',
      pageSize: 20,
    },
    z.object({ name: z.string() }),
  );
  let made = 0;
  const failed: string[] = [];
  for (const { name } of due) {
    try {
      const pdf = await visitReportPdf(await report(job.client, name, settings.default_company ?? ''));
      const file = await uploadPdf(job.client, pdf, `informe-${name}.pdf`, { doctype: 'Service Visit', name });
      await job.client.call('postventa.visit.report', { visit: name, file: file.name });
      made++;
    } catch (e) {
      failed.push(name);
      job.log('warn', 'visit report failed', { visit: name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { items: made, detail: { due: due.length, made, failed: failed.length } };
}
