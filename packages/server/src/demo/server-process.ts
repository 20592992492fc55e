/**
 * Herald as a newcomer runs it: `packages/server/src/main.ts` (what `npm start` runs) in a child process,
 * configured only through `HERALD_*` variables. The child gets none of the caller's own `HERALD_*` variables, so
 * a configured PostgreSQL or Redis never leaks into the demo: it runs on the embedded default.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DemoFailure } from './demo-failure.ts';

export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, from the line the server prints once it listens. */
  readonly url: string;
  /** What the server wrote to stdout and stderr (its logs), for the failure message. */
  output(): string;
  /** SIGTERM (the server's graceful stop); SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SERVER_MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const LISTENING = /Herald listening on (http:\/\/\S+)/;

function environmentWithout(prefix: string, source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !name.startsWith(prefix)));
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startServerProcess(config: Record<string, string>, startTimeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_MAIN], {
    cwd: REPO_ROOT,
    env: { ...environmentWithout('HERALD_', process.env), ...config },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Should the demo itself die (an uncaught error), the server must not outlive it.
  const stopWithDemo = () => child.kill('SIGTERM');
  process.once('exit', stopWithDemo);
  child.once('exit', () => process.off('exit', stopWithDemo));
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DemoFailure(`the server did not start within ${startTimeoutMs} ms\n${log}`)), startTimeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const found = LISTENING.exec(log);
      if (found !== null) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new DemoFailure(`the server exited before listening (${signal ?? `exit ${code}`})\n${log}`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited(child);
    throw err;
  });

  return {
    url,
    output: () => log,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
