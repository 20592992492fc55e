/**
 * The server a run measures, as its own process: Herald (`packages/server/src/main.ts` with HERALD_* settings,
 * a fresh data directory, embedded SQLite or a fresh PostgreSQL database) or the bare relay (bare-relay.ts).
 * Both run with `--inspect` on a loopback port so the harness can force a full GC and read the V8 heap before
 * each memory sample, without any code in the server for it; nothing attaches while latency is measured.
 * Memory is VmRSS from /proc/<pid>/status and CPU is utime+stime from /proc/<pid>/stat.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { waitForExit } from '../shared/processes.ts';
import { launch } from './launch.ts';
import type { TargetName } from './types.ts';

export interface ServerUnderTest {
  target: TargetName;
  pid: number;
  /** Base URL clients connect to (`ws://…/ws` for Herald, `ws://…/` for the bare relay). */
  wsUrl: string;
  /** Herald only: `http://127.0.0.1:<port>` for the management and /v4 APIs. */
  httpUrl?: string;
  adminToken?: string;
  rssBytes(): number;
  /** user + system CPU seconds of the whole process since it started. */
  cpuSeconds(): number;
  /** Forces a full GC through the inspector and returns the V8 heap in use afterwards. */
  collectGarbage(): Promise<{ heapUsedBytes: number }>;
  /**
   * Starts V8's sampling heap profiler in an inspector session that stays open; `finish` forces a GC and returns
   * the profile of what is still alive, by allocation stack (a `.heapprofile`, readable by Chrome DevTools).
   */
  startHeapSampling(): Promise<{ finish(): Promise<unknown> }>;
  /**
   * Samples allocations but keeps only those that survive the young-generation GC (promoted, whether or not a later
   * full GC frees them): where the old generation's garbage, and so the full GCs' pauses, come from.
   */
  startPromotionSampling(): Promise<{ finish(): Promise<unknown> }>;
  /**
   * V8's CPU profiler, started now through the inspector (not `--cpu-prof`): its sampling thread is then created
   * after Herald lowered the priority of the threads it started with, so on a pinned core it is not starved and
   * the profile is not biased towards idle time; and the profile covers just the phase being measured.
   */
  startCpuProfile(): Promise<{ finish(): Promise<unknown> }>;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  target: TargetName;
  cpu?: number | undefined;
  nice?: number | undefined;
  /** Herald only: directory for SQLite and generated keys. */
  dataDir?: string;
  /** Herald only: PostgreSQL URL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
  log: (line: string) => void;
}

const CLOCK_TICKS_PER_SECOND = 100;
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

interface InspectorSession {
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

async function openSession(debuggerUrl: string): Promise<InspectorSession> {
  const socket = new WebSocket(debuggerUrl, { maxPayload: 1024 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  socket.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: { message: string } };
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (w === undefined) return;
    waiting.delete(m.id!);
    if (m.error !== undefined) w.reject(new Error(`${w.method}: ${m.error.message}`));
    else w.resolve(m.result);
  });
  return {
    call(method, params = {}) {
      const id = (nextId += 1);
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, method });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

/**
 * A profiler in an inspector session that stays open: `start` runs now; `finish` runs `beforeStop` (if any) and
 * then `stop`, returns the profile that `stop` answers with, and disconnects.
 */
async function startProfiling(
  debuggerUrl: string, start: readonly (readonly [string, Record<string, unknown>?])[], stop: string, beforeStop?: string,
): Promise<{ finish(): Promise<unknown> }> {
  const session = await openSession(debuggerUrl);
  for (const [method, params] of start) await session.call(method, params);
  return {
    async finish() {
      try {
        if (beforeStop !== undefined) await session.call(beforeStop);
        return ((await session.call(stop)) as { profile: unknown }).profile;
      } finally {
        session.close();
      }
    },
  };
}

/** One short inspector session: send the commands, return their results, disconnect. */
async function inspect(debuggerUrl: string, methods: readonly string[]): Promise<unknown[]> {
  const session = await openSession(debuggerUrl);
  try {
    const results: unknown[] = [];
    for (const method of methods) results.push(await session.call(method));
    return results;
  } finally {
    session.close();
  }
}

