import { describe, expect, it } from 'vitest';
import { boardDays, dayLoad, firstFreeSlot, weekStart, type BoardVisit } from './board.ts';

const office = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].flatMap((weekday) => [
  { weekday, start_time: '09:00:00', end_time: '13:00:00' },
  { weekday, start_time: '14:00:00', end_time: '18:00:00' },
]);
const visit = (start: string, end: string, over: Partial<BoardVisit> = {}): BoardVisit => ({
  technician: 'tec@x',
  scheduled_start: `2026-11-26 ${start}:00`,
  scheduled_end: `2026-11-26 ${end}:00`,
  status: 'Scheduled',
  ...over,
});

describe('the scheduling board', () => {
  it('a week from its Monday: weekends without hours, a closure and a holiday closed with their reason', () => {
    expect(weekStart('2026-11-26')).toBe('2026-11-23');
    const days = boardDays(
      '2026-11-23',
      7,
      office,
      [{ closure_date: '2026-11-25', reason: 'Inventario' }],
      [{ holiday_date: '2026-11-27', description: 'Feriado regional' }],
    );
    expect(days.map((d) => [d.date, d.closed])).toEqual([
      ['2026-11-23', null],
      ['2026-11-24', null],
      ['2026-11-25', 'Inventario'],
      ['2026-11-26', null],
      ['2026-11-27', 'Feriado regional'],
      ['2026-11-28', 'no hours'],
      ['2026-11-29', 'no hours'],
    ]);
    expect(days[0]?.windows).toEqual([
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ]);
  });

  it('load counts the technician’s scheduled visits of the day, not proposed or cancelled ones', () => {
    const visits = [
      visit('09:00', '10:00'),
      visit('11:00', '12:00', { status: 'Proposed' }),
      visit('15:00', '16:00', { status: 'Cancelled' }),
      visit('10:00', '11:00', { technician: 'otro@x' }),
    ];
    expect(dayLoad(visits, 'tec@x', '2026-11-26')).toHaveLength(1);
  });

  const thursday = boardDays('2026-11-26', 1, office, [], [])[0];
  it.each([
    ['an empty day: the first hour', [], 'Any', 3, { start: '09:00', end: '10:30' }],
    ['after the morning visits', [visit('09:00', '12:00')], 'Any', 3, { start: '14:00', end: '15:30' }],
    ['the afternoon asked for', [], 'Afternoon', 3, { start: '14:00', end: '15:30' }],
    [
      'a gap between visits',
      [visit('09:00', '10:00'), visit('11:30', '13:00')],
      'Morning',
      3,
      { start: '10:00', end: '11:30' },
    ],
    ['the technician full', [visit('09:00', '10:00'), visit('14:00', '15:00')], 'Any', 2, null],
  ] as const)('%s', (_what, taken, slot, capacity, want) => {
    expect(thursday && firstFreeSlot(thursday, taken, 90, capacity, slot)).toEqual(want);
  });

  it('a closed day has no slot', () => {
    const [closed] = boardDays('2026-11-28', 1, office, [], []);
    expect(closed && firstFreeSlot(closed, [], 60, 4)).toBeNull();
  });
});
