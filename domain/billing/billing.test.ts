import { describe, expect, it } from 'vitest';
import { budgetOverruns, caseCost, margin } from './cost.ts';
import { planInvoice, roundMoney, splitAllowance } from './invoice.ts';
import type { BillingInput, PolicyCover } from './types.ts';
import { warrantyCheck } from './warranty.ts';

/** Seed 003's numbers: 8,000 CLP an engineer-hour; labour items priced by level; two spare parts. */
const base = (over: Partial<BillingInput> = {}): BillingInput => ({
  caseName: 'CASO-1',
  caseType: 'Billable',
  hours: { N1: 2.5, N2: 1 },
  supplies: [
    { item: 'FILTRO-CT15', qty: 2 },
    { item: 'CONTACTOR-K1', qty: 1, serial_no: 'K1-0001', warehouse: 'Repuestos - STA' },
  ],
  prices: new Map([
    ['FILTRO-CT15', 12_500],
    ['CONTACTOR-K1', 48_990],
    ['HH-N1', 25_000],
    ['HH-N2', 35_000],
    ['HH-N3', 55_000],
  ]),
  valuations: new Map([
    ['FILTRO-CT15', 7_000],
    ['CONTACTOR-K1', 30_000],
  ]),
  labour: {
    N1: { item: 'HH-N1', costRate: 8_000 },
    N2: { item: 'HH-N2', costRate: 12_000 },
    N3: { item: 'HH-N3', costRate: 20_000 },
  },
  budgets: { N1: 8, N2: 16, N3: 72 },
  policy: null,
  precision: 0,
  ...over,
});
const policy = (over: Partial<PolicyCover> = {}): PolicyCover => ({
  name: 'POL-1',
  allowanceHours: 10,
  hoursUsedBefore: 0,
  overageRate: 30_000,
  coversParts: false,
  ...over,
});

describe('the invoice a case becomes', () => {
  it('a billable case: its supplies at the price list and its hours per level at the labour items', () => {
    const plan = planInvoice(base());
    expect(plan.invoice).toBe(true);
    expect(plan.lines.map((l) => [l.kind, l.item, l.qty, l.rate, l.amount])).toEqual([
      ['part', 'FILTRO-CT15', 2, 12_500, 25_000],
      ['part', 'CONTACTOR-K1', 1, 48_990, 48_990],
      ['labour', 'HH-N1', 2.5, 25_000, 62_500],
      ['labour', 'HH-N2', 1, 35_000, 35_000],
    ]);
    expect(plan.total).toBe(171_490);
    expect(plan.lines[1]?.serial_no).toBe('K1-0001');
  });

  it.each([
    ['Warranty', 'Caso de garantía: no se factura.'],
    ['Courtesy', 'Caso de cortesía: no se factura.'],
  ] as const)('a %s case is not invoiced', (caseType, es) => {
    const plan = planInvoice(base({ caseType }));
    expect([plan.invoice, plan.lines, plan.reason.es]).toEqual([false, [], es]);
  });

  it('with the setting on, a warranty case invoices only the supplies charged on their row', () => {
    const plan = planInvoice(
      base({
        caseType: 'Warranty',
        invoiceExtras: true,
        supplies: [
          { item: 'FILTRO-CT15', qty: 2 },
          { item: 'ACEITE-1L', qty: 3, rate: 9_990 },
        ],
      }),
    );
    expect(plan.lines.map((l) => [l.item, l.amount])).toEqual([['ACEITE-1L', 29_970]]);
  });

  it('a rate typed on the row wins over the price list', () => {
    const plan = planInvoice(base({ supplies: [{ item: 'FILTRO-CT15', qty: 1, rate: 10_000 }], hours: {} }));
    expect(plan.lines.map((l) => l.rate)).toEqual([10_000]);
  });

  it.each([
    [
      'a supply without a price',
      base({ supplies: [{ item: 'SIN-PRECIO', qty: 1 }] }),
      'supplies[0].rate',
      /SIN-PRECIO: no tiene precio/,
    ],
    [
      'hours without a labour item',
      base({ labour: { ...base().labour, N2: { item: null, costRate: 12_000 } } }),
      'n2_labour_item',
      /falta el ítem de mano de obra N2/,
    ],
    [
      'a labour item without a price',
      base({
        prices: new Map([
          ['FILTRO-CT15', 1],
          ['CONTACTOR-K1', 1],
          ['HH-N1', 1],
        ]),
      }),
      'n2_labour_item',
      /HH-N2 no tiene precio/,
    ],
  ])('%s keeps the invoice from being made, the field named', (_what, input, field, es) => {
    const plan = planInvoice(input);
    expect(plan.invoice).toBe(false);
    expect(plan.problems.map((p) => p.field)).toContain(field);
    expect(plan.problems.map((p) => p.message.es).join(' ')).toMatch(es);
  });
});

