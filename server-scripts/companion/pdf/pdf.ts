/**
 * PDFs made by the companion with pdfmake (no browser): the PDF standard fonts (Helvetica), which pdfmake reads from
 * its own package, so only those paths are allowed to be read, and no URL at all — every image arrives as data.
 */
import pdfmake from 'pdfmake';
import type { DocumentDefinition } from 'pdfmake';

let ready = false;
function setUp(): void {
  if (ready) return;
  pdfmake.setFonts({
    Helvetica: {
      normal: 'Helvetica',
      bold: 'Helvetica-Bold',
      italics: 'Helvetica-Oblique',
      bolditalics: 'Helvetica-BoldOblique',
    },
  });
  pdfmake.setLocalAccessPolicy((path) => /^Helvetica/.test(path));
  pdfmake.setUrlAccessPolicy(() => false);
  ready = true;
}

export async function renderPdf(doc: DocumentDefinition): Promise<Buffer> {
  setUp();
  return pdfmake
    .createPdf({ ...doc, defaultStyle: { font: 'Helvetica', fontSize: 10, ...doc.defaultStyle } })
    .getBuffer();
}
