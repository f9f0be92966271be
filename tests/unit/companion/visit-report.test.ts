/**
 * The visit's service report as a PDF (issue 15): rendered by pdfmake with the signature and a photo, page 1 turned
 * into a PNG with pdftoppm (tests/e2e/screenshots/visit-report-page1.png, looked at), and its text read back.
 */
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../support/pdf.ts';
import { plainText } from '../../../domain/text/plain.ts';
import { visitReportPdf } from '../../../server-scripts/companion/pdf/visit-report.ts';

// A 2×1 PNG (one black, one white pixel), enough to prove an image is embedded.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAAAAAA6fptVAAAADUlEQVR4nGNgYGD4DwABBAEAgLvRWwAAAABJRU5ErkJggg==';

describe('the visit service report', () => {
  it('has the work, recommendations, supplies, times and the signature, on A4', async () => {
    const pdf = await visitReportPdf({
      company: 'Servicios Técnicos Andes SpA',
      visit: 'VIS-2026-00001',
      customer: 'Minera Los Andes Ltda.',
      caseName: 'CASO-2026-00001',
      caseSubject: 'Compresor se detiene con alarma de temperatura',
      serial: 'CT-15-CL-0001',
      location: 'Faena Los Bronces, sala de compresores',
      technician: 'Camila Pérez',
      started: '24-11-2026 09:05',
      finished: '24-11-2026 10:40',
      workDone:
        '<p>Cambio de filtro de aceite y limpieza del intercambiador.</p><p>Prueba de carga: 40 min sin alarma.</p>',
      recommendations: 'Revisar la ventilación de la sala &amp; el termostato.',
      supplies: [{ item: 'FA-15 · Filtro de aceite', qty: 1, serial: null }],
      photos: [{ data: PNG, caption: 'Intercambiador limpio' }],
      signature: PNG,
      signedBy: 'Carolina Muñoz',
      signedOn: '24-11-2026 10:38',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = readPdf(pdf, 'visit-report-page1');
    for (const words of [
      'Informe de servicio VIS-2026-00001',
      'Cambio de filtro de aceite',
      'Carolina Muñoz',
      'FA-15',
      '09:05',
    ])
      expect(text).toContain(words);
    expect(text).toContain('ventilación de la sala & el termostato');
    expect(pdf.length).toBeGreaterThan(2000);
  });

  it('reads a Text Editor field as text: tags gone, entities read, paragraphs kept', () => {
    expect(plainText('<p>a &lt;b&gt;</p><p>c<br>d</p><script>x</script>')).toBe('a <b>\nc\nd\nx');
  });
});
