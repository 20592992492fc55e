/**
 * How the harness starts its two children: a plain spawn in the harness's session, pinned with `taskset` when the
 * box allows (Herald alone on CPU 0; the emulator on CPU 1 with the harness, which only sends a message now and
 * then and polls). Herald's child gets only the HERALD_* variables of this run, none from the caller's shell.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBenchChild, type BenchChild } from '../shared/bench-child.ts';
import { nodeCommand, repoRoot } from '../shared/processes.ts';
import type { EmulatorRequest, ServerRequest } from './types.ts';

export type ServerChild = BenchChild<ServerRequest>;
export type EmulatorChild = BenchChild<EmulatorRequest>;

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

function childEnv(herald: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HERALD_')) env[k] = v;
  return { ...env, ...herald };
}

function start<Req extends { id: number; type: string }>(entry: string, o: { cpu: number | undefined; env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[] }) {
  return startBenchChild<Req>({
    entry,
    nodeArgs: o.nodeArgs,
    startTimeoutMs: 60_000,
    // Herald lets in-flight pushes finish (its shutdown grace) before it answers `close`.
    closeTimeoutMs: 30_000,
    start: (nodeArgv, stdio) => {
      const [command, ...args] = nodeCommand({ nodeArgv, cpu: o.cpu });
      return spawn(command, args, { cwd: repoRoot, stdio, env: o.env ?? process.env });
    },
  });
}

export function startServerChild(o: { cpu: number | undefined; herald: Record<string, string>; nodeArgs?: readonly string[] }): Promise<ServerChild> {
  return start<ServerRequest>(here('./server-child.ts'), { cpu: o.cpu, env: childEnv(o.herald), ...(o.nodeArgs === undefined ? {} : { nodeArgs: o.nodeArgs }) });
}

export function startEmulatorChild(o: { cpu: number | undefined }): Promise<EmulatorChild> {
  return start<EmulatorRequest>(here('./emulator-child.ts'), { cpu: o.cpu });
}
