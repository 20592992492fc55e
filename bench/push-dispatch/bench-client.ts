import type { RunTally } from './types.ts';

/**
 * One APNs client under test. `prepare` turns device tokens into the client's own input shape outside the
 * measured window (a dispatcher holds its targets before it sends); `run` is the measured window.
 */
export interface BenchClient<P = unknown> {
  /** Connects and sends one notification, so the connection is authorised and at full stream width. */
  open(): Promise<void>;
  prepare(tokens: readonly string[]): P;
  run(prepared: P): Promise<RunTally>;
  close(): Promise<void>;
}

export function countFailure(failures: Record<string, number>, reason: string): void {
  failures[reason] = (failures[reason] ?? 0) + 1;
}
