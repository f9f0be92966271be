/** Billing a case: the invoice it becomes, what it cost, its margin, hour budgets and the warranty check. */
export * from './types.ts';
export * from './invoice.ts';
export * from './cost.ts';
export * from './warranty.ts';
export * from './gather.ts';
