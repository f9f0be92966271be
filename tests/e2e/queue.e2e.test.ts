/**
 * The queue finds every case: resolved, closed and all views with their counts, a search across all
 * cases by number, subject, customer or serial, and "most urgent first" by the companion's sort key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, openDemo, shot, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
let closed = { name: '', serial: '' };

beforeAll(async () => {
  env = await openDemo();
  const site = env.demo.site;
  const row = site.db.get(
    `SELECT name, serial_no FROM "tabSupport Case" WHERE serial_no IS NOT NULL AND serial_no != '' AND status = 'Open' ORDER BY name LIMIT 1`,
  );
  closed = { name: String(row?.name), serial: String(row?.serial_no) };
  // Test setup straight in the table: the case ends Closed as if worked to the end.
  site.db.run(`UPDATE "tabSupport Case" SET status = 'Closed', sla_sort_key = '3|P3S3' WHERE name = ?`, [closed.name]);
  await login(env, 'ana.gonzalez@postventa.demo');
});
afterAll(async () => {
  await env.close();
});

describe('the queue finds every case', () => {
  it('resolved, closed and all views, with counts; the closed case is there and not among the open ones', async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk`);
    await page.getByTestId('queue-list').waitFor();
    for (const v of ['resolved', 'closed', 'all']) await page.getByTestId(`view-${v}`).locator('span').waitFor();
    expect(await page.getByTestId('view-closed').textContent()).toMatch(/Cerrados\s*\d+/);
    expect(await page.getByTestId(`case-${closed.name}`).count()).toBe(0);
    await page.getByTestId('view-closed').click();
    await page.getByTestId(`case-${closed.name}`).waitFor();
    await page.getByTestId('view-all').click();
    await page.getByTestId(`case-${closed.name}`).waitFor();
    await shot(page, 'queue-closed');
  });

  it('a search by serial finds the closed case from any view, and says it looked everywhere', async () => {
    const { page } = env;
    await page.getByTestId('view-mine').click();
    await page.getByTestId('queue-search').fill(closed.serial);
    await page.getByTestId('queue-search').press('Enter');
    await page.getByTestId(`case-${closed.name}`).waitFor();
    expect(await page.getByTestId('search-scope').textContent()).toContain('todos los casos');
    await page.getByTestId('queue-search').fill(closed.name);
    await page.getByTestId('queue-search').press('Enter');
    await expect.poll(() => page.getByTestId('queue-list').locator('li').count()).toBe(1);
  });

  it('a closed case opens read-only: no time, supplies, level or assignment to change, and says why', async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk/case/${closed.name}`);
    await page.getByTestId('case-page').waitFor();
    await page.getByTestId('locked-note').waitFor();
    for (const id of ['log-time', 'add-supply', 'change-level', 'hand-to', 'save-notes'])
      expect(await page.getByTestId(id).count(), id).toBe(0);
    expect(await page.getByTestId('diagnosis').getAttribute('readonly')).not.toBeNull();
    await page.goto(`${env.demo.url}/postventa#/desk`);
  });

  it('the status filter offers the finished statuses too', async () => {
    const { page } = env;
    const options = await page.getByLabel('Estado').locator('option').allTextContents();
    expect(options.join(' ')).toMatch(/Cerrado/);
    expect(options.join(' ')).toMatch(/Resuelto/);
  });

  it('most urgent first: the list follows the sort key, and no paused case is above a running deadline', async () => {
    const { page } = env;
    await page.getByTestId('queue-search').fill('');
    await page.getByTestId('queue-search').press('Enter');
    await page.getByTestId('view-open').click();
    await page.getByTestId('queue-list').waitFor();
    await expect.poll(() => page.getByTestId('search-scope').count()).toBe(0);
    const names = (
      await page
        .getByTestId('queue-list')
        .locator('li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))
    ).map((id) => id.replace(/^case-/, ''));
    const keys = names.map((n) =>
      String(
        env.demo.site.db.get('SELECT sla_sort_key FROM "tabSupport Case" WHERE name = ?', [n])?.sla_sort_key ?? '',
      ),
    );
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.some((k) => k.startsWith('0|'))).toBe(true); // the companion has stamped them
    expect([...keys].sort()).toEqual(keys);
    const paused = keys.findIndex((k) => k.startsWith('1|'));
    const running = keys.map((k) => k.startsWith('0|')).lastIndexOf(true);
    if (paused >= 0) expect(paused).toBeGreaterThan(running);
  });
});
