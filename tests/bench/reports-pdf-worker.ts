/**
 * The reports benchmark's PDF part in a process of its own, holding only what the companion holds to make reports
 * (the figures and pdfmake), so its peak RSS is the report maker's: renders N reports and prints one JSON line.
 */
import { policyReportPdf } from '../../server-scripts/companion/pdf/policy-report.ts';
import { doc, kpisFor } from './reports-content.ts';

const count = Number(process.argv[2] ?? 200);
const all = Array.from({ length: count }, (_, p) => kpisFor(p));
// A running companion has its fonts loaded and its code compiled: 40 reports first, not measured.
for (let p = 0; p < 40; p++) await policyReportPdf(doc(p, all[p] ?? kpisFor(p)));
const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let bytes = 0;
for (const [p, k] of all.entries()) bytes += (await policyReportPdf(doc(p, k))).length;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    count,
    secs: (performance.now() - t0) / 1000,
    cpuSecs: (cpu.user + cpu.system) / 1e6,
    bytes,
    startRssMb: Math.round(rss0 / 1048576),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
