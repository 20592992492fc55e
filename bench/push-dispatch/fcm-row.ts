/**
 * The FCM row: the FCM emulator (HTTPS, HTTP v1 send endpoint and OAuth token endpoint) and Herald's FCM
 * channel next to a bare keep-alive https client, both with the same requests and sockets in flight.
 */
import { here, type RowSetup } from './row-setup.ts';
import { BENCH_FCM_PROJECT_ID, BENCH_FCM_TTL_SECONDS, benchFcmMessage } from './fcm-workload.ts';
import type { FcmClientConfig, FcmClientName, FcmEmulatorInfo, HttpFeed } from './types.ts';

export function fcmRow(feed: HttpFeed): RowSetup<FcmClientName> {
  const message = benchFcmMessage();
  let config: FcmClientConfig | undefined;
  return {
    vendor: 'fcm',
    emulatorEntry: here('./fcm-emulator-process.ts'),
    clientEntry: here('./http-client-process.ts'),
    async startEmulator(emulator) {
      const info = await emulator.request<FcmEmulatorInfo>({ type: 'start-fcm-emulator', projectId: BENCH_FCM_PROJECT_ID });
      config = {
        vendor: 'fcm',
        baseUrl: info.url,
        caCertPem: info.caCertPem,
        serviceAccount: info.serviceAccount,
        message,
        ttlSeconds: BENCH_FCM_TTL_SECONDS,
        ...feed,
      };
      return `FCM emulator at ${info.url}`;
    },
    openRequest(client) {
      if (config === undefined) throw new Error('FCM emulator not started');
      return { type: 'open-http', client, config };
    },
    reauthAfterReset: true,
    primeCount: feed.concurrency,
    payloadBytes: Buffer.byteLength(JSON.stringify(message)),
  };
}
