import { describe, expect, it } from 'vitest';
import { assembleBillingInput, hoursByLevel, itemsToPrice, valuationRates } from './gather.ts';

const settings = {
  n1_labour_item: 'MO-N1',
  n2_labour_item: 'MO-N2',
  n3_labour_item: null,
  n1_hourly_rate: 8000,
  n2_hourly_rate: 9000,
  n1_hour_budget: 8,
};

describe('assembling what billing a case needs', () => {
  it("names the case's supplies and the labour items once", () => {
    expect(itemsToPrice({ name: 'C', supplies: [{ item: 'A' }, { item: 'A' }, { item: null }] }, settings)).toEqual([
      'A',
      'MO-N1',
      'MO-N2',
    ]);
  });

  it.each([
    [[], {}],
    [
      [
        { hours: 1.5, support_level: 'N2' },
        { hours: 1, support_level: 'N2' },
      ],
      { N2: 2.5 },
    ],
    [
      [
        { hours: 2, support_level: null },
        { hours: 0.25, support_level: 'N9' },
      ],
      { N1: 2.25 },
    ],
  ])('Timesheet rows %j → hours %j (no level recorded counts as N1)', (rows, hours) => {
    expect(hoursByLevel(rows)).toEqual(hours);
  });

  it("turns the host's rows into the rules' input: prices, valuations, labour, budgets and the policy's cover", () => {
    const input = assembleBillingInput(
      { name: 'C', case_type: 'Courtesy', supplies: [{ item: 'A', qty: 2, rate: null }] },
      {
        settings,
        timesheet: [{ hours: 3, support_level: 'N1' }],
        prices: [{ item_code: 'A', price_list_rate: 100 }],
        items: [
          { name: 'A', valuation_rate: 60 },
          { name: 'MO-N1', valuation_rate: null },
        ],
        policy: { name: 'P', allowance_hours: 10, hours_used: 7 },
        plan: { overage_hourly_rate: 12000, covers_parts: 1 },
        precision: 0,
      },
    );
    expect(input).toMatchObject({
      caseType: 'Courtesy',
      hours: { N1: 3 },
      labour: {
        N1: { item: 'MO-N1', costRate: 8000 },
        N2: { item: 'MO-N2', costRate: 9000 },
        N3: { item: null, costRate: 0 },
      },
      budgets: { N1: 8, N2: 0, N3: 0 },
      // 7 h used includes this case's 3: 4 h were used before it.
      policy: { name: 'P', allowanceHours: 10, hoursUsedBefore: 4, overageRate: 12000, coversParts: true },
    });
    expect([...input.prices]).toEqual([['A', 100]]);
    expect([...input.valuations]).toEqual([['A', 60]]);
  });
});

describe('valuation rates', () => {
  it.each([
    [
      'the Bins’ stock-weighted average wins over the item',
      [{ name: 'A', valuation_rate: 10 }],
      [
        { item_code: 'A', valuation_rate: 100, actual_qty: 1 },
        { item_code: 'A', valuation_rate: 200, actual_qty: 3 },
      ],
      175,
    ],
    [
      'no stock on hand: the plain average of the Bins',
      [],
      [
        { item_code: 'A', valuation_rate: 100, actual_qty: 0 },
        { item_code: 'A', valuation_rate: 300, actual_qty: 0 },
      ],
      200,
    ],
    ['no Bin: the item’s rate', [{ name: 'A', valuation_rate: 40 }], [], 40],
    [
      '0 everywhere: unknown',
      [{ name: 'A', valuation_rate: 0 }],
      [{ item_code: 'A', valuation_rate: 0, actual_qty: 5 }],
      undefined,
    ],
  ] as const)('%s', (_what, items, bins, want) => {
    expect(valuationRates(items, bins, 0).get('A')).toBe(want);
  });
});
