import { describe, expect, it } from 'vitest';
import { HostClient } from '../../../host-client/client.ts';
import { decodeServerMessages, HostError, HostUnreachableError } from '../../../host-client/errors.ts';
import { AnyDoc } from '../../../host-client/client.ts';

type Step = { status: number; body: unknown } | 'network';

function fake(steps: Step[]): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  let i = 0;
  const f: typeof fetch = async (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    const step = steps[Math.min(i++, steps.length - 1)];
    if (step === 'network' || step === undefined) throw new TypeError('fetch failed');
    return new Response(JSON.stringify(step.body), { status: step.status });
  };
  return { fetch: f, calls };
}
const client = (f: typeof fetch, retries = 3): HostClient =>
  new HostClient({ baseUrl: 'http://h', apiKey: 'k', apiSecret: 's', fetch: f, retries, backoffMs: 1 });
const err417 = {
  exc_type: 'MandatoryError',
  _server_messages: JSON.stringify([
    JSON.stringify({ message: 'Error: Value missing for <strong>Support Case</strong>: Subject' }),
  ]),
};

describe('HostClient', () => {
  it('retries network errors, 5xx, 429 and 503, then succeeds', async () => {
    const f = fake([
      'network',
      { status: 502, body: {} },
      { status: 429, body: {} },
      { status: 200, body: { data: { name: 'x' } } },
    ]);
    expect(await client(f.fetch).getDoc('ToDo', 'x', AnyDoc)).toEqual({ name: 'x' });
    expect(f.calls).toHaveLength(4);
  });

  it('never retries a 4xx, and turns the envelope into a typed error with the host’s messages', async () => {
    const f = fake([{ status: 417, body: err417 }]);
    const e = await client(f.fetch)
      .insert('Support Case', {}, AnyDoc)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HostError);
    expect(e).toMatchObject({
      status: 417,
      excType: 'MandatoryError',
      messages: ['Error: Value missing for Support Case: Subject'],
    });
    expect(f.calls).toHaveLength(1);
  });

  it('gives up after its retries with HostUnreachableError', async () => {
    const f = fake(['network']);
    await expect(client(f.fetch, 2).getDoc('ToDo', 'x', AnyDoc)).rejects.toBeInstanceOf(HostUnreachableError);
    expect(f.calls).toHaveLength(3);
  });

  it('findDoc answers null on 404; 409 is isDuplicate', async () => {
    expect(
      await client(fake([{ status: 404, body: { exc_type: 'DoesNotExistError' } }]).fetch).findDoc('ToDo', 'x', AnyDoc),
    ).toBeNull();
    const dup = await client(fake([{ status: 409, body: { exc_type: 'DuplicateEntryError' } }]).fetch)
      .insert('Postventa Job Run', {}, AnyDoc)
      .catch((x: unknown) => x);
    expect(dup instanceof HostError && dup.isDuplicate).toBe(true);
  });

  it('lists name their fields, send order_by and page with limit_start until a short page', async () => {
    const page = (n: number): Step => ({
      status: 200,
      body: { data: Array.from({ length: n }, (_, i) => ({ name: String(i) })) },
    });
    const f = fake([page(2), page(2), page(1)]);
    const pages: number[] = [];
    for await (const p of client(f.fetch).iterate(
      'ToDo',
      { fields: ['name'], orderBy: 'name asc', pageSize: 2 },
      AnyDoc,
    ))
      pages.push(p.length);
    expect(pages).toEqual([2, 2, 1]);
    const urls = f.calls.map((c) => new URL(c.split(' ')[1] ?? ''));
    expect(urls.map((u) => u.searchParams.get('limit_start'))).toEqual(['0', '2', '4']);
    expect(urls[0]?.searchParams.get('order_by')).toBe('name asc');
    expect(urls[0]?.searchParams.get('fields')).toBe('["name"]');
  });

  it('decodes double-encoded _server_messages and survives garbage', () => {
    expect(decodeServerMessages(err417._server_messages)).toEqual(['Error: Value missing for Support Case: Subject']);
    expect(decodeServerMessages('{not json')).toEqual([]);
    expect(decodeServerMessages(undefined)).toEqual([]);
  });
});
