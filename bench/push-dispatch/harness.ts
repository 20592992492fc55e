/**
 * B1 push dispatch, in three rows: APNs, FCM HTTP v1 and Web Push. Each row runs its own emulator in one child
 * process and each of its clients in another, pinned apart when the box allows; rows run one after the other,
 * and only one client sends at a time. Mode (i) CPU-bound: latency 0, every client of a row sends the same count
 * per round, rounds interleaved with the order rotated, medians and same-run ratios of Herald's channel to the
 * row's bare client (and peers). Mode (ii) concurrency-bound (APNs row): latency injected in the emulator,
 * efficiency = rate / (streams / RTT).
 * Every run is checked: the emulator's accepted count equals what the client says was delivered, both equal the
 * count sent, and nothing was refused; with Web Push verification on, every message also decrypted right.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { hostFacts, type HostFacts } from '../shared/host.ts';
import { cpuLabel, planCpus } from '../shared/processes.ts';
import { median, round } from '../shared/stats.ts';
import { apnsRow } from './apns-row.ts';
import { COMPARISONS, ratio, type RateTargetKey, type Ratio, type RatioKey, type Target } from './comparisons.ts';
import { fcmRow } from './fcm-row.ts';
import type { RowSetup } from './row-setup.ts';
import { spawnBenchChild, type PushDispatchChild } from './spawn-child.ts';
import { quartiles } from './stats.ts';
import { webPushRow } from './webpush-row.ts';
import { tokenPrefix } from './workload.ts';
import {
  CLIENT_NAMES,
  FCM_CLIENT_NAMES,
  VENDORS,
  WEBPUSH_CLIENT_NAMES,
  type BenchClientName,
  type ClientName,
  type ClientRunResult,
  type EmulatorSnapshot,
  type FcmClientName,
  type Vendor,
  type WebPushClientName,
} from './types.ts';

export interface HttpRowOptions<N extends BenchClientName> {
  /** Messages per client per measured round; 0 skips the row. */
  count: number;
  /** Messages per client in the discarded warm-up round; 0 skips it. */
  warmupCount: number;
  /** Requests in flight and keep-alive sockets, the same for every client of the row. */
  concurrency: number;
  clients: readonly N[];
}

