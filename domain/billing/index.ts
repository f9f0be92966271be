/** Billing: the invoice a case becomes, its cost, margin, hour budgets and warranty check; a póliza's money over time. */
export * from './types.ts';
export * from './invoice.ts';
export * from './cost.ts';
export * from './warranty.ts';
export * from './gather.ts';
export * from './policy.ts';
