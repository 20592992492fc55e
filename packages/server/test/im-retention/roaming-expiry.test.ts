/**
 * Roaming expiry (docs/protocol.md §12): with the clock moved past HERALD_IM_ROAMING_DAYS, C2C inbox rows,
 * group messages and their @ mention rows older than the period are deleted in bounded batches, newer ones
 * stay, counters stay (the next message continues the seqs), and reads simply start later. The background task
 * runs a pass when started and stops cleanly. SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expireRoamingMessages } from '../../src/im/retention/expire-roaming-messages.ts';
import { startRoamingExpiry } from '../../src/im/retention/roaming-expiry.ts';
import { insertGroup, login, v4, withShiftClockServer } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { storeGroupText } from '../im-recall/recall-fixtures.ts';

const DAY = 86_400_000;
let random = 1;

async function sendC2c(server: TestServer, app: TestImApp, from: string, to: string, t: string): Promise<void> {
  const r = await v4(server, app, 'openim/sendmsg', { From_Account: from, To_Account: to, MsgRandom: (random += 1), MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }] });
  assert.equal(r['ActionStatus'], 'OK', JSON.stringify(r));
}

async function counts(server: TestServer, sdkAppId: number) {
  const db = server.ctx.store.db;
  const c2c = await db.selectFrom('im_c2c_message').select(['owner', 'seq']).where('sdk_app_id', '=', sdkAppId).orderBy('owner').orderBy('seq').execute();
  const group = await db.selectFrom('im_group_message').select('seq').where('sdk_app_id', '=', sdkAppId).orderBy('seq').execute();
  const at = await db.selectFrom('im_group_at').select(['user_id', 'seq']).where('sdk_app_id', '=', sdkAppId).orderBy('seq').orderBy('user_id').execute();
  return {
    c2c: c2c.map((r) => `${r.owner}#${Number(r.seq)}`),
    group: group.map((r) => Number(r.seq)),
    at: at.map((r) => `${r.user_id}@${Number(r.seq)}`),
  };
}

test('messages older than the roaming period go in batches with their mentions; newer ones, counters and other reads stay', () =>
  withShiftClockServer(async (server, clock) => {
    assert.equal(server.ctx.config.imRoamingDays, 7);
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const id = app.sdkAppId;
    await insertGroup(server, id, 'team', ['alice', 'bob']);
    for (let i = 0; i < 3; i += 1) await sendC2c(server, app, 'alice', 'bob', `old ${i}`);
    await storeGroupText(server, id, 'team', 'alice', 'old a', { atUserList: ['bob'] });
    await storeGroupText(server, id, 'team', 'bob', 'old b', { atUserList: ['alice', '__kImSDK_MesssageAtALL__'] });
    await storeGroupText(server, id, 'team', 'bob', 'old c');
    clock.offsetMs += 6 * DAY;
    await sendC2c(server, app, 'bob', 'alice', 'recent');
    await storeGroupText(server, id, 'team', 'alice', 'recent', { atUserList: ['bob'] });

    // Not yet: the oldest are 6 days old.
    assert.deepEqual(await expireRoamingMessages(server.ctx, server.ctx.clock.now()), { c2cDeleted: 0, groupDeleted: 0 });
    clock.offsetMs += 2 * DAY;
    const before = await counts(server, id);
    assert.equal(before.c2c.length, 8);
    // Batches of 2 make the loop take several rounds.
    const result = await expireRoamingMessages(server.ctx, server.ctx.clock.now(), { batch: 2 });
    assert.deepEqual(result, { c2cDeleted: 6, groupDeleted: 3 });
    assert.deepEqual(await counts(server, id), { c2c: ['alice#4', 'bob#4'], group: [4], at: ['bob@4'] });

    const conversation = await server.ctx.store.db.selectFrom('im_conversation').select(['last_seq', 'unread_count'])
      .where('sdk_app_id', '=', id).where('owner', '=', 'bob').where('conversation_id', '=', 'c2c_alice').executeTakeFirstOrThrow();
    assert.equal(Number(conversation.last_seq), 4, 'the counter stays');
    const bob = await login(server, app, 'bob', 'b1');
    const history = await bob.request('getHistory', { conversationId: 'c2c_alice', count: 20 });
    assert.deepEqual((history.data?.['messages'] as Array<Record<string, unknown>>).map((m) => m['seq']), [4]);
    assert.equal(history.data?.['complete'], true);
    await sendC2c(server, app, 'alice', 'bob', 'next');
    assert.deepEqual((await counts(server, id)).c2c, ['alice#4', 'alice#5', 'bob#4', 'bob#5'], 'seqs are never reused');
    const group = await server.ctx.store.db.selectFrom('im_group').select('last_seq').where('sdk_app_id', '=', id).where('group_id', '=', 'team').executeTakeFirstOrThrow();
    assert.equal(Number(group.last_seq), 4);
    await bob.close();
  }));

test('the background task expires on start and stops cleanly', () =>
  withShiftClockServer(async (server, clock) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    await sendC2c(server, app, 'alice', 'bob', 'old');
    await insertGroup(server, app.sdkAppId, 'team', ['alice']);
    await storeGroupText(server, app.sdkAppId, 'team', 'alice', 'old', { atUserList: ['alice'] });
    clock.offsetMs += 8 * DAY;
    const task = startRoamingExpiry(server.ctx, { deliverToUser: async () => {}, deliverFrames: async () => {} });
    let left = await counts(server, app.sdkAppId);
    for (let i = 0; i < 1000 && left.c2c.length + left.group.length + left.at.length > 0; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
      left = await counts(server, app.sdkAppId);
    }
    await task.stop();
    assert.deepEqual(left, { c2c: [], group: [], at: [] });
    await task.stop();
  }));