describe("a policy's allowance", () => {
  it.each([
    // [allowance, used before, hours, covered, billed]
    [10, 0, { N1: 2.5, N2: 1 }, { N1: 2.5, N2: 1, N3: 0 }, { N1: 0, N2: 0, N3: 0 }],
    [10, 8, { N1: 2.5, N2: 1 }, { N1: 2, N2: 0, N3: 0 }, { N1: 0.5, N2: 1, N3: 0 }],
    [10, 12, { N1: 2.5 }, { N1: 0, N2: 0, N3: 0 }, { N1: 2.5, N2: 0, N3: 0 }],
    [3, 0, { N1: 1, N2: 1, N3: 4 }, { N1: 1, N2: 1, N3: 1 }, { N1: 0, N2: 0, N3: 3 }],
  ])(
    'allowance %s h, %s h used: %o → covered %o, billed %o',
    (allowanceHours, hoursUsedBefore, hours, covered, billed) => {
      expect(splitAllowance(hours, policy({ allowanceHours, hoursUsedBefore }))).toEqual({ covered, billed });
    },
  );

  it('inside the allowance no hours are billed; the parts still are unless the plan covers them', () => {
    expect(planInvoice(base({ policy: policy() })).lines.map((l) => l.kind)).toEqual(['part', 'part']);
    const covered = planInvoice(base({ policy: policy({ coversParts: true }) }));
    expect([covered.invoice, covered.reason.es]).toEqual([false, 'Todo lo cubre la póliza POL-1.']);
  });

  it("beyond it, the hours go at the plan's overage rate", () => {
    const plan = planInvoice(base({ policy: policy({ hoursUsedBefore: 9 }), supplies: [] }));
    expect(plan.lines.map((l) => [l.kind, l.level, l.qty, l.rate, l.amount])).toEqual([
      ['overage', 'N1', 1.5, 30_000, 45_000],
      ['overage', 'N2', 1, 30_000, 30_000],
    ]);
  });
});

describe('cost, margin and hour budgets', () => {
  it('hours per level at their cost and supplies at their valuation rate, whatever was invoiced', () => {
    expect(caseCost(base({ caseType: 'Warranty' }))).toEqual({
      labour: 2.5 * 8_000 + 12_000,
      parts: 2 * 7_000 + 30_000,
      total: 32_000 + 44_000,
      byLevel: { N1: 20_000, N2: 12_000, N3: 0 },
      unvalued: [],
    });
    expect(caseCost(base({ supplies: [{ item: 'NUEVO', qty: 1 }] })).unvalued).toEqual(['NUEVO']);
  });

  it.each([
    [171_490, 76_000, 0, { amount: 95_490, percent: 55.7 }],
    [0, 76_000, 0, { amount: -76_000, percent: null }],
    [100.5, 50.25, 2, { amount: 50.25, percent: 50 }],
  ])('revenue %s, cost %s → %o', (revenue, cost, precision, expected) => {
    expect(margin(revenue, cost, precision)).toEqual(expected);
  });

  it('the levels whose hours went over their budget', () => {
    expect(budgetOverruns({ N1: 9.5, N2: 16, N3: 1 }, { N1: 8, N2: 16, N3: 72 })).toEqual([
      { level: 'N1', hours: 9.5, budget: 8, over: 1.5 },
    ]);
  });

  it.each([
    [1234.5, 0, 1235],
    [1234.545, 2, 1234.55],
    [-2.5, 0, -3],
  ])('money %s to %s decimals is %s', (amount, precision, expected) => {
    expect(roundMoney(amount, precision)).toBe(expected);
  });
});

describe('warranty on an expired serial', () => {
  const at = { caseType: 'Warranty', serial: 'CT-15-CL-0001', on: '2026-12-01' };
  it.each([
    ['still in warranty', { ...at, expiry: '2027-02-04', override: null }, true],
    ['no expiry date known', { ...at, expiry: null, override: null }, true],
    ['not a warranty case', { ...at, caseType: 'Billable', expiry: '2025-01-01', override: null }, true],
    ['expired, no override', { ...at, expiry: '2026-11-30', override: null }, false],
    [
      'expired, override without a reason',
      { ...at, expiry: '2026-11-30', override: { by: 'elena', reason: ' ' } },
      false,
    ],
    [
      'expired, overridden with a reason',
      { ...at, expiry: '2026-11-30', override: { by: 'elena', reason: 'Falla de fábrica reconocida' } },
      true,
    ],
  ])('%s → allowed: %s', (_what, opts, ok) => {
    const r = warrantyCheck(opts);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.problem.message.es).toMatch(/venció el 2026-11-30; un supervisor debe autorizarla/);
  });
});
