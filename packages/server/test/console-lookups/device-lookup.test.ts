/**
 * The toolbox's token and account lookups (GET /api/apps/:accessId/devices/:token, …/accounts/:account) on a real
 * server and the APNs emulator: a phone registered with the push SDK, bound to an account and tagged through
 * /v3, pushed to twice (once delivered, once after the emulator dropped its token), and looked up — device,
 * shortened vendor token, tags, accounts, recent pushes with each one's outcome. Another app's token and account
 * are not found through this app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateP8 } from '@herald/emulators';
import { startE2e, waitUntil, type E2e, type E2eApp, type Phone } from '../e2e/e2e-harness.ts';

const TEAM_ID = 'TEAM123456';

describe('toolbox lookups of a token and an account', () => {
  let e: E2e;
  let shop: E2eApp;
  let other: E2eApp;
  let phone: Phone;
  let otherPhone: Phone;

  async function withP8(app: E2eApp): Promise<void> {
    const p8 = generateP8();
    e.emulator.registerKey({ keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [app.bundleId] });
    const r = await e.admin('PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem });
    assert.equal(r.status, 200, r.text);
  }

  async function pushAndSettle(app: E2eApp, title: string): Promise<string> {
    const r = await e.tpns(app).basic('/push/app', { audience_type: 'token', token_list: [phone.token], message_type: 'notify', environment: 'product', message: { title, content: 'hello' } });
    assert.equal(r.body['ret_code'], 0, r.text);
    const pushId = String(r.body['push_id']);
    await waitUntil('the vendor answer', async () => {
      const row = await e.server.ctx.store.db.selectFrom('push_delivery').select('outcome').where('push_id', '=', pushId).executeTakeFirst();
      return row;
    });
    return pushId;
  }

  before(async () => {
    e = await startE2e();
    shop = await e.createIosProduct('Shop', 'com.shop.lookup');
    other = await e.createIosProduct('Other', 'com.other.lookup');
    await withP8(shop);
    phone = await e.addPhone('alice-iphone', shop, 'product');
    otherPhone = await e.addPhone('mallory-iphone', other, 'product');
    await phone.sdk.upsertAccounts({ 0: 'alice', 1: 'alice@example.com' });
    await otherPhone.sdk.upsertAccounts({ 0: 'alice' });
    const tag = await e.tpns(shop).basic('/device/tag', { operator_type: 3, token_list: [phone.token], tag_list: ['vip', 'beta'] });
    assert.equal(tag.body['ret_code'], 0, tag.text);
  });
  after(() => e?.close());

  it('shows the device, its vendor token shortened, tags, accounts and each recent push with its outcome', async () => {
    const delivered = await pushAndSettle(shop, 'First sale');
    e.emulator.unregisterDevice(phone.vendorToken);
    const second = await pushAndSettle(shop, 'Second sale');

    const r = await e.admin('GET', `/apps/${shop.accessId}/devices/${phone.token}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body['accessId'], shop.accessId);
    const [device] = r.body['devices'] as Array<Record<string, any>>;
    assert.ok(device);
    assert.equal(device['token'], phone.token);
    assert.equal(device['platform'], 'ios');
    assert.equal(device['channel'], 'apns');
    assert.equal(device['environment'], 'product');
    assert.equal(device['vendorToken'], `${phone.vendorToken.slice(0, 8)}…${phone.vendorToken.slice(-4)}`);
    assert.ok(!r.text.includes(phone.vendorToken), 'never the whole vendor token');
    assert.equal(device['deviceModel'], 'iPhone15,2');
    assert.deepEqual(device['tags'].map((t: { tag: string }) => t.tag), ['beta', 'vip']);
    assert.deepEqual(device['accounts'].map((a: { account: string; accountType: number }) => [a.accountType, a.account]), [[0, 'alice'], [1, 'alice@example.com']]);
    const pushes = device['recentPushes'] as Array<Record<string, any>>;
    assert.deepEqual(pushes.map((p) => p['pushId']), [second, delivered], 'newest first');
    assert.equal(pushes[1]!['outcome'], 'delivered');
    assert.equal(pushes[1]!['title'], 'First sale');
    assert.equal(pushes[1]!['channel'], 'apns');
    assert.notEqual(pushes[0]!['outcome'], 'delivered', 'the vendor refused the dropped token');
  });

  it('finds the devices of an account, whatever its account type', async () => {
    for (const account of ['alice', 'alice@example.com']) {
      const r = await e.admin('GET', `/apps/${shop.accessId}/accounts/${encodeURIComponent(account)}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body['account'], account);
      assert.deepEqual((r.body['devices'] as Array<{ token: string }>).map((d) => d.token), [phone.token], "only this app's device");
    }
  });

  it("answers DEVICE_NOT_FOUND for another app's token and account, and an unknown one", async () => {
    const cross = await e.admin('GET', `/apps/${shop.accessId}/devices/${otherPhone.token}`);
    assert.equal(cross.status, 404, cross.text);
    assert.equal(cross.body['code'], 'DEVICE_NOT_FOUND');
    const crossAccount = await e.admin('GET', `/apps/${other.accessId}/accounts/${encodeURIComponent('alice@example.com')}`);
    assert.equal(crossAccount.body['code'], 'DEVICE_NOT_FOUND');
    const ownOther = await e.admin('GET', `/apps/${other.accessId}/accounts/alice`);
    assert.deepEqual((ownOther.body['devices'] as Array<{ token: string }>).map((d) => d.token), [otherPhone.token]);
    assert.ok(!ownOther.text.includes(phone.token), "app Shop's device stays out of app Other's answer");
    const unknownApp = await e.admin('GET', `/apps/999999/devices/${phone.token}`);
    assert.equal(unknownApp.body['code'], 'APP_NOT_FOUND');
    const malformed = await e.admin('GET', `/apps/${shop.accessId}/devices/not-a-token`);
    assert.equal(malformed.body['code'], 'REQUEST_PARAM_INVALID');
  });
});
