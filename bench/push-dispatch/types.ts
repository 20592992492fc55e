/**
 * Shapes shared by the push-dispatch harness (parent) and its child processes (emulators, clients).
 * Everything here crosses the IPC channel, so it is plain JSON.
 *
 * Three rows, one emulator each: APNs (HTTP/2, one connection), FCM HTTP v1 and Web Push (HTTP/1.1 keep-alive,
 * one request per message). Every row has Herald's channel next to a bare client of the same protocol.
 */

export type Vendor = 'apns' | 'fcm' | 'webpush';

export const VENDORS: readonly Vendor[] = ['apns', 'fcm', 'webpush'];

/** The APNs row's clients (served by client-process.ts). */
export type ClientName = 'herald' | 'node-apn' | 'bare-h2';

export const CLIENT_NAMES: readonly ClientName[] = ['herald', 'node-apn', 'bare-h2'];

export type FcmClientName = 'herald-fcm' | 'bare-fcm';

export const FCM_CLIENT_NAMES: readonly FcmClientName[] = ['herald-fcm', 'bare-fcm'];

export type WebPushClientName = 'herald-webpush' | 'bare-webpush' | 'web-push';

export const WEBPUSH_CLIENT_NAMES: readonly WebPushClientName[] = ['herald-webpush', 'bare-webpush', 'web-push'];

/** The FCM and Web Push rows' clients (served by http-client-process.ts). */
export type HttpClientName = FcmClientName | WebPushClientName;

/** Any client of any row. */
export type BenchClientName = ClientName | HttpClientName;

/** What an APNs client needs to reach the emulator and sign its provider token. */
export interface ClientConfig {
  /** `https://127.0.0.1:<port>` of the emulator's production listener. */
  url: string;
  caCertPem: string;
  keyId: string;
  teamId: string;
  privateKeyPem: string;
  bundleId: string;
  /** The whole APNs JSON body, identical for every client. */
  payload: Record<string, unknown>;
  /** Streams the client may keep open on its one connection (what the emulator grants). */
  streams: number;
  /** Targets per `send` call for the clients with a batch API (Herald, node-apn). */
  chunkSize: number;
  /** `send` calls kept in flight at once by those clients. */
  sendsInFlight: number;
}

/** How the HTTP/1.1 rows feed their clients: the same limit on requests (and sockets) in flight for all. */
export interface HttpFeed {
  /** Requests in flight at once, and keep-alive sockets to the emulator, for every client of the row. */
  concurrency: number;
  /** Targets per `send` call for Herald's channel. */
  chunkSize: number;
  /** `send` calls kept in flight at once for Herald's channel. */
  sendsInFlight: number;
}

export interface FcmClientConfig extends HttpFeed {
  vendor: 'fcm';
  /** Origin of the emulated FCM API. */
  baseUrl: string;
  caCertPem: string;
  /** The service-account JSON as the Firebase console downloads it; its token_uri is the emulator's. */
  serviceAccount: Record<string, string>;
  /** The FCM `message` every client sends, without `token` and without `android.ttl`. */
  message: Record<string, unknown>;
  /** Lifetime of each message (Herald: the notification's expiration; bare: `android.ttl`). */
  ttlSeconds: number;
}

export interface WebPushClientConfig extends HttpFeed {
  vendor: 'webpush';
  caCertPem: string;
  /** The app's VAPID credential (web-push's key format). */
  vapid: { subject: string; publicKey: string; privateKey: string };
  /** Stored subscriptions (`{"endpoint","keys":{"p256dh","auth"}}` JSON), one per virtual browser. */
  subscriptions: string[];
  /** The JSON every browser's service worker gets, encrypted per subscription. */
  payload: Record<string, unknown>;
  ttlSeconds: number;
}

export type HttpClientConfig = FcmClientConfig | WebPushClientConfig;

/** What one client reports for one measured run. */
export interface ClientRunResult {
  client: BenchClientName;
  count: number;
  delivered: number;
  /** Outcomes other than delivered, by reason. */
  failures: Record<string, number>;
  wallSeconds: number;
  /** user + system CPU of the whole client process (all threads) during the send window. */
  cpuSeconds: number;
  /** Stream limit the peer granted, when the client can tell. */
  grantedStreams?: number;
}

/** What a client's `run` counts; the process around it adds the timing. */
export interface RunTally {
  delivered: number;
  failures: Record<string, number>;
  grantedStreams?: number;
}

export interface EmulatorSnapshot {
  /** Requests to the send endpoint since the last reset. */
  requests: number;
  accepted: number;
  rejected: Record<string, number>;
  /** Most streams open at once (APNs); absent for the other rows. */
  maxInFlightSeen?: number;
  /** Connections accepted since the last reset. */
  connections: number;
  /** Web Push with verification on: accepted messages the virtual browsers decrypted to the expected JSON. */
  decrypted?: number;
  /** user + system CPU seconds of the emulator process since it started. */
  cpuSeconds: number;
}

export interface EmulatorStartOptions {
  authorizedStreams: number;
  initialStreams: number;
  key: { keyId: string; teamId: string; publicKeyPem: string };
}

export interface FcmEmulatorInfo {
  url: string;
  caCertPem: string;
  serviceAccount: Record<string, string>;
}

export interface WebPushEmulatorStartOptions {
  /** Virtual browsers to subscribe, each with its own P-256 key pair and auth secret. */
  subscriptions: number;
  /** The VAPID public key the browsers subscribe with (their pushes then need tokens signed by it). */
  applicationServerKey: string;
  /** When set, the browsers keep and decrypt every message and count the ones that equal this text. */
  verifyPlaintext?: string;
}

export interface WebPushEmulatorInfo {
  origin: string;
  caCertPem: string;
  subscriptions: string[];
}

/** Parent → child requests; every one is answered by a reply with the same `id`. */
export type ChildRequest =
  | { id: number; type: 'start-emulator'; options: EmulatorStartOptions }
  | { id: number; type: 'start-fcm-emulator'; projectId: string }
  | { id: number; type: 'start-webpush-emulator'; options: WebPushEmulatorStartOptions }
  | { id: number; type: 'reset' }
  | { id: number; type: 'latency'; ms: number }
  | { id: number; type: 'snapshot' }
  | { id: number; type: 'open'; client: ClientName; config: ClientConfig }
  | { id: number; type: 'open-http'; client: HttpClientName; config: HttpClientConfig }
  /** After an emulator reset forgot the issued access tokens: fetch a fresh one, outside the measured window. */
  | { id: number; type: 'reauth' }
  | { id: number; type: 'run'; count: number; tokenPrefix: string }
  | { id: number; type: 'close' };
