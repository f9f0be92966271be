/**
 * Monthly póliza reports (seed 000, phase 3: "generación automática el primer día de cada mes"), every sweep: from
 * the settings' day on, every póliza that ran during the month before (Active, Suspended, or Expired within it) gets
 * its report once — 50 pólizas a page, 200 a run, the rest next sweep — sent to its report recipients unless the
 * settings hold reports for a manager's review. Managers' requests (preview, regenerate, send) are answered first;
 * the webhook answers them at once (topics/policy-report.ts), the sweep is the safety net. The month is remembered
 * as done in the job's state, so later sweeps read nothing until the next month.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import { reportMonthDue } from '../../domain/reports/monthly.ts';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';
import { answerReportRequests, companyReader, makeMonthlyReports, ReportPolicy } from '../companion/monthly-reports.ts';
import { siteZone } from '../companion/sla-context.ts';

export const config: JobConfig = { name: 'policy-reports', schedule: { everySweep: true } };

const Settings = z.object({
  default_company: z.string().nullish(),
  monthly_report_day: z.coerce.number().nullish(),
  monthly_report_review: z.union([z.number(), z.boolean(), z.string()]).nullish(),
});
const Done = z.object({ service_policy: z.string() });
const PER_RUN = 200;

export default async function policyReports(job: JobContext): Promise<JobResult> {
  const today = DateTime.fromJSDate(job.now, { zone: await siteZone(job.client) }).toISODate() ?? '';
  const settings = await job.client.getDoc('Postventa Settings', 'Postventa Settings', Settings);
  const company = settings.default_company ?? '';
  const asked = await answerReportRequests(job.client, today, company, job.log);
  const month = reportMonthDue(today, settings.monthly_report_day ?? 1);
  const key = month ? `done:${month.start.slice(0, 7)}` : null;
  if (!month || job.state === key)
    return { items: asked.made, state: job.state, detail: { requests: asked.requests, month: month?.start ?? null } };
  const review = [1, true, '1'].includes(settings.monthly_report_review ?? 0);
  const done = new Set(
    (
      await job.client.allRows(
        'Policy Report',
        {
          fields: ['service_policy'],
          filters: [
            ['period_start', '=', month.start],
            ['status', '!=', 'Draft'],
          ],
        },
        Done,
      )
    ).map((r) => r.service_policy),
  );
  const pages = job.client.iterateByName(
    'Service Policy',
    {
      fields: Object.keys(ReportPolicy.shape),
      filters: [
        ['status', 'in', ['Active', 'Suspended', 'Expired']],
        ['start_date', '<=', month.end],
        ['end_date', '>=', month.start],
      ],
      pageSize: 500,
    },
    ReportPolicy,
  );
  const total = { made: 0, sent: 0, failed: 0, left: 0 };
  const companies = companyReader(job.client);
  for await (const page of pages) {
    const due = page.filter((p) => !done.has(p.name));
    for (let i = 0; i < due.length; i += 50) {
      if (total.made + total.failed >= PER_RUN) {
        total.left += due.length - i;
        break;
      }
      const o = await makeMonthlyReports(
        job.client,
        due.slice(i, i + 50),
        { month, preview: false, mode: 'scheduled', send: () => !review, defaultCompany: company, companies },
        job.log,
      );
      total.made += o.made;
      total.sent += o.sent;
      total.failed += o.failed.length;
    }
  }
  const complete = total.failed === 0 && total.left === 0;
  return {
    items: total.made + asked.made,
    state: complete ? key : job.state,
    detail: { month: month.start, requests: asked.requests, ...total },
  };
}
