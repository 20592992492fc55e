/**
 * Sandbox mode (`HERALD_SANDBOX=true`): the node plays every vendor itself with the loopback emulators and keeps
 * the virtual devices made on them. All of it lives in this process's memory and is gone on restart: the
 * emulators forget their keys, apps and tokens, so the devices would be dead anyway. One node only: another node
 * has its own emulators and its own list.
 */
import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { SANDBOX_CHANNELS, type SandboxChannel } from './sandbox-channels.ts';
import { startSandboxEmulators, type SandboxEmulators } from './sandbox-emulators.ts';

/** A virtual device as the sandbox keeps it. */
export interface SandboxDeviceRecord {
  id: string;
  name: string;
  channel: SandboxChannel;
  accessId: number;
  environment: 'dev' | 'product';
  vendorToken: string;
  heraldToken: string;
  createdAt: number;
  /** What the emulator files the device under (Web Push: the endpoint). */
  inboxKey: string;
}

export interface Sandbox {
  readonly channels: readonly SandboxChannel[];
  readonly emulators: SandboxEmulators;
  /** Virtual devices by id, in creation order. */
  readonly devices: Map<string, SandboxDeviceRecord>;
  /** Devices made so far per channel, for default names ("iPhone 3"). */
  readonly made: Map<SandboxChannel, number>;
  close(): Promise<void>;
}

export interface StartedSandbox {
  sandbox: Sandbox;
  /** Apply over the environment's config before the context and the channels are built. */
  config: Partial<Config>;
}

/** Starts the emulators; the CA file of their TLS certificates goes under `<dataDir>/sandbox`. */
export async function startSandbox(o: { dataDir: string; clock: () => number }): Promise<StartedSandbox> {
  const started = await startSandboxEmulators({ dir: join(o.dataDir, 'sandbox'), clock: o.clock });
  let closing: Promise<void> | undefined;
  const sandbox: Sandbox = {
    channels: SANDBOX_CHANNELS,
    emulators: started.emulators,
    devices: new Map(),
    made: new Map(),
    close() {
      closing ??= started.close();
      return closing;
    },
  };
  return { sandbox, config: started.config };
}
