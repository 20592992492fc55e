/**
 * Sandbox mode end to end, per vendor: a credential issued in the sandbox is saved through the normal credential
 * route (checked against the emulator), a virtual device of the app is made, a test push goes through Herald's
 * pipeline and shows in the device's inbox with its title and body, and in the app's push tasks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandboxKit, type SandboxKit } from './sandbox-kit.ts';

describe('sandbox mode: every vendor, end to end', () => {
  let k: SandboxKit;
  before(async () => {
    k = await startSandboxKit();
  });
  after(async () => k?.close());

  it('says it is on, with every channel it emulates', async () => {
    const res = await k.api('GET', '/sandbox');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { enabled: true, channels: ['apns', 'fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush'] });
  });

  it('APNs: an issued .p8 uploaded as the app\'s key pushes to a virtual iPhone', async () => {
    const app = await k.createApp('ios');
    const issued = await k.api('POST', '/sandbox/credentials/apns', { bundleId: app.bundleId });
    assert.equal(issued.status, 201, issued.text);
    assert.equal(issued.body.channel, 'apns');
    assert.match(issued.body.keyId, /^[A-Z0-9]{10}$/);
    assert.match(issued.body.teamId, /^[A-Z0-9]{10}$/);
    assert.equal(issued.body.fileName, `AuthKey_${issued.body.keyId}.p8`);
    assert.match(issued.body.p8, /^-----BEGIN PRIVATE KEY-----\n/);
    const saved = await k.api('PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p8', keyId: issued.body.keyId, teamId: issued.body.teamId, key: issued.body.p8 });
    assert.equal(saved.status, 200, saved.text);

    const phone = await k.createDevice(app, 'apns');
    assert.equal(phone.name, 'iPhone 1');
    assert.equal(phone.channel, 'apns');
    assert.equal(phone.accessId, app.accessId);
    assert.equal(phone.environment, 'product');
    assert.match(phone.vendorToken, /^[0-9a-f]{64}$/);
    assert.match(phone.heraldToken, /^[0-9a-f]{36}$/);
    assert.match(phone.id, /^[0-9a-f]{16}$/);
    assert.equal(phone.received, 0);
    assert.ok(!Number.isNaN(Date.parse(phone.createdAt)));

    const pushId = await k.testPush(phone.id, 'Hello', 'From the sandbox');
    const [n] = await k.waitInbox(phone.id, 1);
    assert.equal(n.index, 0);
    assert.equal(n.title, 'Hello');
    assert.equal(n.body, 'From the sandbox');
    assert.ok(!Number.isNaN(Date.parse(n.receivedAt)));
    assert.deepEqual(n.raw.payload.aps.alert, { title: 'Hello', body: 'From the sandbox' });
    assert.equal(n.raw.payload.herald.pid, pushId, 'the payload carries the task that sent it');
    assert.equal(n.custom, undefined, "Herald's own entry is not the app's custom content");

    const seen = await k.api('GET', `/sandbox/devices/${phone.id}/inbox?after=1`);
    assert.deepEqual(seen.body, { deviceId: phone.id, notifications: [], next: 1 });
    const list = await k.api('GET', '/sandbox/devices');
    assert.equal(list.body.devices.find((d: any) => d.id === phone.id).received, 1);

    // Herald's own pipeline sent it: a task of the app, delivered to the device's token.
    const tasks = await k.api('GET', `/apps/${app.accessId}/pushes`);
    assert.ok(JSON.stringify(tasks.body).includes(pushId), tasks.text);
    const lookup = await k.api('GET', `/apps/${app.accessId}/devices/${phone.heraldToken}`);
    assert.equal(lookup.status, 200, lookup.text);
    assert.equal(lookup.body.devices[0].deviceModel, 'iPhone 1');
    assert.deepEqual(lookup.body.devices[0].recentPushes.map((p: any) => [p.pushId, p.outcome]), [[pushId, 'delivered']]);
  });

  it('APNs dev: a device of the development environment gets pushes through the dev gateway', async () => {
    const app = await k.createApp('ios');
    await k.configure(app, 'apns', 'dev');
    const phone = await k.createDevice(app, 'apns', { environment: 'dev', name: 'Test iPad' });
    assert.equal(phone.name, 'Test iPad');
    assert.equal(phone.environment, 'dev');
    await k.testPush(phone.id, undefined, 'No title given');
    const [n] = await k.waitInbox(phone.id, 1);
    assert.equal(n.title, 'Herald sandbox');
    assert.equal(n.body, 'No title given');
  });

  for (const channel of ['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu']) {
    it(`${channel}: an issued credential passes the vendor check and pushes to a virtual phone`, async () => {
      const app = await k.createApp('android');
      const issued = await k.api('POST', `/sandbox/credentials/${channel}`, { packageName: app.bundleId });
      assert.equal(issued.status, 201, issued.text);
      assert.equal(issued.body.channel, channel);
      if (channel === 'fcm') {
        assert.equal(issued.body.fileName, 'service-account.json');
        assert.equal(issued.body.serviceAccount.type, 'service_account');
        assert.equal(issued.body.serviceAccount.token_uri, k.server.ctx.sandbox?.emulators.fcm.tokenUrl);
      } else {
        assert.ok(Object.values(issued.body.fields).every((v) => typeof v === 'string' && v !== ''), issued.text);
      }
      await k.configure(app, channel);
      const phone = await k.createDevice(app, channel);
      assert.equal(phone.environment, undefined, 'only APNs has environments');
      assert.match(phone.heraldToken, /^[0-9a-f]{36}$/);
      await k.testPush(phone.id, `Title ${channel}`, `Body ${channel}`);
      const [n] = await k.waitInbox(phone.id, 1);
      assert.equal(n.title, `Title ${channel}`);
      assert.equal(n.body, `Body ${channel}`);
      assert.ok(n.raw !== undefined && n.raw !== null);
    });
  }

  it('a credential the vendor never issued is refused by the normal credential route', async () => {
    const app = await k.createApp('android');
    const res = await k.api('PUT', `/apps/${app.accessId}/credentials/huawei`, { appId: '123456789', clientSecret: 'f'.repeat(64) });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.code, 'CREDENTIAL_REJECTED');
  });

  it('Web Push: a virtual browser subscribed with the app\'s VAPID key gets the push', async () => {
    const app = await k.createApp('web');
    const browser = await k.createDevice(app, 'webpush');
    assert.equal(browser.name, 'Browser 1');
    assert.equal(JSON.parse(browser.vendorToken).endpoint.startsWith(k.server.ctx.sandbox!.emulators.webpush.origin), true);
    await k.testPush(browser.id, 'Web title', 'Web body');
    const [n] = await k.waitInbox(browser.id, 1);
    assert.equal(n.title, 'Web title');
    assert.equal(n.body, 'Web body');
  });

  it("the app's custom content reaches the phone and shows as `custom`, pushed from the console's push route", async () => {
    const app = await k.createApp('android');
    await k.configure(app, 'xiaomi');
    const phone = await k.createDevice(app, 'xiaomi');
    const res = await k.api('POST', `/apps/${app.accessId}/pushes`, {
      audience_type: 'token', token_list: [phone.heraldToken], message_type: 'notify',
      message: { title: 'Order', content: 'Shipped', android: { custom_content: JSON.stringify({ orderId: '42' }) } },
    });
    assert.equal(res.status, 201, res.text);
    const [n] = await k.waitInbox(phone.id, 1);
    assert.equal(n.title, 'Order');
    assert.deepEqual(JSON.parse(n.custom), { orderId: '42' });
  });

  it('deleting a device uninstalls the app: the vendor forgets the token and Herald learns it at the next push', async () => {
    const app = await k.createApp('ios');
    await k.configure(app, 'apns');
    const phone = await k.createDevice(app, 'apns');
    const del = await k.api('DELETE', `/sandbox/devices/${phone.id}`);
    assert.equal(del.status, 204, del.text);
    const gone = await k.api('GET', `/sandbox/devices/${phone.id}/inbox`);
    assert.equal(gone.status, 404, gone.text);
    assert.equal(gone.body.code, 'SANDBOX_DEVICE_NOT_FOUND');
    assert.equal((await k.api('DELETE', `/sandbox/devices/${phone.id}`)).body.code, 'SANDBOX_DEVICE_NOT_FOUND');
    const list = await k.api('GET', '/sandbox/devices');
    assert.ok(!list.body.devices.some((d: any) => d.id === phone.id));

    const push = await k.api('POST', `/apps/${app.accessId}/pushes`, { audience_type: 'token', token_list: [phone.heraldToken], message_type: 'notify', message: { title: 't', content: 'c' } });
    assert.equal(push.status, 201, push.text);
    const deadline = Date.now() + 15_000;
    let device: any;
    do {
      await new Promise((r) => setTimeout(r, 25));
      device = (await k.api('GET', `/apps/${app.accessId}/devices/${phone.heraldToken}`)).body.devices[0];
    } while (device.status !== 'invalid' && Date.now() < deadline);
    assert.equal(device.status, 'invalid', JSON.stringify(device));
  });
});
