/** Starts crashing-node.ts in a child process, waits for it to hold its device, then SIGKILLs it. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { UserAddress } from '../../src/bus/bus.ts';

const script = fileURLToPath(new URL('./crashing-node.ts', import.meta.url));

export async function runAndKillNode(o: { url: string; prefix: string; nodeId: string; user: UserAddress; deviceId: string; nodeTtlMs: number; beforeKill?: () => Promise<void> }): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      BUS_REDIS_URL: o.url, BUS_PREFIX: o.prefix, BUS_NODE: o.nodeId, BUS_NODE_TTL_MS: String(o.nodeTtlMs),
      BUS_APP: String(o.user.sdkAppId), BUS_USER: o.user.userId, BUS_DEVICE: o.deviceId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the node process did not get ready in 30 s; stderr=${stderr}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the node process exited (${code}) before it was ready; stderr=${stderr}`));
      });
    });
    await o.beforeKill?.();
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }
}
