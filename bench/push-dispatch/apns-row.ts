/**
 * The APNs row: the APNs emulator (HTTP/2, ES256 provider tokens, SETTINGS 1 then `streams`) and Herald's APNs
 * channel, @parse/node-apn and a bare node:http2 loop, each over one connection.
 */
import { generateP8 } from '@herald/emulators/pki';
import { here, type RowSetup } from './row-setup.ts';
import { BENCH_BUNDLE_ID, BENCH_TEAM_ID, benchPayload } from './workload.ts';
import type { ClientConfig, ClientName } from './types.ts';

export interface ApnsRowOptions {
  streams: number;
  chunkSize: number;
  sendsInFlight: number;
}

export function apnsRow(o: ApnsRowOptions): RowSetup<ClientName> {
  const key = generateP8();
  const payload = benchPayload();
  let config: ClientConfig | undefined;
  return {
    vendor: 'apns',
    emulatorEntry: here('./emulator-process.ts'),
    clientEntry: here('./client-process.ts'),
    async startEmulator(emulator) {
      const { url, caCertPem } = await emulator.request<{ url: string; caCertPem: string }>({
        type: 'start-emulator',
        options: { authorizedStreams: o.streams, initialStreams: 1, key: { keyId: key.keyId, teamId: BENCH_TEAM_ID, publicKeyPem: key.publicKeyPem } },
      });
      config = {
        url,
        caCertPem,
        keyId: key.keyId,
        teamId: BENCH_TEAM_ID,
        privateKeyPem: key.privateKeyPem,
        bundleId: BENCH_BUNDLE_ID,
        payload,
        streams: o.streams,
        chunkSize: o.chunkSize,
        sendsInFlight: o.sendsInFlight,
      };
      return `APNs emulator at ${url}`;
    },
    openRequest(client) {
      if (config === undefined) throw new Error('APNs emulator not started');
      return { type: 'open', client, config };
    },
    reauthAfterReset: false,
    primeCount: 0,
    payloadBytes: Buffer.byteLength(JSON.stringify(payload)),
  };
}
