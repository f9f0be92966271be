/**
 * The technician's visit on a phone (issue 15): today's visit opened from "Mis visitas", check-in, the work done and
 * a recommendation typed (kept on the phone while offline and restored after a reload), a photo from the camera
 * input, the customer's signature drawn on the screen with the signer's name, check-out; then the visit-reports job
 * makes the PDF (page 1 turned into a PNG shows the signature block), attaches it to the visit and queues the mail;
 * the covered equipment's last-serviced date moves to today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { AnyDoc } from '../../host-client/client.ts';
import { readPdf } from '../support/pdf.ts';
import { gradientPng } from '../support/png.ts';
import { login, openDemo, shot, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
let offset = 0; // the demo's clock runs ahead of real time by this much (a job runs once per hour-long period)
let phone: Page;
let visit = '';
const today = DateTime.now().setZone('America/Santiago').toISODate() ?? '';
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};
/** A 64×48 PNG photo, as the camera input would hand it over. */
const photo = (): Buffer => gradientPng(64, 48);

beforeAll(async () => {
  env = await openDemo({ clock: () => new Date(Date.now() + offset) });
  const c = one(`SELECT name FROM "tabSupport Case" WHERE customer = 'Minera Los Andes Ltda.' ORDER BY name LIMIT 1`);
  visit = String(
    (
      await env.demo.admin.insert(
        'Service Visit',
        {
          customer: 'Minera Los Andes Ltda.',
          technician: 'camila.perez@postventa.demo',
          status: 'Scheduled',
          scheduled_start: `${today} 09:00:00`,
          scheduled_end: `${today} 11:00:00`,
          serial_no: 'CT-15-CL-0001',
          support_case: c.name,
          location: 'Faena Los Bronces, sala de compresores',
        },
        AnyDoc,
      )
    ).name,
  );
  const ctx = await env.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'es-CL',
    hasTouch: true,
    isMobile: true,
  });
  phone = await ctx.newPage();
  await login(env, 'camila.perez@postventa.demo', phone);
});
afterAll(async () => {
  await env.close();
});

describe('a technician’s visit on a phone', () => {
  it('opens today’s visit and checks in', async () => {
    await phone.goto(`${env.demo.url}/postventa#/desk/visits`);
    await phone.getByTestId('visits-page').waitFor();
    await phone.getByTestId(`visit-link-${visit}`).waitFor();
    await shot(phone, 'visit-list-es-phone');
    await phone.getByTestId(`visit-link-${visit}`).click();
    await phone.getByTestId('visit-customer').waitFor();
    await phone.getByTestId('visit-check-in').click();
    await phone.getByTestId('visit-work').waitFor();
    expect(String(one('SELECT started_on FROM "tabService Visit" WHERE name = ?', [visit]).started_on)).toContain(
      today,
    );
  });

  it('keeps what was typed while offline and after a reload, then saves it', async () => {
    await phone.context().setOffline(true);
    await phone.getByTestId('visit-work').fill('Cambio de filtro de aceite y limpieza del intercambiador.');
    await phone.getByTestId('visit-recs').fill('Mejorar la ventilación de la sala de compresores.');
    await phone.getByTestId('visit-save').click();
    await phone.getByTestId('visit-pending').waitFor();
    await phone.context().setOffline(false);
    await phone.reload();
    expect(await phone.getByTestId('visit-work').inputValue()).toContain('Cambio de filtro');
    await phone.getByTestId('visit-save').click();
    await phone.getByText('Guardado').first().waitFor();
    expect(one('SELECT recommendations FROM "tabService Visit" WHERE name = ?', [visit]).recommendations).toBe(
      'Mejorar la ventilación de la sala de compresores.',
    );
  });

  it('attaches a photo from the camera input', async () => {
    await phone
      .getByTestId('visit-photo-input')
      .setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: photo() });
    await phone.getByTestId('visit-photo').first().waitFor();
    expect(env.demo.site.db.all('SELECT photo FROM "tabService Visit Photo" WHERE parent = ?', [visit])).toHaveLength(
      1,
    );
  });

  it('the customer signs on the screen; the technician checks out', async () => {
    await phone.getByTestId('signature-canvas').scrollIntoViewIfNeeded();
    const box = await phone.getByTestId('signature-canvas').boundingBox();
    if (!box) throw new Error('no signature canvas');
    await phone.mouse.move(box.x + 30, box.y + 100);
    await phone.mouse.down();
    for (let i = 1; i <= 12; i++) await phone.mouse.move(box.x + 30 + i * 22, box.y + 100 + Math.sin(i) * 40);
    await phone.mouse.up();
    await phone.getByTestId('visit-signer').fill('Carolina Muñoz');
    await phone.getByTestId('visit-sign').click();
    await phone.getByTestId('visit-signature-img').waitFor();
    await shot(phone, 'visit-signed-es-phone');
    await phone.getByTestId('visit-check-out').click();
    await phone.getByTestId('visit-done').waitFor();
    const row = one(
      'SELECT status, signed_by, customer_signature, finished_on FROM "tabService Visit" WHERE name = ?',
      [visit],
    );
    expect(row).toMatchObject({ status: 'Completed', signed_by: 'Carolina Muñoz' });
    expect(String(row.customer_signature)).toMatch(/^data:image\/png;base64,/);
    await shot(phone, 'visit-done-es-phone');
  });

  it('the report PDF is made once, attached, mailed; the equipment’s last-serviced date moved', async () => {
    offset += 3_600_000; // the next period: the demo's first sweep ran this one
    const out = await env.demo.companion.runJobNow('visit-reports');
    expect(out).toMatchObject({ ran: true, result: { detail: { made: 1 } } });
    offset += 3_600_000;
    expect(await env.demo.companion.runJobNow('visit-reports')).toMatchObject({
      ran: true,
      result: { detail: { made: 0 } },
    });
    const v = one('SELECT report_file, report_sent_on FROM "tabService Visit" WHERE name = ?', [visit]);
    expect(String(v.report_file)).toMatch(/^\/private\/files\/informe-/);
    expect(v.report_sent_on).toBeTruthy();
    expect(
      one('SELECT COUNT(*) AS n FROM "tabEmail Queue" WHERE message LIKE ?', [`%Informe de servicio ${visit}%`]).n,
    ).toBe(1);
    const pdf = await env.demo.admin.download(String(v.report_file));
    const text = readPdf(pdf, 'visit-report-e2e-page1', 70);
    expect(text).toContain('Conformidad del cliente');
    expect(text).toContain('Carolina Muñoz');
    expect(text).toContain('Cambio de filtro de aceite');
    const policy = one(
      `SELECT name FROM "tabService Policy" WHERE customer = 'Minera Los Andes Ltda.' AND status = 'Active'`,
    );
    expect(
      one('SELECT last_serviced_on FROM "tabPolicy Equipment" WHERE parent = ? AND serial_no = ?', [
        String(policy.name),
        'CT-15-CL-0001',
      ]).last_serviced_on,
    ).toBe(today);
  });
});
