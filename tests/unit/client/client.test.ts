// @vitest-environment happy-dom
/** The client's data modules, i18n, time handling, HTML sanitising and the SLA countdown. */
import { withoutInternalTags } from '../../../client/src/data/timeline.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick } from 'vue';
import { ApiError, request, setCsrfToken, toasts } from '../../../client/src/data/api.ts';
import { queue, queueCounts, viewFilters } from '../../../client/src/data/queue.ts';
import { en } from '../../../client/src/i18n/en.ts';
import { es } from '../../../client/src/i18n/es.ts';
import {
  formatDuration,
  formatMoney,
  formatNumber,
  region,
  regionFor,
  setLocale,
  t,
  type MessageKey,
} from '../../../client/src/i18n/index.ts';
import { safeUrl } from '../../../client/src/safe-html.ts';
import { fromSite, toSite } from '../../../client/src/site-time.ts';
import SlaCountdown from '../../../client/src/components/sla/SlaCountdown.vue';

type Json = Record<string, unknown>;
const calls: { url: URL; init: RequestInit | undefined }[] = [];
function answer(status: number, body: Json): void {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string | URL, init?: RequestInit) => {
      calls.push({ url: new URL(String(input)), init });
      return Promise.resolve(
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
      );
    }),
  );
}
beforeEach(() => {
  calls.length = 0;
  toasts.splice(0);
  window.postventa_zone = 'America/Santiago';
});
afterEach(() => vi.unstubAllGlobals());

const keysOf = (o: unknown, prefix = ''): string[] =>
  Object.entries(o as Json).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('i18n', () => {
  it('Spanish and English catalogs have exactly the same keys, and no empty string', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(es).sort());
    for (const k of keysOf(es)) expect(t(k as MessageKey), k).not.toBe('');
  });
  it('fills placeholders, switches language, and formats durations', () => {
    setLocale('es');
    expect(t('case.logged', { h: 1.5 })).toBe('Horas registradas: 1,5');
    expect(t('case.stock', { q: 1440 })).toContain('1.440');
    setLocale('en');
    expect(t('case.logged', { h: 1.5 })).toBe('Hours logged: 1.5');
    setLocale('es');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(-(2 * 3_600_000 + 15 * 60_000))).toBe('2 h 15 min');
  });
});

describe('site time', () => {
  it('reads host datetimes in the site zone, whatever the browser zone', () => {
    // Santiago is UTC−3 in November (summer time).
    expect(new Date(fromSite('2026-11-23 11:00:00') ?? 0).toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(toSite(Date.UTC(2026, 10, 23, 14, 0, 0))).toBe('2026-11-23 11:00:00');
    expect(fromSite('')).toBeNull();
    expect(fromSite('not a date')).toBeNull();
  });
});

describe('safeHtml (the bypass corpus runs in Chromium: tests/e2e)', () => {
  it('links only to http(s), mailto and the site files', () => {
    expect(safeUrl('/private/files/informe.pdf')).toBe('/private/files/informe.pdf');
    expect(safeUrl('https://ok.cl/a')).toBe('https://ok.cl/a');
    expect(safeUrl('mailto:a@b.cl')).toBe('mailto:a@b.cl');
    for (const bad of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.example/x',
      'vbscript:x',
    ])
      expect(safeUrl(bad)).toBeUndefined();
  });
});

