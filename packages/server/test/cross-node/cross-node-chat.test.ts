/**
 * Two Herald nodes of one deployment in this process: each its own server, store connection and Redis bus, over
 * one PostgreSQL database and one Redis (DESIGN.md §4, scaled out). Clients connect to either node; deliveries,
 * kicks and /v4 sends reach the node that holds the recipient.
 *
 * Needs PostgreSQL (HERALD_TEST_DATABASE_URL, or HERALD_TEST_STORE=postgres with the default URL): two nodes in
 * one process cannot share a SQLite file, because SQLite waits for another connection's write lock by blocking
 * the thread, which also blocks the other node holding it. Needs Redis (HERALD_TEST_REDIS_URL, default
 * redis://127.0.0.1:6379). `npm test` provides both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, send, text } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { twoNodesSkip, withTwoNodes } from './two-nodes.ts';
import { createTestImApp, deviceRow, loginData, openClient, waitForState, type TestImApp } from '../ws/ws-test-client.ts';

const skip = twoNodesSkip;

interface Deployment {
  node1: TestServer;
  node2: TestServer;
  app: TestImApp;
}

/** Two nodes with an IM app holding alice and bob. */
function withTwoNodesAndApp(fn: (d: Deployment) => Promise<void>): Promise<void> {
  return withTwoNodes(async (node1, node2) => fn({ node1, node2, app: await createTestImApp(node1, { users: ['alice', 'bob'] }) }));
}

test('a C2C message from alice on node 1 arrives live at bob on node 2, and at alice\'s other device there', { skip }, () =>
  withTwoNodesAndApp(async ({ node1, node2, app }) => {
    const alice = await login(node1, app, 'alice', 'a1');
    const aliceOther = await login(node2, app, 'alice', 'a2');
    const bob = await login(node2, app, 'bob', 'b1');
    assert.deepEqual(await node1.ctx.bus.nodesOf({ sdkAppId: app.sdkAppId, userId: 'bob' }), ['node-2']);
    const res = await send(alice, 'bob', 'across nodes');
    assert.equal(res.code, 0, JSON.stringify(res));
    const m = await bob.nextEvent('message');
    assert.equal(m['msgKey'], res.data?.['msgKey']);
    assert.equal(m['conversationId'], 'c2c_alice');
    assert.deepEqual(m['elements'], text('across nodes'));
    assert.equal((await bob.nextEvent('totalUnreadChanged'))['total'], 1);
    const echo = await aliceOther.nextEvent('message');
    assert.equal(echo['conversationId'], 'c2c_bob');
    assert.equal(echo['msgKey'], res.data?.['msgKey']);
    // And back: bob on node 2 → alice on node 1.
    const reply = await send(bob, 'alice', 'reply');
    assert.equal((await alice.nextEvent('message'))['msgKey'], reply.data?.['msgKey']);
    for (const c of [alice, aliceOther, bob]) await c.close();
  }));

test('logging in with the same deviceId on node 2 kicks the connection on node 1 (kickedOffline, 4002)', { skip }, () =>
  withTwoNodesAndApp(async ({ node1, node2, app }) => {
    const first = await login(node1, app, 'bob', 'phone');
    const second = await login(node2, app, 'bob', 'phone');
    assert.deepEqual(await first.nextEvent('kickedOffline'), { reason: 'loggedInAgain' });
    assert.equal((await first.closed).code, 4002);
    // The replaced connection's close on node 1 does not undo the login on node 2.
    assert.equal((await second.request('ping')).code, 0);
    const row = await deviceRow(node1, app.sdkAppId, 'bob', 'phone');
    assert.equal(row?.state, 'online');
    assert.equal(row?.node_id, 'node-2');
    assert.deepEqual(await node1.ctx.bus.nodesOf({ sdkAppId: app.sdkAppId, userId: 'bob' }, 'phone'), ['node-2']);
    const alice = await login(node1, app, 'alice', 'a1');
    const res = await send(alice, 'bob', 'to the new connection');
    assert.equal((await second.nextEvent('message'))['msgKey'], res.data?.['msgKey']);
    for (const c of [alice, second]) await c.close();
  }));

test('kickDevice on node 1 ends the device connected to node 2 (kickedOffline, 4001, offline)', { skip }, () =>
  withTwoNodesAndApp(async ({ node1, node2, app }) => {
    const phone = await login(node1, app, 'alice', 'phone');
    const tablet = await login(node2, app, 'alice', 'tablet');
    const res = await phone.request('kickDevice', { deviceId: 'tablet' });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(await tablet.nextEvent('kickedOffline'), { reason: 'kicked', byDeviceId: 'phone' });
    assert.equal((await tablet.closed).code, 4001);
    const row = await waitForState(node2, app.sdkAppId, 'alice', 'tablet', 'offline');
    assert.equal(row?.state, 'offline');
    assert.equal(row?.node_id, null);
    assert.equal((await phone.request('ping')).code, 0);
    await phone.close();
  }));

test('/v4 openim/sendmsg on node 1 reaches bob connected to node 2', { skip }, () =>
  withTwoNodesAndApp(async ({ node1, node2, app }) => {
    const { v4 } = await import('../im-identity/fixtures.ts');
    const bob = await login(node2, app, 'bob', 'b1');
    const restApp = { sdkAppId: app.sdkAppId, secretKey: app.secretKey, admins: ['administrator'] };
    const sent = await v4(node1, restApp as never, 'openim/sendmsg', {
      From_Account: 'alice', To_Account: 'bob', MsgRandom: 77, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'from rest on node 1' } }],
    });
    const body = sent.body as Record<string, unknown>;
    assert.equal(body['ActionStatus'], 'OK', JSON.stringify(body));
    const m = await bob.nextEvent('message');
    assert.equal(m['msgKey'], body['MsgKey']);
    assert.deepEqual(m['elements'], text('from rest on node 1'));
    await bob.close();
  }));

test('a node that stops leaves the deployment: its presence is gone and its users are reached where they reconnect', { skip }, () =>
  withTwoNodesAndApp(async ({ node1, node2, app }) => {
    const alice = await login(node1, app, 'alice', 'a1');
    const bob = await login(node2, app, 'bob', 'b1');
    const bobUser = { sdkAppId: app.sdkAppId, userId: 'bob' };
    assert.deepEqual(await node1.ctx.bus.nodesOf(bobUser), ['node-2']);
    await node2.close();
    assert.equal((await bob.closed).code, 1001, 'a stopping node says it is going away');
    assert.deepEqual(await node1.ctx.bus.nodesOf(bobUser), [], 'node 2 took its presence with it');
    const offline = await send(alice, 'bob', 'while away');
    assert.equal(offline.code, 0, JSON.stringify(offline));
    const back = await openClient(node1);
    const res = await back.request('login', loginData(app, 'bob', 'b1'));
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(await node1.ctx.bus.nodesOf(bobUser), ['node-1']);
    const live = await send(alice, 'bob', 'now on node 1');
    assert.equal((await back.nextEvent('message'))['msgKey'], live.data?.['msgKey']);
    for (const c of [alice, back]) await c.close();
  }));