export interface PushDispatchOptions {
  /** Rows to run, in this order. */
  vendors: readonly Vendor[];
  /** APNs: notifications per client per measured round (CPU-bound mode). */
  count: number;
  /** Measured rounds, for every row. */
  rounds: number;
  /** APNs: notifications per client in the discarded warm-up round; 0 skips it. */
  warmupCount: number;
  /** APNs: notifications per client in latency mode; 0 skips the mode. */
  latencyCount: number;
  latencyMs: number;
  /** APNs: streams the emulator grants after the first authorised request (APNs: typically 1000). */
  streams: number;
  /** Targets per `send` call for the clients with a batch API (every Herald channel, node-apn). */
  chunkSize: number;
  /** `send` calls kept in flight at once by those clients. */
  sendsInFlight: number;
  /** APNs clients. */
  clients: readonly ClientName[];
  /** APNs clients run in latency mode; Herald is the one the target is about, the bare loop is the reference. */
  latencyClients: readonly ClientName[];
  fcm: HttpRowOptions<FcmClientName>;
  webPush: HttpRowOptions<WebPushClientName> & {
    /** Virtual browsers decrypt every message and the run counts the right ones (costs the emulator; for checks). */
    verify: boolean;
  };
  /** Pin the emulator to CPU 0 and the clients to CPU 1; default: when taskset and ≥ 2 CPUs exist. */
  pin?: boolean;
  /** When set, every Herald client process writes a V8 CPU profile here on exit. */
  profileDir?: string;
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: PushDispatchOptions = {
  vendors: VENDORS,
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
  fcm: { count: 50_000, warmupCount: 5_000, concurrency: 64, clients: FCM_CLIENT_NAMES },
  webPush: { count: 10_000, warmupCount: 1_000, concurrency: 64, clients: WEBPUSH_CLIENT_NAMES, verify: false },
};

export type RunMode = 'warmup' | 'cpu' | 'latency';

export interface RunRecord extends ClientRunResult {
  vendor: Vendor;
  mode: RunMode;
  round: number;
  latencyMs: number;
  /** Messages the emulator accepted during this run. */
  accepted: number;
  emulatorRejected: Record<string, number>;
  /** Most streams open at once at the APNs emulator; absent for the other rows. */
  maxInFlightSeen?: number;
  /** Connections the emulator accepted during the run (kept-alive ones opened before it are not counted). */
  connections: number;
  /** Web Push with verification: messages the browsers decrypted to the payload. */
  decrypted?: number;
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
  vendor: Vendor;
  client: BenchClientName;
  rounds: number;
  notificationsPerSecond: { median: number; q1: number; q3: number; min: number; max: number };
  cpuSecondsPer10k: { median: number; q1: number; q3: number };
  /** 10,000 / median cpu-s per 10k: the rate one whole core would give, which neighbours cannot skew much. */
  notificationsPerCpuSecond: number;
  clientCpuShare: number;
  emulatorCpuShare: number;
}

export interface LatencySummary {
  client: BenchClientName;
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
    webPush: string;
    pinned: boolean;
    emulatorCpu: string;
    clientCpu: string;
  };
  options: Omit<PushDispatchOptions, 'log' | 'profileDir'>;
  /** Per row: bytes of the body before encryption (APNs JSON, FCM message without token, Web Push plaintext). */
  payloadBytes: Partial<Record<Vendor, number>>;
  runs: RunRecord[];
  cpuMode: ClientSummary[];
  ratios: Partial<Record<RatioKey, { rate: Ratio; cpuPer10k: Ratio }>>;
  latencyMode: LatencySummary[];
  targets: Partial<Record<RateTargetKey | 'latencyEfficiency', Target>>;
  /** Every run delivered and had accepted exactly `count` messages, with nothing refused. */
  correct: boolean;
}

