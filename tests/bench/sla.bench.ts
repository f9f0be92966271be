/**
 * SLA engine benchmark: ratios against the day-by-day walk measured in the same run.
 * Prints one line per figure, each starting with `sla`. Never a pass/fail test.
 */
import { compileCalendar, type CalendarSpec, type IsoWeekday } from '../../domain/sla/calendar.ts';
import { addBusinessMinutes } from '../../domain/sla/business-time.ts';
import { computeCaseClock, DEFAULT_PAUSE_STATUSES } from '../../domain/sla/case-clock.ts';
import { dayWalkDeadline } from '../support/day-walk.ts';

const office: CalendarSpec = {
  timeZone: 'America/Santiago',
  windows: [1, 2, 3, 4, 5].flatMap((wd) => [
    { weekday: wd as IsoWeekday, start: '09:00', end: '13:00' },
    { weekday: wd as IsoWeekday, start: '14:00', end: '18:00' },
  ]),
  holidays: [
    '2026-01-01',
    '2026-04-03',
    '2026-05-01',
    '2026-05-21',
    '2026-09-18',
    '2026-12-08',
    '2026-12-25',
    '2027-01-01',
  ].map((date) => ({ date })),
  closures: [],
};

/** Deterministic PRNG so runs compare. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function timeIt(fn: () => void, minMs = 300): { perOpNs: number; opsPerSec: number } {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  let batch = 64;
  while (elapsed < minMs) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    batch *= 2;
    elapsed = performance.now() - start;
  }
  return { perOpNs: (elapsed * 1e6) / ops, opsPerSec: (ops * 1000) / elapsed };
}

export function runSlaBench(log: (line: string) => void): void {
  const t0 = performance.now();
  const cal = compileCalendar(office, '2025-01-01', '2028-12-31');
  log(
    `sla compile 4-year calendar: ${(performance.now() - t0).toFixed(1)} ms (${cal.starts.length} working intervals)`,
  );

  const rand = rng(42);
  const base = Date.UTC(2026, 0, 5);
  const starts = Array.from({ length: 4096 }, () => base + Math.floor(rand() * 300 * 86_400_000));
  let k = 0;
  const next = (): number => starts[k++ & 4095] ?? base;

  const results: Record<string, number> = {};
  for (const [label, days] of [
    ['1-day', 1],
    ['5-day', 5],
    ['20-day', 20],
    ['60-day', 60],
  ] as const) {
    const minutes = days * 480;
    const fast = timeIt(() => addBusinessMinutes(cal, next(), minutes));
    const slow = timeIt(() => dayWalkDeadline(office, next(), minutes), 200);
    results[label] = fast.perOpNs;
    log(
      `sla deadline ${label} target: ${(slow.perOpNs / fast.perOpNs).toFixed(1)}x faster than day walk (${Math.round(fast.opsPerSec)}/s vs ${Math.round(slow.opsPerSec)}/s)`,
    );
  }
  log(
    `sla cost independent of target length: 60-day / 1-day time per deadline = ${((results['60-day'] ?? 0) / (results['1-day'] ?? 1)).toFixed(2)}x`,
  );

  const any = timeIt(() => addBusinessMinutes(cal, next(), 1 + (k % 9600)));
  log(`sla deadline computations: ${Math.round(any.opsPerSec)}/s (goal >= 1000000/s)`);

  const now = base + 290 * 86_400_000;
  // Open cases received over the last three weeks, a fifth with a pause, half already answered.
  const cases = Array.from({ length: 100_000 }, (_, i) => {
    const receivedAt = now - Math.floor(rand() * 21 * 86_400_000);
    const paused = i % 5 === 0;
    return {
      receivedAt,
      history: paused
        ? [
            { status: 'Waiting on Customer', at: receivedAt + 3_600_000 },
            { status: 'In Progress', at: receivedAt + 50_000_000 },
          ]
        : [],
      firstRespondedAt: i % 2 === 0 ? receivedAt + 1_800_000 : null,
    };
  });
  const started = performance.now();
  const byStatus = new Map<string, number>();
  for (const c of cases) {
    const r = computeCaseClock({
      calendar: cal,
      receivedAt: c.receivedAt,
      responseMinutes: 240,
      resolutionMinutes: 2400,
      trackResolution: true,
      warningPercent: 75,
      pauseStatuses: DEFAULT_PAUSE_STATUSES,
      history: c.history,
      firstRespondedAt: c.firstRespondedAt,
      now,
    });
    byStatus.set(r.status ?? '-', (byStatus.get(r.status ?? '-') ?? 0) + 1);
  }
  const ms = performance.now() - started;
  log(
    `sla recompute 100000 open cases: ${ms.toFixed(0)} ms (goal < 1000 ms; ${[...byStatus].map(([k, v]) => `${k} ${v}`).join(', ')})`,
  );
}
