/**
 * How the harness starts its children: a plain spawn in the harness's own session, optionally pinned to one CPU
 * with `taskset`. A push-dispatch child holds a handful of connections, so the default open-file limit is enough,
 * and the recorded results were measured this way.
 */
import { spawn } from 'node:child_process';
import { startBenchChild, type BenchChild } from '../shared/bench-child.ts';
import { nodeCommand, repoRoot } from '../shared/processes.ts';
import type { ChildRequest } from './types.ts';

export interface SpawnChildOptions {
  /** Absolute path of the child's .ts entry. */
  entry: string;
  /** CPU to pin to with `taskset -c`; unpinned when undefined. */
  cpu?: number | undefined;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** Milliseconds to wait for the child's hello. */
  startTimeoutMs?: number;
}

export type PushDispatchChild = BenchChild<ChildRequest>;

export function spawnBenchChild(o: SpawnChildOptions): Promise<PushDispatchChild> {
  return startBenchChild<ChildRequest>({
    entry: o.entry,
    nodeArgs: o.nodeArgs,
    startTimeoutMs: o.startTimeoutMs,
    closeTimeoutMs: 15_000,
    start: (nodeArgv, stdio) => {
      const [command, ...args] = nodeCommand({ nodeArgv, cpu: o.cpu });
      return spawn(command, args, { cwd: repoRoot, stdio });
    },
  });
}
