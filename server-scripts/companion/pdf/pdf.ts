/**
 * PDFs made by the companion with pdfmake (no browser): the PDF standard fonts (Helvetica), which pdfmake reads from
 * its own package, so only those paths are allowed to be read, and no URL at all — every image arrives as data.
 */
import pdfmake from 'pdfmake';
import PDFDocument, { type AfmFont } from 'pdfkit';
import type { Content, DocumentDefinition } from 'pdfmake';

/**
 * PDFKit reads and parses a standard font's AFM metrics (≈ 70 KB of text, a few milliseconds) for every document it
 * makes; a monthly run makes hundreds. The metrics never change, so the parse is kept once per font file: the
 * parser (the class of a standard font's metrics) answers from the cache for the same contents. The objects are
 * only read after parsing (widths, kerning), so documents can share them.
 */
function cacheFontMetrics(): void {
  const probe = new PDFDocument({ autoFirstPage: false }).font('Helvetica');
  const proto = Object.getPrototypeOf(probe._font.font) as AfmFont;
  const parse = proto.parse;
  const parsed = new Map<string, Pick<AfmFont, 'attributes' | 'glyphWidths' | 'boundingBoxes' | 'kernPairs'>>();
  proto.parse = function cachedParse(this: AfmFont, contents: string): void {
    const hit = parsed.get(contents);
    if (hit) {
      Object.assign(this, hit);
      return;
    }
    parse.call(this, contents);
    const { attributes, glyphWidths, boundingBoxes, kernPairs } = this;
    parsed.set(contents, { attributes, glyphWidths, boundingBoxes, kernPairs });
  };
}

let ready = false;
function setUp(): void {
  if (ready) return;
  cacheFontMetrics();
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
