/**
 * Host HTML (symptoms, notes, e-mails, the customer's comment) shown in the page goes through DOMPurify with an
 * allow-list: formatting tags only, no attribute but a link's href, and links only to http(s), mailto and the
 * site's own files. A hand-written cleaner was bypassed by nesting; a maintained sanitizer that parses
 * the way the browser does (mXSS, SVG/MathML, entity tricks) is not re-invented here.
 */
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

const ALLOWED_TAGS = [
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'span',
  'div',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'hr',
];

/** Where a link may point: the web, mail, or the site's own public and private files. */
export const SAFE_URL = /^(?:https?:\/\/|mailto:|\/files\/|\/private\/files\/)/i;

/** A URL from the host used as a link (attachments): kept only when it is one of the safe kinds. */
export function safeUrl(url: string | null | undefined): string | undefined {
  const u = (url ?? '').trim();
  return SAFE_URL.test(u) ? u : undefined;
}

let purifier: Purifier | null = null;
function sanitizer(): Purifier {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href !== null && !SAFE_URL.test(href.trim())) node.removeAttribute('href');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  purifier = p;
  return p;
}

export function safeHtml(html: string | null | undefined): string {
  if (!html) return '';
  const p = sanitizer();
  // DOMPurify hands back its input where the DOM lacks what it needs: show that as text, never as markup.
  if (!p.isSupported) return escapeHtml(html);
  return p.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: SAFE_URL,
  });
}

/** Plain text placed inside HTML we compose (e-mails): nothing in it is markup. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/**
 * Plain text typed in a textarea, as the HTML a Text Editor field holds: every character kept as text ("Presión
 * <2 bar" is not a tag), a blank line a new paragraph, a line break a `<br>`.
 */
export function textToHtml(text: string | null | undefined): string {
  const t = (text ?? '').replace(/\r\n?/g, '\n').trim();
  if (!t) return '';
  return t
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** A Text Editor field's HTML as the text a textarea edits: paragraphs and breaks as new lines, markup dropped. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  const marked = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)>/gi, '\n\n')
    .replace(/<li[^>]*>/gi, '• ');
  const doc = new DOMParser().parseFromString(safeHtml(marked), 'text/html');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}