function packageVersion(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

interface RowPlan<N extends BenchClientName> {
  setup: RowSetup<N>;
  clients: readonly N[];
  count: number;
  warmupCount: number;
  latency?: { count: number; ms: number; clients: readonly N[] };
}

function rowPlans(o: PushDispatchOptions): RowPlan<BenchClientName>[] {
  const plans: RowPlan<BenchClientName>[] = [];
  for (const vendor of o.vendors) {
    if (vendor === 'apns' && o.clients.length > 0) {
      const plan: RowPlan<ClientName> = {
        setup: apnsRow({ streams: o.streams, chunkSize: o.chunkSize, sendsInFlight: o.sendsInFlight }),
        clients: o.clients,
        count: o.count,
        warmupCount: o.warmupCount,
        ...(o.latencyCount > 0 && o.latencyClients.length > 0 ? { latency: { count: o.latencyCount, ms: o.latencyMs, clients: o.latencyClients } } : {}),
      };
      plans.push(plan as RowPlan<BenchClientName>);
    }
    const feed = { chunkSize: o.chunkSize, sendsInFlight: o.sendsInFlight };
    if (vendor === 'fcm' && o.fcm.count > 0 && o.fcm.clients.length > 0) {
      const plan: RowPlan<FcmClientName> = {
        setup: fcmRow({ ...feed, concurrency: o.fcm.concurrency }),
        clients: o.fcm.clients,
        count: o.fcm.count,
        warmupCount: o.fcm.warmupCount,
      };
      plans.push(plan as RowPlan<BenchClientName>);
    }
    if (vendor === 'webpush' && o.webPush.count > 0 && o.webPush.clients.length > 0) {
      const w = o.webPush;
      const plan: RowPlan<WebPushClientName> = {
        setup: webPushRow({ ...feed, concurrency: w.concurrency, subscriptions: Math.max(w.count, w.warmupCount, w.concurrency), verify: w.verify }),
        clients: w.clients,
        count: w.count,
        warmupCount: w.warmupCount,
      };
      plans.push(plan as RowPlan<BenchClientName>);
    }
  }
  return plans;
}

export async function runPushDispatch(partial: Partial<PushDispatchOptions> = {}): Promise<PushDispatchReport> {
  const o: PushDispatchOptions = { ...DEFAULT_OPTIONS, ...partial };
  const log = o.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const host = hostFacts();
  const { pinned, serverCpu: emulatorCpu, clientCpu } = planCpus(o.pin, host.nproc);
  const runs: RunRecord[] = [];
  const payloadBytes: PushDispatchReport['payloadBytes'] = {};
  let runIndex = 0;

  async function runRow(plan: RowPlan<BenchClientName>): Promise<void> {
    const { setup } = plan;
    const vendor = setup.vendor;
    payloadBytes[vendor] = setup.payloadBytes;
    const children: PushDispatchChild[] = [];
    try {
      const emulator = await spawnBenchChild({ entry: setup.emulatorEntry, cpu: emulatorCpu });
      children.push(emulator);
      log(`${await setup.startEmulator(emulator)}, pid ${emulator.pid}${pinned ? ' (cpu 0)' : ''}`);

      const clients = new Map<BenchClientName, PushDispatchChild>();
      for (const name of new Set([...plan.clients, ...(plan.latency?.clients ?? [])])) {
        const profiled = name.startsWith('herald') && o.profileDir !== undefined;
        const nodeArgs = profiled ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
        const child = await spawnBenchChild({ entry: setup.clientEntry, cpu: clientCpu, nodeArgs });
        children.push(child);
        clients.set(name, child);
        await child.request(setup.openRequest(name), 120_000);
        log(`client ${name} pid ${child.pid} connected${pinned ? ' (cpu 1)' : ''}`);
      }

      async function measure(mode: RunMode, roundNo: number, name: BenchClientName, count: number, latencyMs: number): Promise<void> {
        const child = clients.get(name)!;
        if (setup.primeCount > 0) await child.request({ type: 'run', count: setup.primeCount, tokenPrefix: tokenPrefix(runIndex++, 0) });
        await emulator.request({ type: 'reset' });
        if (latencyMs > 0) await emulator.request({ type: 'latency', ms: latencyMs });
        if (setup.reauthAfterReset) await child.request({ type: 'reauth' });
        const before = await emulator.request<EmulatorSnapshot>({ type: 'snapshot' });
        const r = await child.request<ClientRunResult>({ type: 'run', count, tokenPrefix: tokenPrefix(runIndex++, 0) });
        const after = await emulator.request<EmulatorSnapshot>({ type: 'snapshot' });
        const emulatorCpuSeconds = after.cpuSeconds - before.cpuSeconds;
        const record: RunRecord = {
          ...r,
          vendor,
          mode,
          round: roundNo,
          latencyMs,
          accepted: after.accepted,
          emulatorRejected: after.rejected,
          connections: after.connections - before.connections,
          emulatorCpuSeconds: round(emulatorCpuSeconds, 3),
          notificationsPerSecond: Math.round(r.delivered / r.wallSeconds),
          cpuSecondsPer10k: round((r.cpuSeconds / count) * 10_000, 4),
          clientCpuShare: round(r.cpuSeconds / r.wallSeconds, 3),
          emulatorCpuShare: round(emulatorCpuSeconds / r.wallSeconds, 3),
          loadAverage: round(loadavg()[0] ?? 0, 2),
          correct:
            r.delivered === count &&
            after.accepted === count &&
            Object.keys(r.failures).length === 0 &&
            Object.keys(after.rejected).length === 0 &&
            (after.decrypted === undefined || after.decrypted === count),
          wallSeconds: round(r.wallSeconds, 3),
          cpuSeconds: round(r.cpuSeconds, 3),
        };
        if (after.maxInFlightSeen !== undefined) record.maxInFlightSeen = after.maxInFlightSeen;
        if (after.decrypted !== undefined) record.decrypted = after.decrypted;
        runs.push(record);
        log(
          `${vendor.padEnd(7)} ${mode.padEnd(7)} r${roundNo} ${name.padEnd(14)} ${String(count).padStart(7)} in ${record.wallSeconds.toFixed(2)} s` +
            ` = ${String(record.notificationsPerSecond).padStart(6)}/s, ${record.cpuSecondsPer10k.toFixed(3)} cpu-s/10k` +
            ` (client ${record.clientCpuShare.toFixed(2)} core, emulator ${record.emulatorCpuShare.toFixed(2)} core, load ${record.loadAverage})` +
            `${record.correct ? '' : `  INCORRECT: accepted ${record.accepted}, delivered ${r.delivered}, failures ${JSON.stringify(r.failures)}, refused ${JSON.stringify(after.rejected)}${after.decrypted === undefined ? '' : `, decrypted ${after.decrypted}`}`}`,
        );
      }

      if (plan.warmupCount > 0) {
        for (const name of plan.clients) await measure('warmup', 0, name, plan.warmupCount, 0);
      }
      for (let roundNo = 1; roundNo <= o.rounds; roundNo++) {
        // Rotate the order each round (A-B-C, B-C-A, C-A-B) so no client always follows the same one.
        const order = plan.clients.map((_, i) => plan.clients[(i + roundNo - 1) % plan.clients.length]!);
        for (const name of order) await measure('cpu', roundNo, name, plan.count, 0);
      }
      if (plan.latency !== undefined) {
        for (const name of plan.latency.clients) await measure('latency', 1, name, plan.latency.count, plan.latency.ms);
      }
    } finally {
      // Clients first, so the emulator sees orderly closes rather than resets.
      for (const child of children.slice(1).reverse()) await child.stop();
      if (children[0] !== undefined) await children[0].stop();
    }
  }

  for (const plan of rowPlans(o)) await runRow(plan);

  const cpuRuns = (name: BenchClientName): RunRecord[] => runs.filter((r) => r.mode === 'cpu' && r.client === name);
  const everyClient = [...new Set(runs.filter((r) => r.mode === 'cpu').map((r) => r.client))];
  const cpuMode: ClientSummary[] = everyClient.map((name) => {
    const rs = cpuRuns(name);
    const rates = rs.map((r) => r.notificationsPerSecond);
    const cpu = rs.map((r) => r.cpuSecondsPer10k);
    const [rq1, rq3] = quartiles(rates);
    const [cq1, cq3] = quartiles(cpu);
    return {
      vendor: rs[0]!.vendor,
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
  for (const c of COMPARISONS) {
    const herald = cpuRuns(c.herald);
    const other = cpuRuns(c.other);
    if (herald.length === 0 || other.length === 0) continue;
    const x = {
      rate: ratio(herald.map((r) => r.notificationsPerSecond), other.map((r) => r.notificationsPerSecond)),
      // Below 1 means Herald spends less CPU per message.
      cpuPer10k: ratio(herald.map((r) => r.cpuSecondsPer10k), other.map((r) => r.cpuSecondsPer10k)),
    };
    ratios[c.key] = x;
    if (c.target !== undefined) targets[c.target.key] = { target: c.target.min, measured: x.rate.ofMedians, met: x.rate.ofMedians >= c.target.min };
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
        maxStreamsSeen: r.maxInFlightSeen ?? 0,
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
      nodeApn: packageVersion('@parse/node-apn'),
      webPush: packageVersion('web-push'),
      pinned,
      emulatorCpu: cpuLabel(emulatorCpu),
      clientCpu: cpuLabel(clientCpu),
    },
    options: recorded,
    payloadBytes,
    runs,
    cpuMode,
    ratios,
    latencyMode,
    targets,
    correct: runs.length > 0 && runs.every((r) => r.correct),
  };
}
