/**
 * Two nodes of one deployment (one PostgreSQL database, a data dir each) share the console's state through the
 * store: either node's setup token works on the other, sign-in failures on both add up to one limit, and a
 * session made on one is known to, and ended by, the other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createThrowawayPostgresDatabase } from '../store/test-stores.ts';
import { twoNodesSkip } from '../cross-node/two-nodes.ts';
import { PASSWORD, call, expectCode, readSetupToken, sameOrigin, signIn } from './console-fixtures.ts';

async function withTwoNodes(fn: (node1: TestServer, node2: TestServer) => Promise<void>): Promise<void> {
  const database = await createThrowawayPostgresDatabase();
  const servers: TestServer[] = [];
  try {
    servers.push(await startTestServer({ worker: false, databaseUrl: database.url }));
    servers.push(await startTestServer({ worker: false, databaseUrl: database.url }));
    await fn(servers[0]!, servers[1]!);
  } finally {
    for (const server of servers.reverse()) await server.close();
    await database.drop();
  }
}

test('the setup token, sign-in failures and sessions are shared by the nodes', { skip: twoNodesSkip }, () =>
  withTwoNodes(async (node1, node2) => {
    const token2 = readSetupToken(node2);
    assert.notEqual(readSetupToken(node1), token2, 'each node made its own token');
    const setup = await call(node1, 'POST', '/console/api/setup', { body: { setupToken: token2, username: 'root', password: PASSWORD }, headers: sameOrigin(node1) });
    assert.equal(setup.status, 201, setup.text);
    assert.deepEqual((await call(node2, 'GET', '/console/api/setup')).body, { needed: false });

    const fail = (node: TestServer) => call(node, 'POST', '/console/api/session', { body: { username: 'root', password: 'wrong password!' }, headers: sameOrigin(node) });
    for (const node of [node1, node2, node1, node2, node1]) expectCode(await fail(node), 401, 'CONSOLE_SIGNIN_FAILED');
    expectCode(await call(node2, 'POST', '/console/api/session', { body: { username: 'root', password: PASSWORD }, headers: sameOrigin(node2) }), 429, 'CONSOLE_SIGNIN_RATE_LIMITED');
    await node1.ctx.store.db.deleteFrom('console_signin_throttle').execute();

    const s = await signIn(node1, 'root');
    const onNode2 = await call(node2, 'GET', '/console/api/session', { headers: s.read });
    assert.equal(onNode2.status, 200, onNode2.text);
    assert.equal(onNode2.body.csrfToken, s.csrfToken);
    const out = await call(node2, 'DELETE', '/console/api/session', { headers: { ...s.write, origin: node2.url } });
    assert.equal(out.status, 204, out.text);
    expectCode(await call(node1, 'GET', '/api/products', { headers: s.read }), 401, 'AUTH_ADMIN_REQUIRED');
  }));
