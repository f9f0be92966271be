/**
 * Published Web Pages by route (HOST-FACTS §10): with `dynamic_template`, `{{ frappe.session.csrf_token }}` becomes the
 * session's CSRF token (created on first render, which switches CSRF checks on) or "None" without a session, and
 * `{{ frappe.session.user }}` the user.
 */
import type { Caller } from '../auth/sessions.ts';
import { notFound } from '../errors.ts';
import type { RequestContext } from '../model/types.ts';
import type { DevHost } from '../site.ts';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderWebPage(site: DevHost, ctx: RequestContext, caller: Caller, path: string): Response {
  const route = path.replace(/^\/+|\/+$/g, '');
  const page = site.db.get('SELECT * FROM "tabWeb Page" WHERE route = ? AND published = 1', [route]);
  if (!page) {
    if (route === '' || route === 'app')
      return new Response(
        `<!doctype html><meta charset="utf-8"><title>Frappe dev host</title><h1>Postventa dev host</h1><p>Frappe 15 compatible REST API at <code>/api</code>.</p>`,
        { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    throw notFound('Page', route);
  }
  const type = String(page.content_type ?? 'Rich Text');
  let content = String(
    (type === 'HTML' ? page.main_section_html : type === 'Markdown' ? page.main_section_md : page.main_section) ?? '',
  );
  if (Number(page.dynamic_template ?? 0)) {
    const csrf = caller.session ? site.sessions.csrfToken(caller.session) : 'None';
    content = content
      .replace(/\{\{\s*frappe\.session\.csrf_token\s*\}\}/g, csrf)
      .replace(/\{\{\s*frappe\.session\.user\s*\}\}/g, escapeHtml(ctx.user));
  }
  const isFullDocument = /^\s*<!doctype html/i.test(content);
  const html = isFullDocument
    ? content
    : `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(String(page.title ?? ''))}</title>${page.css ? `<style>${String(page.css)}</style>` : ''}</head><body>${content}${page.javascript ? `<script>${String(page.javascript)}</script>` : ''}</body></html>`;
  return new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
