/**
 * Child process: one share of the client load. It opens its sockets from its own 127.0.0.x source address, logs
 * every one in (Herald) or registers it (bare relay), then sends on a steady schedule: message k is due at
 * startAt + k / rate, sent by socket k mod n to that socket's pair partner (2i ↔ 2i+1, both in this process, so
 * send and receive times come from one clock). The message text carries its index and send time; the
 * recipient records receive − send, and the sender records the sendMessage response time (Herald). Messages of
 * the warm-up are sent the same way but not recorded.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { genUserSig } from '../../packages/server/src/im/identity/user-sig.ts';
import { serveParent } from '../shared/serve-parent.ts';
import { percentile } from './stats.ts';
import type { ChildRequest, ClientOpenConfig, ClientRunConfig, ClientRunResult, OpenResult, TargetName } from './types.ts';
import { classify, loginFrame, messageText, parseMessageText, PING_FRAME, sendFrame } from './wire.ts';

/** Epoch milliseconds with sub-millisecond resolution; the same scale in every process on this machine. */
const clock = (): number => performance.timeOrigin + performance.now();

interface Peer {
  socket: WebSocket;
  userId: string;
  lastSentAt: number;
}

interface RunState {
  sentAt: Float64Array;
  measured: Uint8Array;
  received: Uint8Array;
  acked: Uint8Array;
  latencies: number[];
  ackLatencies: number[];
  errors: Record<string, number>;
  totalAcked: number;
  ackedMsgKeys: string[];
}

let target: TargetName = 'herald';
let peers: Peer[] = [];
let run: RunState | undefined;
let framesReceived = 0;
let closedSockets = 0;
let pingTimer: NodeJS.Timeout | undefined;
const loginWaiters = new Map<WebSocket, (error: string | undefined) => void>();

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function onFrame(socket: WebSocket, raw: WebSocket.RawData): void {
  framesReceived += 1;
  const now = clock();
  const incoming = classify(target, String(raw));
  switch (incoming.kind) {
    case 'message': {
      const r = run;
      if (r === undefined) return;
      const stamp = parseMessageText(incoming.text);
      if (r.received[stamp.index] === 1) return;
      r.received[stamp.index] = 1;
      if (stamp.measured) r.latencies.push(now - stamp.sentAt);
      return;
    }
    case 'response': {
      if (incoming.op === 'login') {
        loginWaiters.get(socket)?.(incoming.code === 0 ? undefined : (incoming.codeName ?? String(incoming.code)));
        return;
      }
      if (incoming.op !== 'sendMessage' || run === undefined || typeof incoming.id !== 'number') return;
      const r = run;
      if (incoming.code !== 0) {
        count(r.errors, incoming.codeName ?? String(incoming.code));
        return;
      }
      r.acked[incoming.id] = 1;
      r.totalAcked += 1;
      if (incoming.msgKey !== undefined) r.ackedMsgKeys.push(incoming.msgKey);
      if (r.measured[incoming.id] === 1) r.ackLatencies.push(now - r.sentAt[incoming.id]!);
      return;
    }
    case 'registered':
      loginWaiters.get(socket)?.(undefined);
      return;
    case 'other':
      return;
  }
}

