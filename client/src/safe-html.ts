/**
 * Host HTML (symptoms, notes, e-mails) shown in the page: parsed inertly, only formatting tags kept, every attribute
 * dropped except http(s)/mailto links. What the host sanitised once is not trusted twice.
 */
const KEEP = new Set([
  'P',
  'BR',
  'B',
  'STRONG',
  'I',
  'EM',
  'U',
  'S',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'CODE',
  'A',
  'H1',
  'H2',
  'H3',
  'H4',
  'SPAN',
  'DIV',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TD',
  'TH',
  'HR',
]);

function clean(node: Element): void {
  for (const child of [...node.children]) {
    if (!KEEP.has(child.tagName)) {
      if (['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE'].includes(child.tagName)) child.remove();
      else child.replaceWith(...child.childNodes);
      continue;
    }
    for (const attr of [...child.attributes]) {
      const keep = child.tagName === 'A' && attr.name === 'href' && /^(https?:|mailto:)/i.test(attr.value.trim());
      if (!keep) child.removeAttribute(attr.name);
    }
    if (child.tagName === 'A') child.setAttribute('rel', 'noopener noreferrer');
    clean(child);
  }
}

export function safeHtml(html: string | null | undefined): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  const root = doc.body.firstElementChild;
  if (!root) return '';
  // Unwrapped children may bring their own disallowed descendants: clean until stable (bounded).
  for (let i = 0; i < 5; i++) {
    const before = root.innerHTML;
    clean(root);
    if (root.innerHTML === before) break;
  }
  return root.innerHTML;
}

/** Plain text placed inside HTML we compose (e-mails): nothing in it is markup. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
