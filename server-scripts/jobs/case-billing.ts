/**
 * Closed cases not billed yet, every sweep (seed 004): what the Support Case webhook missed or could not bill (a
 * missing price, a closed fiscal year) is billed here once it can be — the host's invoice-per-case key keeps it to
 * one invoice however often this runs. Read 500 at a time by name; billed by companion/billing.ts in batches.
 */
import { billCases, BillCaseRow, BILL_CASE_FIELDS } from '../companion/billing.ts';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';

export const config: JobConfig = { name: 'case-billing', schedule: { everySweep: true } };

export default async function caseBilling(job: JobContext): Promise<JobResult> {
  const counts = { invoiced: 0, notBillable: 0, blocked: 0 };
  const pages = job.client.iterateByName(
    'Support Case',
    {
      fields: BILL_CASE_FIELDS,
      filters: [
        ['status', '=', 'Closed'],
        ['sales_invoice', 'is', 'not set'],
        ['billing_status', 'not in', ['Not Billable', 'Invoiced', 'Paid']],
      ],
      pageSize: 500,
    },
    BillCaseRow,
  );
  for await (const page of pages) {
    for (const outcome of (await billCases(job.client, page)).values()) {
      if (outcome.kind === 'invoiced') counts.invoiced++;
      else if (outcome.kind === 'not-billable') counts.notBillable++;
      else if (outcome.kind === 'blocked') counts.blocked++;
    }
  }
  return { items: counts.invoiced + counts.notBillable, detail: counts };
}
