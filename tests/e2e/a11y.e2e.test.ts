/**
 * Every page of the app, in Spanish and English, on a desktop and a phone: an axe-core scan (WCAG 2.1 A and AA)
 * with no serious or critical violation, and a screenshot of each (tests/e2e/screenshots/, looked at by people).
 */
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, openDemo, shot, type BrowserEnv } from './browser.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SIZES = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;
interface Screen {
  id: string;
  user: string;
  lands: RegExp;
  /** Opens the screen once signed in, and waits for it. */
  open(page: Page, url: string): Promise<void>;
}

let env: BrowserEnv;
let caseName = '';
let visitName = '';
const found: { screen: string; id: string; impact: string; nodes: number; help: string; where: string[] }[] = [];

beforeAll(async () => {
  env = await openDemo();
  visitName = String(
    env.demo.site.db.get(`SELECT name FROM "tabService Visit" WHERE technician = 'camila.perez@postventa.demo' LIMIT 1`)
      ?.name,
  );
  caseName = String(
    env.demo.site.db.get(
      `SELECT name FROM "tabSupport Case" WHERE contact IS NOT NULL AND status = 'In Progress' LIMIT 1`,
    )?.name,
  );
});
afterAll(async () => {
  const serious = found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  console.log(
    `accessibility: ${SCREENS.length * 4} scans, ${serious.length} serious or critical, ${found.length - serious.length} moderate or minor (${[...new Set(found.map((f) => f.id))].join(', ') || 'none'})`,
  );
  for (const f of serious) console.log(`  ${f.screen} ${f.id}: ${f.where.join(' | ')}`);
  await env.close();
});

const desk = (path: string, testid: string) => async (page: Page, url: string) => {
  await page.goto(`${url}/postventa#${path}`);
  await page.getByTestId(testid).waitFor();
  await page.waitForLoadState('networkidle');
};
const SCREENS: Screen[] = [
  { id: 'login', user: '', lands: /login/, open: desk('/login', 'login-form') },
  { id: 'queue', user: 'ana.gonzalez@postventa.demo', lands: /#\/desk/, open: desk('/desk', 'queue-list') },
  {
    id: 'case',
    user: 'ana.gonzalez@postventa.demo',
    lands: /#\/desk/,
    open: async (page, url) => desk(`/desk/case/${caseName}`, 'contact-card')(page, url),
  },
  { id: 'new-case', user: 'ana.gonzalez@postventa.demo', lands: /#\/desk/, open: desk('/desk/new', 'new-case-form') },
  { id: 'admin', user: 'augusto.aguanti@postventa.demo', lands: /#\/desk/, open: desk('/admin', 'admin-page') },
  {
    id: 'accounts',
    user: 'hector.lara@postventa.demo',
    lands: /#\/accounts/,
    open: desk('/accounts', 'accounts-page'),
  },
  { id: 'portal', user: 'carolina.munoz@mineralosandes.cl', lands: /#\/portal/, open: desk('/portal', 'portal-home') },
  { id: 'plans', user: 'augusto.aguanti@postventa.demo', lands: /#\/desk/, open: desk('/desk/plans', 'plan-list') },
  {
    id: 'policies',
    user: 'augusto.aguanti@postventa.demo',
    lands: /#\/desk/,
    open: desk('/desk/policies', 'policies-table'),
  },
  {
    id: 'customer',
    user: 'ana.gonzalez@postventa.demo',
    lands: /#\/desk/,
    open: desk(`/desk/customer/${encodeURIComponent('Minera Los Andes Ltda.')}`, 'customer-equipment'),
  },
  { id: 'board', user: 'elena.castro@postventa.demo', lands: /#\/desk/, open: desk('/desk/board', 'board-grid') },
  { id: 'visits', user: 'camila.perez@postventa.demo', lands: /#\/desk/, open: desk('/desk/visits', 'visits-page') },
  {
    id: 'visit',
    user: 'camila.perez@postventa.demo',
    lands: /#\/desk/,
    open: async (page, url) => desk(`/desk/visit/${visitName}`, 'visit-check-in')(page, url),
  },
];

async function scan(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const results = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })",
  )) as AxeResults;
  for (const v of results.violations)
    found.push({
      screen: label,
      id: v.id,
      impact: v.impact ?? 'minor',
      nodes: v.nodes.length,
      help: v.help,
      where: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 100)}`),
    });
}

const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

describe('every page, scanned and photographed', () => {
  for (const lang of ['es', 'en'] as const)
    for (const size of Object.keys(SIZES) as Size[])
      it(`${lang} · ${size}: no serious or critical accessibility violation`, async () => {
        for (const screen of SCREENS) {
          // Each user signs in through the login page once per language; later screens reuse that session.
          const key = `${screen.user ?? ''}|${lang}`;
          const session = screen.user ? sessions.get(key) : undefined;
          const context = await env.browser.newContext({
            viewport: SIZES[size],
            locale: lang === 'es' ? 'es-CL' : 'en-US',
            ...(session ? { storageState: session } : {}),
          });
          if (lang === 'en') await context.addInitScript("localStorage.setItem('pv-locale', 'en')");
          const page = await context.newPage();
          if (screen.user && !session) {
            await login(env, screen.user, page, screen.lands);
            sessions.set(key, await context.storageState());
          }
          await screen.open(page, env.demo.url);
          const label = `${screen.id}-${lang}-${size}`;
          await shot(page, `a11y-${label}`);
          await scan(page, label);
          await context.close();
        }
        const serious = found.filter(
          (f) => f.screen.includes(`-${lang}-${size}`) && (f.impact === 'serious' || f.impact === 'critical'),
        );
        expect(serious).toEqual([]);
      });
});
