/** Where the JSON report goes by default: one file per day under bench/results/, committed with the docs that cite it. */
import { fileURLToPath } from 'node:url';
import type { PushDispatchReport } from './harness.ts';

export function defaultReportPath(report: PushDispatchReport): string {
  return fileURLToPath(new URL(`../results/push-dispatch-${report.startedAt.slice(0, 10)}.json`, import.meta.url));
}
