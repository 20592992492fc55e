/**
 * Where the JSON report goes: bench/chat-latency/results/ is not git-ignored, so by default a run writes to the
 * temp directory and prints the path; `--json <file>` keeps a run deliberately (docs/performance.md cites those).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatLatencyReport } from './harness.ts';

export function defaultReportPath(report: ChatLatencyReport): string {
  return join(tmpdir(), `chat-latency-${report.startedAt.replace(/[:.]/g, '-')}.json`);
}
