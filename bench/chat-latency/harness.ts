/**
 * The chat-latency benchmark: the same client load against Herald's chat gateway and against a bare `ws` relay,
 * alternately, in one invocation. Each (round, target) gets a fresh server process (pinned to CPU 0 when the box
 * allows) and fresh client processes (pinned to CPU 1), each client process with its own 127.0.0.x source
 * address. Per run:
 *   1. start the server; for Herald, create an IM app and import the accounts through its APIs;
 *   2. prime: 100 extra sockets log in and close, so the login path is compiled before memory is sampled;
 *   3. memory before: full GC (through the inspector), VmRSS, three samples, median;
 *   4. open every client socket and log it in (Herald) / register it (bare);
 *   5. memory after, the same way: (after − before) / sockets = bytes per idle authenticated connection;
 *   6. steady sends at the global rate for warm-up + duration, then drain; end-to-end and ack latencies;
 *   7. close, stop, and for Herald count what the database holds against the acks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hostFacts, type HostFacts } from '../shared/host.ts';
import { cpuLabel, planCpus } from '../shared/processes.ts';
import { median, round } from '../shared/stats.ts';
import { createBenchImApp, importAccounts, type BenchImApp } from './herald-setup.ts';
import { childFileLimit } from './launch.ts';
import { startServer, type ServerUnderTest } from './server-under-test.ts';
import { spawnBenchChild, type ClientChild } from './spawn-child.ts';
import { distribution, type Distribution } from './stats.ts';
import { createScratchDatabase, readPostgresMessages, readSqliteMessages } from './stored-messages.ts';
import { TARGET_NAMES, type ClientRunResult, type OpenResult, type TargetName } from './types.ts';

export interface ChatLatencyOptions {
  clients: number;
  /** Messages per second, all senders together. */
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
  drainSeconds: number;
  processes: number;
  rounds: number;
  store: 'sqlite' | 'postgres';
  /** Server of the scratch databases when store is postgres. */
  databaseUrl: string;
  textBytes: number;
  primeSockets: number;
  openConcurrency: number;
  targets: readonly TargetName[];
  /** Pin the server to CPU 0 and the clients to CPU 1; default: when taskset and ≥ 2 CPUs exist. */
  pin?: boolean;
  /** Niceness of the server and client processes (`nice -n`; negative needs root); default: unchanged. */
  nice?: number;
  /**
   * Node flags of both servers (Herald's and the bare relay). Default: each server's best on the CPU it has. Herald:
   * none (it lowers the priority of V8's GC helper threads itself, docs/operations.md). The bare relay, pinned to
   * one CPU: `--single-threaded-gc`, without which V8's helper threads take that CPU from its event loop in slices
   * (p99 at 5,000 msg/s 2.2–2.7 ms instead of 1.4–1.9); none when not pinned.
   */
  serverNodeFlags?: readonly string[];
  /** When set, a V8 CPU profile of each Herald server's send phase (warm-up to drain) is written here as herald-r<round>.cpuprofile. */
  profileDir?: string;
  /**
   * When set, each server's sampling heap profile of what the idle connections keep alive (started before they
   * open, read after they are logged in and a GC) is written here as <target>-r<round>.heapprofile.
   */
  heapProfileDir?: string;
  /**
   * When set, each Herald server's sampling heap profile of what the send phase's allocations leave past the
   * young-generation GC (the old generation's intake) is written here as herald-r<round>.promoted.heapprofile.
   */
  promotionProfileDir?: string;
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: ChatLatencyOptions = {
  clients: 5_000,
  rate: 5_000,
  durationSeconds: 20,
  warmupSeconds: 5,
  drainSeconds: 10,
  processes: 4,
  rounds: 1,
  store: 'sqlite',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  textBytes: 100,
  primeSockets: 100,
  openConcurrency: 50,
  targets: TARGET_NAMES,
};