describe('data/api', () => {
  it('unwraps {data}, sends the CSRF token the boot API gave, never "None" or a Jinja placeholder', async () => {
    answer(200, { data: [{ name: 'CASO-1' }] });
    setCsrfToken('tok123');
    expect(await request('GET', '/api/resource/Support%20Case')).toEqual([{ name: 'CASO-1' }]);
    expect(new Headers(calls[0]?.init?.headers).get('x-frappe-csrf-token')).toBe('tok123');
    setCsrfToken('{{ frappe.session.csrf_token }}');
    await request('GET', '/api/resource/Support%20Case');
    expect(new Headers(calls[1]?.init?.headers).get('x-frappe-csrf-token')).toBeNull();
    setCsrfToken('None');
    await request('GET', '/api/resource/Support%20Case');
    expect(new Headers(calls[2]?.init?.headers).get('x-frappe-csrf-token')).toBeNull();
  });
  it('a write refused with 400 CSRFTokenError reads the token again and is sent once more with it', async () => {
    setCsrfToken('stale');
    const replies = [
      { status: 400, body: { exc_type: 'CSRFTokenError' } },
      {
        status: 200,
        body: { message: { user: 'a@b.cl', full_name: 'A', csrf_token: 'fresh', time_zone: 'UTC', lang: 'es' } },
      },
      { status: 200, body: { data: { name: 'CASO-1' } } },
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
        calls.push({ url: new URL(String(input), 'http://h'), init });
        const r = replies.shift() ?? { status: 500, body: {} };
        return Promise.resolve(new Response(JSON.stringify(r.body), { status: r.status }));
      }),
    );
    expect(await request('PUT', '/api/resource/Support%20Case/CASO-1', { body: { subject: 'x' } })).toEqual({
      name: 'CASO-1',
    });
    expect(calls.map((c) => c.url.pathname)).toEqual([
      '/api/resource/Support%20Case/CASO-1',
      '/api/method/postventa.session.boot',
      '/api/resource/Support%20Case/CASO-1',
    ]);
    expect(new Headers(calls[2]?.init?.headers).get('x-frappe-csrf-token')).toBe('fresh');
    setCsrfToken('');
  });
  it("turns an error envelope into ApiError with the host's messages in the reader's language, and shows one toast", async () => {
    answer(417, {
      exc_type: 'ValidationError',
      _server_messages: JSON.stringify([
        JSON.stringify({ message: 'No se puede cerrar: <b>sin horas</b> / Cannot close: no hours' }),
      ]),
    });
    const err = await request('PUT', '/api/resource/Support%20Case/X', { body: { status: 'Closed' } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(417);
    expect((err as ApiError).message).toBe('No se puede cerrar: sin horas');
    expect(toasts.map((x) => x.text)).toEqual(['No se puede cerrar: sin horas']);
  });
  it("the host's English reaches a Spanish reader in Spanish, the doctype and field by their labels", async () => {
    for (const [host, es] of [
      ['No permission for Support Case', 'No tiene permiso sobre Caso de soporte.'],
      ['Error: Value missing for Support Case: Symptom', 'Falta un dato obligatorio en Caso de soporte: Síntoma.'],
      ['Timesheet TS-0001 not found', 'No se encontró Hoja de horas TS-0001.'],
    ]) {
      answer(417, {
        exc_type: 'ValidationError',
        _server_messages: JSON.stringify([JSON.stringify({ message: host })]),
      });
      const err = (await request('GET', '/api/method/x', { quiet: true }).catch((e: unknown) => e)) as ApiError;
      expect(err.message).toBe(es);
    }
    setLocale('en');
    answer(403, {
      exc_type: 'PermissionError',
      _server_messages: JSON.stringify([JSON.stringify({ message: 'No permission for Support Case' })]),
    });
    expect(
      ((await request('GET', '/api/method/x', { quiet: true }).catch((e: unknown) => e)) as ApiError).message,
    ).toBe('No permission for Support Case');
    setLocale('es');
  });
  it("a network failure is an ApiError in the reader's language", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
    );
    const err = (await request('GET', '/api/method/x', { quiet: true }).catch((e: unknown) => e)) as ApiError;
    expect(err.excType).toBe('NetworkError');
    expect(err.message).toBe('No hay conexión con el servidor.');
  });
});

