/**
 * The visit's service report (issue 15): what was done, the technician's recommendations, the supplies used, the
 * photos, check-in and check-out times, and the customer's signature with their name — a PDF attached to the visit
 * and mailed to the customer's contact. Spanish first with the English beneath each heading.
 */
import type { Content, DocumentDefinition } from 'pdfmake';
import { plainText } from '../../../domain/text/plain.ts';
import { heading, renderPdf } from './pdf.ts';

export interface VisitReport {
  company: string;
  visit: string;
  customer: string;
  caseName: string | null;
  caseSubject: string | null;
  serial: string | null;
  location: string | null;
  technician: string | null;
  started: string | null;
  finished: string | null;
  workDone: string;
  recommendations: string;
  supplies: { item: string; qty: number; serial: string | null }[];
  /** Data URLs (JPEG/PNG) with their captions. */
  photos: { data: string; caption: string | null }[];
  signature: string | null;
  signedBy: string | null;
  signedOn: string | null;
}

export function visitReportDefinition(r: VisitReport): DocumentDefinition {
  const facts: [string, string][] = [
    ['Cliente / Customer', r.customer],
    ['Caso / Case', [r.caseName, r.caseSubject].filter(Boolean).join(' · ') || '—'],
    ['Equipo / Equipment', r.serial ?? '—'],
    ['Lugar / Place', r.location ?? '—'],
    ['Técnico / Technician', r.technician ?? '—'],
    ['Llegada / Check-in', r.started ?? '—'],
    ['Salida / Check-out', r.finished ?? '—'],
  ];
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 40],
    info: { title: `Informe de servicio ${r.visit}` },
    content: [
      { text: r.company, fontSize: 9, color: '#525252' },
      { text: `Informe de servicio ${r.visit}`, fontSize: 16, bold: true, margin: [0, 2, 0, 0] },
      { text: 'Service report', color: '#525252', margin: [0, 0, 0, 8] },
      {
        table: { widths: [130, '*'], body: facts.map(([k, v]) => [{ text: k, bold: true }, v]) },
        layout: 'lightHorizontalLines',
      },
      heading('Trabajo realizado', 'Work done'),
      { text: plainText(r.workDone) || '—' },
      heading('Recomendaciones técnicas', 'Technical recommendations'),
      { text: plainText(r.recommendations) || '—' },
      heading('Insumos utilizados', 'Supplies used'),
      r.supplies.length
        ? {
            table: {
              headerRows: 1,
              widths: ['*', 60, 120],
              body: [
                [
                  { text: 'Artículo / Item', bold: true },
                  { text: 'Cant. / Qty', bold: true },
                  { text: 'Serie / Serial', bold: true },
                ],
                ...r.supplies.map((s) => [s.item, String(s.qty), s.serial ?? '—']),
              ],
            },
            layout: 'lightHorizontalLines',
          }
        : { text: '—' },
      ...(r.photos.length
        ? [
            heading('Fotos', 'Photos'),
            {
              columns: r.photos.slice(0, 3).map((p) => ({
                stack: [
                  { image: p.data, fit: [160, 120] as [number, number] },
                  { text: p.caption ?? '', fontSize: 8 },
                ],
              })),
              columnGap: 10,
            } as Content,
            ...r.photos.slice(3).map(
              (p) =>
                ({
                  stack: [
                    { image: p.data, fit: [160, 120] as [number, number] },
                    { text: p.caption ?? '', fontSize: 8 },
                  ],
                }) as Content,
            ),
          ]
        : []),
      heading('Conformidad del cliente', 'Customer sign-off'),
      r.signature
        ? {
            stack: [
              { image: r.signature, fit: [220, 90] as [number, number] },
              { text: `${r.signedBy ?? ''} · ${r.signedOn ?? ''}` },
            ],
          }
        : { text: 'Sin firma del cliente. / Not signed by the customer.', italics: true },
    ],
  };
}

export const visitReportPdf = (r: VisitReport): Promise<Buffer> => renderPdf(visitReportDefinition(r));
