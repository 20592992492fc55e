/** Where the JSON report goes and how it is written (small, pretty-printed, commit-friendly). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PushDispatchReport } from './harness.ts';

export function defaultReportPath(report: PushDispatchReport): string {
  return fileURLToPath(new URL(`../results/push-dispatch-${report.startedAt.slice(0, 10)}.json`, import.meta.url));
}

export function writeReport(report: PushDispatchReport, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
}
