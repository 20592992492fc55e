import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyUserSig } from '../../src/im/identity/verify-user-sig.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, createImApp, request, v4 } from './fixtures.ts';

describe('management API: IM apps', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ worker: false });
  });
  after(async () => server.close());

  it('creates apps from 1400000000 upward with a default admin; the key is sealed and shown only on reveal', async () => {
    const first = await admin(server, 'POST', '/im/apps', { name: 'Chat' });
    assert.equal(first.status, 201);
    assert.equal(first.body.sdkAppId, 1_400_000_000);
    assert.deepEqual(first.body.admins, ['administrator']);
    assert.equal(first.body.autoCreateUsers, false);
    assert.equal(first.body.secretKey, undefined);
    const second = await admin(server, 'POST', '/im/apps', { name: 'Chat 2', admins: ['root', 'ops'], autoCreateUsers: true });
    assert.equal(second.body.sdkAppId, 1_400_000_001);
    const given = await admin(server, 'POST', '/im/apps', { name: 'Given', sdkAppId: 20_000_123 });
    assert.equal(given.body.sdkAppId, 20_000_123);
    assert.equal((await admin(server, 'POST', '/im/apps', { name: 'Dup', sdkAppId: 20_000_123 })).body.code, 'IM_APP_EXISTS');
    assert.equal((await admin(server, 'POST', '/im/apps', { name: 'x', admins: [] })).status, 400);

    const listed = await admin(server, 'GET', '/im/apps');
    assert.deepEqual(listed.body.apps.map((a: { sdkAppId: number }) => a.sdkAppId), [20_000_123, 1_400_000_000, 1_400_000_001]);
    assert.ok(listed.body.apps.every((a: { secretKey?: string }) => a.secretKey === undefined));
    assert.ok(!listed.text.includes('secret'), 'no key material in the listing');
    const plain = await admin(server, 'GET', '/im/apps/1400000000');
    assert.equal(plain.body.secretKey, undefined);
    const revealed = await admin(server, 'GET', '/im/apps/1400000000?reveal=1');
    assert.match(revealed.body.secretKey, /^[0-9a-f]{64}$/);
    const row = await server.ctx.store.db.selectFrom('im_app').selectAll().where('sdk_app_id', '=', 1_400_000_000).executeTakeFirstOrThrow();
    assert.ok(!row.secret_key_sealed.includes(revealed.body.secretKey), 'stored sealed');
    assert.equal((await admin(server, 'GET', '/im/apps/1399999999')).status, 404);
    assert.equal((await request(`${server.url}/api/im/apps`)).status, 401, 'admin token required');
  });

  it('updates admins and auto-creation; a removed admin can no longer call /v4', async () => {
    const app = await createImApp(server, { admins: ['administrator', 'ops'] });
    assert.equal((await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'a' }, { identifier: 'ops', userSig: undefined })).body.ActionStatus, 'OK');
    const patched = await admin(server, 'PATCH', `/im/apps/${app.sdkAppId}`, { admins: ['administrator'], autoCreateUsers: true });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.admins, ['administrator']);
    assert.equal(patched.body.autoCreateUsers, true);
    assert.equal((await v4(server, app, 'im_open_login_svc/account_import', { UserID: 'b' }, { identifier: 'ops' })).body.ErrorCode, 60010);
    assert.equal((await admin(server, 'PATCH', `/im/apps/${app.sdkAppId}`, {})).status, 400);
  });

  it('issues UserSigs with the UserSig tool that verify until they expire', async () => {
    const app = await createImApp(server);
    const res = await admin(server, 'POST', `/im/apps/${app.sdkAppId}/usersig`, { userId: 'alice', expireSeconds: 3600 });
    assert.equal(res.status, 200);
    const verified = await verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: res.body.userSig });
    assert.equal(verified.expiresAt, res.body.expiresAt);
    assert.equal((await admin(server, 'POST', `/im/apps/${app.sdkAppId}/usersig`, { userId: 'x'.repeat(33) })).status, 400);
  });

  it('deletes an app with its accounts and devices', async () => {
    const app = await createImApp(server);
    const keep = await createImApp(server);
    for (const target of [app, keep]) assert.equal((await v4(server, target, 'im_open_login_svc/account_import', { UserID: 'alice' })).body.ActionStatus, 'OK');
    await server.ctx.store.db.insertInto('im_device').values({
      sdk_app_id: app.sdkAppId, user_id: 'alice', device_id: 'd', platform: 'ios', state: 'online', node_id: null, logged_in_at: 1, state_changed_at: 1, last_seen_at: 1,
    }).execute();
    assert.equal((await admin(server, 'DELETE', `/im/apps/${app.sdkAppId}`)).status, 204);
    const db = server.ctx.store.db;
    assert.equal((await db.selectFrom('im_user').select('user_id').where('sdk_app_id', '=', app.sdkAppId).execute()).length, 0);
    assert.equal((await db.selectFrom('im_device').select('device_id').where('sdk_app_id', '=', app.sdkAppId).execute()).length, 0);
    assert.equal((await db.selectFrom('im_user').select('user_id').where('sdk_app_id', '=', keep.sdkAppId).execute()).length, 1);
    assert.equal((await v4(server, app, 'im_open_login_svc/account_check', { CheckItem: [{ UserID: 'alice' }] })).body.ErrorCode, 70020);
    assert.equal((await admin(server, 'DELETE', `/im/apps/${app.sdkAppId}`)).status, 404);
  });
});
