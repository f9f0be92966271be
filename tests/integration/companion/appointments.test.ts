/**
 * Appointments and the customer's timeline (issue 14): an agent books, a supervisor confirms inside the calendar's
 * hours and the technician's capacity, reschedules once with a reason (the customer told each time), an agent
 * cancels; a logged call's follow-up makes a task for the account manager; a warranty ending within the alert days
 * becomes one proactive interaction with a task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages } from './host-scripts.fixture.ts';
import { CUSTOMER, all, at, get, run, setAsAdmin, startContractEnv } from './service-contract.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startContractEnv();
});
afterAll(() => env.close());

describe('appointments', () => {
  let request = '';
  const schedule = (who: string, body: Record<string, unknown>) =>
    as(who, 'POST', '/api/method/postventa.appointment.schedule', { request, ...body });

  it('an agent books it; only a supervisor confirms, inside working hours and the technician’s capacity', async () => {
    at('2026-11-23T13:00:00Z');
    const r = await as('agente@pv.test', 'POST', '/api/resource/Appointment Request', {
      customer: CUSTOMER,
      serial_no: 'ZZS-1',
      requested_via: 'Phone',
      reason: 'Calibración del monitor',
      preferred_date: '2026-11-26',
      preferred_slot: 'Afternoon',
      location: 'Pabellón 1',
      status: 'Requested',
    });
    expect(r.status, messages(r.body)).toBe(200);
    request = String((r.body.data as { name: string }).name);
    const slot = {
      action: 'confirm',
      technician: 'tecnico@pv.test',
      start: '2026-11-26 15:00:00',
      end: '2026-11-26 16:30:00',
    };
    expect((await schedule('agente@pv.test', slot)).status).toBe(403);
    const late = await schedule('super@pv.test', { ...slot, start: '2026-11-26 19:00:00', end: '2026-11-26 20:00:00' });
    expect(messages(late.body)).toContain('fuera del horario de atención');
    const saturday = await schedule('super@pv.test', {
      ...slot,
      start: '2026-11-28 10:00:00',
      end: '2026-11-28 11:00:00',
    });
    expect(messages(saturday.body)).toContain('fuera del horario');
    await setAsAdmin('Postventa Settings', 'Postventa Settings', { technician_daily_capacity: 1 });
    await env.insert('Service Visit', {
      customer: 'Otro Cliente ZZ',
      technician: 'tecnico@pv.test',
      status: 'Scheduled',
      scheduled_start: '2026-11-26 09:00:00',
    });
    const full = await schedule('super@pv.test', slot);
    expect(messages(full.body)).toContain('capacidad 1');
    await setAsAdmin('Postventa Settings', 'Postventa Settings', { technician_daily_capacity: 4 });
    const ok = await schedule('super@pv.test', slot);
    expect(ok.status, messages(ok.body)).toBe(200);
    const visit = get(
      'SELECT status, technician, scheduled_start, location FROM "tabService Visit" WHERE appointment_request = ?',
      [request],
    );
    expect(visit).toMatchObject({
      status: 'Scheduled',
      technician: 'tecnico@pv.test',
      scheduled_start: '2026-11-26 15:00:00.000000',
      location: 'Pabellón 1',
    });
  });

  it('rescheduled once with a reason: count and history kept; the customer is told twice', async () => {
    await run('notices');
    const bare = await schedule('super@pv.test', {
      action: 'reschedule',
      technician: 'tecnico@pv.test',
      start: '2026-11-27 10:00:00',
      end: '2026-11-27 11:00:00',
    });
    expect(messages(bare.body)).toContain('Motivo');
    const ok = await schedule('super@pv.test', {
      action: 'reschedule',
      technician: 'tecnico@pv.test',
      start: '2026-11-27 10:00:00',
      end: '2026-11-27 11:00:00',
      reason: 'El técnico está con licencia',
    });
    expect(ok.status, messages(ok.body)).toBe(200);
    await run('notices');
    const req = get(
      'SELECT status, reschedule_count, schedule_history, notice_pending FROM "tabAppointment Request" WHERE name = ?',
      [request],
    );
    expect(req).toMatchObject({ status: 'Rescheduled', reschedule_count: 1, notice_pending: 0 });
    expect(String(req?.schedule_history).split('\n')).toHaveLength(2);
    const told = all('SELECT subject FROM "tabCommunication" WHERE reference_name = ? ORDER BY creation', [request]);
    expect(told.map((t) => String(t.subject))).toEqual([
      'Visita confirmada: jueves, 26 de noviembre de 2026, 15:00–16:30',
      'Visita reagendada: viernes, 27 de noviembre de 2026, 10:00–11:00',
    ]);
    expect(get('SELECT scheduled_start FROM "tabService Visit" WHERE appointment_request = ?', [request])).toEqual({
      scheduled_start: '2026-11-27 10:00:00.000000',
    });
  });

  it('cancelled by an agent with a reason: the visit is cancelled and the customer told', async () => {
    const ok = await schedule('agente@pv.test', { action: 'cancel', reason: 'El cliente ya no lo necesita' });
    expect(ok.status, messages(ok.body)).toBe(200);
    await run('notices');
    expect(get('SELECT status FROM "tabService Visit" WHERE appointment_request = ?', [request])).toEqual({
      status: 'Cancelled',
    });
    expect(all('SELECT COUNT(*) AS n FROM "tabCommunication" WHERE reference_name = ?', [request])).toEqual([{ n: 3 }]);
  });
});

describe('interactions and alerts', () => {
  it('a logged call with a next follow-up makes one task for the account manager; the notice key is not the agent’s', async () => {
    const r = await as('agente@pv.test', 'POST', '/api/resource/Customer Interaction', {
      customer: CUSTOMER,
      interaction_type: 'Call',
      direction: 'Inbound',
      reason: 'Consulta por renovación',
      next_follow_up: '2026-11-30',
      notice_key: 'maintenance|forged',
    });
    expect(r.status, messages(r.body)).toBe(200);
    const name = String((r.body.data as { name: string }).name);
    const row = get('SELECT notice_key, follow_up_task, "user" FROM "tabCustomer Interaction" WHERE name = ?', [name]);
    expect(row).toMatchObject({ notice_key: null, user: 'agente@pv.test' });
    expect(
      get('SELECT allocated_to, date, status FROM "tabToDo" WHERE name = ?', [String(row?.follow_up_task)]),
    ).toEqual({
      allocated_to: 'gerente@pv.test',
      date: '2026-11-30',
      status: 'Open',
    });
    const past = await as('agente@pv.test', 'POST', '/api/resource/Customer Interaction', {
      customer: CUSTOMER,
      interaction_type: 'Call',
      next_follow_up: '2026-01-01',
    });
    expect(messages(past.body)).toContain('Próximo seguimiento');
  });

  it('a warranty ending within the alert days: one proactive interaction with a task, never twice', async () => {
    at('2026-11-23T15:00:00Z');
    await setAsAdmin('Serial No', 'ZZS-3', { warranty_expiry_date: '2026-12-10' });
    await run('notices');
    await run('notices');
    const rows = all(
      'SELECT proactive, follow_up_task, summary FROM "tabCustomer Interaction" WHERE notice_key = \'warranty-end|ZZS-3|2026-12-10\'',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ proactive: 1 });
    expect(String(rows[0]?.summary)).toContain('Termina la garantía');
    expect(rows[0]?.follow_up_task).toBeTruthy();
  });
});

describe('what a request may say', () => {
  it('an agent cannot book a technician around the board: status, times and technician are the board’s', async () => {
    const r = await as('agente@pv.test', 'POST', '/api/resource/Appointment Request', {
      customer: CUSTOMER,
      reason: 'Quiero que venga ya',
      preferred_date: '2026-11-30',
      status: 'Confirmed',
      technician: 'tecnico@pv.test',
      confirmed_start: '2026-11-30 09:00:00',
      reschedule_count: 7,
    });
    expect(r.status, messages(r.body)).toBe(200);
    const row = get(
      'SELECT status, technician, confirmed_start, reschedule_count FROM "tabAppointment Request" WHERE name = ?',
      [String((r.body.data as { name: string }).name)],
    );
    expect(row).toEqual({ status: 'Requested', technician: null, confirmed_start: null, reschedule_count: 0 });
  });

  it.each([
    ['a preferred date in the past', { preferred_date: '2026-01-05' }, 'Fecha preferida'],
    [
      'an alternative before the preferred',
      { preferred_date: '2026-12-10', alternative_date: '2026-12-01' },
      'Fecha alternativa',
    ],
    ['another customer’s serial', { preferred_date: '2026-12-10', serial_no: 'ZZS-X' }, 'es de otro cliente'],
  ])('refuses %s, with the field named', async (_what, over, words) => {
    const r = await as('agente@pv.test', 'POST', '/api/resource/Appointment Request', {
      customer: CUSTOMER,
      reason: 'Revisión',
      ...over,
    });
    expect(r.status).toBe(417);
    expect(messages(r.body)).toContain(words);
  });
});

describe('who may schedule and send', () => {
  it.each([
    ['a guest', 'Guest', 'postventa.appointment.schedule'],
    ['a portal customer', 'cliente@aldia.test', 'postventa.appointment.schedule'],
    ['a guest', 'Guest', 'postventa.notice.send'],
    ['a portal customer', 'cliente@aldia.test', 'postventa.notice.send'],
    ['an agent', 'agente@pv.test', 'postventa.notice.send'],
  ])('%s cannot call %s', async (_who, who, path) => {
    const body =
      path === 'postventa.notice.send'
        ? { items: [] }
        : {
            request: 'AGE-X',
            action: 'confirm',
            technician: 'tecnico@pv.test',
            start: '2026-11-26 10:00:00',
            end: '2026-11-26 11:00:00',
          };
    const r = await as(who, 'POST', `/api/method/${path}`, body);
    expect([401, 403]).toContain(r.status);
  });
});
