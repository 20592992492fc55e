/**
 * The console's IM lists (GET /api/im/apps/:sdkAppId/users and …/groups) on a real server: accounts a page at a
 * time by UserID with each device's state under Tencent's names (a device logged in over the chat socket, then in
 * the background), the UserID prefix, groups with type and member count, and another IM app's rows kept out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importAccount } from '../../src/im/identity/im-user-service.ts';
import { insertGroup, login, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp, waitForState } from '../ws/ws-test-client.ts';
import { admin } from '../push-management/fixtures.ts';

describe('IM users and groups for the console', () => {
  it('pages the accounts by UserID with their devices, narrows by prefix, and keeps other apps out', () => withServer(async (server) => {
    const im = await createTestImApp(server, { users: ['alice', 'bob'] });
    const other = await createTestImApp(server, { users: ['alice', 'mallory'] });
    for (let i = 0; i < 23; i += 1) await importAccount(server.ctx, im.sdkAppId, { userId: `user-${String(i).padStart(2, '0')}`, nick: `User ${i}` });
    await importAccount(server.ctx, im.sdkAppId, { userId: 'alice', nick: 'Alice' });
    const phone = await login(server, im, 'alice', 'alice-phone');
    await login(server, other, 'alice', 'mallory-phone', { platform: 'Android' });
    const res = await phone.request('setAppState', { state: 'background' });
    assert.equal(res.code, 0, JSON.stringify(res));
    await waitForState(server, im.sdkAppId, 'alice', 'alice-phone', 'background');

    const first = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/users?limit=2`);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.total, 25);
    assert.deepEqual(first.body.users.map((u: { userId: string }) => u.userId), ['alice', 'bob']);
    const alice = first.body.users[0];
    assert.equal(alice.nickname, 'Alice');
    assert.deepEqual(alice.devices.map((d: { deviceId: string; state: string; platform: string }) => [d.deviceId, d.state, d.platform]), [['alice-phone', 'Background', 'iOS']]);
    assert.ok(!first.text.includes('mallory'), "IM app B's device and accounts stay out");

    const page = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/users?prefix=user-&offset=20&limit=10`);
    assert.equal(page.body.total, 23);
    assert.deepEqual(page.body.users.map((u: { userId: string }) => u.userId), ['user-20', 'user-21', 'user-22']);
    assert.deepEqual([page.body.prefix, page.body.offset, page.body.limit], ['user-', 20, 10]);
    const exactCase = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/users?prefix=USER-`);
    assert.equal(exactCase.body.total, 0, 'UserIDs are case-sensitive');

    phone.close();
    await waitForState(server, im.sdkAppId, 'alice', 'alice-phone', 'push_online');
    const later = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/users?prefix=alice`);
    assert.equal(later.body.users[0].devices[0].state, 'PushOnline');

    const unknown = await admin(server, 'GET', '/im/apps/1399999999/users');
    assert.equal(unknown.body.code, 'IM_APP_UNKNOWN');
    for (const bad of ['limit=0', 'limit=101', 'offset=-1', `prefix=${'x'.repeat(33)}`]) {
      const r = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/users?${bad}`);
      assert.equal(r.body.code, 'REQUEST_PARAM_INVALID', bad);
    }
  }));

  it('pages the groups by group ID with type and member count', () => withServer(async (server) => {
    const im = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    const other = await createTestImApp(server, { users: ['mallory'] });
    await insertGroup(server, im.sdkAppId, 'team', ['alice', 'bob', 'carol'], { type: 'Work', name: 'Team' });
    await insertGroup(server, im.sdkAppId, 'town-hall', ['alice'], { type: 'Public', name: 'Town hall' });
    await insertGroup(server, other.sdkAppId, 'secret', ['mallory'], { type: 'Work', name: 'Secret plans' });

    const all = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/groups`);
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.total, 2);
    assert.deepEqual(all.body.groups.map((g: { groupId: string; type: string; name: string; memberCount: number; owner: string }) => [g.groupId, g.type, g.name, g.memberCount, g.owner]), [
      ['team', 'Work', 'Team', 3, 'alice'],
      ['town-hall', 'Public', 'Town hall', 1, 'alice'],
    ]);
    assert.ok(!all.text.includes('Secret plans'));
    const narrowed = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/groups?prefix=town&limit=1`);
    assert.deepEqual(narrowed.body.groups.map((g: { groupId: string }) => g.groupId), ['town-hall']);
  }));
});
