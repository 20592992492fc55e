/**
 * What differs between the harness's rows (APNs, FCM, Web Push): which emulator process runs and how it is
 * started, which client process runs each client and what it is opened with, and whether a client must fetch a
 * fresh access token after each emulator reset. Everything else (spawning, pinning, warm-up, rotated rounds,
 * checks, summaries) is the harness's and the same for every row.
 */
import { fileURLToPath } from 'node:url';
import type { RequestBody } from '../shared/bench-child.ts';
import type { PushDispatchChild } from './spawn-child.ts';
import type { BenchClientName, ChildRequest, Vendor } from './types.ts';

export interface RowSetup<N extends BenchClientName> {
  vendor: Vendor;
  /** Absolute path of the emulator process's entry. */
  emulatorEntry: string;
  /** Starts the emulator inside its process; returns a line for the log. */
  startEmulator(emulator: PushDispatchChild): Promise<string>;
  /** Absolute path of the client process's entry. */
  clientEntry: string;
  /** The request that opens `client` in its process (after startEmulator). */
  openRequest(client: N): RequestBody<ChildRequest>;
  /** Ask each client to `reauth` after every emulator reset (FCM: the reset forgets issued access tokens). */
  reauthAfterReset: boolean;
  /**
   * Messages each client sends, unmeasured, just before the emulator is reset for a run: enough to have every
   * keep-alive connection open again after the emulator closed idle ones while other clients ran, so no run pays
   * for TLS handshakes the others skip. 0 for APNs, whose one HTTP/2 session stays open.
   */
  primeCount: number;
  /** Bytes of the body every client sends before encryption (APNs: the JSON; FCM: the message; Web Push: the plaintext). */
  payloadBytes: number;
}

export const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
