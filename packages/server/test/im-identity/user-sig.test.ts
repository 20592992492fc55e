import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import { HeraldError, type ErrorCode } from '@herald/protocol';
import { readDeviceStates, userImStatus, PUSH_ONLINE_TTL_MS } from '../../src/im/identity/device-states.ts';
import { ensureLoginUser } from '../../src/im/identity/ensure-login-user.ts';
import { escapeUserSig, genUserSig, unescapeUserSig, userSigContent, userSigHmac } from '../../src/im/identity/user-sig.ts';
import { verifyUserSig } from '../../src/im/identity/verify-user-sig.ts';
import { createShiftClock } from '../helpers/im-fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, createImApp, tencentSig, TLSSigAPIv2, type TestImApp } from './fixtures.ts';

async function refusedWith(promise: Promise<unknown>, code: ErrorCode, imCode: number): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof HeraldError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.imCode, imCode);
    return true;
  });
}

/** Rebuilds a UserSig after `edit` changed its decoded document. */
function reforge(userSig: string, edit: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(inflateSync(Buffer.from(unescapeUserSig(userSig), 'base64')).toString('utf8')) as Record<string, unknown>;
  edit(doc);
  return escapeUserSig(deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64'));
}

describe('UserSig (TLSSigAPIv2)', () => {
  const clock = createShiftClock();
  let server: TestServer;
  let app: TestImApp;
  let other: TestImApp;
  before(async () => {
    server = await startTestServer({ worker: false, clock });
    app = await createImApp(server);
    other = await createImApp(server);
  });
  after(async () => server.close());

  it('verifies a UserSig made by Tencent’s own tls-sig-api-v2, with and without userbuf', async () => {
    const plain = await verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: tencentSig(app, 'alice', 3600) });
    assert.equal(Number(plain.app.sdk_app_id), app.sdkAppId);
    assert.ok(plain.expiresAt > Date.now() + 3500_000 && plain.expiresAt <= Date.now() + 3600_000);
    const api = new TLSSigAPIv2.Api(app.sdkAppId, app.secretKey);
    const withMap = api.genPrivateMapKey('alice', 300, 12345, 255);
    await verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: withMap });
    const withBuf = api.genSig('bob_1-x', 600, Buffer.from('custom user buffer'));
    await verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'bob_1-x', userSig: withBuf });
  });

  it('signs exactly like Tencent: same HMAC content, and Herald’s UserSig is accepted', async () => {
    const api = new TLSSigAPIv2.Api(app.sdkAppId, app.secretKey);
    const ub = Buffer.from([0, 1, 2, 250]).toString('base64');
    assert.equal(userSigHmac(app.secretKey, userSigContent({ identifier: 'u', sdkAppId: app.sdkAppId, time: 1700000000, expire: 86400 })), api._hmacsha256('u', 1700000000, 86400, null));
    assert.equal(userSigHmac(app.secretKey, userSigContent({ identifier: 'u', sdkAppId: app.sdkAppId, time: 1700000000, expire: 86400, userBufBase64: ub })), api._hmacsha256('u', 1700000000, 86400, ub));
    const ours = genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId: 'carol', expireSeconds: 60, now: clock.now(), userBuf: Buffer.from('x') });
    assert.match(ours, /^[A-Za-z0-9*\-_]+$/);
    await verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'carol', userSig: ours });
  });

  it('refuses an empty, garbled or tampered UserSig', async () => {
    const good = tencentSig(app, 'alice');
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: '' }), 'IM_USERSIG_EMPTY', 70002);
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: 'not a sig!' }), 'IM_USERSIG_INVALID', 70003);
    // Flip one byte inside the deflated JSON: zlib's checksum (or the JSON) no longer holds.
    const bytes = Buffer.from(unescapeUserSig(good), 'base64');
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0x5a;
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: escapeUserSig(bytes.toString('base64')) }), 'IM_USERSIG_INVALID', 70003);
    // A well-formed document whose signed fields were changed: the HMAC no longer matches.
    const longer = reforge(good, (doc) => { doc['TLS.expire'] = 999999999; });
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: longer }), 'IM_USERSIG_KEY_MISMATCH', 70009);
    const legacy = reforge(good, (doc) => { doc['TLS.ver'] = '1.0'; });
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: legacy }), 'IM_USERSIG_INVALID', 70003);
  });

  it('refuses an expired UserSig by the server’s clock', async () => {
    const sig = tencentSig(app, 'alice', 60);
    await verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: sig });
    clock.offsetMs = 61_000;
    try {
      await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: sig }), 'IM_USERSIG_EXPIRED', 70001);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('refuses another app’s key, another user, another or unknown SDKAppID', async () => {
    const signedWithOtherKey = new TLSSigAPIv2.Api(app.sdkAppId, other.secretKey).genUserSig('alice', 3600);
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'alice', userSig: signedWithOtherKey }), 'IM_USERSIG_KEY_MISMATCH', 70009);
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'mallory', userSig: tencentSig(app, 'alice') }), 'IM_USERSIG_USER_MISMATCH', 70013);
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: other.sdkAppId, userId: 'alice', userSig: tencentSig(app, 'alice') }), 'IM_USERSIG_APP_MISMATCH', 70014);
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: 1_399_999_999, userId: 'alice', userSig: tencentSig(app, 'alice') }), 'IM_APP_NOT_FOUND', 70020);
  });

  it('stops accepting old UserSigs once the key is rotated', async () => {
    const rotating = await createImApp(server);
    const old = tencentSig(rotating, 'alice');
    await verifyUserSig(server.ctx, { sdkAppId: rotating.sdkAppId, userId: 'alice', userSig: old });
    const rotated = await admin(server, 'POST', `/im/apps/${rotating.sdkAppId}/rotate`);
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secretKey, /^[0-9a-f]{64}$/);
    assert.notEqual(rotated.body.secretKey, rotating.secretKey);
    await refusedWith(verifyUserSig(server.ctx, { sdkAppId: rotating.sdkAppId, userId: 'alice', userSig: old }), 'IM_USERSIG_KEY_MISMATCH', 70009);
    await verifyUserSig(server.ctx, { sdkAppId: rotating.sdkAppId, userId: 'alice', userSig: tencentSig({ sdkAppId: rotating.sdkAppId, secretKey: rotated.body.secretKey }, 'alice') });
  });

  it('logs in only imported accounts unless the app auto-creates them', async () => {
    const { app: row } = await verifyUserSig(server.ctx, { sdkAppId: app.sdkAppId, userId: 'ghost', userSig: tencentSig(app, 'ghost') });
    await refusedWith(ensureLoginUser(server.ctx, row, 'ghost'), 'IM_ACCOUNT_NOT_FOUND', 70107);
    const auto = await createImApp(server, { autoCreateUsers: true });
    const { app: autoRow } = await verifyUserSig(server.ctx, { sdkAppId: auto.sdkAppId, userId: 'ghost', userSig: tencentSig(auto, 'ghost') });
    const created = await ensureLoginUser(server.ctx, autoRow, 'ghost');
    assert.equal(created.user_id, 'ghost');
    assert.equal(Number(created.sdk_app_id), auto.sdkAppId);
    assert.equal((await ensureLoginUser(server.ctx, autoRow, 'ghost')).created_at, created.created_at);
    // The account belongs to the auto-creating app only.
    await refusedWith(ensureLoginUser(server.ctx, row, 'ghost'), 'IM_ACCOUNT_NOT_FOUND', 70107);
  });

  it('reads device states; PushOnline older than 7 days reads as Offline', async () => {
    const now = clock.now();
    const device = (userId: string, deviceId: string, platform: string, state: string, changedAt: number) => ({
      sdk_app_id: app.sdkAppId, user_id: userId, device_id: deviceId, platform, state, node_id: null,
      logged_in_at: changedAt, state_changed_at: changedAt, last_seen_at: changedAt,
    });
    await server.ctx.store.db.insertInto('im_device').values([
      device('dana', 'phone', 'ios', 'push_online', now - PUSH_ONLINE_TTL_MS - 1),
      device('dana', 'web1', 'web', 'online', now - 1000),
      device('erin', 'phone', 'android', 'push_online', now - PUSH_ONLINE_TTL_MS + 60_000),
      device('erin', 'tab', 'android', 'background', now),
      device('finn', 'phone', 'ios', 'push_online', now - PUSH_ONLINE_TTL_MS),
      device('finn', 'old', 'ios', 'offline', now),
    ]).execute();
    const states = await readDeviceStates(server.ctx, app.sdkAppId, ['dana', 'erin', 'finn', 'nobody'], now);
    assert.deepEqual(states.get('dana')?.map((d) => [d.deviceId, d.status]), [['phone', 'Offline'], ['web1', 'Online']]);
    assert.deepEqual(states.get('erin')?.map((d) => [d.deviceId, d.status]), [['phone', 'PushOnline'], ['tab', 'PushOnline']]);
    assert.equal(userImStatus(states.get('dana') ?? []), 'Online');
    assert.equal(userImStatus(states.get('erin') ?? []), 'PushOnline');
    assert.equal(userImStatus(states.get('finn') ?? []), 'Offline');
    assert.deepEqual(states.get('nobody'), []);
    assert.deepEqual((await readDeviceStates(server.ctx, other.sdkAppId, ['dana'], now)).get('dana'), [], 'another app sees no devices');
  });
});