async function openOne(c: ClientOpenConfig, userId: string, failures: Record<string, number>): Promise<Peer | undefined> {
  const socket = new WebSocket(c.url, { localAddress: c.localAddress, perMessageDeflate: false });
  socket.on('message', (raw) => onFrame(socket, raw));
  socket.on('close', () => {
    closedSockets += 1;
    loginWaiters.get(socket)?.('closed');
  });
  socket.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  } catch (e) {
    count(failures, `connect: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
  const error = await new Promise<string | undefined>((resolve) => {
    loginWaiters.set(socket, resolve);
    const userSig = c.target === 'herald'
      ? genUserSig({ sdkAppId: c.sdkAppId!, secretKey: c.secretKey!, userId, expireSeconds: 86_400, now: Date.now() })
      : undefined;
    socket.send(loginFrame(c.target, `login-${userId}`, {
      userId, deviceId: `${c.deviceTag}-${userId}`, ...(c.sdkAppId === undefined ? {} : { sdkAppId: c.sdkAppId }), ...(userSig === undefined ? {} : { userSig }),
    }));
  });
  loginWaiters.delete(socket);
  if (error !== undefined) {
    count(failures, `login: ${error}`);
    socket.terminate();
    return undefined;
  }
  return { socket, userId, lastSentAt: clock() };
}

async function open(c: ClientOpenConfig): Promise<OpenResult> {
  if (peers.length > 0) throw new Error('sockets already open');
  if (c.userIds.length % 2 !== 0) throw new Error('users come in pairs');
  target = c.target;
  const t0 = clock();
  const failures: Record<string, number> = {};
  const opened: Array<Peer | undefined> = new Array(c.userIds.length);
  let next = 0;
  // Herald closes a connection silent for 3 heartbeat intervals; idle sockets ping at half an interval, from the
  // moment they are logged in (opening thousands can take longer than the timeout on a busy box).
  if (target === 'herald') {
    const idleMs = (c.heartbeatSeconds * 1000) / 2;
    pingTimer = setInterval(() => {
      const now = clock();
      for (const p of opened) {
        if (p !== undefined && now - p.lastSentAt > idleMs && p.socket.readyState === WebSocket.OPEN) {
          p.socket.send(PING_FRAME);
          p.lastSentAt = now;
        }
      }
    }, Math.min(5_000, idleMs / 2));
    pingTimer.unref();
  }
  async function worker(): Promise<void> {
    while (next < c.userIds.length) {
      const i = next++;
      opened[i] = await openOne(c, c.userIds[i]!, failures);
    }
  }
  await Promise.all(Array.from({ length: Math.min(c.openConcurrency, c.userIds.length) }, worker));
  if (opened.some((p) => p === undefined)) {
    for (const p of opened) p?.socket.terminate();
    return { sockets: 0, seconds: (clock() - t0) / 1000, failures };
  }
  peers = opened as Peer[];
  return { sockets: peers.length, seconds: (clock() - t0) / 1000, failures };
}

async function runSchedule(c: ClientRunConfig): Promise<ClientRunResult> {
  const n = peers.length;
  const total = Math.round((c.warmupSeconds + c.durationSeconds) * c.ratePerSecond);
  const warmupCount = Math.round(c.warmupSeconds * c.ratePerSecond);
  const intervalMs = 1000 / c.ratePerSecond;
  const r: RunState = {
    sentAt: new Float64Array(total),
    measured: new Uint8Array(total),
    received: new Uint8Array(total),
    acked: new Uint8Array(total),
    latencies: [],
    ackLatencies: [],
    errors: {},
    totalAcked: 0,
    ackedMsgKeys: [],
  };
  run = r;
  framesReceived = 0;
  const closedBefore = closedSockets;
  const lags: number[] = [];
  let firstMeasuredAt = 0;
  let lastMeasuredAt = 0;

  const wait = c.startAt - clock();
  if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  const cpu0 = process.cpuUsage();
  const t0 = clock();

  await new Promise<void>((resolve) => {
    let k = 0;
    const tick = (): void => {
      let now = clock();
      while (k < total && c.startAt + k * intervalMs <= now) {
        const from = peers[k % n]!;
        const to = peers[(k % n) ^ 1]!;
        const measured = k >= warmupCount;
        const sentAt = clock();
        now = sentAt;
        r.sentAt[k] = sentAt;
        r.measured[k] = measured ? 1 : 0;
        if (measured) {
          lags.push(sentAt - (c.startAt + k * intervalMs));
          if (firstMeasuredAt === 0) firstMeasuredAt = sentAt;
          lastMeasuredAt = sentAt;
        }
        const text = messageText({ index: k, sentAt, measured }, c.textBytes);
        // Unique per (from, to) within a run: Herald treats a repeated random as a retry of the same message.
        const random = c.processIndex * 100_000_000 + k;
        if (from.socket.readyState === WebSocket.OPEN) from.socket.send(sendFrame(target, k, to.userId, text, random));
        from.lastSentAt = sentAt;
        k += 1;
      }
      if (k >= total) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, c.startAt + k * intervalMs - clock()));
    };
    tick();
  });

  // Drain: wait for every delivery (and every Herald ack) or the deadline.
  const deadline = clock() + c.drainSeconds * 1000;
  const done = (): boolean => {
    for (let k = 0; k < total; k++) {
      if (r.received[k] === 0) return false;
      if (target === 'herald' && r.acked[k] === 0) return false;
    }
    return true;
  };
  while (clock() < deadline && !done()) await new Promise((res) => setTimeout(res, 50));
  const wallSeconds = (clock() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  run = undefined;

  let totalReceived = 0;
  for (let k = 0; k < total; k++) totalReceived += r.received[k]!;
  let measuredReceived = 0;
  let measuredAcked = 0;
  for (let k = warmupCount; k < total; k++) {
    measuredReceived += r.received[k]!;
    measuredAcked += r.acked[k]!;
  }
  lags.sort((a, b) => a - b);
  const round3 = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    latencies: r.latencies.map(round3),
    ackLatencies: r.ackLatencies.map(round3),
    sendLagP99: round3(percentile(lags, 0.99)),
    sendLagMax: round3(lags.at(-1) ?? 0),
    measuredSent: total - warmupCount,
    measuredReceived,
    measuredAcked: target === 'herald' ? measuredAcked : 0,
    totalReceived,
    totalSent: total,
    totalAcked: r.totalAcked,
    ackedMsgKeys: r.ackedMsgKeys,
    errors: r.errors,
    closedSockets: closedSockets - closedBefore,
    framesReceived,
    measuredSeconds: (lastMeasuredAt - firstMeasuredAt) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds,
  };
}

async function closeAll(): Promise<void> {
  if (pingTimer !== undefined) clearInterval(pingTimer);
  const open = peers.filter((p) => p.socket.readyState === WebSocket.OPEN || p.socket.readyState === WebSocket.CONNECTING);
  await Promise.all(open.map((p) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      p.socket.terminate();
      resolve();
    }, 10_000);
    p.socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    p.socket.close(1000);
  })));
  peers = [];
}

serveParent<ChildRequest>(async (request) => {
  switch (request.type) {
    case 'open':
      return open(request.config);
    case 'run':
      if (peers.length === 0) throw new Error('no sockets open');
      return runSchedule(request.config);
    case 'close':
      await closeAll();
      return null;
  }
});
