/**
 * recordPushOutcomes on the real store (SQLite, or PostgreSQL with HERALD_TEST_STORE=postgres): a page of group
 * members written in a few statements, one row per user replaced by newer decisions only, repeats in one call,
 * and the dispatch's own result type passed as it is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withServer } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import type { DevicePushResult } from '../../src/im/offline-push-dispatch/index.ts';
import { readPushOutcome, recordPushOutcomes, type UserPushOutcome } from '../../src/im/offline-push-check/record-push-outcome.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';

const T0 = 1_893_456_000_000;

function groupPage(users: number, offset = 0): UserPushOutcome[] {
  return Array.from({ length: users }, (_, i) => ({
    userId: `member_${i + offset}`, kind: 'group' as const, fromUser: 'owner', conversation: '@TGS#1big', messageRef: 42,
    devices: i % 3 === 0 ? [] : [{ deviceId: `d${i}`, reason: 'push' as const, pushId: `p${i}` }, { deviceId: `w${i}`, reason: 'device-foreground' as const }],
  }));
}

const rowCount = async (server: TestServer, sdkAppId: number) =>
  Number((await server.ctx.store.db.selectFrom('im_offline_push_outcome').select((eb) => eb.fn.countAll().as('n')).where('sdk_app_id', '=', sdkAppId).executeTakeFirstOrThrow()).n);

describe('recordPushOutcomes', () => {
  it('writes a page of 1200 members (more than one statement) and reads each back', () =>
    withServer(async (server) => {
      const im = await createTestImApp(server);
      const db = server.ctx.store.db;
      await recordPushOutcomes(db, im.sdkAppId, groupPage(1200), T0);
      assert.equal(await rowCount(server, im.sdkAppId), 1200);
      for (const i of [0, 1, 499, 500, 1199]) {
        const got = await readPushOutcome(db, im.sdkAppId, `member_${i}`);
        assert.deepEqual(got, {
          kind: 'group', fromUser: 'owner', conversation: '@TGS#1big', messageRef: '42', decidedAt: T0,
          devices: i % 3 === 0 ? [] : [{ deviceId: `d${i}`, reason: 'push', pushId: `p${i}` }, { deviceId: `w${i}`, reason: 'device-foreground' }],
        });
      }
      assert.equal(await readPushOutcome(db, im.sdkAppId, 'member_1200'), undefined);
    }));

  it('a newer decision replaces the row; an older one, written late, does not', () =>
    withServer(async (server) => {
      const im = await createTestImApp(server);
      const db = server.ctx.store.db;
      const c2c = (ref: string, reason: 'push' | 'do-not-disturb'): UserPushOutcome => ({
        userId: 'bob', kind: 'c2c', fromUser: 'alice', conversation: 'alice', messageRef: ref, devices: [{ deviceId: 'phone', reason }],
      });
      await recordPushOutcomes(db, im.sdkAppId, [c2c('1', 'push')], T0);
      await recordPushOutcomes(db, im.sdkAppId, [c2c('2', 'do-not-disturb')], T0 + 10);
      await recordPushOutcomes(db, im.sdkAppId, [c2c('late', 'push')], T0 + 5);
      const got = await readPushOutcome(db, im.sdkAppId, 'bob');
      assert.equal(got?.messageRef, '2');
      assert.equal(got?.decidedAt, T0 + 10);
      assert.deepEqual(got?.devices, [{ deviceId: 'phone', reason: 'do-not-disturb' }]);
      // The same time replaces (two messages decided in the same millisecond: the later call wins).
      await recordPushOutcomes(db, im.sdkAppId, [{ ...c2c('3', 'push'), kind: 'call', messageRef: 'invite-1' }], T0 + 10);
      assert.equal((await readPushOutcome(db, im.sdkAppId, 'bob'))?.kind, 'call');
      assert.equal(await rowCount(server, im.sdkAppId), 1);
    }));

  it('a user listed twice in one call keeps the last entry; a page across updates and inserts works', () =>
    withServer(async (server) => {
      const im = await createTestImApp(server);
      const db = server.ctx.store.db;
      await recordPushOutcomes(db, im.sdkAppId, groupPage(600), T0);
      const again = [...groupPage(700, 300), { ...groupPage(1, 350)[0]!, messageRef: 'last' }];
      await recordPushOutcomes(db, im.sdkAppId, again, T0 + 1);
      assert.equal(await rowCount(server, im.sdkAppId), 1000);
      assert.equal((await readPushOutcome(db, im.sdkAppId, 'member_350'))?.messageRef, 'last');
      assert.equal((await readPushOutcome(db, im.sdkAppId, 'member_299'))?.decidedAt, T0);
      assert.equal((await readPushOutcome(db, im.sdkAppId, 'member_999'))?.decidedAt, T0 + 1);
      await recordPushOutcomes(db, im.sdkAppId, [], T0 + 2);
      assert.equal(await rowCount(server, im.sdkAppId), 1000);
    }));

  it("takes the dispatch's results as they are, stores only what the check reads, and keeps IM apps apart", () =>
    withServer(async (server) => {
      const a = await createTestImApp(server);
      const b = await createTestImApp(server);
      const db = server.ctx.store.db;
      const results: DevicePushResult[] = [
        { deviceId: 'iphone', reason: 'push', pushId: 'push-1' },
        { deviceId: 'ipad', reason: 'token-refused' },
        { deviceId: 'old', reason: 'voip-certificate' },
      ];
      const extra = Object.assign({ deviceId: 'web', reason: 'no-push-app' as const }, { token: 'secret-token' });
      await recordPushOutcomes(db, a.sdkAppId, [{ userId: 'bob', kind: 'c2c', fromUser: 'alice', conversation: 'alice', messageRef: '7', devices: [...results, extra] }], T0);
      await recordPushOutcomes(db, b.sdkAppId, [{ userId: 'bob', kind: 'group', fromUser: 'eve', conversation: 'g', messageRef: '1', devices: [] }], T0 + 1);
      const stored = await db.selectFrom('im_offline_push_outcome').select('devices_json').where('sdk_app_id', '=', a.sdkAppId).where('user_id', '=', 'bob').executeTakeFirstOrThrow();
      assert.ok(!stored.devices_json.includes('secret-token'));
      assert.deepEqual((await readPushOutcome(db, a.sdkAppId, 'bob'))?.devices, [...results, { deviceId: 'web', reason: 'no-push-app' }]);
      assert.equal((await readPushOutcome(db, b.sdkAppId, 'bob'))?.fromUser, 'eve');
      assert.equal((await readPushOutcome(db, a.sdkAppId, 'bob'))?.fromUser, 'alice');
    }));
});
