/** The facts about the box that open every report's `machine` block, so runs from different boxes are told apart. */
import { cpus, release } from 'node:os';

export interface HostFacts {
  nproc: number;
  cpuModel: string;
  kernel: string;
  node: string;
}

export function hostFacts(): HostFacts {
  const all = cpus();
  return { nproc: all.length, cpuModel: all[0]?.model.trim() ?? 'unknown', kernel: release(), node: process.version };
}
