/** Where the JSON report goes by default: one file per day under bench/results/, committed with the docs that cite it. */
import { fileURLToPath } from 'node:url';
import type { GroupFanoutReport } from './harness.ts';

export function defaultReportPath(report: GroupFanoutReport): string {
  return fileURLToPath(new URL(`../results/group-fanout-${report.startedAt.slice(0, 10)}.json`, import.meta.url));
}
