/**
 * SLA notices in the reader's language: `postventa.sla.events` sends each recipient the Spanish or English notice by
 * their host language (User.language), one Communication per language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostScriptsEnv } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startHostScriptsEnv();
});
afterAll(() => env.close());

describe('SLA notices', () => {
  it("each recipient is told in their own language: one notice per language, by the user's host language", async () => {
    const c = await env.insert('Support Case', { subject: 'Idiomas', symptom: 'x', customer: 'Al Día SpA' });
    env.site.db.run(`UPDATE "tabUser" SET language = 'en' WHERE name = 'agente@pv.test'`);
    const answer = (await env.client.call('postventa.sla.events', {
      events: [
        {
          support_case: c.name,
          event_type: 'SLA Warning',
          at: '2026-11-23 10:00:00',
          dedupe_key: `lang:${String(c.name)}`,
          reason: 'Se consumió el 80 %. / 80 % used.',
          notice: {
            subject: {
              es: `Alerta de SLA: ${String(c.name)} [pv:def456]`,
              en: `SLA warning: ${String(c.name)} [pv:def456]`,
            },
            content: { es: '<p>Se consumió el 80 %.</p>', en: '<p>80 % used.</p>' },
            recipients: 'agente@pv.test, nadie@pv.test',
          },
        },
      ],
      now: '2026-11-23 10:00:05',
    })) as { notified: string[] };
    expect(answer.notified).toHaveLength(1);
    const sent = env.site.db.all(
      'SELECT subject, content, recipients FROM "tabCommunication" WHERE reference_name = ? ORDER BY subject',
      [String(c.name)],
    );
    expect(sent).toEqual([
      {
        subject: `Alerta de SLA: ${String(c.name)} [pv:def456]`,
        content: '<p>Se consumió el 80 %.</p>',
        recipients: 'nadie@pv.test',
      },
      {
        subject: `SLA warning: ${String(c.name)} [pv:def456]`,
        content: '<p>80 % used.</p>',
        recipients: 'agente@pv.test',
      },
    ]);
  });
});
