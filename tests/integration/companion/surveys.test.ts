/**
 * Satisfaction surveys end to end on the dev host (issue 17): the companion's surveys job sends one survey per
 * closed case after the settings' delay (sampling and the quiet period respected), by e-mail and WhatsApp, with a
 * personal link only the mail carries; the guest page's calls record CSAT and NPS once, expired links are refused;
 * a detractor opens a follow-up task for the account manager; one reminder; the relationship survey once a period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { as, messages, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';
import { inSample } from '../../../domain/surveys/surveys.ts';

let env: Env;
const CUSTOMER = 'Encuestas ZZ SpA';
const all = (sql: string, params: (string | number)[] = []) => env.site.db.all(sql, params);
const settings = (patch: Record<string, unknown>) =>
  env.client.update('Postventa Settings', 'Postventa Settings', patch, z.unknown());
const advance = (hours: number) => {
  env.clock.now = new Date(env.clock.now.getTime() + hours * 3_600_000);
};
const stamp = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
// Each run is its own job period (a period already run is "taken"): the clock moves 10 minutes first.
const run = async () => {
  advance(1 / 6);
  const c = await env.companion(`sv-${Math.random()}`);
  try {
    return await c.runJobNow('surveys');
  } finally {
    await c.close();
  }
};
/** A case closed `hoursAgo` hours before the site's now (host clock in UTC here: the site's zone is applied by SQL). */
async function closedCase(subject: string, hoursAgo: number, over: Record<string, unknown> = {}): Promise<string> {
  const c = await env.insert('Support Case', { subject, symptom: 'x', customer: CUSTOMER, ...over });
  const name = String(c.name);
  const zoned = new Date(env.clock.now.getTime() - hoursAgo * 3_600_000 - 3 * 3_600_000); // Santiago is UTC−3
  env.site.db.run(`UPDATE "tabSupport Case" SET status = 'Closed', closed_on = ?, assigned_to = ? WHERE name = ?`, [
    stamp(zoned),
    'agente@pv.test',
    name,
  ]);
  return name;
}
const surveyOf = (caseName: string) =>
  all('SELECT * FROM "tabSurvey Response" WHERE support_case = ?', [caseName]) as Record<string, unknown>[];
const tokenOf = (survey: string) => env.site.docs.getPassword('Survey Response', survey, 'token') ?? '';

beforeAll(async () => {
  env = await startHostScriptsEnv({ apps: ['frappe_whatsapp'] });
  await user('gerente@pv.test', ['Support Manager', 'Support Agent']);
  await env.insert('Email Account', {
    email_account_name: 'Soporte',
    email_id: 'soporte@pv.test',
    enable_outgoing: 1,
    default_outgoing: 1,
  });
  await env.insert('Customer', { customer_name: CUSTOMER, account_manager: 'gerente@pv.test' });
  const contact = await env.insert('Contact', {
    first_name: 'Rosa',
    last_name: 'Díaz',
    email_id: 'rosa@encuestas.test',
    mobile_no: '+56933334444',
    links: [{ link_doctype: 'Customer', link_name: CUSTOMER }],
  });
  await env.client.update('Customer', CUSTOMER, { customer_primary_contact: contact.name }, z.unknown());
  await settings({
    whatsapp_enabled: 1,
    survey_delay_hours: 2,
    survey_sampling_percent: 100,
    survey_quiet_days: 30,
    survey_reminder_hours: 72,
    relationship_nps_months: 0,
  });
});
afterAll(() => env.close());

