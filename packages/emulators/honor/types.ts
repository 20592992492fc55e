import type { TestPki } from '../pki/index.ts';

export interface HonorEmulatorOptions {
  host?: string;
  /** Serve HTTPS with a certificate of this PKI (a fresh one for `true`). Plain HTTP by default. */
  tls?: boolean | TestPki;
  clock?: () => number;
  /** Lifetime of issued access tokens (⚠️ Honor's is not documented here; an hour like Huawei's). */
  tokenLifetimeSeconds?: number;
  acceptUnknownDevices?: boolean;
  keepPayloads?: boolean;
  maxTokensPerRequest?: number;
}

export interface HonorAppRegistration {
  appId: string;
  clientId: string;
  clientSecret: string;
}

export interface HonorDeviceRegistration {
  token: string;
  appId: string;
}

export interface HonorReceivedMessage {
  requestId: string;
  appId: string;
  /** The request body as sent, without `token`, parsed. */
  body: Record<string, unknown>;
  /** The request's `timestamp` header (epoch ms). */
  timestamp: number;
  receivedAt: number;
}

export interface HonorFault {
  /** Default "send". */
  endpoint?: 'send' | 'token';
  status: number;
  /** Send faults: the reply's `code` (a number, as Honor sends it); none by default. */
  code?: number;
  message?: string;
  /** Token faults: the OAuth `error` string. */
  error?: string;
  retryAfterSeconds?: number;
  times?: number;
}

export interface HonorEmulatorCounters {
  tokenRequests: number;
  sendRequests: number;
  delivered: number;
  /** Tokens answered in failTokens (unknown or another app's). */
  failTokens: number;
  /** Tokens answered in expireTokens (unregistered devices). */
  expireTokens: number;
  /** Replies by code (send) or `oauth:<error>` (token). */
  codes: Record<string, number>;
  maxTokensSeen: number;
}

export interface HonorEmulator {
  readonly url: string;
  readonly caCertPem: string | undefined;
  readonly counters: HonorEmulatorCounters;
  registerApp(app: HonorAppRegistration): void;
  /** Replaces an app's secret: the old one is refused from now on. */
  setClientSecret(appId: string, clientSecret: string): void;
  registerDevice(device: HonorDeviceRegistration): void;
  /** Later sends list the token in `expireTokens`. */
  unregisterDevice(token: string): void;
  inbox(token: string): HonorReceivedMessage[];
  expireAccessTokens(): void;
  injectFault(fault: HonorFault): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  reset(): void;
  close(): Promise<void>;
}