export async function startServer(o: StartServerOptions): Promise<ServerUnderTest> {
  const inspectPort = await freePort();
  const adminToken = randomBytes(24).toString('hex');
  const env: NodeJS.ProcessEnv = {};
  // The server sees only what this run sets: no HERALD_* from the caller's shell.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HERALD_')) env[k] = v;
  let script: string;
  if (o.target === 'herald') {
    script = here('../../packages/server/src/main.ts');
    Object.assign(env, {
      HERALD_HOST: '127.0.0.1',
      HERALD_PORT: '0',
      HERALD_DATA_DIR: o.dataDir,
      HERALD_ADMIN_TOKEN: adminToken,
      HERALD_LOG_LEVEL: 'warn',
      ...(o.databaseUrl === undefined ? {} : { HERALD_DATABASE_URL: o.databaseUrl }),
    });
  } else {
    script = here('./bare-relay.ts');
  }
  const child = launch({
    nodeArgv: [`--inspect=127.0.0.1:${inspectPort}`, ...(o.nodeArgs ?? []), '--import', 'tsx', script],
    cpu: o.cpu,
    nice: o.nice,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the ${o.target} server`);
  // The server runs in its own session (see launch.ts), so nothing ends it if the harness dies: do it here.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  let debuggerUrl: string | undefined;
  let listening: string | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.target} server did not start within 60 s`)), 60_000);
    const check = (): void => {
      if (debuggerUrl !== undefined && listening !== undefined) {
        clearTimeout(timer);
        resolve();
      }
    };
    const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void): void => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          onLine(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
        }
      });
    };
    lines(child.stderr!, (line) => {
      const dbg = /Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (dbg !== null) {
        debuggerUrl = dbg[1];
        check();
        return;
      }
      if (/^For help, see|Debugger attached|Debugger ending|Waiting for the debugger/.test(line) || line.trim() === '') return;
      o.log(`[${o.target} stderr] ${line}`);
    });
    lines(child.stdout!, (line) => {
      const m = /listening on ((?:http|ws):\/\/\S+)/.exec(line);
      if (m !== null && listening === undefined) {
        listening = m[1];
        check();
        return;
      }
      o.log(`[${o.target}] ${line}`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${o.target} server exited during start (code ${code}, signal ${signal})`));
    });
  });
  try {
    await ready;
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }

  const base = listening!.replace(/\/$/, '');
  const wsUrl = o.target === 'herald' ? `${base.replace(/^http/, 'ws')}/ws` : `${base}/`;
  return {
    target: o.target,
    pid,
    wsUrl,
    ...(o.target === 'herald' ? { httpUrl: base, adminToken } : {}),
    rssBytes() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m === null) throw new Error(`no VmRSS for pid ${pid}`);
      return Number(m[1]) * 1024;
    },
    cpuSeconds() {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    async collectGarbage() {
      const [, usage] = await inspect(debuggerUrl!, ['HeapProfiler.collectGarbage', 'Runtime.getHeapUsage']);
      return { heapUsedBytes: (usage as { usedSize: number }).usedSize };
    },
    // A full GC before the heap profile is read, so that only what is still alive remains.
    startHeapSampling: () => startProfiling(debuggerUrl!, [['HeapProfiler.startSampling', { samplingInterval: 4096 }]],
      'HeapProfiler.stopSampling', 'HeapProfiler.collectGarbage'),
    startPromotionSampling: () => startProfiling(debuggerUrl!, [['HeapProfiler.startSampling', {
      samplingInterval: 65536, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false,
    }]], 'HeapProfiler.stopSampling'),
    startCpuProfile: () => startProfiling(debuggerUrl!, [['Profiler.enable'], ['Profiler.start']], 'Profiler.stop'),
    async stop() {
      child.kill('SIGTERM');
      await waitForExit(child, 40_000);
    },
  };
}
