import { describe, expect, it } from 'vitest';
import { periodFor } from './periods.ts';

describe('dashboard periods', () => {
  it.each([
    ['month', { from_date: '2026-12-01', to_date: '2026-12-02' }],
    ['lastMonth', { from_date: '2026-11-01', to_date: '2026-11-30' }],
    ['quarter', { from_date: '2026-09-04', to_date: '2026-12-02' }],
    ['year', { from_date: '2026-01-01', to_date: '2026-12-02' }],
  ] as const)('%s from 2026-12-02', (p, want) => expect(periodFor(p, '2026-12-02')).toEqual(want));
  it('last month across the new year', () =>
    expect(periodFor('lastMonth', '2027-01-15')).toEqual({ from_date: '2026-12-01', to_date: '2026-12-31' }));
});
