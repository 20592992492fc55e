import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createImApp, request, tencentSig, v4, v4Url, type JsonResponse, type TestImApp } from './fixtures.ts';

function failed(res: JsonResponse, errorCode: number): void {
  assert.equal(res.status, 200, 'Tencent answers every /v4 call with HTTP 200');
  assert.equal(res.body.ActionStatus, 'FAIL', res.text);
  assert.equal(res.body.ErrorCode, errorCode, res.text);
  assert.equal(typeof res.body.ErrorInfo, 'string');
}

function ok(res: JsonResponse): void {
  assert.equal(res.status, 200);
  assert.equal(res.body.ActionStatus, 'OK', res.text);
  assert.equal(res.body.ErrorCode, 0);
  assert.equal(res.body.ErrorInfo, '');
}

async function userCount(server: TestServer): Promise<number> {
  const row = await server.ctx.store.db.selectFrom('im_user').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

describe('IM REST API (/v4): auth, envelope and accounts', () => {
  let server: TestServer;
  let app: TestImApp;
  let other: TestImApp;
  before(async () => {
    server = await startTestServer({ worker: false });
    app = await createImApp(server, { admins: ['administrator', 'ops'] });
    other = await createImApp(server);
  });
  after(async () => server.close());

  it('refuses a URL without any of its required parameters (60002)', async () => {
    const good = { sdkappid: String(app.sdkAppId), identifier: 'administrator', usersig: tencentSig(app, 'administrator'), random: '99999999', contenttype: 'json' };
    for (const drop of Object.keys(good)) {
      const query: Record<string, string> = { ...good };
      delete query[drop];
      failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { query }), 60002);
    }
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { query: { ...good, contenttype: 'xml' } }), 60002);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { query: { ...good, random: 'abc' } }), 60002);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { query: { ...good, usersig: '' } }), 70002);
    assert.equal(await userCount(server), 0);
  });

  it('refuses a non-admin identifier (60010), a bad or foreign UserSig, and an unknown SDKAppID', async () => {
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { identifier: 'alice', userSig: tencentSig(app, 'alice') }), 60010);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { userSig: 'garbage' }), 70003);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { userSig: tencentSig(other, 'administrator') }), 70014);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { userSig: tencentSig({ sdkAppId: app.sdkAppId, secretKey: other.secretKey }, 'administrator') }), 70009);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x' }, { identifier: 'ops', userSig: tencentSig(app, 'administrator') }), 70013);
    failed(await v4(server, { ...app, sdkAppId: 1_399_000_001 }, 'im_open_login_svc/account_import', { UserID: 'x' }), 70020);
    assert.equal(await userCount(server), 0);
    ok(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'by_ops' }, { identifier: 'ops', userSig: tencentSig(app, 'ops') }));
  });

  it('caps the body at 12 KB (93000), needs JSON (60003) and a JSON object; an empty body must be {}', async () => {
    const before = await userCount(server);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'big', Nick: 'x'.repeat(12 * 1024) }), 93000);
    failed(await v4(server, app, 'im_open_login_svc/account_import', undefined, { raw: '{"UserID":' }), 60003);
    failed(await v4(server, app, 'im_open_login_svc/account_import', undefined, { raw: '' }), 60003);
    failed(await v4(server, app, 'im_open_login_svc/account_import', undefined, { raw: '["a"]' }), 60003);
    failed(await v4(server, app, 'im_open_login_svc/account_import', {}), 70402);
    assert.equal(await userCount(server), before);
    // Tencent's clients post JSON under other content types too.
    const query = { sdkappid: String(app.sdkAppId), identifier: 'administrator', usersig: tencentSig(app, 'administrator'), random: '1', contenttype: 'json' };
    const plain = await request(v4Url(server, 'im_open_login_svc/account_import', query), { method: 'POST', raw: '{"UserID":"form_posted"}', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    ok(plain);
  });

  it('imports accounts, checks them and reads their profiles, within the calling app only', async () => {
    ok(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'alice', Nick: 'Alice', FaceUrl: 'https://example.com/a.png' }));
    ok(await v4(server, app, 'im_open_login_svc/account_import', { Identifier: 'bob', Nick: 'Bob' }));
    // Re-import is idempotent and updates only the fields it carries.
    ok(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'bob', FaceUrl: 'https://example.com/b.png' }));
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'x'.repeat(33) }), 70402);
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'caf\u00e9' }), 70402);

    const multi = await v4(server, app, 'im_open_login_svc/multiaccount_import', { Accounts: ['carol', 'dave', 'bad\u00e9', 'carol'] });
    ok(multi);
    assert.deepEqual(multi.body.FailAccounts, ['bad\u00e9']);
    const multiNew = await v4(server, app, 'im_open_login_svc/multiaccount_import', { AccountList: [{ UserID: 'erin', Nick: 'Erin' }, { UserID: '' }] });
    ok(multiNew);
    assert.deepEqual(multiNew.body.FailAccounts, ['']);
    failed(await v4(server, app, 'im_open_login_svc/multiaccount_import', { Accounts: Array.from({ length: 101 }, (_, i) => `u${i}`) }), 70402);
    // Each form keeps its own entry shape: a bare string in AccountList, or an object in Accounts, fails.
    const mixed = await v4(server, app, 'im_open_login_svc/multiaccount_import', { AccountList: ['plain', { UserID: 'frank' }] });
    ok(mixed);
    assert.deepEqual(mixed.body.FailAccounts, ['plain']);
    const mixedOld = await v4(server, app, 'im_open_login_svc/multiaccount_import', { Accounts: [{ UserID: 'gina' }, 'hank'] });
    ok(mixedOld);
    assert.deepEqual(mixedOld.body.FailAccounts, ['{"UserID":"gina"}']);
    // A null UserID is a wrong value, not a reason to fall back to the older Identifier field.
    failed(await v4(server, app, 'im_open_login_svc/account_import', { UserID: null, Identifier: 'ivan' }), 70402);

    const check = await v4(server, app, 'im_open_login_svc/account_check', { CheckItem: [{ UserID: 'alice' }, { UserID: 'erin' }, { UserID: 'zed' }] });
    ok(check);
    assert.deepEqual(check.body.ResultItem, [
      { UserID: 'alice', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
      { UserID: 'erin', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
      { UserID: 'zed', ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
    ]);

    const profiles = await v4(server, app, 'profile/portrait_get', { To_Account: ['alice', 'bob', 'zed'], TagList: ['Tag_Profile_IM_Nick', 'Tag_Profile_IM_Image'] });
    ok(profiles);
    assert.deepEqual(profiles.body.UserProfileItem[0], {
      To_Account: 'alice', ResultCode: 0, ResultInfo: '',
      ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Alice' }, { Tag: 'Tag_Profile_IM_Image', Value: 'https://example.com/a.png' }],
    });
    assert.deepEqual(profiles.body.UserProfileItem[1].ProfileItem, [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Bob' }, { Tag: 'Tag_Profile_IM_Image', Value: 'https://example.com/b.png' }]);
    assert.equal(profiles.body.UserProfileItem[2].ResultCode, 40003);

    // The other app sees none of these accounts.
    const foreign = await v4(server, other, 'im_open_login_svc/account_check', { CheckItem: [{ UserID: 'alice' }, { UserID: 'bob' }] });
    assert.deepEqual(foreign.body.ResultItem.map((r: { AccountStatus: string }) => r.AccountStatus), ['NotImported', 'NotImported']);
    const foreignProfile = await v4(server, other, 'profile/portrait_get', { To_Account: ['alice'], TagList: ['Tag_Profile_IM_Nick'] });
    assert.equal(foreignProfile.body.UserProfileItem[0].ResultCode, 40003);
  });

  it('answers query_online_status with Tencent’s statuses and per-device detail', async () => {
    for (const UserID of ['olga', 'pete', 'quin']) ok(await v4(server, app, 'im_open_login_svc/account_import', { UserID }));
    const now = server.ctx.clock.now();
    const device = (userId: string, deviceId: string, platform: string, state: string) => ({
      sdk_app_id: app.sdkAppId, user_id: userId, device_id: deviceId, platform, state, node_id: null,
      logged_in_at: now, state_changed_at: now, last_seen_at: now,
    });
    await server.ctx.store.db.insertInto('im_device').values([
      device('olga', 'd1', 'ios', 'push_online'), device('olga', 'd2', 'web', 'online'),
      device('pete', 'd1', 'android', 'background'),
    ]).execute();
    const brief = await v4(server, app, 'openim/query_online_status', { To_Account: ['olga', 'pete', 'quin', 'nobody'] });
    ok(brief);
    assert.deepEqual(brief.body.QueryResult, [
      { To_Account: 'olga', Status: 'Online' }, { To_Account: 'pete', Status: 'PushOnline' }, { To_Account: 'quin', Status: 'Offline' },
    ]);
    assert.deepEqual(brief.body.ErrorList, [{ To_Account: 'nobody', ErrorCode: 70107 }]);
    const detail = await v4(server, app, 'openim/query_online_status', { To_Account: ['olga', 'quin'], IsNeedDetail: 1 });
    assert.deepEqual(detail.body.QueryResult, [
      { To_Account: 'olga', Status: 'Online', Detail: [{ Platform: 'iPhone', Status: 'PushOnline' }, { Platform: 'Web', Status: 'Online' }] },
      { To_Account: 'quin', Status: 'Offline' },
    ]);
    assert.equal(detail.body.ErrorList, undefined);
    const foreign = await v4(server, other, 'openim/query_online_status', { To_Account: ['olga'] });
    assert.deepEqual(foreign.body.ErrorList, [{ To_Account: 'olga', ErrorCode: 70107 }]);
    failed(await v4(server, app, 'openim/query_online_status', { To_Account: Array.from({ length: 501 }, (_, i) => `u${i}`) }), 70402);
    failed(await v4(server, app, 'openim/query_online_status', {}), 70402);
  });
});
