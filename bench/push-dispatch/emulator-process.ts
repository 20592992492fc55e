/**
 * Child process: the APNs emulator, alone on its CPU, counting instead of storing (keepPayloads false) and
 * accepting any well-formed device token. The parent resets it between runs and reads its counters and its
 * own CPU time, so the server side of every run is accounted for too.
 */
import { createApnsEmulator, type ApnsEmulator } from '@herald/emulators/apns';
import { serveParent } from '../shared/serve-parent.ts';
import type { ChildRequest, EmulatorSnapshot } from './types.ts';

let emulator: ApnsEmulator | undefined;

function running(): ApnsEmulator {
  if (emulator === undefined) throw new Error('emulator not started');
  return emulator;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

serveParent<ChildRequest>(async (r) => {
  switch (r.type) {
    case 'start-emulator': {
      if (emulator !== undefined) throw new Error('emulator already started');
      emulator = await createApnsEmulator({
        acceptUnknownDevices: true,
        keepPayloads: false,
        initialStreams: r.options.initialStreams,
        authorizedStreams: r.options.authorizedStreams,
      });
      emulator.registerKey({ keyId: r.options.key.keyId, teamId: r.options.key.teamId, publicKeyPem: r.options.key.publicKeyPem });
      return { url: emulator.urlFor('product'), caCertPem: emulator.caCertPem };
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
      const c = running().counters;
      const snapshot: EmulatorSnapshot = {
        requests: c.requests,
        accepted: c.accepted,
        rejected: { ...c.rejected },
        maxInFlightSeen: c.maxStreamsSeen,
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
      throw new Error(`emulator process cannot handle '${r.type}'`);
  }
});
