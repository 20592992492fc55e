/**
 * Two Herald nodes of one deployment in this process: each its own server, store connection and Redis bus, over
 * one throwaway PostgreSQL database and one Redis namespace, with one master key (secrets sealed by one node open
 * on the other). No push worker runs, so queued pushes stay where the test can see them.
 *
 * Needs PostgreSQL: two nodes in one process cannot share a SQLite file, because SQLite waits for another
 * connection's write lock by blocking the thread, which also blocks the other node holding it.
 */
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createThrowawayPostgresDatabase } from '../store/test-stores.ts';
import { deleteKeysUnder, openRawRedis, testRedisUrl, uniqueKeyPrefix } from '../bus/redis-test-env.ts';

const postgresConfigured = (process.env['HERALD_TEST_DATABASE_URL'] ?? '') !== '' || process.env['HERALD_TEST_STORE'] === 'postgres';
/** The `skip` option of a two-node test. */
export const twoNodesSkip = postgresConfigured ? false : 'needs PostgreSQL shared by two nodes: set HERALD_TEST_DATABASE_URL or HERALD_TEST_STORE=postgres (npm test does)';

export async function withTwoNodes(fn: (node1: TestServer, node2: TestServer) => Promise<void>): Promise<void> {
  const raw = await openRawRedis();
  const database = await createThrowawayPostgresDatabase();
  const redisKeyPrefix = uniqueKeyPrefix();
  const masterKey = randomBytes(32).toString('hex');
  const start = (nodeId: string) =>
    startTestServer({ worker: false, databaseUrl: database.url, redisKeyPrefix, config: { redisUrl: testRedisUrl(), nodeId, masterKey } });
  const servers: TestServer[] = [];
  try {
    servers.push(await start('node-1'));
    servers.push(await start('node-2'));
    await fn(servers[0]!, servers[1]!);
  } finally {
    for (const server of servers.reverse()) await server.close();
    await database.drop();
    await deleteKeysUnder(raw, redisKeyPrefix);
    raw.disconnect();
  }
}
