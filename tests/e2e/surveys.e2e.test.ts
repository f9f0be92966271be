/**
 * The satisfaction survey as the customer meets it (issue 17): a case of Minera Los Andes is closed, the companion's
 * surveys job sends the survey once the settings' delay has passed, and Carolina opens the link from her phone as a
 * guest — one screen, a face and a 0–10 score, answered once; the case shows the answer to the agents, the same link
 * a second time says it was answered, and a made-up token gets nothing.
 * Screenshots: survey-phone, survey-thanks-phone, survey-answered-phone-en.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemo, shot, type BrowserEnv } from './browser.ts';
import { CUSTOMERS } from './portal-support.ts';
import { AnyDoc } from '../../host-client/client.ts';

let env: BrowserEnv;
let caseName = '';
let link = '';
// The demo's clock: each run of the job is its own sweep period (an hour in browser tests; a period already run is
// taken), so time moves between runs.
let now = new Date();
const run = async (): Promise<void> => {
  now = new Date(now.getTime() + 61 * 60_000);
  const result = await env.demo.companion.runJobNow('surveys');
  if (!result.ran) throw new Error(`surveys did not run: ${JSON.stringify(result)}`);
};

const row = (sql: string, params: (string | number)[]) => env.demo.site.db.get(sql, params) ?? {};

/** A guest phone: a new context with no session, as the link opens in the customer's mail app. */
async function phone(locale: 'es' | 'en' = 'es'): Promise<Page> {
  const ctx = await env.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: locale === 'es' ? 'es-CL' : 'en-US',
    isMobile: true,
    hasTouch: true,
  });
  if (locale === 'en') await ctx.addInitScript("localStorage.setItem('pv-locale', 'en')");
  return ctx.newPage();
}

beforeAll(async () => {
  env = await openDemo({ clock: () => now });
  await env.demo.admin.update(
    'Postventa Settings',
    'Postventa Settings',
    { send_surveys: 1, survey_delay_hours: 2, survey_sampling_percent: 100, survey_quiet_days: 0 },
    AnyDoc,
  );
  const made = await env.demo.admin.insert(
    'Support Case',
    {
      subject: 'Compresor con vibración anormal',
      symptom: 'Vibra al arrancar desde ayer.',
      customer: CUSTOMERS.minera.customer,
      contact: String(row('SELECT name FROM "tabContact" WHERE email_id = ?', ['cmunoz@mineralosandes.cl']).name ?? ''),
    },
    AnyDoc,
  );
  caseName = String(made.name);
}, 120_000);
afterAll(() => env.close());

/** Closes the case `hoursAgo` hours before now, in the site's zone (as the host stores datetimes). */
function closeCase(hoursAgo: number): void {
  const zone = env.demo.site.systemZone();
  const closed = DateTime.fromJSDate(now, { zone }).minus({ hours: hoursAgo }).toFormat('yyyy-MM-dd HH:mm:ss');
  env.demo.site.db.run(
    `UPDATE "tabSupport Case" SET status = 'Closed', closed_on = ?, assigned_to = ? WHERE name = ?`,
    [closed, 'ana.gonzalez@postventa.demo', caseName],
  );
}

describe('the survey after a closed case', () => {
  it('is not sent before the delay, then sent once', async () => {
    closeCase(0); // an hour before the run: within the two hours of delay
    await run();
    const count = () =>
      Number(row('SELECT COUNT(*) AS n FROM "tabSurvey Response" WHERE support_case = ?', [caseName]).n);
    expect(count()).toBe(0);
    closeCase(2.5);
    await run();
    expect(count()).toBe(1);
    const survey = String(row('SELECT name FROM "tabSurvey Response" WHERE support_case = ?', [caseName]).name);
    const token = env.demo.site.docs.getPassword('Survey Response', survey, 'token') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    link = `/postventa#/survey/${survey}/${token}`;
    const mail = row('SELECT message FROM "tabEmail Queue" WHERE reference_name = ? ORDER BY creation DESC', [
      caseName,
    ]);
    expect(String(mail.message)).toContain(link);
  }, 60_000);

  it('the guest answers on a phone in one screen, once', async () => {
    const page = await phone();
    await page.goto(`${env.demo.url}${link}`);
    await page.getByTestId('survey-csat').waitFor();
    expect(await page.getByTestId('survey-about').textContent()).toContain('Compresor con vibración anormal');
    // Everything fits the phone's width; the send button is reached without scrolling sideways.
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await page.getByTestId('survey-send').click();
    await expect.poll(() => page.getByTestId('survey-error').textContent()).toMatch(/satisf|Cómo/i);
    await page.getByTestId('survey-csat-4').click();
    await page.getByTestId('survey-nps-9').click();
    const text = page.getByTestId('survey-text').first();
    if (await text.count()) await text.fill('Rápidos y amables, gracias.');
    expect(await page.getByTestId('survey-error').count()).toBe(0); // the message goes once nothing is missing
    await shot(page, 'survey-phone');
    await page.getByTestId('survey-send').click();
    await page.getByTestId('survey-done').waitFor();
    await shot(page, 'survey-thanks-phone');
    const s = row('SELECT status, csat, nps FROM "tabSurvey Response" WHERE support_case = ?', [caseName]);
    expect(s).toMatchObject({ status: 'Answered', csat: 4, nps: 9 });
    expect(row('SELECT csat, nps FROM "tabSupport Case" WHERE name = ?', [caseName])).toMatchObject({
      csat: 4,
      nps: 9,
    });
    await page.context().close();
  }, 60_000);

  it('a second visit says it was answered (in English too), and a second answer is refused', async () => {
    const page = await phone('en');
    await page.goto(`${env.demo.url}${link}`);
    await page.getByTestId('survey-answered').waitFor();
    await shot(page, 'survey-answered-phone-en');
    const [, survey, token] = /#\/survey\/([^/]+)\/(.+)$/.exec(link) ?? [];
    const again = await page.evaluate(`(async () => {
      const r = await fetch('/api/method/postventa.survey.submit', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ survey: ${JSON.stringify(survey)}, token: ${JSON.stringify(token)}, csat: 1, nps: 0 }),
      });
      return r.status;
    })()`);
    expect(Number(again)).toBeGreaterThanOrEqual(400);
    expect(row('SELECT csat, nps FROM "tabSurvey Response" WHERE support_case = ?', [caseName])).toMatchObject({
      csat: 4,
      nps: 9,
    });
    await page.context().close();
  }, 60_000);

  it('a made-up token gets nothing', async () => {
    const page = await phone();
    const survey = /#\/survey\/([^/]+)\//.exec(link)?.[1] ?? '';
    await page.goto(`${env.demo.url}/postventa#/survey/${survey}/${'x'.repeat(32)}`);
    await page.getByTestId('survey-invalid').waitFor();
    expect(await page.getByTestId('survey-page').textContent()).not.toContain('Compresor');
    await page.context().close();
  }, 60_000);
});
