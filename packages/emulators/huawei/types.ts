import type { TestPki } from '../pki/index.ts';

export interface HuaweiEmulatorOptions {
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** Serve HTTPS with a certificate of this PKI (a fresh one for `true`). Plain HTTP by default. */
  tls?: boolean | TestPki;
  /** Milliseconds since the epoch; drives access-token expiry and `receivedAt`. */
  clock?: () => number;
  /** Lifetime of issued access tokens. Huawei: 3600 s. */
  tokenLifetimeSeconds?: number;
  /** Deliver to tokens nobody registered instead of calling them illegal. */
  acceptUnknownDevices?: boolean;
  /** Keep each message in its device's inbox; false only counts (benchmarks). */
  keepPayloads?: boolean;
  /** Tokens per request. Huawei: 1000. */
  maxTokensPerRequest?: number;
}

export interface HuaweiAppRegistration {
  appId: string;
  /** OAuth client ID (token requests and the send URL); the App ID when omitted. */
  clientId?: string;
  clientSecret: string;
}

export interface HuaweiDeviceRegistration {
  token: string;
  appId: string;
}

export interface HuaweiReceivedMessage {
  requestId: string;
  appId: string;
  /** The `message` object as sent, without `token`, parsed. */
  message: Record<string, unknown>;
  receivedAt: number;
}

export interface HuaweiFault {
  /** Which endpoint answers with it. Default "send". */
  endpoint?: 'send' | 'token';
  status: number;
  /** Business code of a send fault ("81000001"…); none by default. A token fault answers `{error: 1101, sub_error}`. */
  code?: string;
  msg?: string;
  /** Token faults: the OAuth sub-error, answered as `{error: 1101, sub_error}`; none by default. */
  subError?: number;
  retryAfterSeconds?: number;
  /** How many requests it answers; unlimited when omitted. */
  times?: number;
}

export interface HuaweiEmulatorCounters {
  tokenRequests: number;
  sendRequests: number;
  /** Messages put in inboxes. */
  delivered: number;
  /** Tokens answered as illegal. */
  illegalTokens: number;
  /** Replies by business code (send) or `oauth:<error>:<sub_error>` (token). */
  codes: Record<string, number>;
  /** Most tokens seen in one request. */
  maxTokensSeen: number;
}

export interface HuaweiEmulator {
  /** Base URL of both the OAuth and the push endpoints. */
  readonly url: string;
  /** The CA to trust when `tls` was asked for. */
  readonly caCertPem: string | undefined;
  readonly counters: HuaweiEmulatorCounters;
  registerApp(app: HuaweiAppRegistration): void;
  /** Replaces an app's secret: the old one is refused from now on (a rotated or wrong secret). */
  setClientSecret(appId: string, clientSecret: string): void;
  registerDevice(device: HuaweiDeviceRegistration): void;
  /** Later sends to the token answer it as illegal (app uninstalled, token expired). */
  unregisterDevice(token: string): void;
  inbox(token: string): HuaweiReceivedMessage[];
  /** Every access token issued so far is expired: the next send with one gets 80200003. */
  expireAccessTokens(): void;
  injectFault(fault: HuaweiFault): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  /** Forgets devices, inboxes, faults, latency, counters and issued tokens; apps stay. */
  reset(): void;
  close(): Promise<void>;
}
