/**
 * How the harness starts its client processes: through launch.ts (raised open-file limit, own session, optional
 * `nice` and CPU pinning), answering over the shared IPC (../shared/bench-child.ts).
 */
import { startBenchChild, type BenchChild } from '../shared/bench-child.ts';
import { launch } from './launch.ts';
import type { ChildRequest } from './types.ts';

export type ClientChild = BenchChild<ChildRequest>;

export function spawnBenchChild(o: { entry: string; cpu?: number | undefined; nice?: number | undefined; nodeArgs?: readonly string[]; startTimeoutMs?: number }): Promise<ClientChild> {
  return startBenchChild<ChildRequest>({
    entry: o.entry,
    nodeArgs: o.nodeArgs,
    startTimeoutMs: o.startTimeoutMs,
    // A client process closes thousands of sockets before it answers.
    closeTimeoutMs: 30_000,
    start: (nodeArgv, stdio) => launch({ nodeArgv, cpu: o.cpu, nice: o.nice, stdio }),
  });
}
