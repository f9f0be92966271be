/** `npm run bench`: every benchmark, printed as ratios against baselines measured in the same run. */
import { runBillingBench } from './billing.bench.ts';
import { runClientBench } from './client.bench.ts';
import { runCompanionBench } from './companion.bench.ts';
import { runDevhostBench } from './devhost.bench.ts';
import { runMaintenanceBench } from './maintenance.bench.ts';
import { runReportsBench } from './reports.bench.ts';
import { runSlaBench } from './sla.bench.ts';

const only = process.argv[2];
const benches: Record<string, (log: (line: string) => void) => void | Promise<void>> = {
  sla: runSlaBench,
  devhost: runDevhostBench,
  companion: runCompanionBench,
  client: runClientBench,
  billing: runBillingBench,
  maintenance: runMaintenanceBench,
  reports: runReportsBench,
};
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await bench((line) => console.log(line));
}
