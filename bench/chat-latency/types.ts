/**
 * Shapes shared by the chat-latency harness (parent) and its client processes. Everything here crosses the
 * IPC channel, so it is plain JSON.
 */

/** Which server the clients talk to: Herald's `/ws` chat gateway, or the bare `ws` relay (bare-relay.ts). */
export type TargetName = 'herald' | 'bare';

export const TARGET_NAMES: readonly TargetName[] = ['herald', 'bare'];

/** What one client process needs to open its sockets. */
export interface ClientOpenConfig {
  target: TargetName;
  /** `ws://127.0.0.1:<port>/ws` (Herald) or `ws://127.0.0.1:<port>/` (bare). */
  url: string;
  /** Source address of every socket of this process (127.0.0.x), so no process runs out of ephemeral ports. */
  localAddress: string;
  /** UserIDs of this process, in pairs: 2i sends to 2i+1 and back. */
  userIds: string[];
  /** Herald only: the IM app the users belong to and its key, to sign UserSigs with the server's own code. */
  sdkAppId?: number;
  secretKey?: string;
  /** Connects + logins this process keeps in flight at once. */
  openConcurrency: number;
  /** Herald heartbeat interval announced at login; idle sockets ping at half of it. */
  heartbeatSeconds: number;
  /** Distinguishes device ids across the runs of one invocation. */
  deviceTag: string;
}

export interface ClientRunConfig {
  /** Messages per second this process sends, spread evenly over its sockets. */
  ratePerSecond: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Epoch ms (performance.timeOrigin + performance.now() scale) at which every process starts its schedule. */
  startAt: number;
  /** Text length of each message (the send timestamp and a sequence number, padded). */
  textBytes: number;
  /** How long to wait after the last send for outstanding deliveries and acks. */
  drainSeconds: number;
  /** Distinguishes `random` across processes (Herald de-duplicates on from, to, random). */
  processIndex: number;
}

export interface OpenResult {
  sockets: number;
  seconds: number;
  failures: Record<string, number>;
}

/** What one client process measured in one run. Latencies are milliseconds, for measured messages only. */
export interface ClientRunResult {
  /** End-to-end: receive time at the recipient minus send time at the sender. */
  latencies: number[];
  /** Herald only: sendMessage response time minus send time. */
  ackLatencies: number[];
  /** Actual send time minus scheduled send time (how far the client itself fell behind its schedule). */
  sendLagP99: number;
  sendLagMax: number;
  /** Messages sent / received / acked in the measured window (after warm-up). */
  measuredSent: number;
  measuredReceived: number;
  measuredAcked: number;
  /** Deliveries received over the whole run, warm-up included. */
  totalReceived: number;
  /** Over the whole run, warm-up included: sends, successful acks, error responses by codeName, sockets closed. */
  totalSent: number;
  totalAcked: number;
  /** Herald: the msgKey of every successful sendMessage response, checked against the database afterwards. */
  ackedMsgKeys: string[];
  errors: Record<string, number>;
  closedSockets: number;
  /** Frames this process received during the run, all kinds. */
  framesReceived: number;
  /** Seconds between the first and last measured send. */
  measuredSeconds: number;
  cpuSeconds: number;
  wallSeconds: number;
}

/** Parent → child requests; every one is answered by a reply with the same `id`. */
export type ChildRequest =
  | { id: number; type: 'open'; config: ClientOpenConfig }
  | { id: number; type: 'run'; config: ClientRunConfig }
  | { id: number; type: 'close' };
