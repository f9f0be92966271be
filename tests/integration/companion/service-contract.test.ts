/**
 * The póliza and its notices (issue 14), on a site with the Frappe WhatsApp app: plan defaults, who may set which
 * status, the covered serials and the Serial No's covering_policy; maintenance 7 days ahead by e-mail (mjml, in the
 * case timeline, queued) and WhatsApp, each once; the reminder 24 h before; WhatsApp off recorded as skipped; a
 * completed visit closes its occurrence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages } from './host-scripts.fixture.ts';
import { all, at, get, policyBody, run, setAsAdmin, startContractEnv } from './service-contract.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startContractEnv();
});
afterAll(() => env.close());

let policy = '';
describe('the póliza', () => {
  it('a manager makes it from the plan: what the request leaves empty comes from the plan', async () => {
    const r = await as('gerente@pv.test', 'POST', '/api/resource/Service Policy', {
      ...policyBody(),
      maintenance_lead_days: 7,
    });
    expect(r.status, messages(r.body)).toBe(200);
    policy = String((r.body.data as { name: string }).name);
    expect(
      get(
        'SELECT allowance_hours, allowance_cases, vip, maintenance_interval_months, price FROM "tabService Policy" WHERE name = ?',
        [policy],
      ),
    ).toMatchObject({
      allowance_hours: 12,
      allowance_cases: 6,
      vip: 1,
      maintenance_interval_months: 1,
      price: 250000,
    });
    expect(
      all("SELECT name, covering_policy FROM \"tabSerial No\" WHERE name IN ('ZZS-1', 'ZZS-2', 'ZZS-3') ORDER BY name"),
    ).toEqual([
      { name: 'ZZS-1', covering_policy: policy },
      { name: 'ZZS-2', covering_policy: policy },
      { name: 'ZZS-3', covering_policy: null },
    ]);
  });

  it.each([
    ['another customer’s serial', { equipment: [{ serial_no: 'ZZS-X' }] }, 'otro cliente'],
    ['a serial twice', { equipment: [{ serial_no: 'ZZS-3' }, { serial_no: 'ZZS-3' }] }, 'ya está en la fila 1'],
    ['a serial another live póliza covers', { equipment: [{ serial_no: 'ZZS-1' }] }, 'ya está cubierto por la póliza'],
    ['an end before the start', { end_date: '2026-01-01', equipment: [] }, 'Fecha de término'],
    ['Suspended by a person', { status: 'Suspended', equipment: [] }, 'facturación'],
  ])('refuses %s, with the field named', async (_what, over, words) => {
    const r = await as('gerente@pv.test', 'POST', '/api/resource/Service Policy', policyBody(over));
    expect(r.status).toBe(417);
    expect(messages(r.body)).toContain(words);
  });

  it('status: Active does not go back to Draft; cancelling needs a reason and frees the serials; an agent cannot', async () => {
    const agent = await as('agente@pv.test', 'PUT', `/api/resource/Service Policy/${policy}`, { status: 'Cancelled' });
    expect(agent.status).toBe(403);
    const back = await as('gerente@pv.test', 'PUT', `/api/resource/Service Policy/${policy}`, { status: 'Draft' });
    expect(messages(back.body)).toContain('no pasa a Draft');
    const second = await as(
      'gerente@pv.test',
      'POST',
      '/api/resource/Service Policy',
      policyBody({ equipment: [{ serial_no: 'ZZS-3' }] }),
    );
    const name = String((second.body.data as { name: string }).name);
    expect(get('SELECT covering_policy FROM "tabSerial No" WHERE name = \'ZZS-3\'')).toEqual({ covering_policy: name });
    const bare = await as('gerente@pv.test', 'PUT', `/api/resource/Service Policy/${name}`, { status: 'Cancelled' });
    expect(messages(bare.body)).toContain('Motivo de la cancelación');
    const ok = await as('gerente@pv.test', 'PUT', `/api/resource/Service Policy/${name}`, {
      status: 'Cancelled',
      cancellation_reason: 'El cliente cambió de proveedor',
    });
    expect(ok.status, messages(ok.body)).toBe(200);
    expect(get('SELECT covering_policy FROM "tabSerial No" WHERE name = \'ZZS-3\'')).toEqual({ covering_policy: null });
    const again = await as('gerente@pv.test', 'PUT', `/api/resource/Service Policy/${name}`, { status: 'Active' });
    expect(messages(again.body)).toContain('no pasa a Active');
  });
});

describe('notices', () => {
  it('7 days ahead: one e-mail (mjml, in the case timeline, queued) and one WhatsApp per occurrence, each once', async () => {
    at('2026-11-17T13:00:00Z'); // the policy's calendar: 24 Nov; lead 7 days
    await setAsAdmin('Postventa Settings', 'Postventa Settings', { whatsapp_enabled: 1 });
    await run('maintenance');
    const first = await run('notices');
    expect(first.detail).toMatchObject({ sent: 2 });
    await run('notices');
    const comms = all(
      `SELECT c.subject, c.content, c.recipients, c.reference_doctype, s.serial_no FROM "tabCommunication" c
       JOIN "tabSupport Case" s ON s.name = c.reference_name WHERE s.service_policy = ? ORDER BY s.serial_no`,
      [policy],
    );
    expect(comms).toHaveLength(2);
    expect(comms[0]).toMatchObject({
      recipients: 'marta@hospital.test',
      reference_doctype: 'Support Case',
      serial_no: 'ZZS-1',
    });
    expect(String(comms[0]?.subject)).toContain('Mantención preventiva programada');
    const html = String(comms[0]?.content);
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('Hospital Regional ZZ');
    expect(html).toContain('martes, 24 de noviembre de 2026');
    expect(html).toContain('Pabellón 1');
    expect(all('SELECT COUNT(*) AS n FROM "tabEmail Queue" WHERE reference_doctype = \'Support Case\'')).toEqual([
      { n: 2 },
    ]);
    expect(all('SELECT "to", content_type, reference_doctype FROM "tabWhatsApp Message" ORDER BY name')).toEqual([
      { to: '+56911112222', content_type: 'text', reference_doctype: 'Maintenance Occurrence' },
      { to: '+56911112222', content_type: 'text', reference_doctype: 'Maintenance Occurrence' },
    ]);
    const i = all(
      'SELECT proactive, direction, interaction_type, support_case, outcome FROM "tabCustomer Interaction" WHERE notice_key LIKE \'maintenance|%\'',
    );
    expect(i).toHaveLength(2);
    expect(i[0]).toMatchObject({ proactive: 1, direction: 'Outbound', interaction_type: 'Email' });
    expect(String(i[0]?.outcome)).toContain('WhatsApp a +56911112222');
  });

  it('the reminder 24 h before each visit, once', async () => {
    at('2026-11-23T13:30:00Z'); // Monday 10:30 in Santiago: the visits are Tuesday 09:00
    const r = await run('notices');
    expect(r.detail).toMatchObject({ sent: 2 });
    expect((await run('notices')).detail).toMatchObject({ sent: 0 });
    const reminded = all(
      'SELECT reminder_sent_on FROM "tabService Visit" v JOIN "tabMaintenance Occurrence" o ON o.name = v.maintenance_occurrence WHERE o.service_policy = ?',
      [policy],
    );
    expect(reminded.every((v) => !!v.reminder_sent_on)).toBe(true);
    const mail = get('SELECT subject FROM "tabCommunication" WHERE subject LIKE \'Recordatorio%\' LIMIT 1');
    expect(String(mail?.subject)).toContain('martes, 24 de noviembre de 2026, 09:00–11:00');
  });

  it('WhatsApp turned off: skipped, and the reason is kept on the interaction', async () => {
    await setAsAdmin('Postventa Settings', 'Postventa Settings', { whatsapp_enabled: 0 });
    at('2026-12-17T13:00:00Z');
    await run('maintenance');
    await run('notices');
    const latest = get(
      'SELECT outcome FROM "tabCustomer Interaction" WHERE notice_key LIKE \'maintenance|%\' ORDER BY creation DESC LIMIT 1',
    );
    expect(String(latest?.outcome)).toContain('WhatsApp omitido: desactivado');
  });
});

describe('visits', () => {
  it('a completed maintenance visit closes its occurrence and records the service on the equipment', async () => {
    const v = get(
      `SELECT v.name, o.name AS occ, o.serial_no FROM "tabService Visit" v JOIN "tabMaintenance Occurrence" o ON o.name = v.maintenance_occurrence
       WHERE o.service_policy = ? AND o.serial_no = 'ZZS-1' ORDER BY o.scheduled_date LIMIT 1`,
      [policy],
    );
    at('2026-11-24T13:45:00Z'); // 10:45 in Santiago, on the day
    const put = (body: Record<string, unknown>) =>
      as('tecnico@pv.test', 'PUT', `/api/resource/Service Visit/${String(v?.name)}`, body);
    expect((await put({ status: 'Scheduled' })).status).toBe(200);
    expect((await put({ status: 'In Progress' })).status).toBe(200);
    const r = await put({
      status: 'Completed',
      work_done: 'Cambio de filtros y calibración.',
      finished_on: '2020-01-01 00:00:00',
    });
    expect(r.status, messages(r.body)).toBe(200);
    expect(get('SELECT status FROM "tabMaintenance Occurrence" WHERE name = ?', [String(v?.occ)])).toEqual({
      status: 'Done',
    });
    expect(
      get('SELECT last_serviced_on FROM "tabPolicy Equipment" WHERE parent = ? AND serial_no = \'ZZS-1\'', [policy]),
    ).toEqual({
      last_serviced_on: '2026-11-24',
    });
    const timeline = get(
      'SELECT interaction_type, proactive, "user" FROM "tabCustomer Interaction" WHERE service_visit = ? AND interaction_type = \'Visit\'',
      [String(v?.name)],
    );
    expect(timeline).toEqual({ interaction_type: 'Visit', proactive: 1, user: 'tecnico@pv.test' });
    await as('tecnico@pv.test', 'PUT', `/api/resource/Service Visit/${String(v?.name)}`, {
      location: 'Pabellón 1, sala 2',
    });
    expect(
      all('SELECT name FROM "tabCustomer Interaction" WHERE service_visit = ? AND interaction_type = \'Visit\'', [
        String(v?.name),
      ]),
    ).toHaveLength(1);
  });
});
