/** Host scripts guests and customers reach: surveys and confirmations by token, rate limits, the case page, the vault. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, messages, startHostScriptsEnv, tokenOf } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startHostScriptsEnv();
});
afterAll(() => env.close());
describe('guest APIs', () => {
  it('a survey is answered by token once; bad input and unknown tokens are refused', async () => {
    const sr = await env.insert('Survey Response', {
      customer: 'Al Día SpA',
      status: 'Sent',
      token: 'tok-123-survey-abcdef',
    });
    const survey = String(sr.name);
    // The secret is kept encrypted: the column holds asterisks, so no filter or count can find it.
    expect(env.site.db.get('SELECT token FROM "tabSurvey Response" WHERE name = ?', [survey])).toEqual({
      token: '*'.repeat(21),
    });
    expect(
      (
        await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
          survey,
          token: 'tok-123-survey-abcdef',
          csat: 9,
        })
      ).status,
    ).toBe(417);
    const ok = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey,
      token: 'tok-123-survey-abcdef',
      csat: 5,
      nps: 10,
      comments: 'Excelente atención',
    });
    expect(ok.body.message).toMatchObject({ ok: true });
    expect(env.site.db.get('SELECT status, csat, nps FROM "tabSurvey Response" WHERE name = ?', [survey])).toEqual({
      status: 'Answered',
      csat: 5,
      nps: 10,
    });
    const again = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey,
      token: 'tok-123-survey-abcdef',
      csat: 4,
    });
    expect(messages(again.body)).toMatch(/ya fue respondida/);
    for (const body of [
      { survey, token: 'nope', csat: 4 },
      { survey, token: 'tok-123-survey-abcdeX', csat: 4 },
      { survey: ['like', '%'], token: 'tok-123-survey-abcdef', csat: 4 },
      { token: 'tok-123-survey-abcdef', csat: 4 },
    ])
      expect((await as('Guest', 'POST', '/api/method/postventa.survey.submit', body)).status).toBe(404);
  });

  it('a resolution is confirmed by token; "not solved" reopens the case with the customer’s comment', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Confirmar',
      symptom: 'x',
      customer: 'Al Día SpA',
      status: 'Resolved',
    });
    const ok = await as('Guest', 'POST', '/api/method/postventa.case.confirm', {
      case: c.name,
      token: tokenOf(c),
      solved: 1,
    });
    expect(ok.body.message).toMatchObject({ ok: true, status: 'Resolved' });
    expect(env.get('Support Case', String(c.name)).customer_confirmed_on).toBeTruthy();
    const r = await env.insert('Support Case', {
      subject: 'Reabrir',
      symptom: 'x',
      customer: 'Al Día SpA',
      status: 'Resolved',
    });
    const reopened = await as('Guest', 'POST', '/api/method/postventa.case.confirm', {
      case: r.name,
      token: tokenOf(r),
      solved: 0,
      comment: 'Sigue fallando',
    });
    expect(reopened.body.message).toMatchObject({ status: 'Open' });
    // The old link is dead while the case is open, and resolving again makes a new secret.
    const old = tokenOf(r);
    expect((await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: r.name, token: old })).status).toBe(
      417,
    );
    await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${String(r.name)}`, { status: 'Resolved' });
    expect(tokenOf(r)).not.toBe(old);
  });

  it('the host makes the confirmation secret: what people send is dropped, staff read it, customers and guests do not', async () => {
    const c = await env.insert('Support Case', { subject: 'Secreto', symptom: 'x', customer: 'Al Día SpA' });
    const put = await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${String(c.name)}`, {
      confirmation_token: 'agent-chosen-token-abc',
    });
    expect(put.status).toBe(200);
    expect(tokenOf(c)).toBeNull();
    await as('agente@pv.test', 'PUT', `/api/resource/Support Case/${String(c.name)}`, {
      status: 'Resolved',
      confirmation_token: 'agent-chosen-token-abc',
    });
    const token = tokenOf(c);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    // No list filter or count reads it (frappe.client.get_count checks no permission on the host).
    const query = new URLSearchParams({
      doctype: 'Support Case',
      filters: JSON.stringify([['confirmation_token', 'like', `${String(token).slice(0, 1)}%`]]),
    });
    const count = await as('cliente@aldia.test', 'GET', `/api/method/frappe.client.get_count?${query.toString()}`);
    expect(count.body.message).toBe(0);
    const link = await as('agente@pv.test', 'POST', '/api/method/postventa.case.confirmation_link', { case: c.name });
    expect(link.body.message).toEqual({ case: c.name, token });
    for (const who of ['cliente@aldia.test', 'Guest'])
      expect(
        (await as(who, 'POST', '/api/method/postventa.case.confirmation_link', { case: c.name })).status,
      ).toBeGreaterThanOrEqual(403);
    expect(
      (await as('agente@pv.test', 'POST', '/api/method/postventa.case.confirmation_link', { case: ['like', '%'] }))
        .status,
    ).toBe(417);
  });

  it('resolving is one host call: solution, status, secret and the customer message with the link, or nothing', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Resolver',
      symptom: 'x',
      customer: 'Al Día SpA',
      raised_by: 'cliente@aldia.test',
    });
    const name = String(c.name);
    const body = {
      case: name,
      solution: '<p>Reinicio</p>',
      diagnosis: '',
      message: '<p>Confirme: <a href="[[link]]">[[link]]</a></p>',
    };
    for (const who of ['cliente@aldia.test', 'Guest'])
      expect((await as(who, 'POST', '/api/method/postventa.case.resolve', body)).status).toBeGreaterThanOrEqual(403);
    expect(
      (await as('agente@pv.test', 'POST', '/api/method/postventa.case.resolve', { ...body, solution: '' })).status,
    ).toBe(417);
    expect(env.get('Support Case', name).status).toBe('Open');
    const r = await as('agente@pv.test', 'POST', '/api/method/postventa.case.resolve', body);
    expect(r.status).toBe(200);
    const out = r.body.message as { token: string; communication: string; status: string };
    expect(out.status).toBe('Resolved');
    expect(out.token).toBe(tokenOf(c));
    const comm = env.get('Communication', out.communication);
    expect(String(comm.content)).toContain(`/postventa#/confirm/${name}/${out.token}`);
    expect(comm.recipients).toBe('cliente@aldia.test');
    expect(env.get('Support Case', name)).toMatchObject({ status: 'Resolved', solution: '<p>Reinicio</p>' });
    // A resolved case is not resolved again (a second link would replace the one the customer has).
    expect((await as('agente@pv.test', 'POST', '/api/method/postventa.case.resolve', body)).status).toBe(417);
  });

  it('a guest cannot confirm with a filter, a GET, a used link or a bad "solved"; errors name no case', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Ataque',
      symptom: 'x',
      customer: 'Al Día SpA',
      status: 'Resolved',
    });
    const name = String(c.name);
    const token = String(tokenOf(c));
    for (const body of [
      { case: name, token: ['is', 'set'] },
      { case: name, token: ['like', '%'] },
      { case: name, token: { $ne: '' } },
      { case: name, token: '%' },
      { case: name, token: 'x'.repeat(200) },
      { case: name, token: `${token.slice(0, -1)}0` === token ? `${token.slice(0, -1)}1` : `${token.slice(0, -1)}0` },
      { case: ['like', '%'], token },
      { case: 'CASO-NO-EXISTE', token },
      { token },
    ]) {
      const r = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { ...body, solved: 0 });
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 404]);
      expect(JSON.stringify(r.body)).not.toMatch(/CASO-2/);
    }
    const get = await as('Guest', 'GET', `/api/method/postventa.case.confirm?case=${name}&token=${token}&solved=0`);
    expect(get.status).toBe(403);
    for (const solved of ['yes', 'abc', [1]]) {
      const r = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: name, token, solved });
      expect(r.status).toBe(417);
    }
    const ok = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: name, token, solved: 1 });
    expect(ok.status).toBe(200);
    const reuse = await as('Guest', 'POST', '/api/method/postventa.case.confirm', { case: name, token, solved: 0 });
    expect(reuse.status).toBe(417);
    expect(env.site.db.get('SELECT status FROM "tabSupport Case" WHERE name = ?', [name])).toEqual({
      status: 'Resolved',
    });
  });
});

describe('guest APIs are rate-limited by the host (Server Script "Enable Rate Limit")', () => {
  it('guessing tokens stops with 429 after 30 calls an hour from one address, and works again the next hour', async () => {
    let status = 0;
    let calls = 0;
    for (; calls < 40 && status !== 429; calls++)
      status = (
        await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
          survey: 'ENC-2026-00001',
          token: `guess-token-${String(calls).padStart(8, '0')}`,
          csat: 5,
        })
      ).status;
    expect(status).toBe(429);
    expect(calls).toBeLessThanOrEqual(31);
    env.clock.now = new Date(env.clock.now.getTime() + 3_601_000);
    const later = await as('Guest', 'POST', '/api/method/postventa.survey.submit', {
      survey: 'ENC-2026-00001',
      token: 'guess-token-later000',
      csat: 5,
    });
    expect(later.status).toBe(404);
  });
});

describe("the agents' case page on real permissions", () => {
  it('an agent adds a note, replies without mail configured (stored, agent told) and reads both in the timeline', async () => {
    await env.insert('Customer', { customer_name: 'Otro Cliente SpA' });
    const mine = await env.insert('Support Case', { subject: 'Timeline', symptom: 'x', customer: 'Al Día SpA' });
    const other = await env.insert('Support Case', { subject: 'Ajeno', symptom: 'y', customer: 'Otro Cliente SpA' });
    const note = await as('agente@pv.test', 'POST', '/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: 'Support Case',
      reference_name: mine.name,
      content: 'Nota interna',
      comment_email: 'agente@pv.test',
      comment_by: 'Agente',
    });
    expect(note.status).toBe(200);
    const reply = await as('agente@pv.test', 'POST', '/api/method/postventa.case.reply', {
      case: mine.name,
      subject: 'Re: Timeline',
      content: '<p>Estamos revisando</p>',
      recipients: 'cliente@aldia.test',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.message).toMatchObject({ sent: false, mail_configured: false });
    // … and it is on the customer's timeline of interactions, reactive and outbound.
    expect(
      env.site.db.get(
        'SELECT interaction_type, direction, proactive, outcome FROM "tabCustomer Interaction" WHERE support_case = ?',
        [String(mine.name)],
      ),
    ).toEqual({
      interaction_type: 'Email',
      direction: 'Outbound',
      proactive: 0,
      outcome: 'Guardado en el caso, sin enviar. / Kept on the case, not sent.',
    });
    const tl = await as('agente@pv.test', 'GET', `/api/method/postventa.case.timeline?case=${String(mine.name)}`);
    const m = tl.body.message as { comments: { content: string }[]; communications: { content: string }[] };
    expect(m.comments.map((c) => c.content)).toContain('Nota interna');
    expect(m.communications.map((c) => c.content)).toContain('<p>Estamos revisando</p>');
    // The customer of another company reads neither that case's timeline nor replies on it; a guest neither.
    expect(
      (await as('cliente@aldia.test', 'GET', `/api/method/postventa.case.timeline?case=${String(other.name)}`)).status,
    ).toBe(404);
    expect(
      (await as('cliente@aldia.test', 'POST', '/api/method/postventa.case.reply', { case: mine.name, content: 'x' }))
        .status,
    ).toBe(403);
    expect((await as('Guest', 'GET', `/api/method/postventa.case.timeline?case=${String(mine.name)}`)).status).toBe(
      403,
    );
    for (const bad of [['like', '%'], 'x'.repeat(200), '']) {
      const r = await as(
        'agente@pv.test',
        'GET',
        `/api/method/postventa.case.timeline?case=${encodeURIComponent(typeof bad === 'string' ? bad : JSON.stringify(bad))}`,
      );
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
  });

  it('postventa.session.boot tells the user, the zone and the CSRF token; a guest gets Guest', async () => {
    const boot = await as('agente@pv.test', 'GET', '/api/method/postventa.session.boot');
    expect(boot.body.message).toMatchObject({ user: 'agente@pv.test', time_zone: 'America/Santiago' });
    expect((await as('Guest', 'GET', '/api/method/postventa.session.boot')).body.message).toMatchObject({
      user: 'Guest',
    });
  });
});

describe('credential vault', () => {
  it('a support user sees the password and the access is logged; a portal user without visibility gets 403', async () => {
    const cred = await env.insert('Customer Credential', {
      customer: 'Al Día SpA',
      system: 'Router oficina',
      username: 'admin',
      password: 'S3creto!',
      visible_to_customer: 0,
    });
    const r = await as('agente@pv.test', 'POST', '/api/method/postventa.credential.reveal', {
      name: cred.name,
      purpose: 'Revisar VPN',
    });
    expect(r.body.message).toMatchObject({ username: 'admin', password: 'S3creto!' });
    expect(
      env.site.db.get('SELECT user, purpose FROM "tabCredential Access Log" WHERE credential = ?', [String(cred.name)]),
    ).toEqual({ user: 'agente@pv.test', purpose: 'Revisar VPN' });
    expect(
      env.site.db.get('SELECT ip_address FROM "tabCredential Access Log" WHERE credential = ?', [String(cred.name)])
        ?.ip_address,
    ).toBe('127.0.0.1');
    // A cross-site navigation (GET) writes no audit row in the user's name.
    const viaGet = await as(
      'agente@pv.test',
      'GET',
      `/api/method/postventa.credential.reveal?name=${String(cred.name)}`,
    );
    expect(viaGet.status).toBe(403);
    expect(
      (await as('cliente@aldia.test', 'POST', '/api/method/postventa.credential.reveal', { name: cred.name })).status,
    ).toBe(403);
    expect((await as('Guest', 'POST', '/api/method/postventa.credential.reveal', { name: cred.name })).status).toBe(
      403,
    );
  });
});
