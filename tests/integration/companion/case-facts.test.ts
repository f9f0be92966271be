/**
 * The facts the metrics count are kept by the host on every save (server-scripts/host/case_facts.py), whoever
 * saves: an agent cannot type them, a reassignment or level change or a wait on the customer takes first-contact
 * resolution away, a reopening counts and clears it, a second case on the same serial (or the same product and
 * symptom category) within the settings' days is recurring, and a category must be of its kind and product.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';
import { AnyDoc } from '../../../host-client/client.ts';

let env: Env;
const save = (name: string, body: Record<string, unknown>, who = 'agente@pv.test') =>
  as(who, 'PUT', `/api/resource/Support Case/${encodeURIComponent(name)}`, body);
const make = async (body: Record<string, unknown>): Promise<string> => {
  const r = await as('agente@pv.test', 'POST', '/api/resource/Support Case', { symptom: 'x', ...body });
  expect(r.status, messages(r.body)).toBe(200);
  return String((r.body.data as { name: string }).name);
};
const facts = (name: string) => env.get('Support Case', name);

beforeAll(async () => {
  env = await startHostScriptsEnv();
  await user('otro.agente@pv.test', ['Support Agent']);
  await env.insert('Item', { item_code: 'ZZF-ERP', item_group: 'Products', has_serial_no: 1 });
  await env.insert('Item', { item_code: 'ZZF-OTRO', item_group: 'Products' });
  await env.insert('Company', { company_name: 'ZZF Datos', abbr: 'ZZF', default_currency: 'CLP', country: 'Chile' });
  await env.insert('Support Problem Category', { category_name: 'No imprime', kind: 'Symptom', item: 'ZZF-ERP' });
  await env.insert('Support Problem Category', { category_name: 'Driver antiguo', kind: 'Cause' });
  await env.insert('Support Problem Category', { category_name: 'Retirado', kind: 'Symptom', enabled: 0 });
});
afterAll(() => env.close());

describe('case facts for the metrics', () => {
  it('resolved by the first person at its level with no wait: first-contact resolution; a reopening counts and clears it', async () => {
    const name = await make({ subject: 'Simple', customer: 'Al Día SpA', assigned_to: 'agente@pv.test' });
    expect((await save(name, { status: 'Resolved', solution: '<p>ok</p>' })).status).toBe(200);
    expect(facts(name)).toMatchObject({ resolved_on_first_contact: 1, reassign_count: 0, reopened_count: 0 });
    expect((await save(name, { status: 'In Progress' })).status).toBe(200);
    expect(facts(name)).toMatchObject({ resolved_on_first_contact: 0, reopened_count: 1 });
    expect((await save(name, { status: 'Resolved' })).status).toBe(200);
    expect(facts(name)).toMatchObject({ resolved_on_first_contact: 0, reopened_count: 1 });
  });

  it('a reassignment, a level change or a wait on the customer is not a first-contact resolution', async () => {
    const moved = await make({ subject: 'Pasado', customer: 'Al Día SpA', assigned_to: 'agente@pv.test' });
    await save(moved, { assigned_to: 'otro.agente@pv.test' });
    await save(moved, { status: 'Resolved', solution: '<p>ok</p>' });
    expect(facts(moved)).toMatchObject({ reassign_count: 1, resolved_on_first_contact: 0 });

    const up = await make({ subject: 'Escalado', customer: 'Al Día SpA', support_level: 'N1' });
    await save(up, { support_level: 'N2' });
    await save(up, { status: 'Resolved', solution: '<p>ok</p>' });
    expect(facts(up)).toMatchObject({ level_change_count: 1, resolved_on_first_contact: 0 });

    const waited = await make({ subject: 'Esperó', customer: 'Al Día SpA' });
    await save(waited, { status: 'Waiting on Customer' });
    await save(waited, { status: 'In Progress' });
    await save(waited, { status: 'Resolved', solution: '<p>ok</p>' });
    expect(facts(waited)).toMatchObject({ waited_on_customer: 1, resolved_on_first_contact: 0 });
  });

  it('an agent cannot write the facts: the host keeps its own counts', async () => {
    const name = await make({ subject: 'Forjado', customer: 'Al Día SpA', assigned_to: 'agente@pv.test' });
    await save(name, { assigned_to: 'otro.agente@pv.test' });
    const r = await save(name, {
      reassign_count: 0,
      resolved_on_first_contact: 1,
      reopened_count: 0,
      recurring_problem: 0,
      status: 'Resolved',
      solution: '<p>ok</p>',
    });
    expect(r.status).toBe(200);
    expect(facts(name)).toMatchObject({ reassign_count: 1, resolved_on_first_contact: 0 });
  });

  it('a second case on the same serial, or same product and symptom category, within the days is recurring', async () => {
    await env.insert('Serial No', {
      serial_no: 'ZZF-SN-1',
      item_code: 'ZZF-ERP',
      customer: 'Al Día SpA',
      company: 'ZZF Datos',
    });
    const first = await make({ subject: 'Primera', customer: 'Al Día SpA', serial_no: 'ZZF-SN-1', product: 'ZZF-ERP' });
    expect(facts(first)).toMatchObject({ recurring_problem: 0 });
    const again = await make({
      subject: 'Otra vez',
      customer: 'Al Día SpA',
      serial_no: 'ZZF-SN-1',
      product: 'ZZF-ERP',
    });
    expect(facts(again)).toMatchObject({ recurring_problem: 1, recurring_of: first });

    const a = await make({ subject: 'Sin serie A', customer: 'Al Día SpA', product: 'ZZF-ERP' });
    const b = await make({ subject: 'Sin serie B', customer: 'Al Día SpA', product: 'ZZF-ERP' });
    expect(facts(b)).toMatchObject({ recurring_problem: 0 });
    await save(a, { symptom_category: 'No imprime' });
    await save(b, { symptom_category: 'No imprime' });
    expect(facts(b)).toMatchObject({ recurring_problem: 1, recurring_of: a });

    // Beyond the settings' days it is not recurring.
    const days = (n: number) =>
      env.client.update('Postventa Settings', 'Postventa Settings', { recurring_problem_days: n }, AnyDoc);
    await days(1);
    env.site.db.run(`UPDATE "tabSupport Case" SET received_on = '2026-10-01 10:00:00' WHERE name = ?`, [first]);
    env.site.db.run(`UPDATE "tabSupport Case" SET received_on = '2026-10-01 10:00:00' WHERE name = ?`, [again]);
    const late = await make({
      subject: 'Mucho después',
      customer: 'Al Día SpA',
      serial_no: 'ZZF-SN-1',
      product: 'ZZF-ERP',
    });
    expect(facts(late)).toMatchObject({ recurring_problem: 0 });
    await days(30);
  });

  it('a category of the wrong kind, disabled or of another product is refused, naming the field', async () => {
    const name = await make({ subject: 'Categorías', customer: 'Al Día SpA', product: 'ZZF-OTRO' });
    const wrongKind = await save(name, { symptom_category: 'Driver antiguo' });
    expect(wrongKind.status).toBe(417);
    expect(messages(wrongKind.body)).toContain('Categoría de síntoma');
    expect(messages(wrongKind.body)).toContain('Symptom category');
    const disabled = await save(name, { symptom_category: 'Retirado' });
    expect(messages(disabled.body), JSON.stringify(disabled.body)).toContain('no es una categoría de síntoma');
    expect(messages((await save(name, { symptom_category: 'No imprime' })).body)).toContain('ZZF-ERP');
    expect((await save(name, { cause_category: 'Driver antiguo' })).status).toBe(200);
    expect(facts(name).cause_category).toBe('Driver antiguo');
  });

  it('a maintenance-plan case is proactive; a customer cannot mark theirs', async () => {
    const name = await make({ subject: 'Plan', customer: 'Al Día SpA', channel: 'Maintenance plan' });
    expect(facts(name).proactive).toBe(1);
    const phone = await make({ subject: 'Teléfono', customer: 'Al Día SpA', channel: 'Phone' });
    expect(facts(phone).proactive).toBe(0);
    const own = await as('cliente@aldia.test', 'POST', '/api/resource/Support Case', {
      subject: 'Mío',
      symptom: 'x',
      customer: 'Al Día SpA',
      proactive: 1,
      resolved_on_first_contact: 1,
    });
    expect(own.status).toBe(200);
    expect(facts(String((own.body.data as { name: string }).name))).toMatchObject({
      proactive: 0,
      resolved_on_first_contact: 0,
    });
  });
});
