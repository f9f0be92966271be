/** Support Case rules that are not the SLA's: statuses (more rules join as the features land). */
export * from './status.ts';
