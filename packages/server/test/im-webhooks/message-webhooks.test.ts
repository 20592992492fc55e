/**
 * IM message webhooks against a real loopback endpoint (node:http): the settings API, the query (SdkAppid,
 * CallbackCommand, contenttype, ClientIP, OptPlatform, Sign/RequestTime recomputed here), the C2C before-send
 * verdicts (allow, replace, refuse, drop, the app's own code, timeouts under both policies), the after-send
 * report with UnreadMsgNum, ForbidCallbackControl, retries and tenancy. Runs on SQLite, and on PostgreSQL with
 * HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { login, text } from '../helpers/im-fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, v4 } from '../im-identity/fixtures.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { allow, startWebhookEndpoint, type ReceivedCall, type WebhookEndpoint } from './webhook-endpoint.ts';

const TOKEN = 'hook-token-123';
const C2C_ALL = ['C2C.CallbackBeforeSendMsg', 'C2C.CallbackAfterSendMsg'];

async function withWorld(fn: (w: { server: TestServer; hook: WebhookEndpoint; app: TestImApp }) => Promise<void>, config: Record<string, unknown> = {}): Promise<void> {
  const server = await startTestServer({ worker: false, config: { imWebhookTimeoutMs: 400, ...config } });
  const hook = await startWebhookEndpoint();
  try {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    await fn({ server, hook, app });
  } finally {
    await server.close();
    await hook.close();
  }
}

async function setHook(server: TestServer, app: { sdkAppId: number }, body: Record<string, unknown>) {
  const res = await admin(server, 'PUT', `/im/apps/${app.sdkAppId}/callback`, body);
  assert.equal(res.status, 200, res.text);
  return res.body as Record<string, unknown>;
}

const restApp = (app: TestImApp) => ({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, admins: ['administrator'] });
const rest = (server: TestServer, app: TestImApp, body: Record<string, unknown>) =>
  v4(server, restApp(app) as never, 'openim/sendmsg', { MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'rest' } }], ...body });
const storedRows = (server: TestServer, app: TestImApp, random: number) =>
  server.ctx.store.db.selectFrom('im_c2c_message').selectAll().where('sdk_app_id', '=', app.sdkAppId).where('random', '=', random).execute();
const byRandom = (command: string, random: number) => (c: ReceivedCall) => c.command === command && c.body['MsgRandom'] === random;

test('the settings API stores the URL, commands and policy, never shows the token, and is per app', () =>
  withWorld(async ({ server, hook, app }) => {
    const other = await createTestImApp(server);
    const empty = (await admin(server, 'GET', `/im/apps/${app.sdkAppId}/callback`)).body;
    assert.deepEqual(empty, { sdkAppId: app.sdkAppId, url: null, tokenSet: false, commands: [], deliverOnTimeout: true });
    const put = await setHook(server, app, { url: hook.url, token: TOKEN, commands: C2C_ALL, deliverOnTimeout: false });
    assert.deepEqual(put, { sdkAppId: app.sdkAppId, url: hook.url, tokenSet: true, commands: C2C_ALL, deliverOnTimeout: false });
    const got = await admin(server, 'GET', `/im/apps/${app.sdkAppId}/callback`);
    assert.ok(!got.text.includes(TOKEN), got.text);
    const sealed = await server.ctx.store.db.selectFrom('im_app').select('callback_token_sealed').where('sdk_app_id', '=', app.sdkAppId).executeTakeFirstOrThrow();
    assert.ok(sealed.callback_token_sealed !== null && !sealed.callback_token_sealed.includes(TOKEN), 'the token is sealed at rest');
    // Without `token` the current one stays; null removes it.
    assert.equal((await setHook(server, app, { url: hook.url, commands: ['C2C.CallbackAfterSendMsg'] }))['tokenSet'], true);
    assert.equal((await setHook(server, app, { url: hook.url, token: null, commands: [] }))['tokenSet'], false);
    assert.deepEqual((await admin(server, 'GET', `/im/apps/${other.sdkAppId}/callback`)).body['url'], null, "another app's settings are untouched");
    for (const bad of [
      { url: 'ftp://example.com/x', commands: [] },
      { url: 'not a url', commands: [] },
      { url: hook.url, commands: ['Group.CallbackAfterCreateGroup'] },
      { url: hook.url, commands: ['C2C.CallbackAfterSendMsg', 'C2C.CallbackAfterSendMsg'] },
      { url: hook.url },
    ]) {
      const res = await admin(server, 'PUT', `/im/apps/${app.sdkAppId}/callback`, bad);
      assert.ok(res.status === 400 && /^REQUEST_PARAM_(INVALID|MISSING)$/.test(res.body?.code), `${JSON.stringify(bad)}: ${res.text}`);
    }
    assert.equal((await admin(server, 'PUT', '/im/apps/1399999999/callback', { url: hook.url, commands: [] })).body?.code, 'IM_APP_UNKNOWN');
    assert.equal((await admin(server, 'DELETE', `/im/apps/${app.sdkAppId}/callback`)).status, 204);
    assert.deepEqual((await admin(server, 'GET', `/im/apps/${app.sdkAppId}/callback`)).body, empty);
  }));

test('before-send and after-send carry Tencent fields, a Sign recomputable from the token, and UnreadMsgNum', () =>
  withWorld(async ({ server, hook, app }) => {
    await setHook(server, app, { url: hook.url, token: TOKEN, commands: C2C_ALL });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const sent = await alice.request('sendMessage', { to: 'bob', elements: text('hello'), random: 501, cloudCustomData: 'cc' });
    assert.equal(sent.code, 0, JSON.stringify(sent));
    const before = await hook.next(byRandom('C2C.CallbackBeforeSendMsg', 501));
    const q = before.query;
    assert.equal(q.get('SdkAppid'), String(app.sdkAppId));
    assert.equal(q.get('contenttype'), 'json');
    assert.equal(q.get('OptPlatform'), 'iOS');
    assert.ok(q.has('ClientIP'));
    const requestTime = Number(q.get('RequestTime'));
    assert.ok(Math.abs(requestTime - Date.now() / 1000) < 60, `RequestTime is unix seconds: ${requestTime}`);
    assert.equal(q.get('Sign'), createHash('sha256').update(`${TOKEN}${q.get('RequestTime')}`).digest('hex'));
    assert.deepEqual(before.body, {
      CallbackCommand: 'C2C.CallbackBeforeSendMsg', From_Account: 'alice', To_Account: 'bob', MsgSeq: 1, MsgRandom: 501,
      MsgTime: Math.floor(Number(sent.data?.['time']) / 1000), MsgKey: sent.data?.['msgKey'], OnlineOnlyFlag: 0,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }], CloudCustomData: 'cc',
    });
    const after = await hook.next(byRandom('C2C.CallbackAfterSendMsg', 501));
    assert.equal(after.body['CallbackCommand'], 'C2C.CallbackAfterSendMsg');
    assert.equal(after.body['SendMsgResult'], 0);
    assert.equal(after.body['ErrorInfo'], 'send msg succeed');
    assert.equal(after.body['UnreadMsgNum'], 1);
    assert.equal(after.body['MsgSeq'], sent.data?.['seq']);
    assert.equal(after.body['MsgKey'], sent.data?.['msgKey']);
    assert.equal((await bob.nextEvent('message'))['msgKey'], sent.data?.['msgKey']);
    // The REST path names itself RESTAPI and the caller's IP; UnreadMsgNum counts bob's whole one-to-one unread.
    const viaRest = await rest(server, app, { From_Account: 'carol', To_Account: 'bob', MsgRandom: 502 });
    assert.equal(viaRest.body?.ActionStatus, 'OK', viaRest.text);
    const restBefore = await hook.next(byRandom('C2C.CallbackBeforeSendMsg', 502));
    assert.equal(restBefore.query.get('OptPlatform'), 'RESTAPI');
    assert.equal(restBefore.query.get('ClientIP'), '127.0.0.1');
    assert.equal((await hook.next(byRandom('C2C.CallbackAfterSendMsg', 502))).body['UnreadMsgNum'], 2);
    await alice.close();
    await bob.close();
  }));

test('an allow verdict may replace the body; an invalid replacement is ignored and the original goes out', () =>
  withWorld(async ({ server, hook, app }) => {
    await setHook(server, app, { url: hook.url, commands: C2C_ALL });
    hook.answer = (call) => {
      if (call.command !== 'C2C.CallbackBeforeSendMsg') return { json: allow };
      if (call.body['MsgRandom'] === 601) return { json: { ...allow, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }], CloudCustomData: 'rewritten' } };
      return { json: { ...allow, MsgBody: [{ MsgType: 'TIMNopeElem', MsgContent: {} }], CloudCustomData: 5 } };
    };
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('a bad word'), random: 601 })).code, 0);
    const got = await bob.nextEvent('message');
    assert.deepEqual(got['elements'], text('***'));
    assert.equal(got['cloudCustomData'], 'rewritten');
    const rows = await storedRows(server, app, 601);
    assert.ok(rows.length === 2 && rows.every((r) => JSON.parse(r.elements_json)[0].content.text === '***'), 'both copies store the replacement');
    const after = await hook.next(byRandom('C2C.CallbackAfterSendMsg', 601));
    assert.deepEqual(after.body['MsgBody'], [{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }]);
    assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('original'), random: 602 })).code, 0);
    const kept = await bob.nextEvent('message');
    assert.deepEqual(kept['elements'], text('original'));
    assert.equal(kept['cloudCustomData'], undefined);
    await alice.close();
    await bob.close();
  }));

test('refuse (20006), the app\'s own code (120001-130000) and a silent drop', () =>
  withWorld(async ({ server, hook, app }) => {
    await setHook(server, app, { url: hook.url, commands: C2C_ALL });
    hook.answer = (call) => {
      const r = call.body['MsgRandom'];
      if (call.command !== 'C2C.CallbackBeforeSendMsg') return { json: allow };
      if (r === 701 || r === 711) return { json: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'not allowed' } };
      if (r === 702 || r === 712) return { json: { ActionStatus: 'OK', ErrorCode: 125_000, ErrorInfo: 'custom refusal' } };
      if (r === 703 || r === 713) return { json: { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' } };
      return { json: allow };
    };
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const refused = await alice.request('sendMessage', { to: 'bob', elements: text('x'), random: 701 });
    assert.equal(refused.code, 20006);
    assert.equal(refused.codeName, 'IM_MSG_REJECTED_BY_CALLBACK');
    const custom = await alice.request('sendMessage', { to: 'bob', elements: text('x'), random: 702 });
    assert.equal(custom.code, 125_000);
    assert.equal(custom.codeName, 'IM_MSG_CALLBACK_CUSTOM_ERROR');
    assert.equal(custom.message, 'custom refusal');
    const dropped = await alice.request('sendMessage', { to: 'bob', elements: text('x'), random: 703 });
    assert.equal(dropped.code, 0, JSON.stringify(dropped));
    assert.equal(typeof dropped.data?.['msgKey'], 'string');
    for (const r of [701, 702, 703]) assert.equal((await storedRows(server, app, r)).length, 0, `random ${r} stored nothing`);
    // The same verdicts on /v4: Tencent's FAIL envelope with the code passed through.
    const restRefused = await rest(server, app, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 711 });
    assert.deepEqual([restRefused.body?.ActionStatus, restRefused.body?.ErrorCode, restRefused.body?.ErrorInfo], ['FAIL', 20006, 'not allowed']);
    const restCustom = await rest(server, app, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 712 });
    assert.deepEqual([restCustom.body?.ActionStatus, restCustom.body?.ErrorCode, restCustom.body?.ErrorInfo], ['FAIL', 125_000, 'custom refusal']);
    const restDropped = await rest(server, app, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 713 });
    assert.equal(restDropped.body?.ActionStatus, 'OK', restDropped.text);
    for (const r of [711, 712, 713]) assert.equal((await storedRows(server, app, r)).length, 0, `random ${r} stored nothing`);
    // Bob's next message is the one allowed after them: nothing refused or dropped reached him, nor an after-send.
    assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('ok'), random: 704 })).code, 0);
    assert.equal((await bob.nextEvent('message'))['random'], 704);
    await hook.next(byRandom('C2C.CallbackAfterSendMsg', 704));
    assert.deepEqual(hook.calls.filter((c) => c.command === 'C2C.CallbackAfterSendMsg').map((c) => c.body['MsgRandom']), [704]);
    await alice.close();
    await bob.close();
  }));

test('no verdict (timeout, non-200, garbage): delivered when deliverOnTimeout, refused with 20006 otherwise', () =>
  withWorld(async ({ server, hook, app }) => {
    await setHook(server, app, { url: hook.url, commands: ['C2C.CallbackBeforeSendMsg'], deliverOnTimeout: true });
    const failures = new Map<number, 'hang' | { status?: number; raw?: string; json?: unknown }>([
      [801, 'hang'], [802, { status: 500, json: allow }], [803, { raw: 'not json' }], [804, { json: { ActionStatus: 'OK', ErrorCode: 7 } }],
      [811, 'hang'], [812, { status: 503, json: allow }], [813, { raw: '[1,2]' }], [814, { json: { ActionStatus: 'OK' } }],
    ]);
    hook.answer = (call) => failures.get(call.body['MsgRandom'] as number) ?? { json: allow };
    const alice = await login(server, app, 'alice', 'a1');
    for (const r of [801, 802, 803, 804]) {
      const started = Date.now();
      const res = await alice.request('sendMessage', { to: 'bob', elements: text('x'), random: r });
      assert.equal(res.code, 0, `${r}: ${JSON.stringify(res)}`);
      assert.equal((await storedRows(server, app, r)).length, 2, `${r} delivered`);
      assert.ok(Date.now() - started < 10_000, 'bounded by the webhook timeout');
    }
    await setHook(server, app, { url: hook.url, commands: ['C2C.CallbackBeforeSendMsg'], deliverOnTimeout: false });
    for (const r of [811, 812, 813, 814]) {
      const res = await alice.request('sendMessage', { to: 'bob', elements: text('x'), random: r });
      assert.equal(res.code, 20006, `${r}: ${JSON.stringify(res)}`);
      assert.equal((await storedRows(server, app, r)).length, 0);
    }
    // Never retried: one call per send.
    for (const r of [801, 811]) assert.equal(hook.calls.filter((c) => c.body['MsgRandom'] === r).length, 1);
    await alice.close();
  }));

test('ForbidCallbackControl skips the webhooks; a retry with the same random calls nothing again; SendMsgControl is honoured', () =>
  withWorld(async ({ server, hook, app }) => {
    await setHook(server, app, { url: hook.url, commands: C2C_ALL });
    const forbidden = await rest(server, app, {
      From_Account: 'alice', To_Account: 'bob', MsgRandom: 901, ForbidCallbackControl: ['ForbidBeforeSendMsgCallback', 'ForbidAfterSendMsgCallback'],
    });
    assert.equal(forbidden.body?.ActionStatus, 'OK', forbidden.text);
    const onlyAfter = await rest(server, app, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 902, ForbidCallbackControl: ['ForbidBeforeSendMsgCallback'] });
    assert.equal(onlyAfter.body?.ActionStatus, 'OK', onlyAfter.text);
    await hook.next(byRandom('C2C.CallbackAfterSendMsg', 902));
    const alice = await login(server, app, 'alice', 'a1');
    assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('once'), random: 903 })).code, 0);
    await hook.next(byRandom('C2C.CallbackAfterSendMsg', 903));
    const retry = await alice.request('sendMessage', { to: 'bob', elements: text('once'), random: 903 });
    assert.equal(retry.code, 0);
    assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('last'), random: 904 })).code, 0);
    await hook.next(byRandom('C2C.CallbackAfterSendMsg', 904));
    const seen = hook.calls.map((c) => `${c.command}:${c.body['MsgRandom']}`);
    assert.ok(!seen.some((s) => s.endsWith(':901')), `901 was forbidden: ${seen.join(' ')}`);
    assert.ok(!seen.includes('C2C.CallbackBeforeSendMsg:902'), seen.join(' '));
    assert.equal(seen.filter((s) => s.endsWith(':903')).length, 2, `one before and one after for 903: ${seen.join(' ')}`);
    // NoUnread: bob's unread does not count it; NoLastMsg: bob's conversation keeps its last message.
    const noUnread = await rest(server, app, { From_Account: 'carol', To_Account: 'bob', MsgRandom: 905, SendMsgControl: ['NoUnread'] });
    assert.equal(noUnread.body?.ActionStatus, 'OK', noUnread.text);
    const carolConv = await server.ctx.store.db.selectFrom('im_conversation').selectAll()
      .where('sdk_app_id', '=', app.sdkAppId).where('owner', '=', 'bob').where('peer', '=', 'carol').executeTakeFirstOrThrow();
    assert.equal(Number(carolConv.unread_count), 0);
    const lastBefore = (await server.ctx.store.db.selectFrom('im_conversation').select('last_message_json')
      .where('sdk_app_id', '=', app.sdkAppId).where('owner', '=', 'bob').where('peer', '=', 'alice').executeTakeFirstOrThrow()).last_message_json;
    const noLast = await rest(server, app, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 906, SendMsgControl: ['NoLastMsg'] });
    assert.equal(noLast.body?.ActionStatus, 'OK', noLast.text);
    const after = await server.ctx.store.db.selectFrom('im_conversation').selectAll()
      .where('sdk_app_id', '=', app.sdkAppId).where('owner', '=', 'bob').where('peer', '=', 'alice').executeTakeFirstOrThrow();
    assert.equal(after.last_message_json, lastBefore);
    assert.equal((await storedRows(server, app, 906)).length, 2, 'the NoLastMsg message is still stored');
    assert.equal(Number(after.unread_count), 5, 'and still unread (901, 902, 903, 904, 906)');
    const badControl = await rest(server, app, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 907, SendMsgControl: 'NoUnread' });
    assert.equal(badControl.body?.ErrorCode, 70402, badControl.text);
    await alice.close();
  }));

test("app A's webhook is never called for app B's messages, and batchsendmsg calls no webhook", () =>
  withWorld(async ({ server, hook, app }) => {
    const other = await createTestImApp(server, { users: ['alice', 'bob'] });
    await setHook(server, app, { url: hook.url, commands: C2C_ALL });
    const inB = await rest(server, other, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 1001 });
    assert.equal(inB.body?.ActionStatus, 'OK', inB.text);
    const batch = await v4(server, restApp(app) as never, 'openim/batchsendmsg', {
      From_Account: 'alice', To_Account: ['bob', 'carol'], MsgRandom: 1002, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'b' } }],
    });
    assert.equal(batch.body?.ActionStatus, 'OK', batch.text);
    const inA = await rest(server, app, { From_Account: 'alice', To_Account: 'bob', MsgRandom: 1003 });
    assert.equal(inA.body?.ActionStatus, 'OK', inA.text);
    await hook.next(byRandom('C2C.CallbackAfterSendMsg', 1003));
    assert.ok(hook.calls.every((c) => c.query.get('SdkAppid') === String(app.sdkAppId) && c.body['MsgRandom'] === 1003), JSON.stringify(hook.calls.map((c) => c.body)));
  }));
