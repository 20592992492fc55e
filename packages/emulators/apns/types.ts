import type { TestPki } from '../pki/index.ts';

export type ApnsEnvironment = 'product' | 'dev';

export interface ApnsEmulatorOptions {
  /** Interface both listeners bind to; 127.0.0.1 by default. */
  host?: string;
  /** Issues the listeners' server certificate; a fresh one is created when omitted. */
  pki?: TestPki;
  /** Milliseconds since the epoch; drives JWT expiry, the 20-minute rule, 410 timestamps and `receivedAt`. */
  clock?: () => number;
  /** SETTINGS_MAX_CONCURRENT_STREAMS of a token connection before its first authorised request (APNs: 1). */
  initialStreams?: number;
  /** The limit once a connection is authorised (token accepted, or a client certificate). */
  authorizedStreams?: number;
  /** Deliver to tokens nobody registered instead of answering BadDeviceToken. */
  acceptUnknownDevices?: boolean;
  /** Keep each notification in its device's inbox; false only counts (benchmarks). */
  keepPayloads?: boolean;
}

export interface ApnsKeyRegistration {
  keyId: string;
  teamId: string;
  /** SPKI PEM of the `.p8` key's public half. */
  publicKeyPem: string;
  /** Bundle ids (or full topics) the key may push to; undefined = any. */
  topics?: string[];
}

export interface ApnsDeviceRegistration {
  /** Hex device token (64 characters). */
  token: string;
  /**
   * The app's bundle id; suffixed topics of that app (`.complication`, …) reach it too. A PushKit token is
   * registered under its own topic (`<bundle>.voip`) and takes only that one, as on APNs.
   */
  topic: string;
  environment: ApnsEnvironment;
}

export interface ReceivedNotification {
  apnsId: string;
  topic: string;
  pushType: string | undefined;
  priority: number;
  /** `apns-expiration` in epoch seconds, when sent. */
  expiration: number | undefined;
  collapseId: string | undefined;
  /** The request's `apns-*` headers as sent (authorization is never kept). */
  headers: Record<string, string>;
  /** The body parsed as JSON (the raw string if it was not JSON). */
  payload: unknown;
  receivedAt: number;
  environment: ApnsEnvironment;
}

export interface ApnsEmulatorCounters {
  requests: number;
  accepted: number;
  rejected: Record<string, number>;
  /** Highest number of streams seen open at once on one connection. */
  maxStreamsSeen: number;
  connections: number;
}

export interface ApnsFault {
  /** Only requests for this device token; all requests when omitted. */
  token?: string;
  status: number;
  reason: string;
  /** How many requests it answers before it is used up; unlimited when omitted. */
  times?: number;
  /** Sent as `retry-after` (useful with 429 and 503). */
  retryAfterSeconds?: number;
}

export interface ApnsEmulator {
  /** `https://127.0.0.1:<port>` of the production or the sandbox listener. */
  urlFor(env: ApnsEnvironment): string;
  readonly caCertPem: string;
  registerKey(k: ApnsKeyRegistration): void;
  trustClientCa(caCertPem: string): void;
  registerDevice(d: ApnsDeviceRegistration): void;
  /** Later pushes get 410 Unregistered with `timestamp` = atMs (default: now by the clock). */
  unregisterDevice(token: string, atMs?: number): void;
  inbox(token: string): ReceivedNotification[];
  readonly counters: ApnsEmulatorCounters;
  injectFault(f: ApnsFault): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  /** Forgets devices, inboxes, faults, latency and counters; keys and trusted CAs stay. */
  reset(): void;
  /** Sends GOAWAY with `{"reason":<reason>}` (default "Shutdown") on every open connection. */
  shutdown(reason?: string): void;
  close(): Promise<void>;
}
