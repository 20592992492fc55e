/**
 * What both kinds of phase check and report alike once the pushes are in: each real-API member's phone got exactly
 * the expected notification, no phone got two, the emulator refused nothing; times relative to the send, the
 * rate, and the CPU each process spent.
 */
import { loadavg } from 'node:os';
import type { Distribution } from '../chat-latency/stats.ts';
import { round } from '../shared/stats.ts';
import { expectedPhones, type BenchRig } from './bench-rig.ts';
import { expectedAlert } from './dispatch-body.ts';
import type { PushTrial, TrialKind } from './trial-types.ts';
import { percentile } from '../chat-latency/stats.ts';
import type { PushTally, ServerDiagnostics, ServerTimeline } from './types.ts';
import type { QuietServer } from './waits.ts';

export function tallyProblems(rig: BenchRig, tally: PushTally, text: string): string[] {
  const problems: string[] = [];
  const want = expectedAlert(rig.groupName, text);
  for (const m of rig.real) {
    const got = tally.bodies[m.vendorToken] ?? [];
    if (got.length !== 1 || got[0] !== want) problems.push(`${m.userId}'s phone got ${JSON.stringify(got)}, not [${JSON.stringify(want)}]`);
  }
  if (tally.duplicated > 0) problems.push(`${tally.duplicated} phones got more than one push`);
  if (Object.keys(tally.rejected).length > 0) problems.push(`the emulator refused pushes: ${JSON.stringify(tally.rejected)}`);
  return problems;
}

function pageRuns(ms: number[]): PushTrial['pageRunMs'] {
  if (ms.length === 0) return null;
  const sorted = [...ms].sort((a, b) => a - b);
  return { count: sorted.length, first: ms[0]!, p50: percentile(sorted, 0.5), max: sorted.at(-1)!, total: round(sorted.reduce((s, x) => s + x, 0), 1) };
}

export interface TrialFacts {
  kind: TrialKind;
  round: number;
  position: number;
  answerMs: number;
  /** Epoch ms of the send (or the request). */
  t0: number;
  tally: PushTally;
  settledAt: number | null;
  startedQuiet: boolean;
  tail: QuietServer;
  cpu0: { server: number; emulator: number };
  cpu1: { server: number; emulator: number };
  timeline: ServerTimeline;
  diagnostics: ServerDiagnostics;
  /** Fan-out: the `push_id` of the message's page jobs. */
  pagesOf?: string;
  probes?: { sent: number; failures: number; ack: Distribution; ackMs: number[] };
  problems: string[];
}

export function pushTrial(rig: BenchRig, f: TrialFacts): PushTrial {
  const since = (at: number | null): number | null => (at === null ? null : round(at - f.t0, 1));
  const lastPushMs = since(f.tally.lastAt);
  const settledMs = since(f.settledAt);
  const serverCpuSeconds = round(f.cpu1.server - f.cpu0.server, 3);
  return {
    kind: f.kind, round: f.round, position: f.position, startedQuiet: f.startedQuiet, tail: f.tail, answerMs: round(f.answerMs, 3),
    firstPushMs: since(f.tally.firstAt), lastPushMs, settledMs,
    pushesPerSecond: lastPushMs === null ? 0 : Math.round((expectedPhones(rig) * 1000) / lastPushMs),
    reached: f.tally.reached, missing: f.tally.missing, duplicated: f.tally.duplicated, rejected: f.tally.rejected,
    serverCpuSeconds, emulatorCpuSeconds: round(f.cpu1.emulator - f.cpu0.emulator, 3),
    serverCores: settledMs === null ? Number.NaN : round(serverCpuSeconds / (settledMs / 1000), 3),
    timeline: f.timeline,
    pageRunMs: f.pagesOf === undefined ? null : pageRuns((f.diagnostics.jobs['im_group_push'] ?? []).filter((j) => j.pushId === f.pagesOf).map((j) => j.ms)),
    sql: f.diagnostics.sql,
    ...(f.probes === undefined ? {} : { probes: f.probes }),
    loadAverage: round(loadavg()[0] ?? 0, 2),
    problems: f.problems,
    correct: f.problems.length === 0,
  };
}
