/**
 * A node process for the dead-node tests: attaches to the Redis bus with a short heartbeat TTL, joins one device,
 * prints "ready" and waits to be killed (SIGKILL, so nothing is cleaned up). Configured through the environment.
 */
import { createRedisBus } from '../../src/bus/redis-bus.ts';
import { silentLogger } from './redis-test-env.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const bus = createRedisBus({ url: env('BUS_REDIS_URL'), logger: silentLogger, keyPrefix: env('BUS_PREFIX'), nodeTtlMs: Number(env('BUS_NODE_TTL_MS')) });
const nodeId = env('BUS_NODE');
await bus.attachNode(nodeId, () => undefined);
await bus.join(nodeId, { sdkAppId: Number(env('BUS_APP')), userId: env('BUS_USER') }, env('BUS_DEVICE'));
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
