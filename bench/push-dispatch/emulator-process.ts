/**
 * Child process: the APNs emulator, alone on its CPU, counting instead of storing (keepPayloads false) and
 * accepting any well-formed device token. The parent resets it between runs and reads its counters and its
 * own CPU time, so the server side of every run is accounted for too.
 */
import { createApnsEmulator } from '@herald/emulators/apns';
import { serveEmulatorChild } from './emulator-child.ts';
import type { ChildRequest } from './types.ts';

serveEmulatorChild({
  what: 'emulator process',
  startType: 'start-emulator',
  async start(r: Extract<ChildRequest, { type: 'start-emulator' }>) {
    const emulator = await createApnsEmulator({
      acceptUnknownDevices: true,
      keepPayloads: false,
      initialStreams: r.options.initialStreams,
      authorizedStreams: r.options.authorizedStreams,
    });
    emulator.registerKey({ keyId: r.options.key.keyId, teamId: r.options.key.teamId, publicKeyPem: r.options.key.publicKeyPem });
    return { emulator, info: { url: emulator.urlFor('product'), caCertPem: emulator.caCertPem } };
  },
  reset: (emulator) => emulator.reset(),
  snapshot(emulator, cpuSeconds) {
    const c = emulator.counters;
    return {
      requests: c.requests,
      accepted: c.accepted,
      rejected: { ...c.rejected },
      maxInFlightSeen: c.maxStreamsSeen,
      connections: c.connections,
      cpuSeconds,
    };
  },
});
