import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertMany } from '../../src/store/insert-many.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createTestApp, registerDevice, request, snapshot, v3, type TestApp } from './fixtures.ts';

describe('/v3/device/* (TPNS accounts and tags)', () => {
  let server: TestServer;
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    server = await startTestServer({ worker: false });
    app = await createTestApp(server);
    other = await createTestApp(server);
  });
  after(async () => server.close());

  const tokens = async (n: number, target = app) => Promise.all(Array.from({ length: n }, () => registerDevice(server, target).then((d) => d.token)));
  const accountsOf = async (token: string) => (await v3(server, app, '/device/account/query', { operator_type: 2, token_list: [token] })).body.token_accounts[0].account_list;
  const tagsOf = async (token: string) =>
    (await server.ctx.store.db.selectFrom('tag').select('tag').where('token', '=', token).orderBy('tag').execute()).map((r) => r.tag);

  it('account operator types 1–5 and both queries', async () => {
    const [t1, t2] = await tokens(2) as [string, string];
    const [foreign] = await tokens(1, other) as [string];
    const bind = await v3(server, app, '/device/account/batchoperate', {
      operator_type: 2, seq: 42,
      token_accounts: [
        { token: t1, account_list: [{ account: 'alice' }, { account: 'alice@x.com', account_type: 1005 }, { account: 'alice2' }] },
        { token: t2, account_list: [{ account: 'alice' }] },
        { token: foreign, account_list: [{ account: 'mallory' }] },
        { token: 'unknown-token', account_list: [{ account: 'x' }] },
      ],
    });
    assert.equal(bind.status, 200);
    assert.equal(bind.body.seq, 42);
    assert.deepEqual(bind.body.result, ['0', '0', '1008006', '1008006']);
    assert.equal(bind.body.ret_code, 1008026, 'partial failure');
    assert.deepEqual(await accountsOf(t1), [{ account: 'alice2', account_type: 0 }, { account: 'alice@x.com', account_type: 1005 }]);
    assert.equal((await server.ctx.store.db.selectFrom('account_binding').selectAll().where('token', '=', foreign).execute()).length, 0);

    const q1 = await v3(server, app, '/device/account/query', { operator_type: 1, account_list: [{ account: 'alice' }, { account: 'alice@x.com', account_type: 1005 }] }, 'sign');
    assert.equal(q1.body.retCode, 0);
    assert.deepEqual(q1.body.account_tokens, [
      { account: 'alice', account_type: 0, token_list: [t2] },
      { account: 'alice@x.com', account_type: 1005, token_list: [t1] },
    ]);

    const one = await v3(server, app, '/device/account/batchoperate', { operator_type: 1, token_accounts: [{ token: t1, account_list: [{ account: 'carol' }] }] });
    assert.equal(one.body.ret_code, 0);
    assert.deepEqual(await accountsOf(t1), [{ account: 'carol', account_type: 0 }], 'operator_type 1 overwrites like 2');

    await v3(server, app, '/device/account/batchoperate', { operator_type: 2, token_accounts: [{ token: t1, account_list: [{ account: 'carol' }, { account: 'c1', account_type: 1 }] }] });
    const three = await v3(server, app, '/device/account/batchoperate', { operator_type: 3, token_accounts: [{ token: t1, account_list: [{ account: 'carol' }] }] });
    assert.deepEqual(three.body.result, ['0']);
    assert.deepEqual(await accountsOf(t1), [{ account: 'c1', account_type: 1 }]);

    const four = await v3(server, app, '/device/account/batchoperate', { operator_type: 4, token_list: [t1, foreign] });
    assert.deepEqual(four.body.result, ['0', '1008006']);
    assert.deepEqual(await accountsOf(t1), []);

    const five = await v3(server, app, '/device/account/batchoperate', { operator_type: 5, account_list: [{ account: 'alice' }] });
    assert.deepEqual(five.body.result, ['0']);
    assert.deepEqual(await accountsOf(t2), []);

    const q2 = await v3(server, app, '/device/account/query', { operator_type: 2, token_list: [t2, foreign] });
    assert.deepEqual(q2.body.result, ['0', '1008006']);
    assert.deepEqual(q2.body.token_accounts[1], { token: foreign, account_list: [] });
  });

  it('binds an account to at most 100 tokens: the 101st fails for that item', async () => {
    const list = await tokens(101);
    for (let i = 0; i < 100; i += 20) {
      const res = await v3(server, app, '/device/account/batchoperate', { operator_type: 2, token_accounts: list.slice(i, i + 20).map((token) => ({ token, account_list: [{ account: 'popular' }] })) });
      assert.equal(res.body.ret_code, 0);
    }
    const last = await v3(server, app, '/device/account/batchoperate', { operator_type: 2, token_accounts: [{ token: list[100], account_list: [{ account: 'popular' }] }] });
    assert.deepEqual(last.body.result, ['1008007']);
    assert.equal(last.body.ret_code, 1008027);
    const q = await v3(server, app, '/device/account/query', { operator_type: 1, account_list: [{ account: 'popular' }] });
    assert.equal(q.body.account_tokens[0].token_list.length, 100);
    const tooMany = await v3(server, app, '/device/account/batchoperate', { operator_type: 2, token_accounts: list.slice(0, 21).map((token) => ({ token, account_list: [{ account: 'a' }] })) });
    assert.equal(tooMany.body.ret_code, 1008007);
  });

  it('tag operator types 1–10 and delete_all_device', async () => {
    const [a, b, c] = await tokens(3) as [string, string, string];
    const [foreign] = await tokens(1, other) as [string];
    const op = (body: Record<string, unknown>) => v3(server, app, '/device/tag', body);
    assert.equal((await op({ operator_type: 1, token_list: [a], tag_list: ['t1'] })).body.ret_code, 0);
    await op({ operator_type: 3, token_list: [a], tag_list: ['t2', 't3', 'city:sz'] });
    assert.deepEqual(await tagsOf(a), ['city:sz', 't1', 't2', 't3']);
    await op({ operator_type: 2, token_list: [a], tag_list: ['t1'] });
    await op({ operator_type: 4, token_list: [a], tag_list: ['t2', 'nope'] });
    assert.deepEqual(await tagsOf(a), ['city:sz', 't3']);
    await op({ operator_type: 6, token_list: [a], tag_list: ['city:bj', 'lang:zh'] });
    assert.deepEqual(await tagsOf(a), ['city:bj', 'lang:zh', 't3'], 'category:value tags replace only their categories');
    await op({ operator_type: 6, token_list: [a], tag_list: ['plain', 'city:gz'] });
    assert.deepEqual(await tagsOf(a), ['city:gz', 'plain'], 'otherwise every tag is replaced');
    await op({ operator_type: 5, token_list: [a] });
    assert.deepEqual(await tagsOf(a), []);
    await op({ operator_type: 7, token_list: [a, b, c], tag_list: ['group'] });
    assert.deepEqual([await tagsOf(a), await tagsOf(b), await tagsOf(c)], [['group'], ['group'], ['group']]);
    await op({ operator_type: 8, token_list: [a, b], tag_list: ['group'] });
    assert.deepEqual([await tagsOf(a), await tagsOf(b), await tagsOf(c)], [[], [], ['group']]);
    await op({ operator_type: 9, tag_token_list: [{ tag: 'x', token: a }, { tag: 'y', token: b }, { tag: 'group', token: b }] });
    assert.deepEqual([await tagsOf(a), await tagsOf(b)], [['x'], ['group', 'y']]);
    await op({ operator_type: 10, tag_token_list: [{ tag: 'y', token: b }] });
    assert.deepEqual(await tagsOf(b), ['group']);
    const all = await v3(server, app, '/device/tag/delete_all_device', { tag_list: ['group'], seq: 7 }, 'sign');
    assert.equal(all.body.ret_code, 0);
    assert.equal(all.body.seq, 7);
    assert.deepEqual([await tagsOf(b), await tagsOf(c), await tagsOf(a)], [[], [], ['x']]);

    const before = await snapshot(server);
    const foreignOp = await op({ operator_type: 7, token_list: [a, foreign], tag_list: ['z'] });
    assert.equal(foreignOp.body.ret_code, 1008006);
    assert.equal(await snapshot(server), before, "another app's token: nothing changes");
  });

  it('enforces the tag limits, changing nothing', async () => {
    const [a, b] = await tokens(2) as [string, string];
    const op = (body: Record<string, unknown>) => v3(server, app, '/device/tag', body);
    await op({ operator_type: 3, token_list: [a], tag_list: Array.from({ length: 100 }, (_, i) => `k${i}`) });
    let before = await snapshot(server);
    const over = await op({ operator_type: 1, token_list: [a], tag_list: ['k100'] });
    assert.equal(over.body.ret_code, 1008007);
    assert.equal(await snapshot(server), before, '100 tags per token');
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ operator_type: 1, token_list: [b], tag_list: ['x'.repeat(51)] }, 1008007],
      [{ operator_type: 7, token_list: Array.from({ length: 501 }, () => b), tag_list: ['a'] }, 1008007],
      [{ operator_type: 3, token_list: [b], tag_list: Array.from({ length: 501 }, (_, i) => `t${i}`) }, 1008007],
      [{ operator_type: 9, tag_token_list: Array.from({ length: 21 }, (_, i) => ({ tag: `p${i}`, token: b })) }, 1008007],
      [{ operator_type: 11, token_list: [b], tag_list: ['a'] }, 1008007],
      [{ operator_type: 1, token_list: [b] }, 1008002],
      [{ token_list: [b], tag_list: ['a'] }, 1008002],
      [{ operator_type: '1', token_list: [b], tag_list: ['a'] }, 1008007],
      [{ operator_type: 1, token_list: b, tag_list: ['a'] }, 1008007],
      [{ operator_type: 1, token_list: ['x'.repeat(37)], tag_list: ['a'] }, 1008007],
    ];
    for (const [body, code] of cases) assert.equal((await op(body)).body.ret_code, code, JSON.stringify(body).slice(0, 80));
    assert.equal(await snapshot(server), before);

    // 10,000 distinct tags per app: fill the app directly, then one more distinct tag is refused.
    const accessId = app.accessId;
    const existing = (await server.ctx.store.db.selectFrom('tag').select('tag').distinct().where('access_id', '=', accessId).execute()).length;
    const filler = await tokens(Math.ceil((10_000 - existing) / 100));
    const rows = [];
    for (let i = 0; rows.length < 10_000 - existing; i += 1) rows.push({ access_id: accessId, token: filler[Math.floor(i / 100)] as string, tag: `fill${i}`, tag_type: 'xg_user_define', created_at: 0 });
    await insertMany(server.ctx.store.db, 'tag', rows);
    before = await snapshot(server);
    const full = await op({ operator_type: 1, token_list: [b], tag_list: ['brand-new'] });
    assert.equal(full.body.ret_code, 1008007);
    assert.match(full.body.err_msg, /10000/);
    assert.equal(await snapshot(server), before);
    assert.equal((await op({ operator_type: 1, token_list: [b], tag_list: ['fill1'] })).body.ret_code, 0, 'an existing tag still binds');
  });

  it('refuses malformed, mistyped, oversize and unauthenticated requests with TPNS codes, changing nothing', async () => {
    const [t] = await tokens(1) as [string];
    const before = await snapshot(server);
    const url = `${server.url}/v3/device/account/batchoperate`;
    const basic = { authorization: `Basic ${Buffer.from(`${app.accessId}:${app.secretKey}`).toString('base64')}`, 'content-type': 'application/json' };
    const malformed = await request(url, { method: 'POST', headers: basic, raw: '{"operator_type": 2,' });
    assert.deepEqual([malformed.status, malformed.body.ret_code], [400, 1008001]);
    const oversize = await request(url, { method: 'POST', headers: basic, raw: JSON.stringify({ operator_type: 2, pad: 'x'.repeat(server.ctx.config.bodyLimitBytes) }) });
    assert.equal(oversize.status, 413);
    assert.equal(oversize.body.ret_code, 1008007);
    const noAuth = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, raw: '{}' });
    assert.deepEqual([noAuth.status, noAuth.body.ret_code], [401, 1008003]);
    const forged = await request(url, { method: 'POST', headers: { ...basic, authorization: `Basic ${Buffer.from(`${app.accessId}:${'0'.repeat(32)}`).toString('base64')}` }, raw: '{}' });
    assert.deepEqual([forged.status, forged.body.ret_code], [401, 1008003]);
    const crossed = await request(url, { method: 'POST', headers: { ...basic, authorization: `Basic ${Buffer.from(`${other.accessId}:${app.secretKey}`).toString('base64')}` }, raw: '{}' });
    assert.equal(crossed.body.ret_code, 1008003, "one app's SecretKey does not open another");
    const badSign = await request(url, { method: 'POST', headers: { accessid: String(app.accessId), timestamp: String(Math.floor(Date.now() / 1000)), sign: 'Zm9v', 'content-type': 'application/json' }, raw: '{}' });
    assert.equal(badSign.body.ret_code, 1008003);
    const query = await request(`${server.url}/v3/device/account/query`, { method: 'POST', headers: basic, raw: '{"operator_type":' });
    assert.equal(query.body.retCode, 1008001, 'account/query answers camel-case');
    const bodies: Array<[Record<string, unknown>, number]> = [
      [{ operator_type: 6 }, 1008007],
      [{}, 1008002],
      [{ operator_type: 2 }, 1008002],
      [{ operator_type: 2, token_accounts: [{ token: t, account_list: [{ account: 'a', account_type: 17 }] }] }, 1008007],
      [{ operator_type: 2, token_accounts: [{ token: t, account_list: [{ account: 5 }] }] }, 1008007],
      [{ operator_type: 2, token_accounts: [{ token: t, account_list: [{ account: 'x'.repeat(101) }] }] }, 1008007],
      [{ operator_type: 2, token_accounts: 'nope' }, 1008007],
      [{ operator_type: 4, token_list: [] }, 1008002],
    ];
    for (const [body, code] of bodies) {
      const res = await v3(server, app, '/device/account/batchoperate', body);
      assert.equal(res.body.ret_code, code, JSON.stringify(body));
    }
    const notObject = await v3(server, app, '/device/tag', [1, 2]);
    assert.equal(notObject.body.ret_code, 1008007);
    assert.equal(await snapshot(server), before);
  });
});
