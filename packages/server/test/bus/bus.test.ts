/**
 * The bus contract (bus-contract.ts) on both adapters: the in-process bus, and the Redis bus at
 * HERALD_TEST_REDIS_URL (default redis://127.0.0.1:6379) with a key prefix of its own per test.
 */
import assert from 'node:assert/strict';
import type { Bus } from '../../src/bus/bus.ts';
import { createInProcessBus } from '../../src/bus/in-process-bus.ts';
import { busContract } from './bus-contract.ts';
import { runAndKillNode } from './spawn-crashing-node.ts';
import { deleteKeysUnder, keysUnder, openRawRedis, openTestRedisBus, testRedisUrl, uniqueKeyPrefix } from './redis-test-env.ts';

busContract('in-process', async () => {
  const bus = createInProcessBus();
  return { open: async () => bus, close: () => bus.close() };
});

busContract('Redis', async () => {
  const raw = await openRawRedis();
  const prefix = uniqueKeyPrefix();
  const opened: Bus[] = [];
  let crashed = false;
  return {
    async open() {
      // Live nodes sweep often, so a dead node's entries go within the test's patience.
      const bus = openTestRedisBus(prefix, { sweepIntervalMs: 200 });
      opened.push(bus);
      return bus;
    },
    async crashNode(nodeId, user, deviceId) {
      const beforeKill = async () => {
        const nodes = await opened[0]!.nodesOf(user, deviceId);
        assert.deepEqual(nodes, [nodeId], 'the node process holds its device while it lives');
      };
      crashed = true;
      await runAndKillNode({ url: testRedisUrl(), prefix, nodeId, user, deviceId, nodeTtlMs: 2000, beforeKill });
    },
    async close() {
      await Promise.all(opened.map((bus) => bus.close()));
      try {
        // A clean stop removes every node's presence (a crashed node's may still wait for the sweep).
        if (!crashed) assert.deepEqual(await keysUnder(raw, prefix), [], 'keys left after every bus closed');
      } finally {
        await deleteKeysUnder(raw, prefix);
        raw.disconnect();
      }
    },
  };
});
