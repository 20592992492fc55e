/**
 * The Web Push row: the Web Push emulator (HTTPS push service playing the browsers) with one virtual browser per
 * message of a run, and Herald's Web Push channel next to a bare node:crypto + keep-alive https sender and the
 * `web-push` library, all with the same requests and sockets in flight.
 */
import { generateVapidKeys } from '@herald/channels/webpush';
import { here, type RowSetup } from './row-setup.ts';
import { BENCH_VAPID_SUBJECT, BENCH_WEBPUSH_TTL_SECONDS, benchWebPushPayload } from './webpush-workload.ts';
import type { HttpFeed, WebPushClientConfig, WebPushClientName, WebPushEmulatorInfo } from './types.ts';

export interface WebPushRowOptions extends HttpFeed {
  /** Virtual browsers to subscribe: at least the largest run. */
  subscriptions: number;
  /** Have the browsers decrypt every message and count the ones that equal the payload. */
  verify: boolean;
}

export function webPushRow(o: WebPushRowOptions): RowSetup<WebPushClientName> {
  const payload = benchWebPushPayload();
  const plaintext = JSON.stringify(payload);
  const keys = generateVapidKeys();
  let config: WebPushClientConfig | undefined;
  return {
    vendor: 'webpush',
    emulatorEntry: here('./webpush-emulator-process.ts'),
    clientEntry: here('./http-client-process.ts'),
    async startEmulator(emulator) {
      const info = await emulator.request<WebPushEmulatorInfo>(
        {
          type: 'start-webpush-emulator',
          options: { subscriptions: o.subscriptions, applicationServerKey: keys.publicKey, ...(o.verify ? { verifyPlaintext: plaintext } : {}) },
        },
        120_000,
      );
      config = {
        vendor: 'webpush',
        caCertPem: info.caCertPem,
        vapid: { subject: BENCH_VAPID_SUBJECT, ...keys },
        subscriptions: info.subscriptions,
        payload,
        ttlSeconds: BENCH_WEBPUSH_TTL_SECONDS,
        concurrency: o.concurrency,
        chunkSize: o.chunkSize,
        sendsInFlight: o.sendsInFlight,
      };
      return `Web Push emulator at ${info.origin}, ${info.subscriptions.length} browsers subscribed${o.verify ? ', decrypting' : ''}`;
    },
    openRequest(client) {
      if (config === undefined) throw new Error('Web Push emulator not started');
      return { type: 'open-http', client, config };
    },
    reauthAfterReset: false,
    primeCount: o.concurrency,
    payloadBytes: Buffer.byteLength(plaintext),
  };
}
