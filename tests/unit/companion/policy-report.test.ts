/**
 * The monthly póliza report's PDF (issue 15) in English, over the figures domain/reports/monthly.ts makes: the
 * consumption beyond the allowance is said, the figures are in English number format, and 45 open cases are cut at
 * 40 with the rest counted. Page 1 as tests/e2e/screenshots/policy-report-en-page1.png (looked at).
 */
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../support/pdf.ts';
import { monthlyKpis, type ReportCase } from '../../../domain/reports/monthly.ts';
import { policyReportPdf } from '../../../server-scripts/companion/pdf/policy-report.ts';

const open = (i: number): ReportCase => ({
  name: `CASE-${String(i).padStart(4, '0')}`,
  subject: `Printer queue stuck #${i}`,
  status: 'In Progress',
  priority: 'P3',
  severity: 'S3',
  product: 'ERP',
  module: i % 2 ? 'Sales' : 'Stock',
  case_type: 'Billable',
  received_on: '2026-11-05 09:00:00',
  first_responded_on: '2026-11-05 10:00:00',
  resolved_on: null,
  first_response_seconds: 5400,
  resolution_seconds: null,
  response_breached: false,
  resolution_breached: false,
});

describe('the monthly report PDF', () => {
  it('in English, beyond the allowance, long lists cut', async () => {
    const kpis = monthlyKpis({
      month: { start: '2026-11-01', end: '2026-11-30' },
      policy: { allowance_hours: 10, allowance_cases: 20, period: 'Monthly', start_date: '2026-01-01', end_date: null },
      timeLogs: [{ support_case: 'CASE-0001', date: '2026-11-06', hours: 12.5 }],
      targets: [{ priority: 'P3', severity: null, response_minutes: 240, resolution_minutes: 2400 }],
      cases: Array.from({ length: 45 }, (_, i) => open(i + 1)),
      visits: [],
      extraRecommendations: 'Upgrade the print server before the holidays.',
    });
    const report = {
      lang: 'en',
      company: 'Andes Software SpA',
      logo: null,
      policy: 'POL-2026-00042',
      customer: 'Pacific Foods Ltd.',
      plan: 'Gold',
      preview: false,
      kpis,
    } as const;
    const pdf = await policyReportPdf(report);
    const text = readPdf(pdf, 'policy-report-en-page1');
    // The second document reads its font metrics from the cache (server-scripts/companion/pdf/pdf.ts): same layout.
    const again = await policyReportPdf(report);
    expect(readPdf(again, 'policy-report-en-again')).toBe(text);
    for (const words of [
      'Monthly report · November 2026',
      '12.5 h of 10 h (125 %)',
      "billed at the plan's rate",
      '45 of 20 (225 %)',
      'Upgrade the print server',
      '… and 5 more open cases.',
    ])
      expect(text).toContain(words);
  });
});
