/**
 * Shapes shared by the push-dispatch harness (parent) and its child processes (emulator, clients).
 * Everything here crosses the IPC channel, so it is plain JSON.
 */

export type ClientName = 'herald' | 'node-apn' | 'bare-h2';

export const CLIENT_NAMES: readonly ClientName[] = ['herald', 'node-apn', 'bare-h2'];

/** What a client needs to reach the emulator and sign its provider token. */
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

/** What one client reports for one measured run. */
export interface ClientRunResult {
  client: ClientName;
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
  requests: number;
  accepted: number;
  rejected: Record<string, number>;
  maxStreamsSeen: number;
  connections: number;
  /** user + system CPU seconds of the emulator process since it started. */
  cpuSeconds: number;
}

export interface EmulatorStartOptions {
  authorizedStreams: number;
  initialStreams: number;
  key: { keyId: string; teamId: string; publicKeyPem: string };
}

/** Parent → child requests; every one is answered by a reply with the same `id`. */
export type ChildRequest =
  | { id: number; type: 'start-emulator'; options: EmulatorStartOptions }
  | { id: number; type: 'reset' }
  | { id: number; type: 'latency'; ms: number }
  | { id: number; type: 'snapshot' }
  | { id: number; type: 'open'; client: ClientName; config: ClientConfig }
  | { id: number; type: 'run'; count: number; tokenPrefix: string }
  | { id: number; type: 'close' };
