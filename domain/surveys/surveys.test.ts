import { describe, expect, it } from 'vitest';
import { inSample, isDetractor, relationshipPeriod } from './surveys.ts';

describe('survey sampling', () => {
  it('0 % takes none, 100 % takes all', () => {
    expect(inSample('case|CASO-1', 0)).toBe(false);
    expect(inSample('case|CASO-1', 100)).toBe(true);
    expect(inSample('case|CASO-1', Number.NaN)).toBe(false);
  });
  it('the same key gives the same answer every time', () => {
    for (let i = 0; i < 50; i++) expect(inSample(`case|CASO-${i}`, 37)).toBe(inSample(`case|CASO-${i}`, 37));
  });
  it.each([10, 25, 50, 80])('over 10,000 cases, %i % are taken within one point', (percent) => {
    let taken = 0;
    for (let i = 0; i < 10000; i++) if (inSample(`case|CASO-2026-${String(i).padStart(5, '0')}`, percent)) taken++;
    expect(Math.abs(taken / 100 - percent)).toBeLessThan(1.5);
  });
  it('a larger sample keeps every case of a smaller one', () => {
    for (let i = 0; i < 500; i++) if (inSample(`case|${i}`, 20)) expect(inSample(`case|${i}`, 60)).toBe(true);
  });
});

describe('relationship survey period', () => {
  it.each([
    ['2026-01-15', 6, '2026-P1'],
    ['2026-06-30', 6, '2026-P1'],
    ['2026-07-01', 6, '2026-P2'],
    ['2026-12-02', 3, '2026-P4'],
    ['2026-12-02', 12, '2026-P1'],
    ['2026-12-02', 1, '2026-P12'],
    ['2026-12-02', 0, null],
    ['2026-12-02', -2, null],
  ] as const)('%s every %i months → %s', (date, months, want) => {
    expect(relationshipPeriod(date, months)).toBe(want);
  });
  it('months that do not divide the year still make consecutive, non-overlapping periods', () => {
    expect(relationshipPeriod('2026-01-01', 5)).not.toBe(relationshipPeriod('2026-06-01', 5));
    expect(relationshipPeriod('2026-01-01', 5)).toBe(relationshipPeriod('2026-02-01', 5) ?? '');
  });
});

describe('detractors', () => {
  it.each([
    [{ nps: 6 }, true],
    [{ nps: 7 }, false],
    [{ csat: 2 }, true],
    [{ csat: 3, nps: 9 }, false],
    [{ csat: 5, nps: 0 }, true],
    [{ csat: null, nps: null }, false],
  ])('%o → %s', (answer, want) => expect(isDetractor(answer)).toBe(want));
});