describe('surveys after a closed case', () => {
  let caseName = '';
  let survey = '';
  it('one survey after the delay, not before; e-mail and WhatsApp carry the link, the timeline does not', async () => {
    caseName = await closedCase('Compresor detenido', 1);
    await run();
    expect(surveyOf(caseName)).toEqual([]);
    advance(2);
    await run();
    await run();
    const rows = surveyOf(caseName);
    expect(rows).toHaveLength(1);
    const s = rows[0] ?? {};
    survey = String(s.name);
    expect(s).toMatchObject({ status: 'Sent', contact_email: 'rosa@encuestas.test', agent: 'agente@pv.test' });
    expect(s.survey_template).toBe('Encuesta post-servicio');
    const token = tokenOf(survey);
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    const link = `/postventa#/survey/${survey}/${token}`;
    const mail = all('SELECT message FROM "tabEmail Queue" WHERE reference_name = ?', [caseName]);
    expect(mail).toHaveLength(1);
    expect(String(mail[0]?.message)).toContain(link);
    expect(String(mail[0]?.message)).toContain(`${link}/5`);
    expect(String(mail[0]?.message)).toContain('Compresor detenido');
    const wa = all('SELECT message FROM "tabWhatsApp Message" WHERE reference_name = ?', [survey]);
    expect(String(wa[0]?.message)).toContain(link);
    // Staff read the Communication and the interaction: the secret is in neither, so nobody answers for them.
    const comm = all('SELECT content FROM "tabCommunication" WHERE reference_name = ?', [caseName]);
    for (const c of comm) expect(String(c.content)).not.toContain(token);
    const said = all('SELECT summary, interaction_type FROM "tabCustomer Interaction" WHERE support_case = ?', [
      caseName,
    ]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ interaction_type: 'Survey' });
    expect(String(said[0]?.summary)).not.toContain(token);
  });

  it('the guest page opens it, records CSAT and NPS once and stamps the case', async () => {
    const token = tokenOf(survey);
    const opened = await as('Guest', 'POST', '/api/method/postventa.survey.get', { survey, token });
    expect(opened.status).toBe(200);
    const info = opened.body.message as Record<string, unknown>;
    expect(info).toMatchObject({ state: 'open', case: caseName, case_subject: 'Compresor detenido' });
    expect((info.questions as unknown[]).length).toBe(3);
    const wrong = await as('Guest', 'POST', '/api/method/postventa.survey.get', {
      survey,
      token: `${token.slice(0, -1)}x`,
    });
    expect(wrong.status).toBe(404);
    const strange = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey,
      token,
      csat: 4,
      nps: 9,
      answers: [{ question: '¿Quién ganó el partido?', answer: 'x' }],
    });
    expect(messages(strange.body)).toContain('no es una pregunta de esta encuesta');
    const missingNps = await as('Guest', 'POST', '/api/method/postventa.survey.submit', { survey, token, csat: 4 });
    expect(messages(missingNps.body)).toContain('obligatoria');
    const ok = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey,
      token,
      csat: 4,
      nps: 9,
      comments: 'Rápidos',
      answers: [{ question: '¿Qué podríamos mejorar?', answer: 'Rápidos' }],
    });
    expect(ok.status, messages(ok.body)).toBe(200);
    expect(ok.body.message).toMatchObject({ detractor: 0 });
    expect(env.get('Support Case', caseName)).toMatchObject({ csat: 4, nps: 9, survey_response: survey });
    expect(env.get('Survey Response', survey)).toMatchObject({ status: 'Answered', csat: 4, nps: 9, detractor: 0 });
    const again = await as('Guest', 'POST', '/api/method/postventa.survey.submit', { survey, token, csat: 1, nps: 0 });
    expect(messages(again.body)).toContain('ya fue respondida');
    expect(env.get('Survey Response', survey)).toMatchObject({ csat: 4 });
    const reopened = await as('Guest', 'POST', '/api/method/postventa.survey.get', { survey, token });
    expect(reopened.body.message).toMatchObject({ state: 'answered' });
  });

  it('the same contact is not asked again within the quiet days; the reason is kept', async () => {
    const second = await closedCase('Otra consulta', 3);
    await run();
    expect(surveyOf(second)).toMatchObject([{ status: 'Skipped' }]);
    expect(String(surveyOf(second)[0]?.skip_reason)).toContain('30 días');
    expect(all('SELECT name FROM "tabEmail Queue" WHERE reference_name = ?', [second])).toEqual([]);
  });

  it('sampling: a case outside the percentage is skipped, the same way on every run', async () => {
    await settings({ survey_sampling_percent: 50, survey_quiet_days: 0 });
    const cases: string[] = [];
    for (let i = 0; i < 8; i++) cases.push(await closedCase(`Muestra ${i}`, 3));
    await run();
    for (const c of cases) {
      const s = surveyOf(c)[0] ?? {};
      expect(s.status === 'Skipped' && String(s.skip_reason).includes('muestra')).toBe(!inSample(`case|${c}`, 50));
    }
    await settings({ survey_sampling_percent: 100, survey_quiet_days: 30 });
  });

  it('a detractor opens a follow-up task for the account manager', async () => {
    await settings({ survey_quiet_days: 0 });
    const bad = await closedCase('Tercera falla del mes', 3);
    await run();
    const s = String(surveyOf(bad)[0]?.name);
    const r = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey: s,
      token: tokenOf(s),
      csat: 2,
      nps: 3,
      comments: 'Nadie llegó',
      answers: [{ question: '¿Qué podríamos mejorar?', answer: 'Nadie llegó' }],
    });
    expect(r.body.message).toMatchObject({ detractor: 1 });
    const follow = String(env.get('Survey Response', s).follow_up);
    expect(env.get('Customer Interaction', follow)).toMatchObject({
      customer: CUSTOMER,
      support_case: bad,
      user: 'gerente@pv.test',
    });
    const task = all('SELECT allocated_to, status, reference_name FROM "tabToDo" WHERE reference_name = ?', [follow]);
    expect(task).toEqual([{ allocated_to: 'gerente@pv.test', status: 'Open', reference_name: follow }]);
    await settings({ survey_quiet_days: 30 });
  });

  it('one reminder after the hours; an expired link is told kindly and refused', async () => {
    await settings({ survey_quiet_days: 0 });
    const late = await closedCase('Sin respuesta', 3);
    await run();
    const s = String(surveyOf(late)[0]?.name);
    advance(73);
    await run();
    await run();
    const mails = all('SELECT message FROM "tabEmail Queue" WHERE reference_name = ? ORDER BY creation', [late]);
    expect(mails).toHaveLength(2);
    expect(env.get('Survey Response', s).reminder_sent_on).toBeTruthy();
    advance(24 * 14);
    await run();
    expect(env.get('Survey Response', s).status).toBe('Expired');
    const token = tokenOf(s);
    expect(
      (await as('Guest', 'POST', '/api/method/postventa.survey.get', { survey: s, token })).body.message,
    ).toMatchObject({
      state: 'expired',
    });
    const refused = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey: s,
      token,
      csat: 5,
      nps: 10,
    });
    expect(messages(refused.body)).toContain('expiró');
    await settings({ survey_quiet_days: 30 });
  });

  it('the relationship survey goes to each customer with an active policy once a period', async () => {
    await env.insert('Service Policy', {
      customer: CUSTOMER,
      status: 'Active',
      start_date: '2026-01-01',
      end_date: '2027-12-31',
    });
    await settings({ relationship_nps_months: 6, survey_quiet_days: 0 });
    await run();
    await run();
    const rows = all(
      'SELECT trigger, dedupe_key, status FROM "tabSurvey Response" WHERE trigger = \'Periodic\' AND customer = ?',
      [CUSTOMER],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'Sent' });
    expect(String(rows[0]?.dedupe_key)).toMatch(/^relationship\|Encuestas ZZ SpA\|\d{4}-P[12]$/);
    await settings({ relationship_nps_months: 0, survey_quiet_days: 30 });
  });

  it('only the integration prepares surveys: an agent, a customer and a guest are refused', async () => {
    const body = { items: [{ kind: 'relationship', name: CUSTOMER, period: '2099-P1' }] };
    for (const who of ['agente@pv.test', 'cliente@aldia.test', 'Guest'])
      expect((await as(who, 'POST', '/api/method/postventa.survey.prepare', body)).status).toBe(403);
    expect(all('SELECT name FROM "tabSurvey Response" WHERE dedupe_key LIKE ?', ['%2099-P1'])).toEqual([]);
  });
});
