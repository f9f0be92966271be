/**
 * The monthly report of a póliza as a PDF (seed 000, phase 3; issue 15): the company's name and logo, the month's
 * consumption against the allowance as bars, cases by priority and severity, SLA compliance and the average times
 * against the targets, incidents by product, module and type, the visits done, the technicians' recommendations and
 * what is still open. The figures are domain/reports/monthly.ts's; here they are only laid out, in the customer's
 * language (Spanish unless it is English).
 */
import { DateTime } from 'luxon';
import type { Content, DocumentDefinition } from 'pdfmake';
import type { CountRow, MonthlyKpis, Tally } from '../../../domain/reports/monthly.ts';
import { heading, renderPdf } from './pdf.ts';
import { LABELS, type Lang } from './policy-report-labels.ts';

export interface PolicyReportDoc {
  lang: Lang;
  company: string;
  /** A data URL (PNG or JPEG), or null. */
  logo: string | null;
  policy: string;
  customer: string;
  plan: string | null;
  /** "Preview" when the month is not over. */
  preview: boolean;
  kpis: MonthlyKpis;
}

const GREY = '#525252';
const BAR_WIDTH = 300;

const TAG: Record<Lang, string> = { es: 'es-CL', en: 'en-US' };
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
/** Intl formats are costly to make and a report uses a few dozen numbers: one per language and kind, kept. */
function format<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  const known = formats.get(key) as T | undefined;
  if (known) return known;
  const made = make();
  formats.set(key, made);
  return made;
}

function fmt(lang: Lang): (n: number | null, digits?: number) => string {
  return (n, digits = 1) =>
    n === null
      ? '—'
      : format(`n|${lang}|${digits}`, () => new Intl.NumberFormat(TAG[lang], { maximumFractionDigits: digits })).format(
          n,
        );
}

/** A horizontal bar: the share used, green below 80 %, amber to 100 %, red beyond. */
function bar(share: number | null): Content {
  const used = Math.max(0, share ?? 0);
  const color = used >= 1 ? '#b91c1c' : used >= 0.8 ? '#b45309' : '#15803d';
  return {
    canvas: [
      { type: 'rect', x: 0, y: 0, w: BAR_WIDTH, h: 12, r: 3, color: '#e5e7eb' },
      { type: 'rect', x: 0, y: 0, w: Math.max(1, BAR_WIDTH * Math.min(1, used)), h: 12, r: 3, color },
    ],
    margin: [0, 2, 0, 6],
  };
}

const table = (head: string[], body: (string | number)[][], widths: (number | string)[]): Content =>
  body.length
    ? {
        table: {
          headerRows: 1,
          widths,
          body: [head.map((h) => ({ text: h, bold: true })), ...body.map((r) => r.map((c) => String(c)))],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 0, 0, 4],
      }
    : { text: '—', color: GREY };

function usage(r: PolicyReportDoc): Content[] {
  const L = LABELS[r.lang];
  const n = fmt(r.lang);
  const u = r.kpis.usage;
  const line = (label: string, used: number, cap: number, share: number | null, unit: string): Content[] => [
    {
      text: [
        { text: `${label}: `, bold: true },
        cap > 0
          ? `${n(used, 2)}${unit} ${L.of} ${n(cap, 2)}${unit} (${n((share ?? 0) * 100, 0)} %)`
          : `${n(used, 2)}${unit} · ${L.notIncluded}`,
      ],
    },
    ...(cap > 0 ? [bar(share)] : []),
  ];
  return [
    heading(L.usage),
    {
      text: `${L.thisMonth}: ${n(u.monthHours, 2)} h · ${u.monthCases} ${L.casesWord}`,
      margin: [0, 0, 0, 4],
    },
    {
      text: `${L.periodLabel(u.period)}${u.periodStart ? ` ${L.since} ${day(u.periodStart, r.lang)}` : ''}`,
      color: GREY,
    },
    ...line(L.hours, u.periodHours, u.allowanceHours, u.hoursShare, ' h'),
    ...line(L.cases, u.periodCases, u.allowanceCases, u.casesShare, ''),
    ...((u.hoursShare ?? 0) >= 1 || (u.casesShare ?? 0) >= 1 ? [{ text: L.beyond, italics: true } as Content] : []),
  ];
}

const day = (iso: string | null, lang: Lang): string =>
  iso
    ? (DateTime.fromISO(iso)
        .setLocale(lang === 'es' ? 'es-CL' : 'en-US')
        .toFormat('d LLL yyyy') ?? iso)
    : '—';

function cases(r: PolicyReportDoc): Content[] {
  const L = LABELS[r.lang];
  const rows = (list: Tally[]): (string | number)[][] => list.map((t) => [t.key, t.opened, t.resolved]);
  return [
    heading(L.casesTitle),
    { text: `${L.opened}: ${r.kpis.opened} · ${L.resolved}: ${r.kpis.resolved}`, margin: [0, 0, 0, 4] },
    {
      columns: [
        table([L.priority, L.opened, L.resolved], rows(r.kpis.byPriority), ['*', 50, 55]),
        table([L.severity, L.opened, L.resolved], rows(r.kpis.bySeverity), ['*', 50, 55]),
      ],
      columnGap: 16,
    },
  ];
}

