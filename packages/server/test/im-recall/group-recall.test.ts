/**
 * Recalling group messages over real sockets (docs/protocol.md §12): the sender within the window, the owner or
 * an admin at any time, members refused for others' messages, non-members and AVChatRoom refused, @ mention
 * rows removed, the group's last message shown recalled, every member told; and the app admin over
 * `group_open_http_svc/group_msg_recall` with one RetCode per MsgSeq. SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertGroup, login, v4, withShiftClockServer } from '../helpers/im-fixtures.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';
import { eventWhere, storeGroupText } from './recall-fixtures.ts';

const recall = (seq: number, groupId = 'team') => ({ conversationId: `group_${groupId}`, seq });

test('the sender within the window and an admin at any time recall; everyone is told; mentions and the last message follow', () =>
  withShiftClockServer(async (server, clock) => {
    const app = await createTestImApp(server, { users: ['owner', 'admin', 'ann', 'ben', 'outsider'] });
    const id = app.sdkAppId;
    await insertGroup(server, id, 'team', ['owner', { userId: 'admin', role: 'Admin' }, 'ann', 'ben']);
    const ann = await login(server, app, 'ann', 'ann1');
    const ben = await login(server, app, 'ben', 'ben1');
    const owner = await login(server, app, 'owner', 'o1');
    const admin = await login(server, app, 'admin', 'ad1');
    const outsider = await login(server, app, 'outsider', 'x1');
    const m1 = await storeGroupText(server, id, 'team', 'ann', 'first', { atUserList: ['ben'] });
    const m2 = await storeGroupText(server, id, 'team', 'ben', 'second');
    const m3 = await storeGroupText(server, id, 'team', 'ann', 'third', { atUserList: ['ben', '__kImSDK_MesssageAtALL__'] });

    assert.equal((await ben.request('recallMessage', recall(1))).codeName, 'IM_GROUP_PERMISSION_DENIED', 'a member recalls only their own');
    assert.equal((await outsider.request('recallMessage', recall(1))).codeName, 'IM_GROUP_NOT_MEMBER');
    assert.equal((await ann.request('recallMessage', recall(9))).codeName, 'IM_GROUP_MSG_NOT_FOUND');
    assert.equal((await ann.request('recallMessage', recall(1, 'nope'))).codeName, 'IM_GROUP_NOT_FOUND');

    const res = await ann.request('recallMessage', recall(3));
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(res.data, { conversationId: 'group_team', seq: 3, msgKey: m3.msg_key });
    const views = new Map<string, Record<string, unknown>>();
    for (const [name, c] of [['ann', ann], ['ben', ben], ['owner', owner], ['admin', admin]] as const) {
      assert.deepEqual(await c.nextEvent('messageRevoked'), { conversationId: 'group_team', seq: 3, msgKey: m3.msg_key, revoker: 'ann' });
      const changed = await c.nextEvent('conversationChanged');
      const view = (changed['conversations'] as Array<Record<string, unknown>>)[0]!;
      assert.equal(view['conversationId'], 'group_team');
      const last = view['lastMessage'] as Record<string, unknown>;
      assert.equal(last['seq'], 3);
      assert.equal(last['recalled'], true);
      assert.deepEqual(last['elements'], []);
      views.set(name, view);
    }
    // Each member's own view: the recalled message no longer counts, nor does its mention.
    assert.equal(views.get('ben')!['unreadCount'], 1);
    assert.deepEqual(views.get('ben')!['groupAtInfoList'], [{ seq: 1, atType: 1 }]);
    assert.equal(views.get('owner')!['unreadCount'], 2);
    assert.deepEqual(views.get('owner')!['groupAtInfoList'], []);
    assert.equal((await ben.nextEvent('totalUnreadChanged'))['total'], 1);
    assert.equal((await owner.nextEvent('totalUnreadChanged'))['total'], 2);
    assert.equal((await ben.request('getTotalUnreadMessageCount')).data?.['total'], 1);
    const group = await server.ctx.store.db.selectFrom('im_group').select('last_message_json').where('sdk_app_id', '=', id).where('group_id', '=', 'team').executeTakeFirstOrThrow();
    assert.equal(JSON.parse(group.last_message_json!).recalled, true);
    const atRows = async () => (await server.ctx.store.db.selectFrom('im_group_at').select(['user_id', 'seq']).where('sdk_app_id', '=', id).orderBy('seq').orderBy('user_id').execute())
      .map((r) => `${r.user_id}@${Number(r.seq)}`);
    assert.deepEqual(await atRows(), ['ben@1'], 'the recalled mentions are gone, the others stay');
    assert.equal((await ann.request('recallMessage', recall(3))).code, 0, 'idempotent');

    // The window binds the sender, not the owner or an admin.
    clock.offsetMs += (server.ctx.config.imRecallWindowSeconds + 1) * 1000;
    assert.equal((await ann.request('recallMessage', recall(1))).codeName, 'IM_GROUP_RECALL_TIME_LIMIT');
    assert.equal((await admin.request('recallMessage', recall(1))).code, 0);
    assert.deepEqual(await ben.nextEvent('messageRevoked'), { conversationId: 'group_team', seq: 1, msgKey: m1.msg_key, revoker: 'admin' });
    assert.deepEqual(await atRows(), []);
    assert.equal((await owner.request('recallMessage', recall(2))).code, 0);
    assert.deepEqual(await eventWhere(ann, 'messageRevoked', (e) => e['seq'] === 2), { conversationId: 'group_team', seq: 2, msgKey: m2.msg_key, revoker: 'owner' });
    const rows = await server.ctx.store.db.selectFrom('im_group_message').select(['seq', 'recalled']).where('sdk_app_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => [Number(r.seq), Number(r.recalled)]), [[1, 1], [2, 1], [3, 1]], 'rows stay, seqs stay gap-free');
    for (const c of [ann, ben, owner, admin, outsider]) await c.close();
  }));

test('AVChatRoom and group tips cannot be recalled', () =>
  withShiftClockServer(async (server) => {
    const app = await createTestImApp(server, { users: ['host', 'fan'] });
    await insertGroup(server, app.sdkAppId, 'live', ['host', 'fan'], { type: 'AVChatRoom' });
    await insertGroup(server, app.sdkAppId, 'team', ['host', 'fan'], { type: 'Public' });
    await storeGroupText(server, app.sdkAppId, 'live', 'fan', 'hi');
    await storeGroupText(server, app.sdkAppId, 'team', 'host', 'tip', { isTip: true });
    const fan = await login(server, app, 'fan', 'f1');
    const host = await login(server, app, 'host', 'h1');
    assert.equal((await fan.request('recallMessage', recall(1, 'live'))).codeName, 'IM_GROUP_RECALL_UNSUPPORTED');
    assert.equal((await host.request('recallMessage', recall(1, 'live'))).codeName, 'IM_GROUP_RECALL_UNSUPPORTED');
    assert.equal((await host.request('recallMessage', recall(1, 'team'))).codeName, 'IM_GROUP_PERMISSION_DENIED');
    const rest = await v4(server, app, 'group_open_http_svc/group_msg_recall', { GroupId: 'live', MsgSeqList: [{ MsgSeq: 1 }] });
    assert.equal(rest['ErrorCode'], 10033, JSON.stringify(rest));
    const rows = await server.ctx.store.db.selectFrom('im_group_message').select('recalled').where('sdk_app_id', '=', app.sdkAppId).execute();
    assert.ok(rows.every((r) => Number(r.recalled) === 0));
    await fan.close();
    await host.close();
  }));

test('group_open_http_svc/group_msg_recall answers one RetCode per MsgSeq, at any age, only within the caller\'s app', () =>
  withShiftClockServer(async (server, clock) => {
    const app = await createTestImApp(server, { users: ['ann', 'ben'] });
    const other = await createTestImApp(server, { users: ['ann'] });
    await insertGroup(server, app.sdkAppId, 'team', ['ann', 'ben']);
    await insertGroup(server, other.sdkAppId, 'theirs', ['ann']);
    const m1 = await storeGroupText(server, app.sdkAppId, 'team', 'ben', 'one');
    await storeGroupText(server, app.sdkAppId, 'team', 'ben', 'two');
    await storeGroupText(server, other.sdkAppId, 'theirs', 'ann', 'private');
    const ann = await login(server, app, 'ann', 'a1');
    clock.offsetMs += 2 * 86_400_000;
    const res = await v4(server, app, 'group_open_http_svc/group_msg_recall', { GroupId: 'team', MsgSeqList: [{ MsgSeq: 1 }, { MsgSeq: 7 }, { MsgSeq: 1 }], Reason: 'spam' });
    assert.deepEqual(res, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', RecallRetList: [{ MsgSeq: 1, RetCode: 0 }, { MsgSeq: 7, RetCode: 10030 }, { MsgSeq: 1, RetCode: 0 }] });
    const ev = await eventWhere(ann, 'messageRevoked', () => true);
    assert.deepEqual(ev, { conversationId: 'group_team', seq: 1, msgKey: m1.msg_key, revoker: 'administrator', reason: 'spam' });
    // Another app's group of a name this app lacks, and this app's name in another app, stay out of reach.
    const foreign = await v4(server, app, 'group_open_http_svc/group_msg_recall', { GroupId: 'theirs', MsgSeqList: [{ MsgSeq: 1 }] });
    assert.equal(foreign['ErrorCode'], 10010, JSON.stringify(foreign));
    const theirs = await server.ctx.store.db.selectFrom('im_group_message').select('recalled').where('sdk_app_id', '=', other.sdkAppId).execute();
    assert.deepEqual(theirs.map((r) => Number(r.recalled)), [0]);
    for (const [body, code] of [
      [{ MsgSeqList: [{ MsgSeq: 1 }] }, 70402],
      [{ GroupId: 'team' }, 70402],
      [{ GroupId: 5, MsgSeqList: [{ MsgSeq: 1 }] }, 10004],
      [{ GroupId: 'team', MsgSeqList: [] }, 10004],
      [{ GroupId: 'team', MsgSeqList: [{ MsgSeq: 'x' }] }, 10004],
      [{ GroupId: 'team', MsgSeqList: Array.from({ length: 11 }, (_, i) => ({ MsgSeq: i + 1 })) }, 10004],
      [{ GroupId: 'team', MsgSeqList: [{ MsgSeq: 2 }], Reason: 7 }, 10004],
    ] as const) {
      const r = await v4(server, app, 'group_open_http_svc/group_msg_recall', body);
      assert.equal(r['ErrorCode'], code, `${JSON.stringify(body)} → ${JSON.stringify(r)}`);
    }
    const second = await server.ctx.store.db.selectFrom('im_group_message').select('recalled').where('sdk_app_id', '=', app.sdkAppId).where('seq', '=', 2).executeTakeFirstOrThrow();
    assert.equal(Number(second.recalled), 0, 'refused requests recall nothing');
    await ann.close();
  }));
