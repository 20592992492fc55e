/**
 * Joins racing for the last places of a group: exactly the free places are taken, the rest get IM_GROUP_FULL,
 * member_count equals the member rows, and the join tips have gap-free seqs. Run it on both stores (SQLite by
 * default, PostgreSQL with HERALD_TEST_STORE=postgres, where the joins really run in parallel transactions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGroupService } from '../../src/im/groups/group-service.ts';
import { login, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';
import { groupRow, memberRows, ok, storedTips } from './fixtures.ts';

const JOINERS = 30;
const MAX = 10;

test(`${JOINERS} users join a group with ${MAX - 1} free places at once over the socket`, () =>
  withServer(async (server) => {
    const users = Array.from({ length: JOINERS }, (_, i) => `j${String(i).padStart(2, '0')}`);
    const app = await createTestImApp(server, { users: ['owner', ...users] });
    const owner = await login(server, app, 'owner');
    const groupId = (await ok(owner, 'createGroup', { type: 'Meeting', name: 'race', maxMemberCount: MAX }))['groupId'] as string;
    const clients = await Promise.all(users.map((u) => login(server, app, u)));
    const results = await Promise.all(clients.map((c) => c.request('joinGroup', { groupId })));
    const joined = results.filter((r) => r.code === 0);
    const full = results.filter((r) => r.codeName === 'IM_GROUP_FULL');
    assert.equal(joined.length, MAX - 1, JSON.stringify(results.filter((r) => r.code !== 0 && r.codeName !== 'IM_GROUP_FULL')));
    assert.equal(full.length, JOINERS - (MAX - 1));
    const group = await groupRow(server, app.sdkAppId, groupId);
    const members = await memberRows(server, app.sdkAppId, groupId);
    assert.equal(group?.member_count, MAX);
    assert.equal(members.length, MAX);
    const tips = await storedTips(server, app.sdkAppId, groupId);
    assert.deepEqual(tips.map((t) => t.seq), Array.from({ length: MAX - 1 }, (_, i) => i + 1));
    assert.deepEqual(new Set(tips.map((t) => (t.userList as string[])[0])), new Set(members.filter((m) => m.role === 'Member').map((m) => m.user_id)));
    // Each joiner's join_seq is the seq just before its own join tip.
    for (const tip of tips) {
      const m = members.find((r) => r.user_id === (tip.userList as string[])[0])!;
      assert.equal(Number(m.join_seq), tip.seq - 1);
    }
    for (const c of [owner, ...clients]) await c.close();
  }));

test('joins, invitations and quits racing in the service keep member_count equal to the member rows', () =>
  withServer(async (server) => {
    const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const app = await createTestImApp(server, { users: ['owner', ...users] });
    const service = createGroupService(server.ctx);
    const group = await service.createGroup(app.sdkAppId, { type: 'Community', name: 'busy', owner: 'owner', ownerJoins: true, members: [], maxMemberCount: 25 });
    const op = { userId: 'owner', isAppAdmin: false };
    const tasks = users.map((u, i) => {
      if (i % 4 === 0) return service.addMembers(app.sdkAppId, op, group.group_id, [u, users[(i + 1) % users.length]!]);
      if (i % 4 === 3) return service.joinGroup(app.sdkAppId, u, group.group_id, '').then(() => service.quitGroup(app.sdkAppId, u, group.group_id));
      return service.joinGroup(app.sdkAppId, u, group.group_id, '');
    });
    const settled = await Promise.allSettled(tasks);
    for (const s of settled) {
      if (s.status === 'rejected') assert.ok(['IM_GROUP_FULL', 'IM_GROUP_ALREADY_MEMBER', 'IM_GROUP_NOT_MEMBER'].includes((s.reason as { code?: string }).code ?? ''), String(s.reason));
    }
    const row = await groupRow(server, app.sdkAppId, group.group_id);
    const members = await memberRows(server, app.sdkAppId, group.group_id);
    assert.equal(row?.member_count, members.length);
    assert.ok(members.length <= 25);
    const tips = await storedTips(server, app.sdkAppId, group.group_id);
    assert.deepEqual(tips.map((t) => t.seq), Array.from({ length: tips.length }, (_, i) => i + 1));
    assert.equal(Number(row?.last_seq), tips.length);
  }));