describe('data/cases', () => {
  it('each queue view is one list request with its filters, most urgent first by the sort key', async () => {
    expect(viewFilters('unassigned', 'a@x', [])).toContainEqual(['assigned_to', 'is', 'not set']);
    expect(viewFilters('team', 'a@x', [])).toContainEqual(['team', 'in', ['—']]);
    expect(viewFilters('resolved', 'a@x', [])).toEqual([['status', '=', 'Resolved']]);
    expect(viewFilters('closed', 'a@x', [])).toEqual([['status', 'in', ['Closed', 'Cancelled']]]);
    expect(viewFilters('all', 'a@x', [])).toEqual([]);
    answer(200, { data: [] });
    await queue('atRisk', 'a@x', [], { priority: 'P1' }, 50, 50);
    const q = calls[0]!.url.searchParams;
    expect(JSON.parse(q.get('filters') ?? '[]')).toEqual([
      ['status', 'in', ['Open', 'In Progress', 'Waiting on Customer', 'Escalated to Development']],
      ['sla_status', '=', 'At Risk'],
      ['priority', '=', 'P1'],
    ]);
    expect(q.get('order_by')).toBe('sla_sort_key asc, received_on asc');
    expect([q.get('limit_start'), q.get('limit_page_length')]).toEqual(['50', '50']);
  });
  it('a search looks through every case, whatever the view: number, subject, customer, serial', async () => {
    answer(200, { data: [] });
    await queue('mine', 'a@x', [], { priority: 'P1', search: 'bomba' });
    const q = calls[0]!.url.searchParams;
    expect(JSON.parse(q.get('filters') ?? '[]')).toEqual([['priority', '=', 'P1']]);
    expect(JSON.parse(q.get('or_filters') ?? '[]').map((f: string[]) => f[0])).toEqual([
      'subject',
      'customer',
      'name',
      'serial_no',
    ]);
  });
  it('every view count comes from one grouped request', async () => {
    answer(200, {
      data: [
        { status: 'Open', assigned_to: 'a@x', team: 'Mesa', sla_status: 'At Risk', n: 2 },
        { status: 'Open', assigned_to: null, team: null, sla_status: 'Breached', n: 3 },
        { status: 'In Progress', assigned_to: 'b@x', team: 'Mesa', sla_status: 'On Track', n: 4 },
        { status: 'Resolved', assigned_to: 'a@x', team: 'Mesa', sla_status: 'Met', n: 5 },
        { status: 'Closed', assigned_to: null, team: null, sla_status: 'Breached', n: 6 },
        { status: 'Cancelled', assigned_to: null, team: null, sla_status: '', n: 1 },
      ],
    });
    expect(await queueCounts('a@x', ['Mesa'])).toEqual({
      mine: 2,
      team: 6,
      unassigned: 3,
      atRisk: 2,
      breached: 3,
      open: 9,
      resolved: 5,
      closed: 7,
      all: 21,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url.searchParams.get('group_by')).toBe('status, assigned_to, team, sla_status');
  });
});

describe('timeline', () => {
  it("hides the companion's internal [pv:…] tag from a notice's subject", () => {
    expect(withoutInternalTags('SLA incumplido / SLA breached: CASO-1 Bomba [pv:0139f04636a4]')).toBe(
      'SLA incumplido / SLA breached: CASO-1 Bomba',
    );
    expect(withoutInternalTags('Re: consulta [pv:xyz] sin etiqueta')).toBe('Re: consulta [pv:xyz] sin etiqueta');
  });
});

describe('SlaCountdown', () => {
  it('shows first response and resolution as two lines: due in, met in, failed by; an overdue deadline is a breach', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 13, 0, 0), toFake: ['Date'] });
    setLocale('es');
    const host = document.createElement('div');
    const app = createApp(SlaCountdown, {
      slaStatus: 'On Track',
      responseBy: '2026-11-23 11:00:00',
      resolutionBy: '2026-11-25 10:00:00',
    });
    app.mount(host);
    await nextTick();
    expect(host.textContent).toContain('En plazo');
    expect(host.querySelector('[data-testid=sla-response]')?.textContent).toBe('Respuesta: vence en 1 h 0 min');
    expect(host.querySelector('[data-testid=sla-resolution]')?.textContent).toContain('Resolución: vence en 2 d');
    app.unmount();
    // Answered on time, resolution missed: met in (business time), failed by; a stale "At Risk" reads Breached.
    const late = createApp(SlaCountdown, {
      slaStatus: 'At Risk',
      responseBy: '2026-11-23 09:30:00',
      respondedOn: '2026-11-23 09:00:00',
      responseSeconds: 1500,
      resolutionBy: '2026-11-23 09:30:00',
    });
    late.mount(host);
    await nextTick();
    expect(host.querySelector('[data-testid=sla-status]')?.textContent).toBe('Incumplido');
    expect(host.querySelector('[data-testid=sla-response]')?.textContent).toBe('Respuesta: cumplida en 25 min');
    expect(host.querySelector('[data-testid=sla-resolution]')?.textContent).toBe('Resolución: vencida hace 30 min');
    late.unmount();
    const done = createApp(SlaCountdown, {
      slaStatus: 'Met',
      responseBy: '2026-11-23 09:30:00',
      respondedOn: '2026-11-23 09:45:00',
      resolutionBy: '2026-11-23 12:00:00',
      resolvedOn: '2026-11-23 11:00:00',
    });
    done.mount(host);
    await nextTick();
    expect(host.querySelector('[data-testid=sla-response]')?.textContent).toBe('Respuesta: fallida por 15 min');
    expect(host.querySelector('[data-testid=sla-resolution]')?.textContent).toBe('Resolución: cumplida');
    done.unmount();
    vi.useRealTimers();
  });
});

describe('formats by region', () => {
  it("the user's language names the region, else their company's country; money keeps its currency's decimals", () => {
    expect(regionFor('es-MX', 'Chile')).toBe('es-MX');
    expect(regionFor('es', 'Mexico')).toBe('es-MX');
    expect(regionFor('es', 'Argentina')).toBe('es-AR');
    expect(regionFor('es', null)).toBe('es-CL');
    region.value = 'es-MX';
    expect(formatNumber(1440.5)).toBe('1,440.5');
    expect(formatMoney(8000.5, 'MXN')).toBe('$8,000.50');
    region.value = 'es-CL';
    expect(formatNumber(1440.5)).toBe('1.440,5');
    expect(formatMoney(8000, 'CLP')).toBe('$8.000');
  });
});
