/**
 * Text stays text: a symptom typed with "<" and ">" and line breaks keeps every character and every line, on the
 * case page and in the Development Task; diagnosis typed in the case page is edited as text and saved as HTML;
 * the form names a missing symptom before the host does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, openDemo, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
beforeAll(async () => {
  env = await openDemo();
  await login(env, 'ana.gonzalez@postventa.demo');
});
afterAll(async () => {
  await env.close();
});

const SYMPTOM = 'Presión <2 bar al partir\ny >8 bar tras 5 min & alarma "P-HIGH"';

describe('plain text typed by people stays as they typed it', () => {
  it('the form refuses a case without symptom, naming it, before any request', async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk/new`);
    await page.getByTestId('customer-search').fill('Minera');
    await page.getByTestId('customer-option-Minera Los Andes Ltda.').click();
    await page.getByTestId('subject').fill('Sin síntoma');
    env.apiRequests.length = 0;
    await page.getByTestId('create-case').click();
    await page.getByText('Síntoma es obligatorio.').waitFor();
    expect(env.apiRequests.filter((r) => r.startsWith('POST /api/resource/Support Case'))).toEqual([]);
  });

  it('a symptom with < > & and two lines reads the same on the case page and in the Development Task', async () => {
    const { page } = env;
    await page.getByTestId('symptom').fill(SYMPTOM);
    await page.getByTestId('create-case').click();
    await page.getByTestId('case-page').waitFor();
    const shown = await page.locator('[data-testid=case-page] .prose').first().innerText();
    expect(shown).toContain('Presión <2 bar al partir');
    expect(shown).toContain('y >8 bar tras 5 min & alarma "P-HIGH"');
    expect(shown.split('\n').length).toBeGreaterThanOrEqual(2);
    await page.getByTestId('diagnosis').fill('Sensor PT-2 marca <1 bar\nse reemplaza');
    await page.getByTestId('save-notes').click();
    await page.getByText('Guardado').first().waitFor();
    await page.reload();
    await page.getByTestId('case-page').waitFor();
    expect(await page.getByTestId('diagnosis').inputValue()).toBe('Sensor PT-2 marca <1 bar\nse reemplaza');
    await page.getByTestId('escalate').click();
    await page.getByTestId('dev-task').waitFor();
    const task = String(await page.getByTestId('dev-task').locator('b').textContent());
    const description = String(
      env.demo.site.db.get('SELECT description FROM tabTask WHERE name = ?', [task])?.description,
    );
    expect(description).toContain('Presión &lt;2 bar al partir<br>y &gt;8 bar');
    expect(description).toContain('Sensor PT-2 marca &lt;1 bar<br>se reemplaza');
  });
});
