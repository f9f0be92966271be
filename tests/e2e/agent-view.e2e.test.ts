/**
 * As good as Helpdesk's agent view: fields edited in place with link search, the contact card, recent and similar
 * cases, the composer (To/CC, a canned reply, an attachment), column sort, a saved view another agent uses, bulk
 * assignment, keyboard shortcuts with previous/next, and new activity shown without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, openDemo, shot, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
const caseOf = (subject: string): string =>
  String(env.demo.site.db.get('SELECT name FROM "tabSupport Case" WHERE subject LIKE ?', [`${subject}%`])?.name);
const row = (name: string): Record<string, unknown> =>
  env.demo.site.db.get('SELECT * FROM "tabSupport Case" WHERE name = ?', [name]) ?? {};

beforeAll(async () => {
  env = await openDemo();
  await login(env, 'ana.gonzalez@postventa.demo');
});
afterAll(async () => {
  await env.close();
});

describe("the agent's case view", () => {
  it("core fields change in place: a list for priority, a search for the serial that offers only the customer's own", async () => {
    const { page } = env;
    const name = caseOf('Generador GD-60 no arranca');
    await page.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
    await page.getByTestId('fields').waitFor();
    await page.getByTestId('field-priority').selectOption('P1');
    await expect.poll(() => row(name).priority).toBe('P1');
    await expect.poll(() => page.getByTestId('case-level').textContent()).toContain('P1/');
    // The serial search offers this customer's serials of the case's product only.
    await page.getByTestId('field-serial_no').fill('GD-60');
    const options = page.getByRole('listbox', { name: 'Número de serie' }).getByRole('option');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual([expect.stringContaining('GD-60-CL-0001')]);
    await page.getByTestId('field-serial_no').press('Escape');
    // A new customer: the old one's contact and serial do not follow the case.
    const customers = page.getByRole('listbox', { name: 'Cliente' });
    await page.getByTestId('field-customer').fill('Clínica');
    await customers.getByRole('option', { name: /Clínica San Rafael/ }).click();
    await expect.poll(() => row(name).customer).toBe('Clínica San Rafael');
    expect([row(name).contact ?? null, row(name).serial_no ?? null]).toEqual([null, null]);
    await page.getByTestId('field-customer').fill('Minera');
    await customers.getByRole('option', { name: /Minera Los Andes/ }).click();
    await expect.poll(() => row(name).customer).toBe('Minera Los Andes Ltda.');
    await page.getByTestId('field-serial_no').fill('CL-0001');
    await page
      .getByRole('listbox', { name: 'Número de serie' })
      .getByRole('option', { name: /GD-60-CL-0001/ })
      .click();
    await expect.poll(() => row(name).serial_no).toBe('GD-60-CL-0001');
  });

  it('the contact card names the person with a link to write and to call; recent and similar cases are beside it', async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk/case/${caseOf('Compresor CT-15 se detiene')}`);
    const card = page.getByTestId('contact-card');
    await card.getByText('Carolina Muñoz').waitFor();
    expect(await card.locator('a[href="mailto:cmunoz@mineralosandes.cl"]').count()).toBe(1);
    expect(await card.locator('a[href^="tel:"]').first().getAttribute('href')).toBe('tel:+56 9 8123 4567');
    await page.getByTestId('related-recent').getByText(caseOf('Generador GD-60 no arranca')).waitFor();
    // Same product (CT-15) with words in common: the other compressors' cases.
    await page.getByTestId('related-similar').getByText(caseOf('Cámara de frío')).waitFor();
    await shot(page, 'case-agent-view');
  });

  it('a reply with a canned text, a CC and an attachment goes to the contact and is kept on the case', async () => {
    const { page } = env;
    const name = caseOf('Compresor CT-15 se detiene');
    await page.getByTestId('kind-reply').click();
    expect(await page.getByTestId('reply-to').inputValue()).toBe('cmunoz@mineralosandes.cl');
    await page.getByTestId('canned').selectOption('Postventa · Solicitar más datos');
    expect(await page.getByTestId('message').inputValue()).toContain('número de serie del equipo');
    expect(await page.getByTestId('reply-subject').inputValue()).toBe('Necesitamos más información sobre su caso');
    await page.getByTestId('show-copies').click();
    await page.getByTestId('reply-cc').fill('jefe de planta');
    await page.getByRole('alert').getByText('CC: «jefe de planta» no es una dirección de correo.').waitFor();
    expect(await page.getByTestId('send').isDisabled()).toBe(true);
    await page.getByTestId('reply-cc').fill('jefe.planta@mineralosandes.cl');
    await page.getByTestId('reply-attach').setInputFiles({
      name: 'instrucciones.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Adjunte una foto del panel.'),
    });
    await page.getByTestId('message-files').getByText('instrucciones.txt').waitFor();
    await page.getByTestId('send').click();
    await page.getByTestId('timeline').getByText('Necesitamos más información sobre su caso').waitFor();
    const sent = env.demo.site.db.get(
      'SELECT recipients, cc, has_attachment, content FROM "tabCommunication" WHERE reference_name = ? AND subject = ?',
      [name, 'Necesitamos más información sobre su caso'],
    );
    expect(sent).toMatchObject({
      recipients: 'cmunoz@mineralosandes.cl',
      cc: 'jefe.planta@mineralosandes.cl',
      has_attachment: 1,
    });
    expect(String(sent?.content)).toContain('instrucciones.txt');
  });
});

describe('the queue as a team works it', () => {
  it('sorts by a column header, and every case keeps its place in the order', async () => {
    const { page } = env;
    await page.goto(`${env.demo.url}/postventa#/desk`);
    await page.getByTestId('queue-list').waitFor();
    await page.getByTestId('sort-received_on').click();
    await expect.poll(() => page.getByTestId('sort-received_on').getAttribute('aria-pressed')).toBe('true');
    const newest = env.demo.site.db.get(
      `SELECT name FROM "tabSupport Case" WHERE status IN ('Open','In Progress','Waiting on Customer','Escalated to Development') ORDER BY received_on DESC LIMIT 1`,
    )?.name;
    await expect
      .poll(() => page.getByTestId('queue-list').locator('li').first().getAttribute('data-testid'))
      .toBe(`case-${String(newest)}`);
    await page.getByTestId('sort-urgency').click();
  });

  it('a saved public view is offered to another agent and applies its filters', async () => {
    const { page } = env;
    await page.getByLabel('Prioridad').selectOption('P1');
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Urgentes P1');
    await page.getByTestId('view-visibility').selectOption('Public');
    await page.getByTestId('view-store').click();
    await expect
      .poll(() => page.getByTestId('saved-view').locator('option').allTextContents())
      .toContainEqual(expect.stringContaining('Urgentes P1'));
    const other = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' });
    await login(env, 'camila.perez@postventa.demo', other);
    await other.getByTestId('queue-list').waitFor();
    await other.getByTestId('saved-view').focus();
    const option = other.getByTestId('saved-view').locator('option', { hasText: 'Urgentes P1' });
    await option.waitFor({ state: 'attached' });
    await other.getByTestId('saved-view').selectOption({ label: (await option.textContent())?.trim() ?? '' });
    await expect.poll(() => other.getByLabel('Prioridad').inputValue()).toBe('P1');
    const shown = await other.getByTestId('queue-list').locator('li').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(text).toContain('P1/');
    // Not hers: she may use it but not delete it.
    expect(await other.getByTestId('delete-view').count()).toBe(0);
    await other.close();
    await page.getByLabel('Prioridad').selectOption('');
  });

  it('two cases assigned to one person at once; the result says how many', async () => {
    const { page } = env;
    await page.getByTestId('view-unassigned').click();
    const rows = page.getByTestId('queue-list').locator('li');
    const shown = async (): Promise<string[]> =>
      (await rows.evaluateAll((els) => els.map((e) => e.dataset.testid ?? ''))).map((s) => s.replace('case-', ''));
    // The list re-renders when the view's answer arrives: wait until every row shown is one nobody has.
    await expect
      .poll(async () => {
        const all = await shown();
        return all.length > 1 && all.every((n) => !row(n).assigned_to);
      })
      .toBe(true);
    const names = (await shown()).slice(0, 2);
    for (const n of names) await page.getByTestId(`pick-${n}`).check();
    await page.getByTestId('bulk-bar').waitFor();
    await page.getByTestId('bulk-user').selectOption({ label: 'bruno.diaz@postventa.demo · Mesa de ayuda N1' });
    await page.getByTestId('bulk-assign').click();
    await page.getByTestId('bulk-result').getByText('2 actualizados, 0 rechazados.').waitFor();
    for (const n of names) expect(row(n).assigned_to).toBe('bruno.diaz@postventa.demo');
    await page.getByTestId('view-open').click();
  });

  it('keyboard: j and o open the first case; on the case, j goes to the next one and u back to the queue', async () => {
    const { page } = env;
    await page.getByTestId('queue-list').waitFor();
    const names = (
      await page
        .getByTestId('queue-list')
        .locator('li')
        .evaluateAll((els) => els.map((e) => e.dataset.testid ?? ''))
    ).map((s) => s.replace('case-', ''));
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('o');
    await page.waitForURL(new RegExp(`case/${names[0] ?? ''}$`));
    await page.getByTestId('case-page').waitFor();
    expect(await page.getByTestId('case-position').textContent()).toBe(`1 de ${names.length}`);
    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`case/${names[1] ?? ''}$`));
    await expect.poll(() => page.getByTestId('case-position').textContent()).toBe(`2 de ${names.length}`);
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('u');
    await page.waitForURL(/#\/desk$/);
  });
});

describe('new activity without a reload', () => {
  it("another agent's note appears on the open case by itself, and the agent is told", async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'es-CL' });
    await page.clock.install();
    await login(env, 'ana.gonzalez@postventa.demo', page);
    const name = caseOf('Router RI-8 sin conexión');
    await page.goto(`${env.demo.url}/postventa#/desk/case/${name}`);
    await page.getByTestId('case-page').waitFor();
    // Bruno writes a note from his desk (as the host's add_comment stores it).
    const site = env.demo.site;
    await site.internal(
      (ctx) =>
        site.docs.insert(
          ctx,
          'Comment',
          {
            comment_type: 'Comment',
            reference_doctype: 'Support Case',
            reference_name: name,
            content: 'Revisé la VPN desde la oficina: el túnel cae cada 10 min.',
            comment_email: 'bruno.diaz@postventa.demo',
            comment_by: 'Bruno Díaz',
          },
          { ignorePermissions: true },
        ),
      'bruno.diaz@postventa.demo',
    );
    await page.clock.fastForward(25_000);
    await page.getByTestId('case-news').waitFor();
    await page.getByTestId('timeline').getByText('el túnel cae cada 10 min').waitFor();
    await page.close();
  });
});
