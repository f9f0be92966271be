/**
 * A case's record stays true on the host, whoever writes: a Closed case is not edited (only reopened), no time is
 * logged on it, and a serial delivered to another customer is not taken. Messages in Spanish and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyDoc } from '../../../host-client/client.ts';
import { refusal, startEnv, type Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  await env.insert('Customer', { customer_name: 'Dueño SpA' });
  await env.insert('Customer', { customer_name: 'Otro SpA' });
  await env.insert('Item', { item_code: 'ZZV-BOMBA', item_group: 'Products', has_serial_no: 1 });
  const company = String(
    (
      await env.insert('Company', {
        company_name: 'ZZV Guardas',
        abbr: 'ZZG',
        default_currency: 'CLP',
        country: 'Chile',
      })
    ).name,
  );
  await env.insert('Serial No', { serial_no: 'ZZV-SN-1', item_code: 'ZZV-BOMBA', customer: 'Dueño SpA', company });
});
afterAll(() => env.close());

describe('the host keeps a case true', () => {
  it('a Closed case is a final record: its fields and its hours do not change; reopening does', async () => {
    const c = await env.insert('Support Case', { subject: 'Cerrado', symptom: 'x', customer: 'Otro SpA' });
    const name = String(c.name);
    env.site.db.run(`UPDATE "tabSupport Case" SET status = 'Closed' WHERE name = ?`, [name]);
    const edit = await refusal(() => env.client.update('Support Case', name, { diagnosis: '<p>tarde</p>' }, AnyDoc));
    expect(edit).toContain('está cerrado');
    expect(edit).toContain('is closed');
    expect(
      await refusal(() => env.client.update('Support Case', name, { assigned_to: 'Administrator' }, AnyDoc)),
    ).toContain('assigned_to');
    const hours = await refusal(() =>
      env.client.insert(
        'Timesheet',
        { time_logs: [{ activity_type: 'Soporte', from_time: '2026-11-23 10:00:00', hours: 1, support_case: name }] },
        AnyDoc,
      ),
    );
    expect(hours).toContain('reábralo');
    const reopened = await env.client.update('Support Case', name, { status: 'In Progress' }, AnyDoc);
    expect(reopened.status).toBe('In Progress');
  });

  it("a serial delivered to another customer is refused; the owner's own case takes it", async () => {
    const wrong = await refusal(() =>
      env.client.insert(
        'Support Case',
        { subject: 'Ajeno', symptom: 'x', customer: 'Otro SpA', serial_no: 'ZZV-SN-1' },
        AnyDoc,
      ),
    );
    expect(wrong).toContain('otro cliente');
    expect(wrong).toContain('another customer');
    const ok = await env.client.insert(
      'Support Case',
      { subject: 'Propio', symptom: 'x', customer: 'Dueño SpA', serial_no: 'ZZV-SN-1' },
      AnyDoc,
    );
    expect(ok.serial_no).toBe('ZZV-SN-1');
  });
});
