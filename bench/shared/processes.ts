/**
 * Pieces every benchmark uses to start and end its processes. How a process is started (plain spawn, or through a
 * shell that raises limits) stays with each bench; the command line and the CPU placement are common.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Working directory of every bench process, so `--import tsx` and package imports resolve the same way. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface NodeCommandOptions {
  /** Node flags and script, e.g. `['--import', 'tsx', 'x.ts']`. */
  nodeArgv: readonly string[];
  /** CPU to pin to with `taskset -c`; unpinned when undefined. */
  cpu?: number | undefined;
  /** Scheduling niceness through `nice -n` (negative needs root): keeps neighbours on a shared box from starving a run. */
  nice?: number | undefined;
}

/**
 * `[nice -n N] [taskset -c CPU] node …argv` as one argv. Pinning wraps the exec, so every thread the process makes
 * (V8 GC, libuv pool) inherits the affinity.
 */
export function nodeCommand(o: NodeCommandOptions): [string, ...string[]] {
  return [
    ...(o.nice === undefined ? [] : ['nice', '-n', String(o.nice)]),
    ...(o.cpu === undefined ? [] : ['taskset', '-c', String(o.cpu)]),
    process.execPath,
    ...o.nodeArgv,
  ] as [string, ...string[]];
}

/** True when `taskset` exists and the box has at least two CPUs, so the server side and the clients can be kept apart. */
export function canPin(cpus: number): boolean {
  if (cpus < 2) return false;
  return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
}

export interface CpuPlan {
  pinned: boolean;
  /** The measured server side (server or emulator): CPU 0 when pinned. */
  serverCpu: number | undefined;
  /** Every client process: CPU 1 when pinned. */
  clientCpu: number | undefined;
}

/** `pin` as asked, or by default whenever the box allows it. */
export function planCpus(pin: boolean | undefined, nproc: number): CpuPlan {
  const pinned = pin ?? canPin(nproc);
  return { pinned, serverCpu: pinned ? 0 : undefined, clientCpu: pinned ? 1 : undefined };
}

/** How a report names a CPU placement. */
export function cpuLabel(cpu: number | undefined): string {
  return cpu === undefined ? 'any' : String(cpu);
}

/** Resolves when the process has exited; SIGKILLs it after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
