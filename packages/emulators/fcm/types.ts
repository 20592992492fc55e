import type { TestPki } from '../pki/index.ts';
import type { FcmFaultCode } from './google-errors.ts';
import type { ServiceAccountRegistration } from './oauth-token-endpoint.ts';

export type { FcmFaultCode } from './google-errors.ts';
export type { ServiceAccountRegistration } from './oauth-token-endpoint.ts';

export interface FcmEmulatorOptions {
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** Serve HTTPS with a certificate from this PKI (FCM is HTTPS); plain HTTP when omitted. */
  pki?: TestPki;
  /** Milliseconds since the epoch: drives assertion windows, access-token expiry and `receivedAt`. */
  clock?: () => number;
  /** `expires_in` of issued access tokens. Google: about an hour (3599). */
  accessTokenLifetimeSeconds?: number;
  /** Deliver to well-formed tokens nobody registered instead of answering that they are not valid. */
  acceptUnknownDevices?: boolean;
  /** Keep every message in its device's inbox; false only counts (benchmarks). */
  keepMessages?: boolean;
}

export interface FcmDeviceRegistration {
  /** The Firebase project (sender) the app instance registered with. */
  projectId: string;
  /** A fixed token; a realistic one is generated when omitted. */
  token?: string;
  /** The app's package name, checked against `android.restricted_package_name`. */
  packageName?: string;
}

export interface ReceivedFcmMessage {
  /** `projects/{projectId}/messages/{messageId}`, as returned to the sender. */
  name: string;
  messageId: string;
  projectId: string;
  /** The message as FCM parsed it: proto field names (snake_case), enum names in upper case. */
  message: Record<string, unknown>;
  /** The request's `message` exactly as sent. */
  raw: unknown;
  receivedAt: number;
  /** How it reached this device: addressed to its token, or to a topic it subscribed to. */
  via: 'token' | 'topic';
}

export interface FcmFault {
  /** Only sends to this registration token; every send when omitted. */
  token?: string;
  error: FcmFaultCode;
  /** How many requests it answers before it is used up; unlimited when omitted. */
  times?: number;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
}

export interface TokenEndpointFault {
  status: number;
  /** OAuth `error`; with `description` the body is `{"error","error_description"}`, else Google's 5xx text. */
  error?: string;
  description?: string;
  times?: number;
  retryAfterSeconds?: number;
}

export interface FcmEmulatorCounters {
  /** Requests to the send endpoint. */
  sendRequests: number;
  accepted: number;
  validateOnly: number;
  tokenRequests: number;
  tokensIssued: number;
  connections: number;
  /** Most send requests in progress at once. */
  maxConcurrent: number;
  /** Refusals by FcmError code, or by google.rpc status when there is none. */
  rejected: Record<string, number>;
}

export interface FcmEmulator {
  /** Origin of the FCM API: use as the channel's base URL. */
  readonly url: string;
  /** The OAuth token endpoint: use as the service account's `token_uri`. */
  readonly tokenUrl: string;
  /** The CA that issued the HTTPS certificate, when serving HTTPS. */
  readonly caCertPem: string | undefined;
  registerServiceAccount(r: ServiceAccountRegistration): void;
  /** The account is deleted: its tokens stop working and new assertions get "account not found". */
  unregisterServiceAccount(clientEmail: string): void;
  /** Every access token issued so far is refused from now on (401), as after a key revocation. */
  revokeAccessTokens(): void;
  /** Registers a virtual app instance and returns its registration token. */
  registerDevice(d: FcmDeviceRegistration): string;
  /** Later sends to the token are UNREGISTERED (404). */
  unregisterDevice(token: string, atMs?: number): void;
  subscribe(token: string, topic: string): void;
  inbox(token: string): ReceivedFcmMessage[];
  /** Every message accepted for delivery, in order (token, topic and condition messages). */
  accepted(): ReceivedFcmMessage[];
  readonly counters: FcmEmulatorCounters;
  injectFault(f: FcmFault): void;
  injectTokenEndpointFault(f: TokenEndpointFault): void;
  clearFaults(): void;
  /** Delay every answer by this long. */
  setLatency(ms: number): void;
  /** Forgets devices, messages, faults, latency, issued tokens and counters; service accounts stay. */
  reset(): void;
  close(): Promise<void>;
}
