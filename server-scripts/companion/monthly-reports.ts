/**
 * Making pólizas' monthly reports (issue 15), for the policy-reports job (the month before, on the settings' day)
 * and for a manager's request (topics/policy-report.ts: a preview of the month so far, a regenerated PDF, a send):
 * the page's data in a fixed number of lists (monthly-data.ts), the figures (domain/reports/monthly.ts), the PDF
 * (pdf/policy-report.ts) uploaded as a private File of the póliza, and `postventa.policy.report`, which makes the
 * month's Policy Report once and mails it when asked. A póliza whose report fails is logged and the others go on.
 */
import { z } from 'zod';
import type { HostClient } from '../../host-client/client.ts';
import { monthlyKpis } from '../../domain/reports/monthly.ts';
import type { Logger } from './log.ts';
import { gatherMonth, ReportPolicy } from './monthly-data.ts';
import { imageData, uploadPdf } from './pdf/files.ts';
import { policyReportPdf } from './pdf/policy-report.ts';

export { ReportPolicy };

export interface ReportRun {
  month: { start: string; end: string };
  /** The month is not over: the figures are up to today and the PDF says so; nothing is sent. */
  preview: boolean;
  /** "scheduled": the job's own run, which leaves a Generated or Sent report alone; "request": a manager's. */
  mode: 'scheduled' | 'request';
  /** Whether to e-mail this póliza's report now. */
  send: (policy: string) => boolean;
  /** The settings' company, for pólizas without their own. */
  defaultCompany: string;
  /** A run's company reader (companyReader), shared by its pages so each company is read once per run. */
  companies?: CompanyReader;
}

export interface ReportOutcome {
  made: number;
  sent: number;
  skipped: number;
  failed: string[];
}

const Company = z.object({ company_name: z.string().nullish(), company_logo: z.string().nullish() });
const Saved = z.object({ done: z.boolean(), status: z.string().nullish(), sent_to: z.array(z.string()).nullish() });

export type CompanyReader = (name: string) => Promise<{ name: string; logo: string | null }>;

/** The company's name and logo (data URL), read once per reader; a company the integration cannot read is its name. */
export function companyReader(client: HostClient): CompanyReader {
  const seen = new Map<string, Promise<{ name: string; logo: string | null }>>();
  return (name) => {
    const known = seen.get(name);
    if (known) return known;
    const made = client
      .findDoc('Company', name, Company)
      .then(async (c) => ({
        name: c?.company_name || name,
        logo: c?.company_logo ? await imageData(client, c.company_logo, 2_000_000) : null,
      }))
      .catch(() => ({ name, logo: null }));
    seen.set(name, made);
    return made;
  };
}

export async function makeMonthlyReports(
  client: HostClient,
  policies: readonly ReportPolicy[],
  run: ReportRun,
  log: Logger,
): Promise<ReportOutcome> {
  const out: ReportOutcome = { made: 0, sent: 0, skipped: 0, failed: [] };
  const data = await gatherMonth(client, policies, run.month);
  const company = run.companies ?? companyReader(client);
  for (const p of policies) {
    const d = data.get(p.name);
    if (!d) continue;
    if (run.mode === 'scheduled' && d.report && d.report.status !== 'Draft') {
      out.skipped++;
      continue;
    }
    try {
      const kpis = monthlyKpis(d.input);
      const who = await company(p.company || run.defaultCompany);
      const pdf = await policyReportPdf({
        lang: d.lang,
        company: who.name,
        logo: who.logo,
        policy: p.name,
        customer: d.customerName,
        plan: p.plan ?? null,
        preview: run.preview,
        kpis,
      });
      const month = run.month.start.slice(0, 7);
      const file = await uploadPdf(client, pdf, `informe-${p.name}-${month}.pdf`, {
        doctype: 'Service Policy',
        name: p.name,
      });
      const send = !run.preview && run.send(p.name);
      const saved = Saved.parse(
        await client.call('postventa.policy.report', {
          policy: p.name,
          file: file.name,
          period_start: run.month.start,
          period_end: run.month.end,
          kpis: JSON.stringify(kpis),
          mode: run.mode,
          send: send ? 1 : 0,
          final: run.preview ? 0 : 1,
        }),
      );
      if (!saved.done) out.skipped++;
      else out.made++;
      if (saved.status === 'Sent' && send) out.sent++;
    } catch (e) {
      out.failed.push(p.name);
      log('warn', 'monthly report failed', { policy: p.name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

const Request = z.object({
  name: z.string(),
  service_policy: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  requested_action: z.string().nullish(),
});

/**
 * Managers' requests on reports (requested_action set): the PDF made again — up to today when the month is not over
 * (a preview, never sent) — and sent when they asked to. `only` narrows it to one report (a webhook delivery).
 */
export async function answerReportRequests(
  client: HostClient,
  today: string,
  defaultCompany: string,
  log: Logger,
  only?: string,
): Promise<ReportOutcome & { requests: number }> {
  const asked = await client.list(
    'Policy Report',
    {
      fields: Object.keys(Request.shape),
      filters: [['requested_action', 'is', 'set'], ...(only ? [['name', '=', only] as [string, string, string]] : [])],
      orderBy: 'modified asc',
      pageSize: 50,
    },
    Request,
  );
  const total: ReportOutcome & { requests: number } = {
    made: 0,
    sent: 0,
    skipped: 0,
    failed: [],
    requests: asked.length,
  };
  for (const r of asked) {
    const policy = await client.findDoc('Service Policy', r.service_policy, ReportPolicy);
    if (!policy) continue;
    const month = { start: r.period_start.slice(0, 10), end: r.period_end.slice(0, 10) };
    const o = await makeMonthlyReports(
      client,
      [policy],
      {
        month,
        preview: month.start.slice(0, 7) >= today.slice(0, 7),
        mode: 'request',
        send: () => r.requested_action === 'Send',
        defaultCompany,
      },
      log,
    );
    total.made += o.made;
    total.sent += o.sent;
    total.skipped += o.skipped;
    total.failed.push(...o.failed);
  }
  return total;
}
