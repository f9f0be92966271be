/** A job's period names the `Postventa Job Run` lock: one run per period across replicas (--sweep-seconds). */
import { describe, expect, it } from 'vitest';
import { minutePeriod } from '../../../server-scripts/companion/job-runs.ts';

describe('job periods follow --sweep-seconds', () => {
  it('a 15 s sweep has four periods a minute; each keeps its seconds', () => {
    const names = [0, 15, 30, 45, 59].map((s) => minutePeriod(new Date(Date.UTC(2026, 11, 1, 10, 0, s)), 15));
    expect(names).toEqual([
      '2026-12-01T10:00:00',
      '2026-12-01T10:00:15',
      '2026-12-01T10:00:30',
      '2026-12-01T10:00:45',
      '2026-12-01T10:00:45',
    ]);
  });
  it('5 s gives twelve distinct periods a minute', () => {
    const names = new Set(
      Array.from({ length: 60 }, (_, s) => minutePeriod(new Date(Date.UTC(2026, 11, 1, 10, 0, s)), 5)),
    );
    expect(names.size).toBe(12);
  });
  it('whole minutes keep the minute names (existing locks stay valid)', () => {
    expect(minutePeriod(new Date(Date.UTC(2026, 11, 1, 10, 7, 42)), 60)).toBe('2026-12-01T10:07');
    expect(minutePeriod(new Date(Date.UTC(2026, 11, 1, 10, 7, 42)), 300)).toBe('2026-12-01T10:05');
  });
});
