/**
 * PDFs made by the companion with pdfmake (no browser): the PDF standard fonts (Helvetica), which pdfmake reads from
 * its own package, so only those paths are allowed to be read, and no URL at all — every image arrives as data.
 */
import pdfmake from 'pdfmake';
import type { Content, DocumentDefinition } from 'pdfmake';

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

/** A section heading: Spanish, then the English in grey (the English alone when `en` is all there is). */
export const heading = (es: string, en?: string): Content => ({
  text: en
    ? [
        { text: es, bold: true },
        { text: ` / ${en}`, color: '#525252' },
      ]
    : [{ text: es, bold: true }],
  margin: [0, 10, 0, 3],
  fontSize: 11,
});
