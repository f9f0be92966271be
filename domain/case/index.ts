/** Support Case rules that are not the SLA's: statuses, policy linking and the badge, warranty, billing, Tasks. */
export * from './status.ts';
export * from './rules.ts';
