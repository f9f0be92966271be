/**
 * A field visit's record on the host (issue 15, server-scripts/host/visit_rules.py): its steps in order, check-in
 * and check-out stamped by the host's clock, the work done required to check out, the customer's signature a PNG
 * with the signer's name that locks the record of work, photos only Files of that visit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
let visit = '';
const PNG = `data:image/png;base64,${Buffer.from('firma').toString('base64')}`;
const put = (body: Record<string, unknown>) => as('tec@pv.test', 'PUT', `/api/resource/Service Visit/${visit}`, body);
const row = () =>
  env.site.db.get(
    'SELECT status, started_on, finished_on, signed_on, signed_by, work_done FROM "tabService Visit" WHERE name = ?',
    [visit],
  );

beforeAll(async () => {
  env = await startHostScriptsEnv();
  await user('tec@pv.test', ['Support Agent']);
  visit = String(
    (
      await env.insert('Service Visit', {
        customer: 'Al Día SpA',
        technician: 'tec@pv.test',
        status: 'Scheduled',
        scheduled_start: '2026-11-23 11:00:00',
      })
    ).name,
  );
});
afterAll(() => env.close());

describe('a field visit', () => {
  it('cannot skip check-in; check-in time is the host’s, not the phone’s', async () => {
    expect(messages((await put({ status: 'Completed' })).body)).toContain('no pasa a Completed');
    const r = await put({
      status: 'In Progress',
      started_on: '2020-01-01 08:00:00',
      checkin_location: '-33.4489,-70.6693',
    });
    expect(r.status, messages(r.body)).toBe(200);
    expect(String(row()?.started_on)).toMatch(/^2026-11-23 10:00/);
    expect(messages((await put({ checkout_location: 'en la planta' })).body)).toContain('Ubicación');
  });

  it('photos must be files of this visit', async () => {
    const r = await put({ photos: [{ photo: '/private/files/otro.jpg' }] });
    expect(r.status).toBe(417);
    expect(messages(r.body)).toContain('no es un archivo de esta visita');
  });

  it('a signature is a PNG with the signer’s name; once signed the record of work does not change', async () => {
    expect(messages((await put({ customer_signature: 'javascript:alert(1)', signed_by: 'X Y' })).body)).toContain(
      'Firma del cliente',
    );
    expect(messages((await put({ customer_signature: PNG })).body)).toContain('Firmado por');
    const ok = await put({
      work_done: 'Cambio de rodamientos.',
      customer_signature: PNG,
      signed_by: 'Marta Rojas',
      signed_on: '2020-01-01 00:00:00',
    });
    expect(ok.status, messages(ok.body)).toBe(200);
    expect(row()).toMatchObject({ signed_by: 'Marta Rojas', work_done: 'Cambio de rodamientos.' });
    expect(String(row()?.signed_on)).toMatch(/^2026-11-23/);
    const changed = await put({ work_done: 'Otra cosa' });
    expect(changed.status).toBe(417);
    expect(messages(changed.body)).toContain('ya está firmada');
  });

  it('checking out stamps the host’s time; Completed is final', async () => {
    env.clock.now = new Date('2026-11-23T15:30:00Z');
    const r = await put({ status: 'Completed', finished_on: '2020-01-01 00:00:00' });
    expect(r.status, messages(r.body)).toBe(200);
    expect(String(row()?.finished_on)).toMatch(/^2026-11-23 12:30/);
    expect(messages((await put({ status: 'In Progress' })).body)).toContain('no pasa a In Progress');
  });

  it('checking out needs the work done', async () => {
    const other = String(
      (
        await env.insert('Service Visit', {
          customer: 'Al Día SpA',
          technician: 'tec@pv.test',
          status: 'In Progress',
          scheduled_start: '2026-11-23 12:00:00',
        })
      ).name,
    );
    const r = await as('tec@pv.test', 'PUT', `/api/resource/Service Visit/${other}`, { status: 'Completed' });
    expect(messages(r.body)).toContain('Trabajo realizado');
  });
});
