/**
 * Published Web Pages by route, rendered as a real Frappe 15.75 site renders them (docs/host-contract.md, "Web
 * Page"): inside the website template — navbar, breadcrumbs, footer, the website stylesheet (with Bootstrap's
 * `.hidden{display:none!important}`), the page's own HTML nested in `<article class="web-page-content">` — with the
 * page's CSS when `insert_style` is on and its script last. With `dynamic_template`, `{{ frappe.session.csrf_token }}`
 * gives the session's token only once the session has opened `/app` (which creates it), else "None".
 */
import type { Caller } from '../auth/sessions.ts';
import { notFound } from '../errors.ts';
import type { RequestContext } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const WEBSITE_CSS = [
  'body{margin:0;font-family:sans-serif}',
  '.hidden{display:none!important}',
  '.navbar{display:flex;gap:1rem;padding:.75rem 1rem;border-bottom:1px solid #ddd;background:#fafafa}',
  '.page-breadcrumbs{padding:.5rem 1rem;font-size:.85rem;color:#666}',
  '.web-footer{margin-top:2rem;padding:1rem;border-top:1px solid #ddd;color:#666}',
  '.container{max-width:960px;margin:0 auto;padding:0 1rem}',
].join('');

const html = (body: string): Response =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });

/** `/app`: the desk boot creates the session's CSRF token (from then on writes must send it). */
function renderDesk(site: Kernel, ctx: RequestContext, caller: Caller): Response {
  const token = caller.session ? site.sessions.csrfToken(caller.session) : 'None';
  return html(
    `<!doctype html><meta charset="utf-8"><title>Frappe dev host</title><script>frappe = { csrf_token: "${token}" };</script><h1>Desk</h1><p>${escapeHtml(ctx.user)}</p>`,
  );
}

/**
 * `/update-password?key=…`: Frappe's own page where a reset or invitation link lands; the new password is posted to
 * `update_password` with the key and the browser goes where the answer says (the user's `redirect_url`).
 */
function renderUpdatePassword(): Response {
  return html(`<!doctype html><meta charset="utf-8"><title>Set Password</title><style>${WEBSITE_CSS}</style>
<div class="container"><h1>Set Password</h1><form id="f">
<label>New Password <input type="password" name="new_password" autocomplete="new-password" required></label>
<label>Confirm Password <input type="password" name="confirm_password" autocomplete="new-password" required></label>
<button type="submit">Confirm</button><p id="msg" role="alert"></p></form></div>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  if (f.new_password.value !== f.confirm_password.value) { document.getElementById('msg').textContent = 'Passwords do not match'; return; }
  const key = new URLSearchParams(location.search).get('key') || '';
  const r = await fetch('/api/method/frappe.core.doctype.user.user.update_password', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, new_password: f.new_password.value }) });
  const body = await r.json();
  if (r.ok) location.href = body.message; else document.getElementById('msg').textContent = body.message;
});
</script>`);
}

export function renderWebPage(site: Kernel, ctx: RequestContext, caller: Caller, path: string): Response {
  const route = path.replace(/^\/+|\/+$/g, '');
  if (route === 'app' || route.startsWith('app/')) return renderDesk(site, ctx, caller);
  if (route === 'update-password') return renderUpdatePassword();
  const page = site.db.get('SELECT * FROM "tabWeb Page" WHERE route = ? AND published = 1', [route]);
  if (!page) {
    if (route === '')
      return html(
        `<!doctype html><meta charset="utf-8"><title>Frappe dev host</title><h1>Postventa dev host</h1><p>Frappe 15 compatible REST API at <code>/api</code>.</p>`,
      );
    throw notFound('Page', route);
  }
  const type = String(page.content_type ?? 'Rich Text');
  let content = String(
    (type === 'HTML' ? page.main_section_html : type === 'Markdown' ? page.main_section_md : page.main_section) ?? '',
  );
  if (Number(page.dynamic_template ?? 0)) {
    const csrf = caller.session?.csrfToken ?? 'None';
    content = content
      .replace(/\{\{\s*frappe\.session\.csrf_token\s*\}\}/g, csrf)
      .replace(/\{\{\s*frappe\.session\.user\s*\}\}/g, escapeHtml(ctx.user));
  }
  const title = escapeHtml(String(page.title ?? ''));
  const header = Number(page.show_title ?? 0) && !content.includes('<!-- no-header -->') ? `<h1>${title}</h1>` : '';
  const crumbs = content.includes('<!-- no-breadcrumbs -->')
    ? ''
    : `<div class="page-breadcrumbs"><a href="/">Home</a> / ${title}</div>`;
  const style = Number(page.insert_style ?? 0) && page.css ? `<style>${String(page.css)}</style>` : '';
  const user =
    ctx.user === 'Guest' ? '<a href="/login">Login</a>' : `<span class="navbar-user">${escapeHtml(ctx.user)}</span>`;
  return html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${WEBSITE_CSS}</style>${style}</head>` +
      `<body><nav class="navbar navbar-light"><a class="navbar-brand" href="/">Frappe dev host</a>${user}</nav>` +
      `<main class="container page-container">${crumbs}<div class="page-content-wrapper"><div class="page_content">${header}` +
      `<article class="web-page-content${Number(page.full_width ?? 0) ? ' full-width' : ''}">${content}</article></div></div></main>` +
      `<footer class="web-footer"><div class="container">Powered by ERPNext · dev host</div></footer>` +
      `${page.javascript ? `<script>${String(page.javascript)}</script>` : ''}</body></html>`,
  );
}
