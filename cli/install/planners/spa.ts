/** The single-page app: its files uploaded and the Web Page that serves it. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Manifest } from '../../manifest.schema.ts';
import { AnyDoc, type HostClient } from '../../../host-client/client.ts';
import { diffKeys } from '../compare.ts';
import { upsert, type Action, type Planning, type Rec } from '../planning.ts';

/** The SPA: assets as public Files, and the Web Page that boots it with the session's CSRF token (docs/host-contract.md). */
export async function planSpa(p: Planning): Promise<Action[]> {
  const { client, manifest, opts } = p;
  const actions: Action[] = [];
  const dist = join(opts.root, manifest.webPage.assetsDir);
  if (!existsSync(join(dist, manifest.webPage.entry))) {
    actions.push({
      kind: 'web page',
      name: `/${manifest.webPage.route}`,
      op: 'skip',
      detail: `client not built (${manifest.webPage.assetsDir}/${manifest.webPage.entry} missing)`,
    });
  } else {
    actions.push(...(await planWebPage(client, manifest, dist)));
  }
  return actions;
}

/** Every file the build made except the entry page, relative to the build folder. */
function builtFiles(dist: string, entry: string): string[] {
  const walk = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
  return walk(dist).filter((f) => f !== entry);
}

/** One built file as a public File: uploaded unless a File of that (content-hashed) name is already there. */
async function planAsset(client: HostClient, dist: string, rel: string): Promise<{ action: Action; url: string }> {
  const bytes = readFileSync(join(dist, rel));
  // Vite already names its output `pv-<name>-<contenthash>`, and chunks import each other by those names under
  // /files/, so they are uploaded as they are; anything else gets a content hash so a changed file is a new File.
  const fileName = /^pv-.+-[\w-]{8}\.\w+$/.test(basename(rel))
    ? basename(rel)
    : `pv-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}-${basename(rel)}`;
  const existing = await client.list(
    'File',
    {
      fields: ['name'],
      filters: [
        ['file_name', '=', fileName],
        ['is_private', '=', 0],
      ],
      orderBy: 'creation asc',
      pageSize: 1,
    },
    AnyDoc,
  );
  const upload = async (): Promise<void> => {
    const form = new FormData();
    form.set('file', new Blob([bytes]), fileName);
    form.set('is_private', '0');
    form.set('folder', 'Home');
    await client.uploadFile(form);
  };
  const action: Action = existing.length
    ? { kind: 'asset', name: rel, op: 'unchanged' }
    : { kind: 'asset', name: rel, op: 'create', detail: fileName, run: upload };
  return { action, url: `/files/${fileName}` };
}

/** The entry page with asset paths pointing at their Files and the site's zone as the app's first guess. */
async function entryHtml(client: HostClient, dist: string, entry: string, urls: Map<string, string>): Promise<string> {
  let html = readFileSync(join(dist, entry), 'utf8');
  for (const [rel, url] of urls)
    if (!html.includes(url)) html = html.split(`./${rel}`).join(url).split(`/${rel}`).join(url);
  // Frappe datetimes are naive wall-clock in the site's zone; the client converts with it (re-install if it changes).
  const system = await client.getDoc('System Settings', 'System Settings', AnyDoc).catch(() => ({}) as Rec);
  const zone = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(String(system.time_zone ?? ''))
    ? String(system.time_zone)
    : 'UTC';
  // The session (user, CSRF token) is read by the app from postventa.session.boot: a Web Page renders the token as
  // "None" until the session opens /app, and /app replaces it later. The zone here is only the first guess.
  html = html.replace('</head>', `<script>window.postventa_zone = "${zone}";</script></head>`);
  return `<!-- no-breadcrumbs --><!-- no-header -->${html}`;
}

export async function planWebPage(client: HostClient, manifest: Manifest, dist: string): Promise<Action[]> {
  const actions: Action[] = [];
  const urls = new Map<string, string>();
  for (const rel of builtFiles(dist, manifest.webPage.entry)) {
    const { action, url } = await planAsset(client, dist, rel);
    actions.push(action);
    urls.set(rel, url);
  }
  const route = manifest.webPage.route;
  const body: Rec = {
    title: manifest.webPage.title,
    route,
    published: 1,
    content_type: 'HTML',
    dynamic_template: 0,
    show_title: 0,
    full_width: 1,
    main_section_html: await entryHtml(client, dist, manifest.webPage.entry, urls),
  };
  const site = await client.list(
    'Web Page',
    {
      fields: ['name', 'title', 'published', 'dynamic_template', 'main_section_html'],
      filters: [['route', '=', route]],
      orderBy: 'creation asc',
      pageSize: 1,
    },
    AnyDoc,
  );
  const current = site[0];
  const diff = current ? diffKeys(body, current, ['title', 'published', 'dynamic_template', 'main_section_html']) : [];
  actions.push(
    upsert('web page', `/${route}`, current, diff, {
      create: () => client.insert('Web Page', body, AnyDoc),
      update: () => client.update('Web Page', String(current?.name), body, AnyDoc),
    }),
  );
  return actions;
}
