import type { TestPki } from '../pki/index.ts';

export type WebPushUrgency = 'very-low' | 'low' | 'normal' | 'high';

export interface WebPushEmulatorOptions {
  /** Interface the listener binds to; 127.0.0.1 by default. */
  host?: string;
  /** HTTPS (true, the default: RFC 8030 §3 push services use TLS) or plain HTTP (a local distributor). */
  secure?: boolean;
  /** Issues the listener's certificate when secure; a fresh one is created when omitted. */
  pki?: TestPki;
  /**
   * Behave as a UnifiedPush distributor (SERV_1.2.0): a GET on an endpoint answers
   * `{"unifiedpush":{"version":1}}` and accepted pushes are answered with `TTL: 0`.
   */
  unifiedPush?: boolean;
  /** Milliseconds since the epoch; drives VAPID `exp` checks, TTL expiry and `receivedAt`. */
  clock?: () => number;
  /** Longest a message is kept for an offline browser; a larger TTL is lowered and echoed. Default 30 days. */
  maxTtlSeconds?: number;
  /** Keep each message in its browser's inbox; false only counts (benchmarks). Default true. */
  keepMessages?: boolean;
  /** Decrypt what arrives (the virtual browser holds the keys). False skips it (benchmarks). Default true. */
  decrypt?: boolean;
  /**
   * Apple's `sub` rules (403 BadJwtToken when `sub` is missing, not mailto:/https:, or at localhost).
   * Default true: a token that passes here passes everywhere.
   */
  strictSubject?: boolean;
}

/** What `PushSubscription.toJSON()` gives in a browser. */
export interface EmulatorSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface VirtualBrowserOptions {
  /** The VAPID public key passed to `subscribe()`: the subscription then takes only tokens signed with it. */
  applicationServerKey?: string;
  /** Connected to the push service; offline browsers get messages when they come back, within TTL. Default true. */
  online?: boolean;
  /** Lowest urgency the browser asks for (RFC 8030 §5.3); lower ones wait. Default very-low (everything). */
  minUrgency?: WebPushUrgency;
}

export interface VapidClaimsSeen {
  /** `k`, the key that signed the token. */
  k: string;
  aud: string;
  exp: number;
  sub: string | undefined;
}

export interface ReceivedPushMessage {
  /** The push message resource id (`Location: <origin>/m/<id>`). */
  id: string;
  receivedAt: number;
  /** TTL as kept (after lowering to maxTtlSeconds). */
  ttl: number;
  urgency: WebPushUrgency;
  topic: string | undefined;
  /** Decrypted plaintext; undefined for an empty push, with `decrypt: false`, or when decryption failed. */
  text: string | undefined;
  /** `text` parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  /** Why the browser could not decrypt it (a real push service accepts such a message; the browser drops it). */
  decryptError: string | undefined;
  /** The verified VAPID claims, when the request carried a token. */
  vapid: VapidClaimsSeen | undefined;
  bodyBytes: number;
}

export interface WebPushFault {
  /** Only requests to this subscription endpoint; all when omitted. */
  endpoint?: string;
  status: number;
  /** How many requests it answers before it is used up; unlimited when omitted. */
  times?: number;
  /** Sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** autopush `errno` in the body; a default per status when omitted. */
  errno?: number;
  message?: string;
}

export interface WebPushEmulatorCounters {
  requests: number;
  accepted: number;
  /** By `<status>` or `<status>:<errno>`. */
  rejected: Record<string, number>;
  /** TCP connections accepted (keep-alive checks). */
  connections: number;
  /** Pending messages replaced by a newer one with the same Topic. */
  replaced: number;
  /** Messages dropped because their TTL ran out before the browser came online (TTL 0 included). */
  expired: number;
}

export interface WebPushEmulator {
  /** scheme://127.0.0.1:port — the `aud` every VAPID token must carry. */
  readonly origin: string;
  /** The test CA to trust (undefined for plain HTTP). */
  readonly caCertPem: string | undefined;
  /** A virtual browser subscribes: the emulator makes its P-256 key pair and auth secret, so it can decrypt. */
  subscribe(o?: VirtualBrowserOptions): EmulatorSubscription;
  /** Goes online/offline or changes the urgency floor; messages now deliverable move to the inbox. */
  setBrowserState(endpoint: string, state: { online?: boolean; minUrgency?: WebPushUrgency }): void;
  /** The user unsubscribed or the subscription expired: later pushes get 410 (or 404, RFC 8030 §7.3). */
  unsubscribe(endpoint: string, o?: { status?: 404 | 410 }): void;
  /** Messages the browser received, oldest first. */
  inbox(endpoint: string): ReceivedPushMessage[];
  /** Messages waiting for the browser (offline or below its urgency floor). */
  pending(endpoint: string): ReceivedPushMessage[];
  injectFault(f: WebPushFault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  readonly counters: WebPushEmulatorCounters;
  /** Forgets subscriptions, messages, faults, latency and counters. */
  reset(): void;
  close(): Promise<void>;
}
