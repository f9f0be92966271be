/**
 * The part of pdfmake 0.3's Node API the companion uses. @types/pdfmake pulls the DOM library into every file of
 * the project (`/// <reference lib="dom" />`), which breaks the Node-only code, so this small declaration stands in.
 */
declare module 'pdfmake' {
  export type Content = string | Content[] | { [key: string]: unknown };
  export interface DocumentDefinition {
    content: Content[];
    pageSize?: string;
    pageMargins?: [number, number, number, number];
    info?: { title?: string; author?: string };
    defaultStyle?: { font?: string; fontSize?: number };
    footer?: (page: number, pages: number) => Content;
  }
  interface CreatedPdf {
    getBuffer(): Promise<Buffer>;
  }
  interface FontFamily {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }
  const pdfmake: {
    createPdf(doc: DocumentDefinition): CreatedPdf;
    setFonts(fonts: Record<string, FontFamily>): void;
    setLocalAccessPolicy(allow: (path: string) => boolean): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
  };
  export default pdfmake;
}

/** The part of PDFKit 0.19 (pdfmake's engine) the companion reaches: a document and its current font. */
declare module 'pdfkit' {
  interface AfmMetrics {
    attributes: Record<string, unknown>;
    glyphWidths: Record<string, number>;
    boundingBoxes: Record<string, unknown>;
    kernPairs: Record<string, number>;
  }
  export interface AfmFont extends AfmMetrics {
    parse(contents: string): void;
  }
  export default class PDFDocument {
    constructor(options?: { autoFirstPage?: boolean });
    font(name: string): this;
    /** The current font; a standard font keeps its parsed AFM metrics in `font`. */
    _font: { font: AfmFont };
  }
}