function sla(r: PolicyReportDoc): Content[] {
  const L = LABELS[r.lang];
  const n = fmt(r.lang);
  const s = r.kpis.sla;
  const vs = (avg: number | null, target: number | null): string =>
    avg === null ? '—' : `${n(avg)} h${target === null ? '' : ` (${L.target} ${n(target)} h)`}`;
  return [
    heading(L.slaTitle),
    {
      columns: [
        { stack: [{ text: s.compliance === null ? '—' : `${n(s.compliance)} %`, fontSize: 22, bold: true }] },
        {
          stack: [
            { text: s.measured ? L.compliance(s.met, s.measured) : L.nothingMeasured },
            { text: `${L.firstResponse}: ${vs(s.avgResponseHours, s.targetResponseHours)}` },
            { text: `${L.resolution}: ${vs(s.avgResolutionHours, s.targetResolutionHours)}` },
            { text: L.businessHours, fontSize: 8, color: GREY },
          ],
          width: '*',
        },
      ],
      columnGap: 12,
      margin: [0, 0, 0, 4],
    },
    table(
      [L.priority, L.firstResponse, L.target, L.resolution, L.target],
      s.byPriority.map((p) => [
        p.priority,
        p.responded ? `${n(p.avgResponseHours)} h (${p.responded})` : '—',
        p.targetResponseHours === null ? '—' : `${n(p.targetResponseHours)} h`,
        p.resolved ? `${n(p.avgResolutionHours)} h (${p.resolved})` : '—',
        p.targetResolutionHours === null ? '—' : `${n(p.targetResolutionHours)} h`,
      ]),
      [50, '*', 60, '*', 60],
    ),
  ];
}

function incidents(r: PolicyReportDoc): Content[] {
  const L = LABELS[r.lang];
  const rows = (list: CountRow[], name = (k: string): string => k): (string | number)[][] =>
    list.slice(0, 8).map((c) => [name(c.key), c.count]);
  return [
    heading(L.incidents),
    {
      columns: [
        table([L.product, '#'], rows(r.kpis.byProduct), ['*', 25]),
        table([L.module, '#'], rows(r.kpis.byModule), ['*', 25]),
        table([L.type, '#'], rows(r.kpis.byType, L.typeName), ['*', 25]),
      ],
      columnGap: 12,
    },
  ];
}

function followUp(r: PolicyReportDoc): Content[] {
  const L = LABELS[r.lang];
  const k = r.kpis;
  return [
    heading(L.visits),
    table(
      [L.date, L.visit, L.technician, L.equipment],
      k.visits.map((v) => [day(v.date, r.lang), v.name, v.technician ?? '—', v.serial ?? '—']),
      [70, 90, '*', 90],
    ),
    heading(L.recommendations),
    k.recommendations.length
      ? {
          ul: k.recommendations.map((x) => ({
            text: [
              { text: x.source === 'report' ? '' : `${x.source} · ${day(x.date, r.lang)}: `, color: GREY },
              x.text,
            ],
          })),
        }
      : { text: '—', color: GREY },
    heading(L.open),
    table(
      [L.case, L.subject, L.status, L.priority, L.received],
      k.open
        .slice(0, 40)
        .map((o) => [o.name, o.subject ?? '', L.statusName(o.status), o.priority ?? '—', day(o.received, r.lang)]),
      [80, '*', 75, 45, 65],
    ),
    ...(k.open.length > 40 ? [{ text: L.more(k.open.length - 40), color: GREY } as Content] : []),
  ];
}

export function policyReportDefinition(r: PolicyReportDoc): DocumentDefinition {
  const L = LABELS[r.lang];
  const month = DateTime.fromISO(r.kpis.month.start).setLocale(TAG[r.lang]).toFormat('LLLL yyyy');
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    info: { title: `${L.title} ${r.policy} ${r.kpis.month.start.slice(0, 7)}` },
    footer: (page, pages) => ({
      text: `${r.company} · ${r.policy} · ${page} / ${pages}`,
      alignment: 'center',
      fontSize: 8,
      color: GREY,
    }),
    content: [
      {
        columns: [
          r.logo ? { image: r.logo, fit: [110, 45] as [number, number], width: 120 } : { text: '', width: 0 },
          {
            stack: [
              { text: r.company, fontSize: 9, color: GREY },
              { text: `${L.title} · ${month}`, fontSize: 16, bold: true },
              { text: `${r.customer} · ${L.policy} ${r.policy}${r.plan ? ` (${r.plan})` : ''}` },
              ...(r.preview ? [{ text: L.preview, color: '#b45309', bold: true } as Content] : []),
            ],
            width: '*',
          },
        ],
        columnGap: 12,
        margin: [0, 0, 0, 6],
      },
      ...usage(r),
      ...cases(r),
      ...sla(r),
      ...incidents(r),
      ...followUp(r),
    ],
  };
}

export const policyReportPdf = (r: PolicyReportDoc): Promise<Buffer> => renderPdf(policyReportDefinition(r));
