/** Every job the companion runs (each one file beside this one). */
import type { JobDef } from '../companion/job-types.ts';
import slaSweep, { config as slaSweepConfig } from './sla-sweep.ts';
import devTaskReturn, { config as devTaskReturnConfig } from './dev-task-return.ts';
import policyMoney, { config as policyMoneyConfig } from './policy-money.ts';
import caseBilling, { config as caseBillingConfig } from './case-billing.ts';
import maintenance, { config as maintenanceConfig } from './maintenance.ts';
import notices, { config as noticesConfig } from './notices.ts';
import visitReports, { config as visitReportsConfig } from './visit-reports.ts';
import policyReports, { config as policyReportsConfig } from './policy-reports.ts';
import surveys, { config as surveysConfig } from './surveys.ts';
import customerMetrics, { config as customerMetricsConfig } from './customer-metrics.ts';

export const JOBS: readonly JobDef[] = [
  { config: slaSweepConfig, run: slaSweep },
  { config: devTaskReturnConfig, run: devTaskReturn },
  { config: policyMoneyConfig, run: policyMoney },
  { config: caseBillingConfig, run: caseBilling },
  { config: maintenanceConfig, run: maintenance },
  { config: noticesConfig, run: notices },
  { config: visitReportsConfig, run: visitReports },
  { config: policyReportsConfig, run: policyReports },
  { config: surveysConfig, run: surveys },
  { config: customerMetricsConfig, run: customerMetrics },
];
