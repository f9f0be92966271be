/**
 * Saved queue views on the host: every agent reads them (the SPA offers each one by its visibility), an agent
 * changes and deletes only their own, a supervisor any; a portal customer cannot read them at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startHostScriptsEnv, user } from './host-scripts.fixture.ts';
import type { Env } from './env.ts';

let env: Env;
beforeAll(async () => {
  env = await startHostScriptsEnv();
  await user('otra@pv.test', ['Support Agent']);
});
afterAll(() => env.close());

describe('Support Queue View permissions', () => {
  it('an agent saves a view; another agent reads it but may not change or delete it; a supervisor may', async () => {
    const made = await as('agente@pv.test', 'POST', '/api/resource/Support Queue View', {
      view_name: 'Urgentes',
      visibility: 'Public',
      base_view: 'open',
      filters: JSON.stringify({ priority: 'P1' }),
      sort_by: 'urgency',
    });
    expect(made.status).toBe(200);
    const name = String((made.body.data as { name: string }).name);
    const path = `/api/resource/Support Queue View/${encodeURIComponent(name)}`;
    expect((await as('otra@pv.test', 'GET', path)).status).toBe(200);
    expect((await as('otra@pv.test', 'PUT', path, { view_name: 'Mía' })).status).toBe(403);
    expect((await as('otra@pv.test', 'DELETE', path)).status).toBe(403);
    expect((await as('cliente@aldia.test', 'GET', path)).status).toBe(403);
    expect((await as('agente@pv.test', 'PUT', path, { view_name: 'Urgentes P1' })).status).toBe(200);
    expect((await as('super@pv.test', 'PUT', path, { visibility: 'Private' })).status).toBe(200);
    expect((await as('agente@pv.test', 'DELETE', path)).status).toBe(202);
  });
});
