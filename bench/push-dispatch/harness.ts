/**
 * B1 push dispatch: the APNs emulator in one child process, each client in
 * its own child process, pinned apart when the box allows. Mode (i) CPU-bound: latency 0, every client sends
 * the same count per round, rounds interleaved with the order rotated, medians and same-run ratios.
 * Mode (ii) concurrency-bound: latency injected in the emulator, efficiency = rate / (streams / RTT).
 * Every run is checked: the emulator's accepted count equals what the client says was delivered, and both
 * equal the count sent.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateP8 } from '@herald/emulators/pki';
import { hostFacts, type HostFacts } from '../shared/host.ts';
import { cpuLabel, planCpus } from '../shared/processes.ts';
import { median, round } from '../shared/stats.ts';
import { spawnBenchChild, type PushDispatchChild } from './spawn-child.ts';
import { quartiles } from './stats.ts';
import { BENCH_BUNDLE_ID, BENCH_TEAM_ID, benchPayload, tokenPrefix } from './workload.ts';
import { CLIENT_NAMES, type ClientConfig, type ClientName, type ClientRunResult, type EmulatorSnapshot } from './types.ts';

export interface PushDispatchOptions {
  /** Notifications per client per measured round (CPU-bound mode). */
  count: number;
  rounds: number;
  /** Notifications per client in the discarded warm-up round; 0 skips it. */
  warmupCount: number;
  /** Notifications per client in latency mode; 0 skips the mode. */
  latencyCount: number;
  latencyMs: number;
  /** Streams the emulator grants after the first authorised request (APNs: typically 1000). */
  streams: number;
  chunkSize: number;
  sendsInFlight: number;
  clients: readonly ClientName[];
  /** Clients run in latency mode; Herald is the one the target is about, the bare loop is the reference. */
  latencyClients: readonly ClientName[];
  /** Pin the emulator to CPU 0 and the clients to CPU 1; default: when taskset and ≥ 2 CPUs exist. */
  pin?: boolean;
  /** When set, the Herald client process writes a V8 CPU profile here on exit. */
  profileDir?: string;
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: PushDispatchOptions = {
  count: 200_000,
  rounds: 3,
  warmupCount: 20_000,
  latencyCount: 50_000,
  latencyMs: 100,
  streams: 1000,
  chunkSize: 1000,
  sendsInFlight: 4,
  clients: CLIENT_NAMES,
  latencyClients: ['herald', 'bare-h2'],
};

export type RunMode = 'warmup' | 'cpu' | 'latency';

export interface RunRecord extends ClientRunResult {
  mode: RunMode;
  round: number;
  latencyMs: number;
  /** Notifications the emulator accepted during this run (counters reset before it). */
  accepted: number;
  emulatorRejected: Record<string, number>;
  maxStreamsSeen: number;
  emulatorCpuSeconds: number;
  notificationsPerSecond: number;
  cpuSecondsPer10k: number;
  /** Client CPU / wall: 1.0 means the client's core was saturated. */
  clientCpuShare: number;
  /** Emulator CPU / wall: near 1.0 means the emulator, not the client, limited the run. */
  emulatorCpuShare: number;
  /** 1-minute load average of the box when the run ended: above ~2 means other work shared the cores. */
  loadAverage: number;
  correct: boolean;
}

export interface ClientSummary {
  client: ClientName;
  rounds: number;
  notificationsPerSecond: { median: number; q1: number; q3: number; min: number; max: number };
  cpuSecondsPer10k: { median: number; q1: number; q3: number };
  /** 10,000 / median cpu-s per 10k: the rate one whole core would give, which neighbours cannot skew much. */
  notificationsPerCpuSecond: number;
  clientCpuShare: number;
  emulatorCpuShare: number;
}

export interface Ratio {
  /** Ratio of the medians. */
  ofMedians: number;
  /** Median of the per-round ratios (paired within a round). */
  pairedMedian: number;
}

export interface LatencySummary {
  client: ClientName;
  count: number;
  latencyMs: number;
  streams: number;
  notificationsPerSecond: number;
  /** streams / RTT with RTT = the injected latency. */
  idealPerSecond: number;
  efficiency: number;
  maxStreamsSeen: number;
  cpuSecondsPer10k: number;
}

