/**
 * The parent side of the harness's IPC: start a TypeScript child (through tsx) and turn its replies into
 * promises. The bench decides how the process is started (`start`), so its own limits and placement apply.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { BenchRequest, ChildHello, ChildReply } from './ipc-messages.ts';
import { waitForExit } from './processes.ts';

/** A request as the caller writes it: the id is added here. */
export type RequestBody<Req extends BenchRequest> = Req extends unknown ? Omit<Req, 'id'> : never;

export interface BenchChild<Req extends BenchRequest> {
  readonly pid: number;
  request<T>(body: RequestBody<Req>, timeoutMs?: number): Promise<T>;
  /** Asks the child to close what it holds (`close` request), then ends the IPC channel; resolves when the process is gone. */
  stop(): Promise<void>;
}

export interface StartBenchChildOptions {
  /** Absolute path of the child's .ts entry. */
  entry: string;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[] | undefined;
  /** Milliseconds to wait for the child's hello. */
  startTimeoutMs?: number | undefined;
  /** Milliseconds `stop` waits for the answer to `close` before it ends the channel anyway. */
  closeTimeoutMs: number;
  /** Starts the process running `node …nodeArgv` with this stdio (it carries the IPC channel). */
  start(nodeArgv: readonly string[], stdio: StdioOptions): ChildProcess;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;

export function startBenchChild<Req extends BenchRequest>(o: StartBenchChildOptions): Promise<BenchChild<Req>> {
  const child = o.start(['--expose-gc', ...(o.nodeArgs ?? []), '--import', 'tsx', o.entry], ['ignore', 'inherit', 'inherit', 'ipc']);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  child.on('exit', (code, signal) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`bench child ${o.entry} exited (code ${code}, signal ${signal})`));
    }
    pending.clear();
  });

  return new Promise<BenchChild<Req>>((resolve, reject) => {
    const startTimeoutMs = o.startTimeoutMs ?? 30_000;
    const startTimer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench child ${o.entry} did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.once('error', (e) => {
      clearTimeout(startTimer);
      reject(e);
    });
    child.once('exit', () => {
      clearTimeout(startTimer);
      reject(new Error(`bench child ${o.entry} exited before it was ready`));
    });

    function request<T>(body: { type: string }, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<T> {
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
          await request({ type: 'close' }, o.closeTimeoutMs);
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
