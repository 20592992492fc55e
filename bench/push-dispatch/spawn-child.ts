/**
 * The parent side of the harness's IPC: start a TypeScript child (through tsx), optionally pinned to one CPU
 * with `taskset`, and turn its replies into promises. Pinning wraps the exec, so every thread the child makes
 * (V8 GC, libuv pool) inherits the affinity.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildHello, ChildReply, ChildRequest } from './types.ts';

export interface SpawnChildOptions {
  /** Absolute path of the child's .ts entry. */
  entry: string;
  /** CPU to pin to with `taskset -c`; unpinned when undefined. */
  cpu?: number;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** Milliseconds to wait for the child's hello. */
  startTimeoutMs?: number;
}

type RequestBody = ChildRequest extends infer R ? (R extends ChildRequest ? Omit<R, 'id'> : never) : never;

export interface BenchChild {
  readonly pid: number;
  request<T>(body: RequestBody, timeoutMs?: number): Promise<T>;
  /** Asks the child to close its resources, then ends the IPC channel; resolves when the process is gone. */
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** True when `taskset` exists and the box has at least two CPUs, so server and client can be kept apart. */
export function canPin(cpus: number): boolean {
  if (cpus < 2) return false;
  return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function spawnBenchChild(o: SpawnChildOptions): Promise<BenchChild> {
  const nodeArgv = ['--expose-gc', ...(o.nodeArgs ?? []), '--import', 'tsx', o.entry];
  const child =
    o.cpu === undefined
      ? spawn(process.execPath, nodeArgv, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      : spawn('taskset', ['-c', String(o.cpu), process.execPath, ...nodeArgv], {
          cwd: repoRoot,
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  function failAll(error: Error): void {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  }

  child.on('exit', (code, signal) => failAll(new Error(`bench child ${o.entry} exited (code ${code}, signal ${signal})`)));

  return new Promise<BenchChild>((resolve, reject) => {
    const startTimer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench child ${o.entry} did not start within ${o.startTimeoutMs ?? 30_000} ms`));
    }, o.startTimeoutMs ?? 30_000);
    child.once('error', (e) => {
      clearTimeout(startTimer);
      reject(e);
    });
    child.once('exit', () => {
      clearTimeout(startTimer);
      reject(new Error(`bench child ${o.entry} exited before it was ready`));
    });

    function request<T>(body: RequestBody, timeoutMs = 600_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((res, rej) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          rej(new Error(`bench child ${o.entry}: '${body.type}' got no reply within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: res as (v: unknown) => void, reject: rej, timer });
        child.send({ ...body, id });
      });
    }

    async function stop(): Promise<void> {
      if (child.connected) {
        try {
          await request({ type: 'close' }, 15_000);
        } catch {
          // Closing is best effort: the process is ended below either way.
        }
        if (child.connected) child.disconnect();
      }
      await waitForExit(child, 10_000);
    }

    child.on('message', (m: ChildReply | ChildHello) => {
      if ('type' in m) {
        clearTimeout(startTimer);
        resolve({ pid: m.pid, request, stop });
        return;
      }
      const p = pending.get(m.id);
      if (p === undefined) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
  });
}
