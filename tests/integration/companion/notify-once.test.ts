/**
 * One notice per event under concurrency: the webhook and the sweep, or two replicas, recording the same
 * events at the same moment. The event is the claim; only its claimer announces it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUser, COMPANION_ROLES, startEnv, type Env } from './env.ts';
import { HostClient } from '../../../host-client/client.ts';
import { notificationTag, recordEvents, type CaseUpdate } from '../../../server-scripts/companion/case-sla.ts';

let env: Env;
let writers: HostClient[];
beforeAll(async () => {
  env = await startEnv();
  await env.insert('Customer', { customer_name: 'Carrera SpA' });
  const keys = await apiUser(env.site, 'companion.race@pv.test', COMPANION_ROLES);
  writers = [0, 1, 2].map(() => new HostClient({ baseUrl: env.url, apiKey: keys.api_key, apiSecret: keys.api_secret }));
});
afterAll(() => env.close());

function breachOf(caseName: string, key: string): CaseUpdate {
  return {
    name: caseName,
    patch: {},
    events: [
      {
        dedupeKey: key,
        eventType: 'SLA Breach',
        fromValue: 'At Risk',
        toValue: 'Breached',
        reason: 'Respuesta vencida',
        at: '2026-11-23 10:00:00',
        notify: true,
        caseName,
        recipients: ['supervisor@pv.test'],
        subject: 'Carrera',
      },
    ],
  };
}

const notices = (caseName: string, key: string): number =>
  env.site.db
    .all('SELECT subject FROM "tabCommunication" WHERE reference_name = ?', [caseName])
    .filter((r) => String(r.subject).includes(notificationTag(key))).length;

describe('notifications are claimed once', () => {
  it('three writers recording the same breach at once: one event, one notice, notified_on set', async () => {
    for (let round = 0; round < 5; round++) {
      const c = await env.insert('Support Case', {
        subject: `Carrera ${round}`,
        symptom: 'x',
        customer: 'Carrera SpA',
      });
      const key = `breach:${String(c.name)}:response`;
      const results = await Promise.all(
        writers.map((w) => recordEvents(w, [breachOf(String(c.name), key)], '2026-11-23 10:00:05')),
      );
      expect(results.reduce((s, r) => s + r.claimed, 0)).toBe(1);
      expect(results.reduce((s, r) => s + r.notified, 0)).toBe(1);
      expect(notices(String(c.name), key)).toBe(1);
      expect(
        env.site.db.get('SELECT notified_on FROM "tabSupport Case Event" WHERE dedupe_key = ?', [key])?.notified_on,
      ).toBeTruthy();
    }
  });

  it('a claimer that died before announcing: a later run announces it once the claim is old, and only once', async () => {
    const c = await env.insert('Support Case', { subject: 'Huérfano', symptom: 'x', customer: 'Carrera SpA' });
    const key = `breach:${String(c.name)}:resolution`;
    await env.insert('Support Case Event', {
      support_case: c.name,
      event_type: 'SLA Breach',
      dedupe_key: key,
      at: '2026-11-23 09:00:00',
    });
    // A run within the grace period leaves it to its (maybe still running) claimer.
    await recordEvents(writers[0] as HostClient, [breachOf(String(c.name), key)], '2026-11-23 10:00:05', '2000-01-01');
    expect(notices(String(c.name), key)).toBe(0);
    const late = await recordEvents(
      writers[0] as HostClient,
      [breachOf(String(c.name), key)],
      '2026-11-23 10:30:00',
      '2099-01-01 00:00:00',
    );
    expect(late).toEqual({ claimed: 0, notified: 1 });
    expect(notices(String(c.name), key)).toBe(1);
    // Announced and marked: no later run sends it again.
    const again = await Promise.all(
      writers.map((w) => recordEvents(w, [breachOf(String(c.name), key)], '2026-11-23 10:31:00', '2099-01-01')),
    );
    expect(again.reduce((s, r) => s + r.notified, 0)).toBe(0);
    expect(notices(String(c.name), key)).toBe(1);
  });
});
