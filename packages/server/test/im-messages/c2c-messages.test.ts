/**
 * C2C messages over real sockets against a real server (docs/protocol.md §7): live delivery, durable ack,
 * idempotent retries, sync on login, gap-free seqs under concurrency, online-only, unread, history, limits.
 * Runs on SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login, send, text, withServer } from '../helpers/im-fixtures.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { createTestImApp, loginData, openClient } from '../ws/ws-test-client.ts';

test('alice→bob reaches both of bob\'s devices and alice\'s other device, with seqs and unread', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice1 = await login(server, app, 'alice', 'a1');
    const alice2 = await login(server, app, 'alice', 'a2');
    const bob1 = await login(server, app, 'bob', 'b1');
    const bob2 = await login(server, app, 'bob', 'b2');
    const res = await send(alice1, 'bob', 'hello');
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.data?.['seq'], 1);
    assert.equal(res.data?.['inboxSeq'], 1);
    for (const c of [bob1, bob2]) {
      const m = await c.nextEvent('message');
      assert.equal(m['conversationId'], 'c2c_alice');
      assert.equal(m['seq'], 1);
      assert.equal(m['from'], 'alice');
      assert.equal(m['msgKey'], res.data?.['msgKey']);
      assert.deepEqual(m['elements'], text('hello'));
      assert.equal((await c.nextEvent('totalUnreadChanged'))['total'], 1);
    }
    const echo = await alice2.nextEvent('message');
    assert.equal(echo['conversationId'], 'c2c_bob');
    assert.equal(echo['msgKey'], res.data?.['msgKey']);
    const list = await bob1.request('getConversationList', {});
    const conv = (list.data?.['conversations'] as Array<Record<string, unknown>>)[0]!;
    assert.equal(conv['conversationId'], 'c2c_alice');
    assert.equal(conv['unreadCount'], 1);
    assert.equal((conv['lastMessage'] as Record<string, unknown>)['msgKey'], res.data?.['msgKey']);
    await send(alice1, 'bob', 'two');
    await send(alice1, 'bob', 'three', { isExcludedFromUnreadCount: true });
    assert.equal((await bob1.request('getTotalUnreadMessageCount')).data?.['total'], 2);
    const read = await bob1.request('markConversationRead', { conversationId: 'c2c_alice', seq: 1 });
    assert.equal(read.data?.['unreadCount'], 1);
    await bob1.request('markConversationRead', { conversationId: 'c2c_alice' });
    assert.equal((await bob1.request('getTotalUnreadMessageCount')).data?.['total'], 0);
    assert.equal((await alice1.request('getTotalUnreadMessageCount')).data?.['total'], 0);
    assert.equal((await bob1.request('pinConversation', { conversationId: 'c2c_alice', pinned: true })).code, 0);
    assert.equal((await bob1.request('deleteConversation', { conversationId: 'c2c_alice' })).code, 0);
    assert.deepEqual((await bob1.request('getConversationList', {})).data?.['conversations'], []);
    for (const c of [alice1, alice2, bob1, bob2]) await c.close();
  }));

test('a retry with the same random returns the stored message and stores no second row; another app is unreachable; oversize is 93000', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const other = await createTestImApp(server, { users: ['carol'] });
    const alice = await login(server, app, 'alice', 'a1');
    const first = await alice.request('sendMessage', { to: 'bob', elements: text('once'), random: 42 });
    const again = await alice.request('sendMessage', { to: 'bob', elements: text('once'), random: 42 });
    assert.equal(first.code, 0);
    assert.deepEqual(again.data, first.data);
    const rows = await server.ctx.store.db.selectFrom('im_c2c_message').selectAll().where('random', '=', 42).execute();
    assert.equal(rows.length, 2, 'one row in each inbox');
    const foreign = await alice.request('sendMessage', { to: 'carol', elements: text('hi'), random: 1 });
    assert.equal(foreign.codeName, 'IM_ACCOUNT_NOT_FOUND');
    assert.ok(other.sdkAppId !== app.sdkAppId);
    const big = await alice.request('sendMessage', { to: 'bob', elements: text('x'.repeat(13 * 1024)), random: 2 });
    assert.equal(big.code, 93000);
    assert.equal(big.codeName, 'IM_PACKET_TOO_LARGE');
    const bad = await alice.request('sendMessage', { to: 'bob', elements: [{ type: 'TIMNopeElem', content: {} }], random: 3 });
    assert.equal(bad.codeName, 'REQUEST_PARAM_INVALID');
    await alice.close();
  }));

test('an offline device logs in with its last inboxSeq and gets exactly what it missed, in order, then syncCompleted', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    await send(alice, 'bob', 'seen');
    const seen = await bob.nextEvent('message');
    await bob.close();
    for (let i = 0; i < 5; i += 1) assert.equal((await send(alice, 'bob', `missed ${i}`)).code, 0);
    const online = await send(alice, 'bob', 'volatile', { onlineUserOnly: true });
    assert.equal(online.code, 0);
    assert.equal(online.data?.['seq'], undefined);
    const back = await openClient(server);
    const res = await back.request('login', loginData(app, 'bob', 'b1', { sync: { inboxSeq: seen['inboxSeq'] } }));
    assert.equal(res.code, 0);
    const got: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 5; i += 1) got.push(await back.nextEvent('message'));
    const done = await back.nextEvent('syncCompleted');
    assert.deepEqual(got.map((m) => m['seq']), [2, 3, 4, 5, 6]);
    assert.deepEqual(got.map((m) => m['inboxSeq']), [2, 3, 4, 5, 6]);
    assert.ok(got.every((m) => m['sync'] === true));
    assert.deepEqual(got.map((m) => (m['elements'] as Array<{ content: { text: string } }>)[0]!.content.text), [0, 1, 2, 3, 4].map((i) => `missed ${i}`));
    assert.equal(done['inboxSeq'], 6);
    // Live after the sync; nothing replayed.
    await send(alice, 'bob', 'live');
    const live = await back.nextEvent('message');
    assert.equal(live['seq'], 7);
    assert.equal(live['sync'], undefined);
    const page = await back.request('sync', { inboxSeq: 1, limit: 3 });
    assert.deepEqual((page.data?.['messages'] as Array<{ inboxSeq: number }>).map((m) => m.inboxSeq), [2, 3, 4]);
    assert.equal(page.data?.['complete'], false);
    const fresh = await login(server, app, 'bob', 'b2', { sync: { fresh: true } });
    assert.equal((await fresh.nextEvent('syncCompleted'))['inboxSeq'], 7);
    const older = await back.request('getHistory', { conversationId: 'c2c_alice', direction: 'older', count: 3 });
    assert.deepEqual((older.data?.['messages'] as Array<{ seq: number }>).map((m) => m.seq), [5, 6, 7]);
    assert.equal(older.data?.['complete'], false);
    const older2 = await back.request('getHistory', { conversationId: 'c2c_alice', direction: 'older', fromSeq: 5, count: 10 });
    assert.deepEqual((older2.data?.['messages'] as Array<{ seq: number }>).map((m) => m.seq), [1, 2, 3, 4]);
    assert.equal(older2.data?.['complete'], true);
    const newer = await back.request('getHistory', { conversationId: 'c2c_alice', direction: 'newer', fromSeq: 4, count: 2 });
    assert.deepEqual((newer.data?.['messages'] as Array<{ seq: number }>).map((m) => m.seq), [5, 6]);
    const stored = await server.ctx.store.db.selectFrom('im_c2c_message').select('msg_key').where('owner', '=', 'bob').execute();
    assert.equal(stored.length, 7, 'the online-only message was never stored');
    for (const c of [alice, back, fresh]) await c.close();
  }));

test('sync {inboxSeq: 0} is everything; {fresh: true} is nothing old plus the cursor; any other form is REQUEST_PARAM_INVALID', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    // bob's device first synced with no messages at all: its cursor is 0.
    const first = await login(server, app, 'bob', 'b1', { sync: { fresh: true } });
    assert.equal((await first.nextEvent('syncCompleted'))['inboxSeq'], 0);
    await first.close();
    const alice = await login(server, app, 'alice', 'a1');
    for (let i = 0; i < 3; i += 1) assert.equal((await send(alice, 'bob', `offline ${i}`)).code, 0);
    const back = await login(server, app, 'bob', 'b1', { sync: { inboxSeq: 0 } });
    const got: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 3; i += 1) got.push(await back.nextEvent('message'));
    assert.deepEqual(got.map((m) => m['inboxSeq']), [1, 2, 3]);
    assert.ok(got.every((m) => m['sync'] === true));
    assert.equal((await back.nextEvent('syncCompleted'))['inboxSeq'], 3);
    const fresh = await login(server, app, 'bob', 'b2', { sync: { fresh: true } });
    assert.equal((await fresh.nextEvent('syncCompleted'))['inboxSeq'], 3);
    // The backlog would precede syncCompleted: the first message a fresh device sees is the next live one.
    assert.equal((await send(alice, 'bob', 'live')).code, 0);
    const live = await fresh.nextEvent('message');
    assert.equal(live['inboxSeq'], 4);
    assert.equal(live['sync'], undefined);
    const all = await back.request('sync', { inboxSeq: 0 });
    assert.deepEqual((all.data?.['messages'] as Array<{ inboxSeq: number }>).map((m) => m.inboxSeq), [1, 2, 3, 4]);
    assert.equal(all.data?.['complete'], true);
    for (const bad of [{}, { fresh: false }, { fresh: true, inboxSeq: 0 }, { inboxSeq: -1 }, { inboxSeq: '0' }, { fresh: 1 }, 0, [0]]) {
      const c = await openClient(server);
      const res = await c.request('login', loginData(app, 'bob', 'b3', { sync: bad }));
      assert.equal(res.codeName, 'REQUEST_PARAM_INVALID', JSON.stringify(bad));
      await c.close();
    }
    assert.equal((await back.request('sync', { fresh: true })).codeName, 'REQUEST_PARAM_MISSING');
    for (const c of [alice, back, fresh]) await c.close();
  }));

test('concurrent sends from several sockets get gap-free seqs in both inboxes', () =>
  withServer(async (server) => {
    const senders = ['s1', 's2', 's3', 's4'];
    const app = await createTestImApp(server, { users: ['bob', ...senders] });
    const clients = await Promise.all(senders.map((s) => login(server, app, s, 'd')));
    const bobs = await Promise.all([login(server, app, 'bob', 'b1'), login(server, app, 'bob', 'b2')]);
    const results = await Promise.all([
      ...clients.flatMap((c) => Array.from({ length: 10 }, (_, i) => send(c, 'bob', `m${i}`))),
      ...bobs.flatMap((c) => Array.from({ length: 5 }, (_, i) => send(c, 's1', `r${i}`))),
    ]);
    assert.ok(results.every((r) => r.code === 0), JSON.stringify(results.find((r) => r.code !== 0)));
    const inbox = await server.ctx.store.db.selectFrom('im_c2c_message').selectAll().where('owner', '=', 'bob').orderBy('inbox_seq').execute();
    assert.deepEqual(inbox.map((r) => Number(r.inbox_seq)), Array.from({ length: 50 }, (_, i) => i + 1));
    for (const peer of senders) {
      const seqs = inbox.filter((r) => r.peer === peer).map((r) => Number(r.seq)).sort((a, b) => a - b);
      assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    const s1 = await server.ctx.store.db.selectFrom('im_c2c_message').select('seq').where('owner', '=', 's1').orderBy('seq').execute();
    assert.deepEqual(s1.map((r) => Number(r.seq)), Array.from({ length: 20 }, (_, i) => i + 1));
    for (const c of [...clients, ...bobs]) await c.close();
  }));

test('a message is acknowledged only once stored: it survives a restart on the same SQLite file', { skip: process.env['HERALD_TEST_STORE'] === 'postgres' }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-c2c-'));
  try {
    const first = await startTestServer({ worker: false, config: { dataDir } });
    const app = await createTestImApp(first, { users: ['alice', 'bob'] });
    const alice = await login(first, app, 'alice', 'a1');
    const res = await send(alice, 'bob', 'durable');
    assert.equal(res.code, 0);
    await alice.close();
    await first.close();
    const second = await startTestServer({ worker: false, config: { dataDir } });
    try {
      const bob = await openClient(second);
      assert.equal((await bob.request('login', { ...loginData(app, 'bob', 'b1'), userSig: app.sig('bob'), sync: { inboxSeq: 0 } })).code, 0);
      const history = await bob.request('getHistory', { conversationId: 'c2c_alice', direction: 'older', count: 10 });
      const messages = history.data?.['messages'] as Array<Record<string, unknown>>;
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!['msgKey'], res.data?.['msgKey']);
      await bob.close();
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('/v4 sendmsg reaches a connected device; admin_getroammsg, batchsendmsg and get_c2c_unread_msg_num answer with Tencent fields', () =>
  withServer(async (server) => {
    const { v4 } = await import('../im-identity/fixtures.ts');
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const restApp = { sdkAppId: app.sdkAppId, secretKey: app.secretKey, admins: ['administrator'] };
    const bob = await login(server, app, 'bob', 'b1');
    const sent = await v4(server, restApp as never, 'openim/sendmsg', {
      From_Account: 'alice', To_Account: 'bob', MsgRandom: 7, SyncOtherMachine: 1,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'from rest' } }],
      OfflinePushInfo: { PushFlag: 0, Title: 'T', Desc: 'D' }, CloudCustomData: 'cc',
    });
    const body = sent.body as Record<string, unknown>;
    assert.equal(body['ActionStatus'], 'OK', JSON.stringify(body));
    assert.equal(typeof body['MsgKey'], 'string');
    assert.equal(typeof body['MsgTime'], 'number');
    const m = await bob.nextEvent('message');
    assert.equal(m['msgKey'], body['MsgKey']);
    assert.deepEqual(m['elements'], text('from rest'));
    assert.deepEqual(m['offlinePushInfo'], { title: 'T', desc: 'D', disablePush: false });
    const roam = (await v4(server, restApp as never, 'openim/admin_getroammsg', { Operator_Account: 'bob', Peer_Account: 'alice', MaxCnt: 10, MinTime: 0, MaxTime: 4_000_000_000 })).body as Record<string, unknown>;
    assert.equal(roam['Complete'], 1);
    assert.equal(roam['MsgCnt'], 1);
    const item = (roam['MsgList'] as Array<Record<string, unknown>>)[0]!;
    assert.equal(item['MsgKey'], body['MsgKey']);
    assert.equal(item['From_Account'], 'alice');
    assert.deepEqual(item['MsgBody'], [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'from rest' } }]);
    const batch = (await v4(server, restApp as never, 'openim/batchsendmsg', { From_Account: 'alice', To_Account: ['bob', 'nobody'], MsgRandom: 8, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'b' } }] })).body as Record<string, unknown>;
    assert.equal(batch['ActionStatus'], 'OK');
    assert.deepEqual(batch['ErrorList'], [{ To_Account: 'nobody', ErrorCode: 70107 }]);
    const unread = (await v4(server, restApp as never, 'openim/get_c2c_unread_msg_num', { To_Account: 'bob', Peer_Account: ['alice'] })).body as Record<string, unknown>;
    assert.equal(unread['AllC2CUnreadMsgNum'], 2);
    assert.deepEqual(unread['C2CUnreadMsgNumList'], [{ Peer_Account: 'alice', C2CUnreadMsgNum: 2 }]);
    await bob.close();
  }));