/** Herald's default heartbeat (HERALD_WS_HEARTBEAT_SECONDS is not set by the harness). */
const HERALD_HEARTBEAT_SECONDS = 30;
const MEMORY_SAMPLES = 3;

export interface MemorySample {
  rssBeforeBytes: number;
  rssAfterBytes: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  connections: number;
  rssPerConnectionBytes: number;
  heapPerConnectionBytes: number;
}

export interface TargetRun {
  target: TargetName;
  round: number;
  serverPid: number;
  connections: number;
  openSeconds: number;
  memory: MemorySample;
  endToEnd: Distribution;
  ack?: Distribution;
  measuredSent: number;
  measuredReceived: number;
  lost: number;
  /** Measured messages per second actually sent (all processes). */
  achievedRate: number;
  sendLagP99Ms: number;
  sendLagMaxMs: number;
  errors: Record<string, number>;
  closedSockets: number;
  framesPerMessage: number;
  serverCpuShare: number;
  /**
   * Server CPU milliseconds (send window + drain) per message handled: Herald, per message stored; bare, per message
   * delivered. Less sensitive to neighbours than latency; only exact when the server kept up (nothing left over).
   */
  serverCpuMsPerMessage: number;
  /** Client CPU / wall, summed over the client processes (they share one core when pinned). */
  clientCpuShare: number;
  loadAverage: number;
  /**
   * Herald, over the whole run (warm-up included): messages sent, acked (sendMessage answered code 0), stored
   * (distinct msgKeys in the database) and acked but not stored (must be 0: an ack promises durable storage).
   * `complete`: every message sent was acked and stored, each as two inbox rows.
   */
  persistence?: { sent: number; acked: number; stored: number; inboxRows: number; ackedNotStored: number; complete: boolean };
  correct: boolean;
}

export interface TargetSummary {
  target: TargetName;
  rounds: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  ackP99?: number;
  achievedRate: number;
  rssPerConnectionBytes: number;
  heapPerConnectionBytes: number;
  serverCpuShare: number;
  serverCpuMsPerMessage: number;
}

