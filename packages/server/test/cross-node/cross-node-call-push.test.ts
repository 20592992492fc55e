/**
 * A call's queued offline push is stopped by the node that handles the cancel, not only by the node that queued
 * it: the invite is sent through node 2, cancelled through node 1, over one PostgreSQL database and one Redis.
 * No worker runs, so the push stays queued until the cancel finds it through the store.
 *
 * Needs PostgreSQL and Redis (two-nodes.ts; `npm test` provides both).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createMemoryStorage, createPushClient } from '@herald/sdk/push';
import { login } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { twoNodesSkip, withTwoNodes } from './two-nodes.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';


async function adminJson(server: TestServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${server.url}/api${path}`, {
    method, headers: { ...server.admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

test('a call cancelled through another node than the one that queued its push: the push is stopped', { skip: twoNodesSkip }, () =>
  withTwoNodes(async (node1, node2) => {
    const im = await createTestImApp(node1, { users: ['alice', 'bob'] });
    const product = await adminJson(node1, 'POST', '/products', {
      name: 'Calls', description: 'cross-node', category: 'tools', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: 'com.herald.calls' }],
    });
    assert.equal(product.status, 201, JSON.stringify(product.body));
    const accessId = Number(product.body['apps'][0]['accessId']);
    const keys = await adminJson(node1, 'GET', `/apps/${accessId}?reveal=1`);
    const auth = await adminJson(node1, 'POST', `/im/apps/${im.sdkAppId}/push-authorizations`, { accessId });
    assert.ok(auth.status === 200 || auth.status === 201, JSON.stringify(auth.body));
    const sdk = createPushClient({ accessId, accessKey: String(keys.body['accessKey']), endpoint: node1.url, storage: createMemoryStorage() });
    const token = await sdk.register({ vendorToken: randomBytes(32).toString('hex'), environment: 'product' });

    const bob = await login(node1, im, 'bob', 'bob-iphone', { appState: 'background' });
    const report = await bob.request('setOfflinePushConfig', { businessID: 0, token, isTPNSToken: true });
    assert.equal(report.code, 0, JSON.stringify(report));
    const aliceOnNode2 = await login(node2, im, 'alice', 'alice-phone');
    const aliceOnNode1 = await login(node1, im, 'alice', 'alice-pad');

    const invited = await aliceOnNode2.request('invite', { invitee: 'bob', data: '{"call_type":1}', timeout: 30 });
    assert.equal(invited.code, 0, JSON.stringify(invited));
    const inviteId = String(invited.data?.['inviteId']);
    const db = node1.ctx.store.db;
    let link;
    for (let i = 0; i < 200 && link === undefined; i++) {
      link = await db.selectFrom('im_call_push').select('push_id').where('invite_id', '=', inviteId).executeTakeFirst();
      if (link === undefined) await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(link !== undefined, 'node 2 queued the call push');
    assert.equal((await db.selectFrom('push_task').select('status').where('push_id', '=', link.push_id).executeTakeFirstOrThrow()).status, 'PUSH_INIT');

    const cancelled = await aliceOnNode1.request('cancel', { inviteId });
    assert.equal(cancelled.code, 0, JSON.stringify(cancelled));
    const task = await db.selectFrom('push_task').select('status').where('push_id', '=', link.push_id).executeTakeFirstOrThrow();
    assert.equal(task.status, 'PUSH_DELETED_PUSH_MSG');
    assert.equal((await db.selectFrom('im_call_push').select('push_id').where('invite_id', '=', inviteId).execute()).length, 0);
    for (const c of [bob, aliceOnNode1, aliceOnNode2]) await c.close();
  }));
