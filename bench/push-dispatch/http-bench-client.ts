import type { BenchClient } from './bench-client.ts';

/**
 * One client of the FCM or Web Push row. Besides the APNs clients' lifecycle it can be told that the emulator
 * forgot the access tokens it issued (an FCM emulator reset), so it fetches a fresh one before the measured window.
 */
export interface HttpBenchClient<P = unknown> extends BenchClient<P> {
  reauth(): Promise<void>;
}
