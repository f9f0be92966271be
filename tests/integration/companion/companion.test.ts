/** The companion: webhooks, sweeps, exactly-once runs and events, failures. */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, startEnv, type Env } from './env.ts';
import { startCompanion, type Companion } from '../../../server-scripts/serve.ts';
import { AnyDoc } from '../../../host-client/client.ts';
import { formatFrappeDatetime } from '../../../domain/sla/frappe-time.ts';

function sign(body: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}
async function deliver(
  companion: Companion,
  topic: string,
  body: string,
  signature: string | null = sign(body),
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${companion.url}/webhooks/${topic}`, {
    method: 'POST',
    headers: signature === null ? {} : { 'x-frappe-webhook-signature': signature },
    body,
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
async function waitFor<T>(fn: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const events = (env: Env, caseName: string, type: string): number =>
  Number(
    env.site.db.get('SELECT count(*) AS n FROM "tabSupport Case Event" WHERE support_case = ? AND event_type = ?', [
      caseName,
      type,
    ])?.n ?? 0,
  );
const comms = (env: Env, caseName: string): number =>
  Number(
    env.site.db.get(
      'SELECT count(*) AS n FROM "tabCommunication" WHERE reference_name = ? AND communication_type = ?',
      [caseName, 'Automated Message'],
    )?.n ?? 0,
  );

describe('with webhooks', () => {
  let env: Env;
  let companion: Companion;
  beforeAll(async () => {
    env = await startEnv({ install: false });
    companion = await env.companion('live');
    const r = await env.cli(['install', '--yes', '--companion-url', companion.url, '--webhook-secret', SECRET]);
    expect(r.code, r.err.join('\n')).toBe(0);
    await env.insert('Customer', { customer_name: 'Webhook Cliente' });
  });
  afterAll(() => env.close());

  it('a new case gets its SLA fields within seconds of creation, through the webhook alone', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Se cae la red',
      symptom: 'x',
      customer: 'Webhook Cliente',
      priority: 'P2',
      severity: 'S2',
    });
    const stamped = await waitFor(() => {
      const d = env.get('Support Case', String(c.name));
      return d.sla_policy ? d : undefined;
    });
    expect(stamped).toMatchObject({ sla_policy: 'SLA Estándar', sla_status: 'On Track' });
    // Monday 10:00 Santiago, P2/S2: 60 min response; 960 min resolution on 09–13 / 14–18 = Mon 420 + Tue 480 + Wed 60.
    expect(stamped.response_by).toBe('2026-11-23 11:00:00');
    expect(stamped.resolution_by).toBe('2026-11-25 10:00:00');
  });

  it('a delivery replayed 3 times changes nothing twice; an older one is stale', async () => {
    const c = await env.insert('Support Case', { subject: 'Replay', symptom: 'x', customer: 'Webhook Cliente' });
    await waitFor(() => env.get('Support Case', String(c.name)).sla_policy);
    const d = env.get('Support Case', String(c.name));
    const body = JSON.stringify({
      doctype: 'Support Case',
      name: c.name,
      modified: d.modified,
      event: 'on_update',
      topic: 'support-case',
    });
    const answers = await Promise.all([1, 2, 3].map(() => deliver(companion, 'support-case', body)));
    expect(answers.map((a) => a.body.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(env.get('Support Case', String(c.name)).modified).toBe(d.modified);
    const old = JSON.stringify({
      doctype: 'Support Case',
      name: c.name,
      modified: '2020-01-01 00:00:00',
      event: 'on_update',
      topic: 'support-case',
    });
    expect((await deliver(companion, 'support-case', old)).body.status).toBe('stale');
  });

  it("a Development task completed: the task webhook returns the case to its agent with the developers' notes", async () => {
    const c = await env.insert('Support Case', {
      subject: 'Error en reporte',
      symptom: 'x',
      customer: 'Webhook Cliente',
    });
    const name = String(c.name);
    const task = await env.insert('Task', { subject: `[${name}] Error en reporte`, support_case: name });
    await env.client.update(
      'Support Case',
      name,
      { status: 'Escalated to Development', dev_task: task.name, dev_task_status: 'Open' },
      AnyDoc,
    );
    await env.client.update('Task', String(task.name), { status: 'Working' }, AnyDoc);
    await waitFor(() => env.get('Support Case', name).dev_task_status === 'Working');
    await env.insert('Comment', {
      comment_type: 'Comment',
      reference_doctype: 'Task',
      reference_name: task.name,
      content: '<p>Corregido en 15.2.1</p>',
    });
    await env.client.update('Task', String(task.name), { status: 'Completed' }, AnyDoc);
    const back = await waitFor(() => {
      const d = env.get('Support Case', name);
      return d.status === 'In Progress' ? d : undefined;
    });
    expect(back).toMatchObject({ dev_task_status: 'Completed', dev_notes: 'Corregido en 15.2.1' });
    expect(events(env, name, 'Development Done')).toBe(1);
    const replay = JSON.stringify({ doctype: 'Task', name: task.name, event: 'on_update', topic: 'task' });
    expect((await deliver(companion, 'task', replay)).body.status).toBe('unchanged');
    expect(events(env, name, 'Development Done')).toBe(1);
  });

  it('unsigned, badly signed, unknown-topic and oversized deliveries are refused', async () => {
    const body = JSON.stringify({ doctype: 'Support Case', name: 'x', topic: 'support-case' });
    expect((await deliver(companion, 'support-case', body, null)).status).toBe(401);
    expect((await deliver(companion, 'support-case', body, sign(body, 'wrong-secret-0123456789'))).status).toBe(401);
    expect((await deliver(companion, 'support-case', body, 'not base64 !!')).status).toBe(401);
    expect((await deliver(companion, 'nonsense', body)).status).toBe(404);
    // The topic is inside the signed body: a delivery signed for one topic is refused on another.
    const replayed = await deliver(companion, 'service-policy', body);
    expect(replayed.status).toBe(400);
    expect(JSON.stringify(replayed.body)).toMatch(/another topic/);
    const big = 'x'.repeat(1_100_000);
    expect((await deliver(companion, 'support-case', big)).status).toBe(413);
  });

  it('1,000 random malformed bodies: never a 5xx, and the companion stays healthy', async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .record({
          doctype: fc.oneof(fc.string(), fc.integer()),
          name: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('')),
          modified: fc.oneof(fc.string(), fc.integer()),
        })
        .map((v) => JSON.stringify(v)),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        junk,
        fc.boolean(),
        fc.constantFrom('support-case', 'task', 'service-policy', 'sales-invoice', 'constructor'),
        async (body, signed, topic) => {
          n++;
          const r = await deliver(companion, topic, body, signed ? sign(body) : sign(`${body}x`));
          expect(r.status, body).toBeLessThan(500);
        },
      ),
      { numRuns: 1000, seed: 1234 },
    );
    expect(n).toBe(1000);
    expect((await fetch(`${companion.url}/health`)).status).toBe(200);
  });
});

describe('sweeps (webhooks switched off)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
    await env.insert('Customer', { customer_name: 'Sweep Cliente' });
  });
  afterAll(() => env.close());

  it('without any webhook, one sweep stamps every case', async () => {
    const names = [];
    for (let i = 0; i < 12; i++)
      names.push(
        String(
          (
            await env.insert('Support Case', {
              subject: `Caso ${i}`,
              symptom: 'x',
              customer: 'Sweep Cliente',
              priority: i % 2 ? 'P1' : 'P3',
              severity: 'S3',
            })
          ).name,
        ),
      );
    const c = await env.companion('s1');
    const out = await c.runJobNow('sla-sweep');
    expect(out).toMatchObject({ ran: true, result: { items: 12 } });
    for (const n of names) expect(env.get('Support Case', n).sla_status).toBe('On Track');
  });

  it('later sweeps read only what is due or changed; new SLA settings make one full pass', async () => {
    const c = await env.companion('inc');
    const run = async (minutes = 1): Promise<Record<string, unknown>> => {
      env.clock.now = new Date(env.clock.now.getTime() + minutes * 60_000);
      const out = await c.runJobNow('sla-sweep');
      if (!('result' in out)) throw new Error(JSON.stringify(out));
      return { items: out.result.items, ...out.result.detail };
    };
    await run(); // settles whatever earlier tests left
    expect(await run()).toMatchObject({ mode: 'incremental', items: 0 });
    // A person changes one case: only that one is read.
    const [one] = env.site.db.all('SELECT name FROM "tabSupport Case" WHERE priority = ? LIMIT 1', ['P3']);
    await env.client.update('Support Case', String(one?.name), { priority: 'P2' }, AnyDoc);
    expect(await run()).toMatchObject({ mode: 'incremental', items: 1, written: 1 });
    // Time passes: exactly the cases whose next check (a warning, a breach, an escalation) fell due are read.
    env.clock.now = new Date(env.clock.now.getTime() + 4 * 3_600_000);
    const nowText = formatFrappeDatetime(env.clock.now.getTime() + 60_000, env.site.systemZone());
    const dueCount = Number(
      env.site.db.get('SELECT count(*) AS n FROM "tabSupport Case" WHERE sla_next_check_on <= ?', [nowText])?.n,
    );
    expect(dueCount).toBeGreaterThan(0);
    expect(await run()).toMatchObject({ mode: 'incremental', items: dueCount });
    // An admin changes the SLA policy: the next run stamps every open case again.
    await env.client.update('SLA Policy', 'SLA Estándar', { warning_percent: 80 }, AnyDoc);
    c.invalidateSettings();
    expect(await run()).toMatchObject({ mode: 'full' });
    expect(await run()).toMatchObject({ mode: 'incremental' });
  });

  it('three replicas on the same period: exactly one runs', async () => {
    env.clock.now = new Date(env.clock.now.getTime() + 60_000);
    const [a, b, c] = await Promise.all([env.companion('a'), env.companion('b'), env.companion('c')]);
    const outs = await Promise.all([a.runJobNow('sla-sweep'), b.runJobNow('sla-sweep'), c.runJobNow('sla-sweep')]);
    expect(outs.filter((o) => o.ran)).toHaveLength(1);
    expect(outs.filter((o) => !o.ran)).toHaveLength(2);
  });

  it('as time passes: At Risk warns once, a breach warns once, replays and later sweeps add nothing', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Reloj',
      symptom: 'x',
      customer: 'Sweep Cliente',
      priority: 'P1',
      severity: 'S1',
      assigned_to: 'Administrator',
    });
    const name = String(c.name);
    const comp = await env.companion('t');
    const tick = async (minutes: number): Promise<void> => {
      env.clock.now = new Date(env.clock.now.getTime() + minutes * 60_000);
      await comp.runJobNow('sla-sweep');
    };
    await tick(1);
    expect(env.get('Support Case', name).sla_status).toBe('On Track');
    await tick(11); // 12 of 15 response minutes used: past the 75% warning
    expect(env.get('Support Case', name).sla_status).toBe('At Risk');
    expect(events(env, name, 'SLA Warning')).toBe(1);
    await tick(1);
    expect(events(env, name, 'SLA Warning')).toBe(1);
    await tick(5); // past 15 minutes without a response
    const d = env.get('Support Case', name);
    expect(d).toMatchObject({ sla_status: 'Breached', response_breached: 1 });
    expect(events(env, name, 'SLA Breach')).toBe(1);
    await tick(1);
    await tick(1);
    expect(events(env, name, 'SLA Breach')).toBe(1);
    expect(comms(env, name)).toBe(2);
    expect(
      env.site.db.get(
        'SELECT count(*) AS n FROM "tabSupport Case Event" WHERE support_case = ? AND notified_on IS NULL',
        [name],
      )?.n,
    ).toBe(0);
  });

  it('a case unresolved past the rule moves N1 → N2 once, with a Level Change event', async () => {
    const c = await env.insert('Support Case', {
      subject: 'Escalar',
      symptom: 'x',
      customer: 'Sweep Cliente',
      priority: 'P4',
      severity: 'S4',
    });
    const name = String(c.name);
    const comp = await env.companion('e');
    env.clock.now = new Date(env.clock.now.getTime() + 60_000);
    await comp.runJobNow('sla-sweep');
    // SLA Estándar: N1 → N2 after 1440 business minutes = 3 office days (8 h each).
    env.clock.now = new Date(env.clock.now.getTime() + 4 * 86_400_000);
    await comp.runJobNow('sla-sweep');
    expect(env.get('Support Case', name).support_level).toBe('N2');
    expect(events(env, name, 'Level Change')).toBe(1);
    env.clock.now = new Date(env.clock.now.getTime() + 60_000);
    await comp.runJobNow('sla-sweep');
    expect(events(env, name, 'Level Change')).toBe(1);
  });

  it("a Development task completed while no webhook comes: the next sweep's dev-task-return job returns the case", async () => {
    const c = await env.insert('Support Case', { subject: 'Sin webhook', symptom: 'x', customer: 'Sweep Cliente' });
    const name = String(c.name);
    const task = await env.insert('Task', {
      subject: `[${name}] Sin webhook`,
      support_case: name,
      description: '<p>Ver parche 42</p>',
    });
    await env.client.update('Support Case', name, { status: 'Escalated to Development', dev_task: task.name }, AnyDoc);
    await env.client.update('Task', String(task.name), { status: 'Completed' }, AnyDoc);
    const comp = await env.companion('dev');
    env.clock.now = new Date(env.clock.now.getTime() + 60_000);
    const out = await comp.runJobNow('dev-task-return');
    expect(out).toMatchObject({ ran: true, result: { items: 1 } });
    expect(env.get('Support Case', name)).toMatchObject({
      status: 'In Progress',
      dev_task_status: 'Completed',
      dev_notes: 'Ver parche 42',
    });
    expect(events(env, name, 'Development Done')).toBe(1);
  });

  it('the host going down mid-sweep: the run fails, the next one finishes, nothing is lost or doubled', async () => {
    for (let i = 0; i < 5; i++)
      await env.insert('Support Case', {
        subject: `Caída ${i}`,
        symptom: 'x',
        customer: 'Sweep Cliente',
        priority: 'P1',
        severity: 'S1',
      });
    let calls = 0;
    let down = false;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (down) throw new TypeError('fetch failed (host down)');
      if (calls === 4) down = true;
      return fetch(input, init);
    };
    const comp = await startCompanion(
      {
        site: env.url,
        apiKey: env.keys.api_key,
        apiSecret: env.keys.api_secret,
        webhookSecret: SECRET,
        port: 0,
        host: '127.0.0.1',
        sweepSeconds: 60,
        replica: 'flaky',
      },
      { schedule: false, log: () => undefined, clock: () => env.clock.now, fetch: flaky, backoffMs: 1, retries: 2 },
    );
    env.clock.now = new Date(env.clock.now.getTime() + 20 * 60_000);
    const failed = await comp.runJobNow('sla-sweep').catch((e: unknown) => ({ ran: true as const, error: String(e) }));
    expect('error' in failed).toBe(true);
    down = false;
    env.clock.now = new Date(env.clock.now.getTime() + 60_000);
    const ok = await comp.runJobNow('sla-sweep');
    expect(ok.ran && 'result' in ok).toBe(true);
    const rows = env.site.db.all('SELECT name, sla_status FROM "tabSupport Case" WHERE subject LIKE ?', ['Caída %']);
    expect(rows.every((r) => r.sla_status === 'Breached')).toBe(true);
    for (const r of rows) expect(events(env, String(r.name), 'SLA Breach')).toBe(1);
    await comp.close();
  });
});
