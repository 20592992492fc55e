/**
 * Child process: the FCM emulator (HTTPS, the send endpoint and Google's OAuth token endpoint on one listener),
 * alone on its CPU, counting instead of storing (keepMessages false) and accepting any well-formed token. It
 * makes the bench's service account and registers it. A reset also forgets the access tokens it issued, so the
 * harness has each client fetch a fresh one (outside the measured window) before every run.
 */
import { createFcmEmulator, createFcmServiceAccount, type FcmEmulator } from '@herald/emulators/fcm';
import { createTestPki } from '@herald/emulators/pki';
import { serveParent } from '../shared/serve-parent.ts';
import type { ChildRequest, EmulatorSnapshot, FcmEmulatorInfo } from './types.ts';

let emulator: FcmEmulator | undefined;

function running(): FcmEmulator {
  if (emulator === undefined) throw new Error('emulator not started');
  return emulator;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

serveParent<ChildRequest>(async (r) => {
  switch (r.type) {
    case 'start-fcm-emulator': {
      if (emulator !== undefined) throw new Error('emulator already started');
      const pki = createTestPki();
      emulator = await createFcmEmulator({ pki, acceptUnknownDevices: true, keepMessages: false });
      const account = createFcmServiceAccount({ projectId: r.projectId, tokenUri: emulator.tokenUrl });
      emulator.registerServiceAccount(account.registration);
      const info: FcmEmulatorInfo = { url: emulator.url, caCertPem: pki.caCertPem, serviceAccount: account.json };
      return info;
    }
    case 'reset':
      running().reset();
      // Start each run from a clean heap, so garbage from the previous client's run is not billed to this one.
      globalThis.gc?.();
      return null;
    case 'latency':
      running().setLatency(r.ms);
      return null;
    case 'snapshot': {
      // No maxInFlightSeen: without injected latency the emulator answers each request within the tick it arrived
      // in, so its concurrency counter stays at 1 and would say nothing about the client.
      const c = running().counters;
      const snapshot: EmulatorSnapshot = {
        requests: c.sendRequests,
        accepted: c.accepted,
        rejected: { ...c.rejected },
        connections: c.connections,
        cpuSeconds: cpuSeconds(),
      };
      return snapshot;
    }
    case 'close':
      await emulator?.close();
      emulator = undefined;
      return null;
    default:
      throw new Error(`FCM emulator process cannot handle '${r.type}'`);
  }
});
