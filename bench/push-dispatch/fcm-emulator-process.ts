/**
 * Child process: the FCM emulator (HTTPS, the send endpoint and Google's OAuth token endpoint on one listener),
 * alone on its CPU, counting instead of storing (keepMessages false) and accepting any well-formed token. It
 * makes the bench's service account and registers it. A reset also forgets the access tokens it issued, so the
 * harness has each client fetch a fresh one (outside the measured window) before every run.
 */
import { createFcmEmulator, createFcmServiceAccount } from '@herald/emulators/fcm';
import { createTestPki } from '@herald/emulators/pki';
import { serveEmulatorChild } from './emulator-child.ts';
import type { ChildRequest, FcmEmulatorInfo } from './types.ts';

serveEmulatorChild({
  what: 'FCM emulator process',
  startType: 'start-fcm-emulator',
  async start(r: Extract<ChildRequest, { type: 'start-fcm-emulator' }>) {
    const pki = createTestPki();
    const emulator = await createFcmEmulator({ pki, acceptUnknownDevices: true, keepMessages: false });
    const account = createFcmServiceAccount({ projectId: r.projectId, tokenUri: emulator.tokenUrl });
    emulator.registerServiceAccount(account.registration);
    const info: FcmEmulatorInfo = { url: emulator.url, caCertPem: pki.caCertPem, serviceAccount: account.json };
    return { emulator, info };
  },
  reset: (emulator) => emulator.reset(),
  // No maxInFlightSeen: without injected latency the emulator answers each request within the tick it arrived
  // in, so its concurrency counter stays at 1 and would say nothing about the client.
  snapshot(emulator, cpuSeconds) {
    const c = emulator.counters;
    return { requests: c.sendRequests, accepted: c.accepted, rejected: { ...c.rejected }, connections: c.connections, cpuSeconds };
  },
});