export interface PushDispatchReport {
  benchmark: 'push-dispatch';
  startedAt: string;
  finishedAt: string;
  machine: HostFacts & {
    nodeApn: string;
    pinned: boolean;
    emulatorCpu: string;
    clientCpu: string;
  };
  options: Omit<PushDispatchOptions, 'log' | 'profileDir'>;
  payloadBytes: number;
  runs: RunRecord[];
  cpuMode: ClientSummary[];
  ratios: {
    heraldOverNodeApn?: { rate: Ratio; cpuPer10k: Ratio };
    heraldOverBare?: { rate: Ratio; cpuPer10k: Ratio };
  };
  latencyMode: LatencySummary[];
  targets: {
    rateVsNodeApn?: { target: number; measured: number; met: boolean };
    rateVsBare?: { target: number; measured: number; met: boolean };
    latencyEfficiency?: { target: number; measured: number; met: boolean };
  };
  /** Every run delivered and had accepted exactly `count` notifications. */
  correct: boolean;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

async function readNodeApnVersion(): Promise<string> {
  try {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    return (require('@parse/node-apn/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function ratio(num: readonly number[], den: readonly number[]): Ratio {
  const paired: number[] = [];
  for (let i = 0; i < Math.min(num.length, den.length); i++) paired.push(num[i]! / den[i]!);
  return { ofMedians: round(median(num) / median(den), 3), pairedMedian: round(median(paired), 3) };
}

export async function runPushDispatch(partial: Partial<PushDispatchOptions> = {}): Promise<PushDispatchReport> {
  const o: PushDispatchOptions = { ...DEFAULT_OPTIONS, ...partial };
  const log = o.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const host = hostFacts();
  const { pinned, serverCpu: emulatorCpu, clientCpu } = planCpus(o.pin, host.nproc);
  const key = generateP8();
  const payload = benchPayload();

  const children: PushDispatchChild[] = [];
  const runs: RunRecord[] = [];
  try {
    const emulator = await spawnBenchChild({ entry: here('./emulator-process.ts'), cpu: emulatorCpu });
    children.push(emulator);
    const { url, caCertPem } = await emulator.request<{ url: string; caCertPem: string }>({
      type: 'start-emulator',
      options: { authorizedStreams: o.streams, initialStreams: 1, key: { keyId: key.keyId, teamId: BENCH_TEAM_ID, publicKeyPem: key.publicKeyPem } },
    });
    log(`emulator pid ${emulator.pid} at ${url}${pinned ? ' (cpu 0)' : ''}`);

    const config: ClientConfig = {
      url,
      caCertPem,
      keyId: key.keyId,
      teamId: BENCH_TEAM_ID,
      privateKeyPem: key.privateKeyPem,
      bundleId: BENCH_BUNDLE_ID,
      payload,
      streams: o.streams,
      chunkSize: o.chunkSize,
      sendsInFlight: o.sendsInFlight,
    };
    const wanted = [...new Set([...o.clients, ...(o.latencyCount > 0 ? o.latencyClients : [])])];
    const clients = new Map<ClientName, PushDispatchChild>();
    for (const name of wanted) {
      const nodeArgs = name === 'herald' && o.profileDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
      const child = await spawnBenchChild({ entry: here('./client-process.ts'), cpu: clientCpu, nodeArgs });
      children.push(child);
      clients.set(name, child);
      await child.request({ type: 'open', client: name, config }, 60_000);
      log(`client ${name} pid ${child.pid} connected${pinned ? ' (cpu 1)' : ''}`);
    }

    let runIndex = 0;
    async function measure(mode: RunMode, roundNo: number, name: ClientName, count: number, latencyMs: number): Promise<RunRecord> {
      const child = clients.get(name)!;
      await emulator.request({ type: 'reset' });
      if (latencyMs > 0) await emulator.request({ type: 'latency', ms: latencyMs });
      const before = await emulator.request<EmulatorSnapshot>({ type: 'snapshot' });
      const r = await child.request<ClientRunResult>({ type: 'run', count, tokenPrefix: tokenPrefix(runIndex++, 0) });
      const after = await emulator.request<EmulatorSnapshot>({ type: 'snapshot' });
      const emulatorCpuSeconds = after.cpuSeconds - before.cpuSeconds;
      const record: RunRecord = {
        ...r,
        mode,
        round: roundNo,
        latencyMs,
        accepted: after.accepted,
        emulatorRejected: after.rejected,
        maxStreamsSeen: after.maxStreamsSeen,
        emulatorCpuSeconds: round(emulatorCpuSeconds, 3),
        notificationsPerSecond: Math.round(r.delivered / r.wallSeconds),
        cpuSecondsPer10k: round((r.cpuSeconds / count) * 10_000, 4),
        clientCpuShare: round(r.cpuSeconds / r.wallSeconds, 3),
        emulatorCpuShare: round(emulatorCpuSeconds / r.wallSeconds, 3),
        loadAverage: round(loadavg()[0] ?? 0, 2),
        correct: r.delivered === count && after.accepted === count && Object.keys(r.failures).length === 0,
        wallSeconds: round(r.wallSeconds, 3),
        cpuSeconds: round(r.cpuSeconds, 3),
      };
      runs.push(record);
      log(
        `${mode.padEnd(7)} r${roundNo} ${name.padEnd(8)} ${String(count).padStart(7)} in ${record.wallSeconds.toFixed(2)} s` +
          ` = ${String(record.notificationsPerSecond).padStart(6)}/s, ${record.cpuSecondsPer10k.toFixed(3)} cpu-s/10k` +
          ` (client ${record.clientCpuShare.toFixed(2)} core, emulator ${record.emulatorCpuShare.toFixed(2)} core, load ${record.loadAverage})` +
          `${record.correct ? '' : `  INCORRECT: accepted ${record.accepted}, delivered ${r.delivered}, failures ${JSON.stringify(r.failures)}`}`,
      );
      return record;
    }

    if (o.warmupCount > 0) {
      for (const name of o.clients) await measure('warmup', 0, name, o.warmupCount, 0);
    }
    for (let roundNo = 1; roundNo <= o.rounds; roundNo++) {
      // Rotate the order each round (A-B-C, B-C-A, C-A-B) so no client always follows the same one.
      const order = o.clients.map((_, i) => o.clients[(i + roundNo - 1) % o.clients.length]!);
      for (const name of order) await measure('cpu', roundNo, name, o.count, 0);
    }
    if (o.latencyCount > 0) {
      for (const name of o.latencyClients) await measure('latency', 1, name, o.latencyCount, o.latencyMs);
    }
  } finally {
    // Clients first, so the emulator sees orderly closes rather than resets.
    for (const child of children.slice(1).reverse()) await child.stop();
    if (children[0] !== undefined) await children[0].stop();
  }

  const cpuRuns = (name: ClientName): RunRecord[] => runs.filter((r) => r.mode === 'cpu' && r.client === name);
  const cpuMode: ClientSummary[] = o.clients.filter((name) => cpuRuns(name).length > 0).map((name) => {
    const rs = cpuRuns(name);
    const rates = rs.map((r) => r.notificationsPerSecond);
    const cpu = rs.map((r) => r.cpuSecondsPer10k);
    const [rq1, rq3] = quartiles(rates);
    const [cq1, cq3] = quartiles(cpu);
    return {
      client: name,
      rounds: rs.length,
      notificationsPerSecond: { median: Math.round(median(rates)), q1: Math.round(rq1), q3: Math.round(rq3), min: Math.min(...rates), max: Math.max(...rates) },
      cpuSecondsPer10k: { median: round(median(cpu), 4), q1: round(cq1, 4), q3: round(cq3, 4) },
      notificationsPerCpuSecond: Math.round(10_000 / median(cpu)),
      clientCpuShare: round(median(rs.map((r) => r.clientCpuShare)), 3),
      emulatorCpuShare: round(median(rs.map((r) => r.emulatorCpuShare)), 3),
    };
  });

  const ratios: PushDispatchReport['ratios'] = {};
  const targets: PushDispatchReport['targets'] = {};
  const herald = cpuRuns('herald');
  if (herald.length > 0 && o.rounds > 0) {
    const versus = (other: ClientName): { rate: Ratio; cpuPer10k: Ratio } | undefined => {
      const rs = cpuRuns(other);
      if (rs.length === 0) return undefined;
      return {
        rate: ratio(herald.map((r) => r.notificationsPerSecond), rs.map((r) => r.notificationsPerSecond)),
        // Below 1 means Herald spends less CPU per notification.
        cpuPer10k: ratio(herald.map((r) => r.cpuSecondsPer10k), rs.map((r) => r.cpuSecondsPer10k)),
      };
    };
    const vsApn = versus('node-apn');
    const vsBare = versus('bare-h2');
    if (vsApn !== undefined) {
      ratios.heraldOverNodeApn = vsApn;
      targets.rateVsNodeApn = { target: 2, measured: vsApn.rate.ofMedians, met: vsApn.rate.ofMedians >= 2 };
    }
    if (vsBare !== undefined) {
      ratios.heraldOverBare = vsBare;
      targets.rateVsBare = { target: 0.8, measured: vsBare.rate.ofMedians, met: vsBare.rate.ofMedians >= 0.8 };
    }
  }

  const latencyMode: LatencySummary[] = runs
    .filter((r) => r.mode === 'latency')
    .map((r) => {
      const streams = r.grantedStreams ?? o.streams;
      const idealPerSecond = streams / (r.latencyMs / 1000);
      return {
        client: r.client,
        count: r.count,
        latencyMs: r.latencyMs,
        streams,
        notificationsPerSecond: r.notificationsPerSecond,
        idealPerSecond,
        efficiency: round(r.notificationsPerSecond / idealPerSecond, 3),
        maxStreamsSeen: r.maxStreamsSeen,
        cpuSecondsPer10k: r.cpuSecondsPer10k,
      };
    });
  const heraldLatency = latencyMode.find((l) => l.client === 'herald');
  if (heraldLatency !== undefined) {
    targets.latencyEfficiency = { target: 0.9, measured: heraldLatency.efficiency, met: heraldLatency.efficiency >= 0.9 };
  }

  const { log: _log, profileDir: _profileDir, ...recorded } = o;
  return {
    benchmark: 'push-dispatch',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      ...host,
      nodeApn: await readNodeApnVersion(),
      pinned,
      emulatorCpu: cpuLabel(emulatorCpu),
      clientCpu: cpuLabel(clientCpu),
    },
    options: recorded,
    payloadBytes: Buffer.byteLength(JSON.stringify(payload)),
    runs,
    cpuMode,
    ratios,
    latencyMode,
    targets,
    correct: runs.length > 0 && runs.every((r) => r.correct),
  };
}
