/** The facts about the box that open every report's `machine` block, so runs from different boxes are told apart. */
import { cpus, release } from 'node:os';
import { hostSpeed, type HostSpeed } from './host-speed.ts';

export interface HostFacts {
  nproc: number;
  cpuModel: string;
  kernel: string;
  node: string;
  /** Measured now (host-speed.ts): boxes of the same name are not equally fast. */
  speed: HostSpeed;
}

export function hostFacts(): HostFacts {
  const all = cpus();
  return { nproc: all.length, cpuModel: all[0]?.model.trim() ?? 'unknown', kernel: release(), node: process.version, speed: hostSpeed() };
}
