/**
 * The demo in a temporary folder plus a Chromium page (docs/conventions.md): what every browser test starts from.
 * Requests the page makes are counted per screen, so tests can hold the "first screen in ≤ 3 requests" line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemo, type Demo } from '../../scripts/demo/run.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserEnv {
  demo: Demo;
  browser: Browser;
  page: Page;
  /** `/api/…` requests since the last reset. */
  apiRequests: string[];
  close(): Promise<void>;
}

/** `clock`: the demo's site and companion clock, for tests that move time forward (real time by default). */
export async function openDemo(opts: { clock?: () => Date; history?: boolean } = {}): Promise<BrowserEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pv-e2e-'));
  const port = 20_000 + 2 * Math.floor(Math.random() * 10_000);
  const demo = await startDemo({
    port,
    dataDir,
    password: 'demo',
    sweepSeconds: 3600,
    log: () => undefined,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.history ? { history: true } : {}),
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' });
  const page = await context.newPage();
  const apiRequests: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) apiRequests.push(`${r.method()} ${u.pathname}`);
  });
  return {
    demo,
    browser,
    page,
    apiRequests,
    close: async () => {
      await browser.close();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login page and waits for the user's home (the desk for staff; `lands` for others). */
export async function login(
  env: BrowserEnv,
  user: string,
  page: Page = env.page,
  lands: RegExp = /#\/desk/,
): Promise<void> {
  await page.goto(`${env.demo.url}/postventa#/login`);
  await page.fill('input[name=usr]', user);
  await page.fill('input[name=pwd]', 'demo');
  await page.click('button[type=submit]');
  await page.waitForURL(lands);
}

export const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: `tests/e2e/screenshots/${name}.png`, fullPage: true });

/**
 * A request from the signed-in page, with the session's CSRF token, as the SPA sends it: what a user of that role
 * can do with the host's REST API directly, past any screen.
 */
export const hostRequest = (
  page: Page,
  verb: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: object,
): Promise<{ status: number; text: string; body: Record<string, unknown> }> =>
  page.evaluate(`(async () => {
    const boot = await (await fetch('/api/method/postventa.session.boot')).json();
    const r = await fetch(${JSON.stringify(path)}, {
      method: ${JSON.stringify(verb)},
      headers: { 'content-type': 'application/json', 'x-frappe-csrf-token': boot.message.csrf_token },
      ${body === undefined ? '' : `body: ${JSON.stringify(JSON.stringify(body))},`}
    });
    const text = await r.text();
    let json = {};
    try { json = JSON.parse(text); } catch {}
    return { status: r.status, text, body: json };
  })()`);