export interface ChatLatencyReport {
  benchmark: 'chat-latency';
  startedAt: string;
  finishedAt: string;
  machine: HostFacts & { pinned: boolean; serverCpu: string; clientCpu: string; nice: number; openFileLimit: string };
  options: Omit<ChatLatencyOptions, 'log' | 'profileDir' | 'heapProfileDir' | 'promotionProfileDir' | 'serverNodeFlags'> & {
    /** The node flags each server ran with. */
    serverNodeFlags: Record<TargetName, readonly string[]>;
  };
  runs: TargetRun[];
  summary: TargetSummary[];
  ratios: {
    p99?: { ofMedians: number; paired: number };
    p50?: { ofMedians: number; paired: number };
    memoryPerConnection?: { ofMedians: number; paired: number };
  };
  targets: {
    p99VsBare?: { target: number; measured: number; met: boolean };
    p99Absolute?: { target: number; measured: number; met: boolean };
    memoryVsBare?: { target: number; measured: number; met: boolean };
  };
  correct: boolean;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const clock = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function userId(i: number): string {
  return `u${String(i).padStart(6, '0')}`;
}

/** Splits `count` users (an even number) into `parts` shares of whole pairs, as evenly as possible. */
export function shareUsers(count: number, parts: number, name: (i: number) => string): string[][] {
  const pairs = Math.floor(count / 2);
  const shares: string[][] = [];
  let next = 0;
  for (let p = 0; p < parts; p++) {
    const n = 2 * (Math.floor(pairs / parts) + (p < pairs % parts ? 1 : 0));
    shares.push(Array.from({ length: n }, (_, i) => name(next + i)));
    next += n;
  }
  return shares;
}

async function sampleMemory(server: ServerUnderTest): Promise<{ rss: number; heap: number }> {
  const rss: number[] = [];
  const heap: number[] = [];
  for (let i = 0; i < MEMORY_SAMPLES; i++) {
    const { heapUsedBytes } = await server.collectGarbage();
    await sleep(300);
    rss.push(server.rssBytes());
    heap.push(heapUsedBytes);
  }
  return { rss: median(rss), heap: median(heap) };
}

function merge<T>(results: readonly ClientRunResult[], pick: (r: ClientRunResult) => T[]): T[] {
  const all: T[] = [];
  for (const r of results) for (const x of pick(r)) all.push(x);
  return all;
}

function unanswered(n: number): number[] {
  return new Array<number>(Math.max(0, n)).fill(Number.POSITIVE_INFINITY);
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

export async function runChatLatency(partial: Partial<ChatLatencyOptions> = {}): Promise<ChatLatencyReport> {
  const o: ChatLatencyOptions = { ...DEFAULT_OPTIONS, ...partial };
  const log = o.log ?? (() => undefined);
  if (o.clients < 2 * o.processes) throw new Error('--clients must be at least two per client process');
  if (o.processes > 250) throw new Error('--processes: at most 250 (one 127.0.0.x source address each)');
  const startedAt = new Date().toISOString();
  const host = hostFacts();
  const { pinned, serverCpu, clientCpu } = planCpus(o.pin, host.nproc);
  const serverNodeFlags: Record<TargetName, readonly string[]> = {
    herald: o.serverNodeFlags ?? [],
    bare: o.serverNodeFlags ?? (pinned ? ['--single-threaded-gc'] : []),
  };
  const shares = shareUsers(o.clients, o.processes, userId);
  const primeUsers = Array.from({ length: o.primeSockets - (o.primeSockets % 2) }, (_, i) => `warm${String(i).padStart(5, '0')}`);
  const runs: TargetRun[] = [];

  async function measure(target: TargetName, roundNo: number): Promise<TargetRun> {
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-chat-latency-'));
    const scratch = target === 'herald' && o.store === 'postgres' ? await createScratchDatabase(o.databaseUrl) : undefined;
    const nodeArgs = serverNodeFlags[target];
    let server: ServerUnderTest | undefined;
    const children: ClientChild[] = [];
    try {
      server = await startServer({ target, cpu: serverCpu, nice: o.nice, dataDir, databaseUrl: scratch?.url, nodeArgs, log });
      let app: BenchImApp | undefined;
      if (target === 'herald') {
        app = await createBenchImApp(server.httpUrl!, server.adminToken!);
        await importAccounts(server.httpUrl!, app, [...shares.flat(), ...primeUsers]);
      }
      const clientBase = {
        target, url: server.wsUrl, openConcurrency: o.openConcurrency, heartbeatSeconds: HERALD_HEARTBEAT_SECONDS,
        deviceTag: `r${roundNo}`, ...(app === undefined ? {} : { sdkAppId: app.sdkAppId, secretKey: app.secretKey }),
      };
      for (let p = 0; p < o.processes; p++) children.push(await spawnBenchChild({ entry: here('./client-process.ts'), cpu: clientCpu, nice: o.nice }));
      log(`${target} r${roundNo}: server pid ${server.pid}${pinned ? ' (cpu 0)' : ''}, ${o.processes} client processes${pinned ? ' (cpu 1)' : ''}`);

      if (primeUsers.length > 0) {
        const primed = await children[0]!.request<OpenResult>({ type: 'open', config: { ...clientBase, localAddress: '127.0.0.1', userIds: primeUsers } });
        if (primed.sockets !== primeUsers.length) throw new Error(`priming failed: ${JSON.stringify(primed.failures)}`);
        await children[0]!.request({ type: 'close' });
        await sleep(500);
      }
      const before = await sampleMemory(server);
      const heapSampling = o.heapProfileDir === undefined ? undefined : await server.startHeapSampling();

      const opened = await Promise.all(children.map((child, p) => child.request<OpenResult>({
        type: 'open', config: { ...clientBase, localAddress: `127.0.0.${p + 1}`, userIds: shares[p]! },
      }, 900_000)));
      const connections = opened.reduce((s, r) => s + r.sockets, 0);
      const openSeconds = Math.max(...opened.map((r) => r.seconds));
      if (connections !== o.clients - (o.clients % 2)) {
        const failures: Record<string, number> = {};
        for (const r of opened) addCounts(failures, r.failures);
        throw new Error(`${target}: only ${connections} of ${o.clients} sockets logged in: ${JSON.stringify(failures)}`);
      }
      log(`${target} r${roundNo}: ${connections} sockets logged in in ${openSeconds.toFixed(1)} s`);
      await sleep(1000);
      if (heapSampling !== undefined) {
        const file = join(o.heapProfileDir!, `${target}-r${roundNo}.heapprofile`);
        writeFileSync(file, JSON.stringify(await heapSampling.finish()));
        log(`${target} r${roundNo}: heap profile of the idle connections in ${file}`);
      }
      const after = await sampleMemory(server);
      const memory: MemorySample = {
        rssBeforeBytes: before.rss,
        rssAfterBytes: after.rss,
        heapBeforeBytes: before.heap,
        heapAfterBytes: after.heap,
        connections,
        rssPerConnectionBytes: Math.round((after.rss - before.rss) / connections),
        heapPerConnectionBytes: Math.round((after.heap - before.heap) / connections),
      };
      log(`${target} r${roundNo}: memory per idle connection ${memory.rssPerConnectionBytes} B RSS, ${memory.heapPerConnectionBytes} B V8 heap`);

      const promotionSampling = target === 'herald' && o.promotionProfileDir !== undefined ? await server.startPromotionSampling() : undefined;
      const cpuProfile = target === 'herald' && o.profileDir !== undefined ? await server.startCpuProfile() : undefined;
      const startAt = clock() + 1000;
      const cpu0 = server.cpuSeconds();
      const t0 = clock();
      const results = await Promise.all(children.map((child, p) => child.request<ClientRunResult>({
        type: 'run',
        config: {
          ratePerSecond: (o.rate * shares[p]!.length) / connections, warmupSeconds: o.warmupSeconds, durationSeconds: o.durationSeconds,
          startAt, textBytes: o.textBytes, drainSeconds: o.drainSeconds, processIndex: p,
        },
      }, (o.warmupSeconds + o.durationSeconds + o.drainSeconds) * 1000 + 120_000)));
      const wall = (clock() - t0) / 1000;
      const serverCpuSeconds = server.cpuSeconds() - cpu0;
      const serverCpuShare = round(serverCpuSeconds / wall, 3);
      const loadAverage = round(loadavg()[0] ?? 0, 2);
      if (cpuProfile !== undefined) {
        const file = join(o.profileDir!, `${target}-r${roundNo}.cpuprofile`);
        writeFileSync(file, JSON.stringify(await cpuProfile.finish()));
        log(`${target} r${roundNo}: CPU profile of the send phase in ${file}`);
      }
      if (promotionSampling !== undefined) {
        const file = join(o.promotionProfileDir!, `${target}-r${roundNo}.promoted.heapprofile`);
        writeFileSync(file, JSON.stringify(await promotionSampling.finish()));
        log(`${target} r${roundNo}: profile of what the send phase promoted in ${file}`);
      }

      for (const child of children.splice(0)) await child.stop();
      await server.stop();
      const stopped = server;
      server = undefined;

      const measuredSent = results.reduce((s, r) => s + r.measuredSent, 0);
      const measuredReceived = results.reduce((s, r) => s + r.measuredReceived, 0);
      const measuredAcked = results.reduce((s, r) => s + r.measuredAcked, 0);
      const errors: Record<string, number> = {};
      for (const r of results) addCounts(errors, r.errors);
      const closedSockets = results.reduce((s, r) => s + r.closedSockets, 0);
      const framesReceived = results.reduce((s, r) => s + r.framesReceived, 0);
      const totalSent = results.reduce((s, r) => s + r.totalSent, 0);
      let persistence: TargetRun['persistence'];
      if (target === 'herald') {
        const acked = results.reduce((s, r) => s + r.totalAcked, 0);
        const stored = scratch === undefined ? readSqliteMessages(dataDir, app!.sdkAppId) : await readPostgresMessages(scratch.url, app!.sdkAppId);
        let ackedNotStored = 0;
        for (const r of results) for (const key of r.ackedMsgKeys) if (!stored.msgKeys.has(key)) ackedNotStored += 1;
        persistence = {
          sent: totalSent, acked, stored: stored.msgKeys.size, inboxRows: stored.inboxRows, ackedNotStored,
          complete: acked === totalSent && stored.msgKeys.size === totalSent && stored.inboxRows === 2 * totalSent,
        };
      }
      const run: TargetRun = {
        target,
        round: roundNo,
        serverPid: stopped.pid,
        connections,
        openSeconds: round(openSeconds, 2),
        memory,
        // A message not delivered (or not acked) by the end of the drain counts as infinitely late, so a saturated
        // server shows up in the percentiles instead of being hidden by the messages that did arrive.
        endToEnd: distribution([...merge(results, (r) => r.latencies), ...unanswered(measuredSent - measuredReceived)]),
        ...(target === 'herald' ? { ack: distribution([...merge(results, (r) => r.ackLatencies), ...unanswered(measuredSent - measuredAcked)]) } : {}),
        measuredSent,
        measuredReceived,
        lost: measuredSent - measuredReceived,
        achievedRate: Math.round(results.reduce((sum, r) => sum + (r.measuredSeconds > 0 ? (r.measuredSent - 1) / r.measuredSeconds : 0), 0)),
        sendLagP99Ms: round(Math.max(...results.map((r) => r.sendLagP99)), 3),
        sendLagMaxMs: round(Math.max(...results.map((r) => r.sendLagMax)), 3),
        errors,
        closedSockets,
        framesPerMessage: round(framesReceived / totalSent, 2),
        serverCpuShare,
        serverCpuMsPerMessage: round((serverCpuSeconds * 1000) / Math.max(1, persistence?.stored ?? results.reduce((s, r) => s + r.totalReceived, 0)), 3),
        clientCpuShare: round(results.reduce((s, r) => s + r.cpuSeconds, 0) / wall, 3),
        loadAverage,
        ...(persistence === undefined ? {} : { persistence }),
        correct: measuredSent === measuredReceived && Object.keys(errors).length === 0 && closedSockets === 0 && (persistence === undefined || (persistence.ackedNotStored === 0 && persistence.complete)),
      };
      const e = run.endToEnd;
      log(
        `${target.padEnd(6)} r${roundNo}: e2e p50 ${e.p50.toFixed(2)} p99 ${e.p99.toFixed(2)} p99.9 ${e.p999.toFixed(2)} max ${e.max.toFixed(1)} ms` +
          (run.ack === undefined ? '' : `, ack p99 ${run.ack.p99.toFixed(2)} ms`) +
          `, ${run.achievedRate}/s, lost ${run.lost}, server ${serverCpuShare.toFixed(2)} core (${run.serverCpuMsPerMessage} ms/msg), clients ${run.clientCpuShare.toFixed(2)} core, ` +
          `send lag p99 ${run.sendLagP99Ms.toFixed(1)} ms, load ${loadAverage}` +
          (persistence === undefined ? '' : `, ${persistence.sent} sent/${persistence.acked} acked/${persistence.stored} stored/${persistence.ackedNotStored} acked-not-stored`) +
          (run.correct ? '' : `  INCORRECT: errors ${JSON.stringify(errors)}, closed ${closedSockets}`),
      );
      return run;
    } finally {
      for (const child of children) await child.stop();
      await server?.stop();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  for (let roundNo = 1; roundNo <= o.rounds; roundNo++) {
    // Alternate the order (H-B, B-H, …) so neither always runs on a box the other just warmed.
    const order = roundNo % 2 === 1 ? [...o.targets] : [...o.targets].reverse();
    for (const target of order) runs.push(await measure(target, roundNo));
  }

  const summary: TargetSummary[] = o.targets.map((target) => {
    const rs = runs.filter((r) => r.target === target);
    const acks = rs.flatMap((r) => (r.ack === undefined ? [] : [r.ack.p99]));
    return {
      target,
      rounds: rs.length,
      p50: round(median(rs.map((r) => r.endToEnd.p50)), 3),
      p99: round(median(rs.map((r) => r.endToEnd.p99)), 3),
      p999: round(median(rs.map((r) => r.endToEnd.p999)), 3),
      max: round(Math.max(...rs.map((r) => r.endToEnd.max)), 3),
      ...(acks.length === 0 ? {} : { ackP99: round(median(acks), 3) }),
      achievedRate: Math.round(median(rs.map((r) => r.achievedRate))),
      rssPerConnectionBytes: Math.round(median(rs.map((r) => r.memory.rssPerConnectionBytes))),
      heapPerConnectionBytes: Math.round(median(rs.map((r) => r.memory.heapPerConnectionBytes))),
      serverCpuShare: round(median(rs.map((r) => r.serverCpuShare)), 3),
      serverCpuMsPerMessage: round(median(rs.map((r) => r.serverCpuMsPerMessage)), 3),
    };
  });

  const ratios: ChatLatencyReport['ratios'] = {};
  const targets: ChatLatencyReport['targets'] = {};
  const herald = summary.find((s) => s.target === 'herald');
  const bare = summary.find((s) => s.target === 'bare');
  const paired = (pick: (r: TargetRun) => number): number => {
    const xs: number[] = [];
    for (let roundNo = 1; roundNo <= o.rounds; roundNo++) {
      const h = runs.find((r) => r.round === roundNo && r.target === 'herald');
      const b = runs.find((r) => r.round === roundNo && r.target === 'bare');
      if (h !== undefined && b !== undefined) xs.push(pick(h) / pick(b));
    }
    return round(median(xs), 3);
  };
  if (herald !== undefined && bare !== undefined) {
    ratios.p99 = { ofMedians: round(herald.p99 / bare.p99, 3), paired: paired((r) => r.endToEnd.p99) };
    ratios.p50 = { ofMedians: round(herald.p50 / bare.p50, 3), paired: paired((r) => r.endToEnd.p50) };
    ratios.memoryPerConnection = {
      ofMedians: round(herald.rssPerConnectionBytes / bare.rssPerConnectionBytes, 3),
      paired: paired((r) => r.memory.rssPerConnectionBytes),
    };
    targets.p99VsBare = { target: 2, measured: ratios.p99.ofMedians, met: ratios.p99.ofMedians <= 2 };
    targets.memoryVsBare = { target: 1.4, measured: ratios.memoryPerConnection.ofMedians, met: ratios.memoryPerConnection.ofMedians <= 1.4 };
  }
  if (herald !== undefined) targets.p99Absolute = { target: 10, measured: herald.p99, met: herald.p99 <= 10 };

  const { log: _log, profileDir: _profileDir, heapProfileDir: _heapProfileDir, promotionProfileDir: _promotionProfileDir, ...recorded } = o;
  return {
    benchmark: 'chat-latency',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      ...host,
      pinned,
      serverCpu: cpuLabel(serverCpu),
      clientCpu: cpuLabel(clientCpu),
      nice: o.nice ?? 0,
      openFileLimit: childFileLimit(),
    },
    options: { ...recorded, serverNodeFlags },
    runs,
    summary,
    ratios,
    targets,
    correct: runs.length > 0 && runs.every((r) => r.correct),
  };
}
