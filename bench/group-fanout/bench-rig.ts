/**
 * Everything a phase needs once the setup is done: the two children, the apps, the logged-in sender, the groups
 * and the watched phones. Also the arming of the emulator, the same before every phase: every member's phone and
 * the peer's are registered (so no push lands on an unknown token, which Herald would mark invalid), and the
 * members' phones are the expected ones.
 */
import { performance } from 'node:perf_hooks';
import type { ChatClient } from '@herald/sdk/chat';
import { seededCount } from './member-names.ts';
import type { RealMember } from './real-members.ts';
import type { ImAppKeys, PushAppKeys } from './setup-apps.ts';
import type { EmulatorChild, ServerChild } from './spawn-children.ts';
import type { ServerDiagnostics } from './types.ts';

export interface BenchRig {
  server: ServerChild;
  emulator: EmulatorChild;
  url: string;
  pushApp: PushAppKeys;
  imApp: ImAppKeys;
  sender: ChatClient;
  /** The big group (every member) and the 2-member group (sender and peer); both Community groups of one name. */
  bigGroup: string;
  smallGroup: string;
  groupName: string;
  members: number;
  tokenSeed: string;
  real: RealMember[];
  peer: RealMember;
  /** How long a phase may take before it counts as failed. */
  phaseTimeoutMs: number;
  /** The share of a core under which the server counts as quiet (waits.ts). */
  quietShare: number;
  log(line: string): void;
}

/** How long a phase waits for the server's CPU to go quiet before it starts anyway (and says so). */
export const QUIET_TIMEOUT_MS = 30_000;

/** Epoch milliseconds with sub-millisecond resolution, comparable across the bench's processes. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Phones that get the push of a message to the big group: every member's but the sender's. */
export function expectedPhones(rig: Pick<BenchRig, 'members'>): number {
  return rig.members - 1;
}

export async function armEmulator(rig: BenchRig): Promise<void> {
  await rig.emulator.request({
    type: 'arm', topic: rig.pushApp.bundleId, tokenSeed: rig.tokenSeed, seeded: seededCount(rig.members),
    expected: rig.real.map((m) => m.vendorToken), extra: [rig.peer.vendorToken],
  });
}

/** The server's job and SQL timings since the previous call (which they are reset by). */
export function diagnostics(rig: BenchRig): Promise<ServerDiagnostics> {
  return rig.server.request<ServerDiagnostics>({ type: 'diagnostics' });
}

export async function cpuSeconds(rig: BenchRig): Promise<{ server: number; emulator: number }> {
  return { server: await rig.server.request<number>({ type: 'cpu' }), emulator: await rig.emulator.request<number>({ type: 'cpu' }) };
}
