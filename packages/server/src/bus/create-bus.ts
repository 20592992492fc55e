/**
 * Picks the bus for a node: Redis when `redisUrl` is configured (several nodes behind one PostgreSQL), else the
 * in-process bus (one node). The context owns it and closes it when the server stops.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { Bus } from './bus.ts';
import { createInProcessBus } from './in-process-bus.ts';
import { createRedisBus } from './redis-bus.ts';

export interface BusOptions {
  config: Pick<Config, 'redisUrl'>;
  logger: Logger;
  /** Namespace of the Redis keys and channels (default "herald:"), for deployments or tests sharing a Redis. */
  redisKeyPrefix?: string | undefined;
}

export function createBus(o: BusOptions): Bus {
  if (o.config.redisUrl === undefined) return createInProcessBus();
  return createRedisBus({ url: o.config.redisUrl, logger: o.logger, keyPrefix: o.redisKeyPrefix });
}
