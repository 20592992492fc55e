/** What one measured phase reports (the JSON report keeps every one). */
import type { Distribution } from '../chat-latency/stats.ts';
import type { SqlStat } from './sql-timing.ts';
import type { ServerTimeline } from './types.ts';
import type { QuietServer } from './waits.ts';

export type TrialKind = 'fanout' | 'dispatch';

export interface PushTrial {
  kind: TrialKind;
  round: number;
  /** 1: first in its round, 2: second. */
  position: number;
  /** The send came after the server's CPU had gone quiet (false: it was still busy after 30 s). */
  startedQuiet: boolean;
  /** After settling, until the server's CPU went quiet: the work the phase left behind (the WAL checkpoint). */
  tail: QuietServer;
  /** Fan-out: the sender's ack of the message to the big group. Dispatch: the `/v3/push/app` response. */
  answerMs: number;
  /** From the send (or the request) to the first and to the last member's push arriving at the emulator. */
  firstPushMs: number | null;
  lastPushMs: number | null;
  /** From the send to the queue drained and every task closed, as polled (± 50 ms). */
  settledMs: number | null;
  /** Members' phones / time to the last push. */
  pushesPerSecond: number;
  reached: number;
  missing: number;
  duplicated: number;
  rejected: Record<string, number>;
  serverCpuSeconds: number;
  emulatorCpuSeconds: number;
  /** The server's CPU over the phase divided by its wall time until settled. */
  serverCores: number;
  timeline: ServerTimeline;
  /** Fan-out: the run time of the page jobs (ms), without their wait for a worker slot; `first` is page 1's. */
  pageRunMs: { count: number; first: number; p50: number; max: number; total: number } | null;
  /** With --sql-timing: the statements that took the most time during the phase. */
  sql: SqlStat[] | null;
  /** Acks of the 2-member group's probes sent while the phase ran. */
  probes?: { sent: number; failures: number; ack: Distribution; ackMs: number[] };
  loadAverage: number;
  problems: string[];
  correct: boolean;
}

export interface SmallGroupAcks {
  round: number;
  ackMs: number[];
  problems: string[];
}
