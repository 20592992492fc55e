/**
 * Redis for tests: HERALD_TEST_REDIS_URL (default redis://127.0.0.1:6379; `npm test` starts a throwaway server
 * where the machine has none). An unreachable Redis is an error, never a skip. Every run gets its own key
 * prefix, so test files running in parallel on one Redis never see each other's presence.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Logger } from 'pino';
import { createRedisBus, type RedisBusOptions } from '../../src/bus/redis-bus.ts';
import type { Bus } from '../../src/bus/bus.ts';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env['HERALD_TEST_REDIS_URL'];
  return url === undefined || url === '' ? DEFAULT_TEST_REDIS_URL : url;
}

export function uniqueKeyPrefix(): string {
  return `herald-test:${randomBytes(6).toString('hex')}:`;
}

export const silentLogger: Logger = pino({ level: 'silent' });

/** A plain client for looking at (and damaging) what the bus stored. Fails clearly when Redis is not there. */
export async function openRawRedis(url: string = testRedisUrl()): Promise<Redis> {
  const raw = new Redis(url, { commandTimeout: 3000, maxRetriesPerRequest: 1, lazyConnect: true });
  raw.on('error', () => undefined);
  try {
    await raw.connect();
    await raw.ping();
  } catch (err) {
    raw.disconnect();
    throw new Error(
      `Redis is not reachable at ${url} (${(err as Error).message}). The bus tests need a Redis server: set ` +
        'HERALD_TEST_REDIS_URL, or run them through `npm test`, which starts a throwaway one where the machine has none.',
      { cause: err },
    );
  }
  return raw;
}

export async function keysUnder(raw: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found.sort();
}

export async function deleteKeysUnder(raw: Redis, prefix: string): Promise<void> {
  const found = await keysUnder(raw, prefix);
  if (found.length > 0) await raw.del(...found);
}

export function openTestRedisBus(prefix: string, o: Partial<RedisBusOptions> = {}): Bus {
  return createRedisBus({ url: testRedisUrl(), logger: silentLogger, keyPrefix: prefix, ...o });
}

/** Polls `check` until it returns true; fails with `what` after `ms`. For states reached through timers (TTL, sweep). */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
