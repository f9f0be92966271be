/**
 * A PDF as a person checks it: page 1 turned into a PNG with poppler's pdftoppm (under tests/e2e/screenshots/, to be
 * looked at), and its text read back with pdftotext in reading layout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function readPdf(pdf: Uint8Array, page1Png: string, dpi = 60): string {
  const dir = mkdtempSync(join(tmpdir(), 'pv-pdf-'));
  const file = join(dir, 'r.pdf');
  writeFileSync(file, pdf);
  const out = `tests/e2e/screenshots/${page1Png}`;
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, out]);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}
