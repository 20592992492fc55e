/**
 * Huawei Push Kit end to end: the real Huawei channel client against the loopback Huawei emulator, reached only
 * through the public APIs (apps and credentials by the management API, devices by the SDK API, pushes by
 * `/v3/push/app`). Statistics and `channel_rules` name the channel as TPNS does: `hw`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HUAWEI_TEXT_LIMITS } from '@herald/channels/huawei';
import { ErrorCatalogue } from '@herald/protocol';
import type { VendorApp } from './vendor-fixture.ts';
import { assertCutTo, toToken, useVendorRig, type Json } from './vendor-test-kit.ts';

/** A Huawei-looking token the fixture did not make (the fixture registers every token it makes for its own app). */
function huaweiToken(): string {
  return `IQAAAACy0${randomBytes(48).toString('base64url')}`;
}

describe('push vendors: Huawei (hw) through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig, pushAccepted, pushAndFinish, channelStat } = kit;
  const huaweiApp = (override: Json = {}) => kit.configuredApp('huawei', override);
  const registerVendorToken = async (app: VendorApp, vendorToken: string) => (await kit.registerVendorToken(app, 'huawei', vendorToken)).token;

  function notify(extra: Json = {}): Json {
    return { message_type: 'notify', message: { title: 'Dinner', content: 'Table for two at eight' }, ...extra };
  }

  it('delivers a notify push with the message.android fields mapped to Huawei fields, counted under hw', async () => {
    const app = await huaweiApp({ badgeClass: 'com.example.MainActivity' });
    const device = await rig.addDevice(app, 'huawei');
    const pushId = await pushAndFinish(app, {
      ...toToken(device),
      message_type: 'notify',
      collapse_id: 7,
      message: {
        title: 'Dinner',
        content: 'Table for two at eight',
        android: {
          n_ch_id: 'generic',
          hw_ch_id: 'orders',
          hw_category: 'IM',
          hw_importance: 2,
          badge_type: 3,
          icon_type: 1,
          icon_res: 'https://cdn.example.com/dinner.png',
          ring_raw: 'ding',
          small_icon: 'ic_stat_dinner',
          show_type: 1,
          custom_content: '{"order":"42"}',
          action: { action_type: 1, activity: 'com.example.OrderActivity' },
        },
      },
    });

    const [delivery] = await rig.deliveries(pushId);
    assert.deepEqual(delivery, { token: device.token, channel: 'hw', outcome: 'delivered', reason: null });

    const inbox = rig.emulators.huawei.inbox(device.vendorToken);
    assert.equal(inbox.length, 1);
    const message = inbox[0]!.message;
    const android = message['android'] as Json;
    const n = android['notification'] as Json;
    assert.equal(n['title'], 'Dinner');
    assert.equal(n['body'], 'Table for two at eight');
    assert.equal(n['channel_id'], 'orders', 'hw_ch_id wins over n_ch_id');
    assert.equal(android['category'], 'IM');
    assert.equal(n['importance'], 'NORMAL');
    assert.deepEqual(n['badge'], { class: 'com.example.MainActivity', set_num: 3 });
    assert.equal(n['image'], 'https://cdn.example.com/dinner.png');
    assert.equal(n['sound'], '/raw/ding');
    assert.equal(n['default_sound'], false);
    assert.equal(n['icon'], '/raw/ic_stat_dinner');
    assert.equal(n['foreground_show'], false);
    assert.equal(n['notify_id'], 7);
    assert.deepEqual(n['click_action'], {
      type: 1,
      intent: `intent:#Intent;component=${app.packageName}/com.example.OrderActivity;launchFlags=0x4000000;S.order=42;end`,
    });
    assert.deepEqual(JSON.parse(String(message['data'])), { order: '42', herald: { pid: pushId } });
    // expire_time defaults to a day: what is left of it at send time.
    const ttl = /^(\d+)s$/.exec(String(android['ttl']));
    assert.ok(ttl !== null && Number(ttl[1]) > 86_000 && Number(ttl[1]) <= 86_400, String(android['ttl']));

    const hw = await channelStat(app, pushId, 'hw');
    assert.equal(hw?.['pushActiveUv'], 1);
    assert.equal(hw?.['pushOnlineUv'], 1);
  });

  it('invalidates every device Huawei calls illegal (uninstalled, another app, unknown) in one multi-token send', async () => {
    const app = await huaweiApp();
    const other = await huaweiApp();
    const live = [await rig.addDevice(app, 'huawei'), await rig.addDevice(app, 'huawei')];
    const uninstalled = await rig.addDevice(app, 'huawei');
    rig.emulators.huawei.unregisterDevice(uninstalled.vendorToken);
    const foreignVendorToken = huaweiToken();
    rig.emulators.huawei.registerDevice({ token: foreignVendorToken, appId: other.vendorIds.huawei!['appId']! });
    const foreign = await registerVendorToken(app, foreignVendorToken);
    const unknown = await registerVendorToken(app, huaweiToken());
    const dead = [uninstalled.token, foreign, unknown];

    const requests = rig.emulators.huawei.counters.sendRequests;
    const illegal = rig.emulators.huawei.counters.illegalTokens;
    const pushId = await pushAndFinish(app, { audience_type: 'all', ...notify() });
    assert.equal(rig.emulators.huawei.counters.sendRequests - requests, 1, 'one request carries all five tokens');
    assert.equal(rig.emulators.huawei.counters.illegalTokens - illegal, 3);

    const byToken = new Map((await rig.deliveries(pushId)).map((d) => [d.token, d]));
    for (const d of live) assert.equal(byToken.get(d.token)?.outcome, 'delivered');
    for (const token of dead) {
      assert.deepEqual(byToken.get(token), { token, channel: 'hw', outcome: 'rejected', reason: 'IllegalToken:80100000' });
      const row = await rig.deviceRow(app, token);
      assert.equal(row.status, 'invalid');
      assert.equal(row.invalid_reason, 'IllegalToken:80100000');
    }
    for (const d of live) assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
    const hw = await channelStat(app, pushId, 'hw');
    assert.deepEqual([hw?.['pushActiveUv'], hw?.['pushOnlineUv'], hw?.['invalidUv']], [5, 2, 3]);

    // The next push to everyone reaches only the live devices; Huawei never sees a dead token again.
    const again = await pushAndFinish(app, { audience_type: 'all', ...notify() });
    assert.deepEqual((await rig.deliveries(again)).map((d) => d.token).sort(), live.map((d) => d.token).sort());
    assert.equal(rig.emulators.huawei.counters.illegalTokens - illegal, 3);
    for (const d of live) assert.equal(rig.emulators.huawei.inbox(d.vendorToken).length, 2);

    // A push to a dead token is refused at the door, or names it as invalid beside a live one.
    const refused = await rig.push(app, { audience_type: 'token', token_list: [uninstalled.token], ...notify() });
    assert.equal(refused.body['ret_code'], ErrorCatalogue.PUSH_TARGET_NOT_FOUND.retCode, JSON.stringify(refused.body));
    const mixed = await rig.push(app, { audience_type: 'token_list', token_list: [foreign, live[0]!.token], ignore_invalid_token: 1, ...notify() });
    assert.deepEqual(mixed.body['invalid_targe_list'], [foreign]);
    await rig.waitStatus(String(mixed.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(rig.emulators.huawei.counters.illegalTokens - illegal, 3);
  });

  it('invalidates the device when every token of the request is illegal (80300007)', async () => {
    const app = await huaweiApp();
    const gone = await rig.addDevice(app, 'huawei');
    rig.emulators.huawei.unregisterDevice(gone.vendorToken);
    const pushId = await pushAndFinish(app, { ...toToken(gone), ...notify() });
    assert.deepEqual(await rig.deliveries(pushId), [{ token: gone.token, channel: 'hw', outcome: 'rejected', reason: 'AllTokensInvalid:80300007' }]);
    const row = await rig.deviceRow(app, gone.token);
    assert.deepEqual([row.status, row.invalid_reason], ['invalid', 'AllTokensInvalid:80300007']);

    const requests = rig.emulators.huawei.counters.sendRequests;
    const refused = await rig.push(app, { ...toToken(gone), ...notify() });
    assert.equal(refused.body['ret_code'], ErrorCatalogue.PUSH_TARGET_NOT_FOUND.retCode, JSON.stringify(refused.body));
    const all = await pushAndFinish(app, { audience_type: 'all', ...notify() });
    assert.deepEqual(await rig.deliveries(all), [], 'the audience has no active device left');
    assert.equal(rig.emulators.huawei.counters.sendRequests, requests, 'nothing left to send to');
    assert.equal(rig.emulators.huawei.inbox(gone.vendorToken).length, 0);
  });

  for (const fault of [
    // Retry-After of 2 s, longer than the 1 s backoff the channel would pick on its own, so honouring it shows.
    { status: 429, retryAfterSeconds: 2, delayMs: 2_000, what: '429 with Retry-After' },
    { status: 503, retryAfterSeconds: 2, delayMs: 2_000, what: '503 (flow control) with Retry-After' },
    { status: 500, code: '81000001', delayMs: 1_000, what: '500 with body code 81000001 and no Retry-After (1 s backoff)' },
  ]) {
    it(`retries ${fault.what} once after the delay, then delivers once`, async () => {
      const app = await huaweiApp();
      const devices = [await rig.addDevice(app, 'huawei'), await rig.addDevice(app, 'huawei')];
      rig.emulators.huawei.injectFault({ status: fault.status, ...(fault.code === undefined ? {} : { code: fault.code }), ...(fault.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: fault.retryAfterSeconds }), times: 1 });
      const requests = rig.emulators.huawei.counters.sendRequests;
      const pushedAt = rig.clock.now();
      const pushId = await pushAndFinish(app, { audience_type: 'token_list', token_list: devices.map((d) => d.token), ...notify() });

      // One refused request and one retry carrying both tokens: no storm, no request per token.
      assert.equal(rig.emulators.huawei.counters.sendRequests - requests, 2);
      await kit.assertRetriedOnceAfter(pushId, pushedAt, fault.delayMs, devices.map((d) => rig.emulators.huawei.inbox(d.vendorToken)));
      for (const d of await rig.deliveries(pushId)) assert.equal(d.outcome, 'delivered', JSON.stringify(d));
      const hw = await channelStat(app, pushId, 'hw');
      assert.deepEqual([hw?.['pushActiveUv'], hw?.['pushOnlineUv']], [2, 2]);
    });
  }

  it('a rotated client secret trips the breaker, keeps the job waiting and marks the credential rejected', async () => {
    const app = await huaweiApp();
    const device = await rig.addDevice(app, 'huawei');
    await pushAndFinish(app, { ...toToken(device), ...notify() });
    assert.equal(rig.emulators.huawei.inbox(device.vendorToken).length, 1);

    // The secret is rotated in AppGallery Connect and the cached access token runs out.
    rig.emulators.huawei.setClientSecret(app.vendorIds.huawei!['appId']!, randomBytes(32).toString('hex'));
    rig.emulators.huawei.expireAccessTokens();
    const sends = rig.emulators.huawei.counters.sendRequests;
    const grants = rig.emulators.huawei.counters.tokenRequests;
    const pushId = await pushAccepted(app, { ...toToken(device), ...notify() });
    await kit.waitBehindBreaker(pushId);

    assert.equal(rig.emulators.huawei.counters.sendRequests - sends, 1, 'one send answered "token expired"');
    assert.equal(rig.emulators.huawei.counters.tokenRequests - grants, 1, 'one refused token request, no storm');
    assert.equal(rig.emulators.huawei.inbox(device.vendorToken).length, 1);
    await kit.assertHeldByBreaker(app, pushId, { tpnsName: 'hw', vendor: 'huawei', reason: /OAuth:1101:12304/, device });
  });

  it('refuses to save a credential Huawei rejects, with its reason, and stores nothing', async () => {
    const app = await rig.createApp('android');
    const wrongSecret = await rig.configure(app, 'huawei', { clientSecret: randomBytes(32).toString('hex') });
    kit.assertCredentialRejected(wrongSecret, /OAuth:1101:12304/);
    kit.assertCredentialRejected(await rig.configure(app, 'huawei', { appId: '999000111' }), /OAuth:1101:20003/);
    assert.deepEqual(await kit.credentials(app, 'huawei'), []);
  });

  it('cuts an over-long title and body to Huawei limits and leaves texts at the limit alone', async () => {
    const app = await huaweiApp();
    const device = await rig.addDevice(app, 'huawei');
    const { long, exact } = await kit.pushPastAndAtLimits(app, device, HUAWEI_TEXT_LIMITS);
    const [cut, kept] = rig.emulators.huawei.inbox(device.vendorToken).map((m) => (m.message['android'] as Json)['notification'] as Json);
    assertCutTo(cut!['title'], long.title, HUAWEI_TEXT_LIMITS.title);
    assertCutTo(cut!['body'], long.content, HUAWEI_TEXT_LIMITS.body);
    assert.equal(kept!['title'], exact.title);
    assert.equal(kept!['body'], exact.content);
  });

  it('channel_rules disabling hw fails Huawei devices without a request while other channels deliver', async () => {
    const app = await huaweiApp();
    const saved = await rig.configure(app, 'honor');
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const hwDevice = await rig.addDevice(app, 'huawei');
    const honorDevice = await rig.addDevice(app, 'honor');
    const requests = rig.emulators.huawei.counters.sendRequests;
    const pushId = await pushAndFinish(app, { audience_type: 'all', ...notify(), channel_rules: [{ channel: 'hw', disable: true }] });

    const byChannel = new Map((await rig.deliveries(pushId)).map((d) => [d.channel, d]));
    assert.deepEqual(byChannel.get('hw'), { token: hwDevice.token, channel: 'hw', outcome: 'failed', reason: 'channel disabled by channel_rules' });
    assert.equal(byChannel.get('honor')?.outcome, 'delivered');
    assert.equal(rig.emulators.huawei.counters.sendRequests, requests);
    assert.equal(rig.emulators.huawei.inbox(hwDevice.vendorToken).length, 0);
    assert.equal(rig.emulators.honor.inbox(honorDevice.vendorToken).length, 1);
    assert.equal((await rig.deviceRow(app, hwDevice.token)).status, 'active');
    const hw = await channelStat(app, pushId, 'hw');
    assert.deepEqual([hw?.['pushActiveUv'], hw?.['pushOnlineUv'], hw?.['failedUv']], [1, 0, 1]);
  });
});
