/**
 * Honor Push end to end: the real Honor channel client against the loopback Honor emulator, reached only through
 * the public APIs (apps and credentials by the management API, devices by the SDK API, pushes by
 * `/v3/push/app`). Statistics and `channel_rules` name the channel as TPNS does: `honor`.
 *
 * Honor answers per token in two lists: `expireTokens` (the app was uninstalled or the token expired) and
 * `failTokens` (a token it does not know, or another app's); a request whose every token fails is 80300007.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HONOR_MAX_TTL_SECONDS, HONOR_TEXT_LIMITS } from '@herald/channels/honor';
import { ErrorCatalogue } from '@herald/protocol';
import type { VendorApp } from './vendor-fixture.ts';
import { assertCutTo, toToken, useVendorRig, type Json } from './vendor-test-kit.ts';

/** A Honor-looking token the fixture did not make (the fixture registers every token it makes for its own app). */
function honorToken(): string {
  return `BAEAAAAAB${randomBytes(40).toString('base64url')}`;
}

describe('push vendors: Honor (honor) through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig, pushAccepted, pushAndFinish, channelStat } = kit;
  const honorApp = (override: Json = {}) => kit.configuredApp('honor', override);
  const registerVendorToken = async (app: VendorApp, vendorToken: string) => (await kit.registerVendorToken(app, 'honor', vendorToken)).token;

  function notify(extra: Json = {}): Json {
    return { message_type: 'notify', message: { title: 'Dinner', content: 'Table for two at eight' }, ...extra };
  }

  it('delivers a notify push with the message.android fields in Honor camelCase, counted under honor', async () => {
    const app = await honorApp({ badgeClass: 'com.example.MainActivity' });
    const device = await rig.addDevice(app, 'honor');
    const pushId = await pushAndFinish(app, {
      ...toToken(device),
      message_type: 'notify',
      collapse_id: 7,
      message: {
        title: 'Dinner',
        content: 'Table for two at eight',
        android: {
          n_ch_id: 'orders',
          hw_category: 'IM',
          badge_type: 3,
          icon_type: 1,
          icon_res: 'https://cdn.example.com/dinner.png',
          custom_content: '{"order":"42"}',
          action: { action_type: 1, activity: 'com.example.OrderActivity' },
        },
      },
    });

    const [delivery] = await rig.deliveries(pushId);
    assert.deepEqual(delivery, { token: device.token, channel: 'honor', outcome: 'delivered', reason: null });

    const inbox = rig.emulators.honor.inbox(device.vendorToken);
    assert.equal(inbox.length, 1);
    const { body, timestamp, receivedAt } = inbox[0]!;
    assert.ok(timestamp > 0 && timestamp <= receivedAt, 'the timestamp header is the send time in ms');
    const android = body['android'] as Json;
    const n = android['notification'] as Json;
    assert.equal(n['title'], 'Dinner');
    assert.equal(n['body'], 'Table for two at eight');
    assert.deepEqual(n['clickAction'], {
      type: 1,
      intent: `intent:#Intent;component=${app.packageName}/com.example.OrderActivity;launchFlags=0x4000000;S.order=42;end`,
    });
    assert.deepEqual(n['badge'], { badgeClass: 'com.example.MainActivity', setNum: 3 });
    assert.equal(n['image'], 'https://cdn.example.com/dinner.png');
    assert.equal(n['notifyId'], 7);
    assert.deepEqual(JSON.parse(String(body['data'])), { order: '42', herald: { pid: pushId } });
    // Huawei's own fields (hw_category) and snake_case spellings stay out of a Honor body.
    assert.equal(android['category'], undefined);
    for (const key of ['click_action', 'notify_id', 'channel_id']) assert.equal(n[key], undefined, key);
    // expire_time defaults to a day, which is also Honor's cap.
    const ttl = /^(\d+)s$/.exec(String(android['ttl']));
    assert.ok(ttl !== null && Number(ttl[1]) > 86_000 && Number(ttl[1]) <= HONOR_MAX_TTL_SECONDS, String(android['ttl']));

    const honor = await channelStat(app, pushId, 'honor');
    assert.equal(honor?.['pushActiveUv'], 1);
    assert.equal(honor?.['pushOnlineUv'], 1);
  });

  it('invalidates expired and failed tokens of a multi-token send (partial success 80100000)', async () => {
    const app = await honorApp();
    const other = await honorApp();
    const live = [await rig.addDevice(app, 'honor'), await rig.addDevice(app, 'honor')];
    const uninstalled = await rig.addDevice(app, 'honor');
    rig.emulators.honor.unregisterDevice(uninstalled.vendorToken);
    const foreignVendorToken = honorToken();
    rig.emulators.honor.registerDevice({ token: foreignVendorToken, appId: other.vendorIds.honor!['appId']! });
    const foreign = await registerVendorToken(app, foreignVendorToken);
    const unknown = await registerVendorToken(app, honorToken());

    const c0 = { ...rig.emulators.honor.counters };
    const pushId = await pushAndFinish(app, { audience_type: 'all', ...notify() });
    const c1 = rig.emulators.honor.counters;
    assert.equal(c1.sendRequests - c0.sendRequests, 1, 'one request carries all five tokens');
    assert.equal(c1.expireTokens - c0.expireTokens, 1);
    assert.equal(c1.failTokens - c0.failTokens, 2);

    const byToken = new Map((await rig.deliveries(pushId)).map((d) => [d.token, d]));
    for (const d of live) assert.equal(byToken.get(d.token)?.outcome, 'delivered');
    const expected: Array<[string, string]> = [
      [uninstalled.token, 'ExpiredToken:80100000'],
      [foreign, 'IllegalToken:80100000'],
      [unknown, 'IllegalToken:80100000'],
    ];
    for (const [token, reason] of expected) {
      assert.deepEqual(byToken.get(token), { token, channel: 'honor', outcome: 'rejected', reason });
      const row = await rig.deviceRow(app, token);
      assert.deepEqual([row.status, row.invalid_reason], ['invalid', reason]);
    }
    for (const d of live) assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
    const honor = await channelStat(app, pushId, 'honor');
    assert.deepEqual([honor?.['pushActiveUv'], honor?.['pushOnlineUv'], honor?.['invalidUv']], [5, 2, 3]);

    // The next push to everyone reaches only the live devices; Honor never sees a dead token again.
    const again = await pushAndFinish(app, { audience_type: 'all', ...notify() });
    assert.deepEqual((await rig.deliveries(again)).map((d) => d.token).sort(), live.map((d) => d.token).sort());
    const c2 = rig.emulators.honor.counters;
    assert.deepEqual([c2.expireTokens, c2.failTokens], [c1.expireTokens, c1.failTokens]);
    for (const d of live) assert.equal(rig.emulators.honor.inbox(d.vendorToken).length, 2);

    // A push to a dead token is refused at the door, or names it as invalid beside a live one.
    const refused = await rig.push(app, { audience_type: 'token', token_list: [uninstalled.token], ...notify() });
    assert.equal(refused.body['ret_code'], ErrorCatalogue.PUSH_TARGET_NOT_FOUND.retCode, JSON.stringify(refused.body));
    const mixed = await rig.push(app, { audience_type: 'token_list', token_list: [foreign, live[0]!.token], ignore_invalid_token: 1, ...notify() });
    assert.deepEqual(mixed.body['invalid_targe_list'], [foreign]);
    await rig.waitStatus(String(mixed.body['push_id']), ['PUSH_FINISHED']);
    const c3 = rig.emulators.honor.counters;
    assert.deepEqual([c3.expireTokens, c3.failTokens], [c1.expireTokens, c1.failTokens]);
  });

  it('invalidates a lone expired token (code 200 with expireTokens) and a lone unknown one (80300007)', async () => {
    const app = await honorApp();
    const gone = await rig.addDevice(app, 'honor');
    rig.emulators.honor.unregisterDevice(gone.vendorToken);
    const stranger = await registerVendorToken(app, honorToken());

    const expired = await pushAndFinish(app, { ...toToken(gone), ...notify() });
    assert.deepEqual(await rig.deliveries(expired), [{ token: gone.token, channel: 'honor', outcome: 'rejected', reason: 'ExpiredToken:200' }]);
    const unknown = await pushAndFinish(app, { audience_type: 'token', token_list: [stranger], ...notify() });
    assert.deepEqual(await rig.deliveries(unknown), [{ token: stranger, channel: 'honor', outcome: 'rejected', reason: 'AllTokensInvalid:80300007' }]);
    for (const [token, reason] of [[gone.token, 'ExpiredToken:200'], [stranger, 'AllTokensInvalid:80300007']] as const) {
      const row = await rig.deviceRow(app, token);
      assert.deepEqual([row.status, row.invalid_reason], ['invalid', reason]);
    }

    const requests = rig.emulators.honor.counters.sendRequests;
    const refused = await rig.push(app, { audience_type: 'token_list', token_list: [gone.token, stranger], ...notify() });
    assert.equal(refused.body['ret_code'], ErrorCatalogue.PUSH_TARGET_NOT_FOUND.retCode, JSON.stringify(refused.body));
    const all = await pushAndFinish(app, { audience_type: 'all', ...notify() });
    assert.deepEqual(await rig.deliveries(all), [], 'the audience has no active device left');
    assert.equal(rig.emulators.honor.counters.sendRequests, requests, 'nothing left to send to');
    assert.equal(rig.emulators.honor.inbox(gone.vendorToken).length, 0);
  });

  for (const fault of [
    // Retry-After of 2 s, longer than the 1 s backoff the channel would pick on its own, so honouring it shows.
    { status: 429, retryAfterSeconds: 2, delayMs: 2_000, what: '429 with Retry-After' },
    { status: 503, retryAfterSeconds: 2, delayMs: 2_000, what: '503 with Retry-After' },
    { status: 500, code: 81000001, delayMs: 1_000, what: '500 with body code 81000001 and no Retry-After (1 s backoff)' },
  ]) {
    it(`retries ${fault.what} once after the delay, then delivers once`, async () => {
      const app = await honorApp();
      const devices = [await rig.addDevice(app, 'honor'), await rig.addDevice(app, 'honor')];
      rig.emulators.honor.injectFault({ status: fault.status, ...(fault.code === undefined ? {} : { code: fault.code }), ...(fault.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: fault.retryAfterSeconds }), times: 1 });
      const requests = rig.emulators.honor.counters.sendRequests;
      const pushedAt = rig.clock.now();
      const pushId = await pushAndFinish(app, { audience_type: 'token_list', token_list: devices.map((d) => d.token), ...notify() });

      // One refused request and one retry carrying both tokens: no storm, no request per token.
      assert.equal(rig.emulators.honor.counters.sendRequests - requests, 2);
      await kit.assertRetriedOnceAfter(pushId, pushedAt, fault.delayMs, devices.map((d) => rig.emulators.honor.inbox(d.vendorToken)));
      for (const d of await rig.deliveries(pushId)) assert.equal(d.outcome, 'delivered', JSON.stringify(d));
      const honor = await channelStat(app, pushId, 'honor');
      assert.deepEqual([honor?.['pushActiveUv'], honor?.['pushOnlineUv']], [2, 2]);
    });
  }

  it('a rotated client secret trips the breaker, keeps the job waiting and marks the credential rejected', async () => {
    const app = await honorApp();
    const device = await rig.addDevice(app, 'honor');
    await pushAndFinish(app, { ...toToken(device), ...notify() });
    assert.equal(rig.emulators.honor.inbox(device.vendorToken).length, 1);

    // The secret is reset in Honor's console and the cached access token runs out.
    rig.emulators.honor.setClientSecret(app.vendorIds.honor!['appId']!, randomBytes(24).toString('hex'));
    rig.emulators.honor.expireAccessTokens();
    const sends = rig.emulators.honor.counters.sendRequests;
    const grants = rig.emulators.honor.counters.tokenRequests;
    const pushId = await pushAccepted(app, { ...toToken(device), ...notify() });
    await kit.waitBehindBreaker(pushId);

    assert.equal(rig.emulators.honor.counters.sendRequests - sends, 1, 'one send answered "token expired"');
    assert.equal(rig.emulators.honor.counters.tokenRequests - grants, 1, 'one refused token request, no storm');
    assert.equal(rig.emulators.honor.inbox(device.vendorToken).length, 1);
    await kit.assertHeldByBreaker(app, pushId, { tpnsName: 'honor', vendor: 'honor', reason: /OAuth:invalid_client/, device });
  });

  it('refuses to save a credential Honor rejects, with its reason, and stores nothing', async () => {
    const app = await rig.createApp('android');
    const wrongSecret = await rig.configure(app, 'honor', { clientSecret: randomBytes(24).toString('hex') });
    kit.assertCredentialRejected(wrongSecret, /OAuth:invalid_client/);
    kit.assertCredentialRejected(await rig.configure(app, 'honor', { clientId: randomBytes(16).toString('hex') }), /OAuth:invalid_client/);
    assert.deepEqual(await kit.credentials(app, 'honor'), []);
  });

  it('cuts an over-long title and body to Honor limits and leaves texts at the limit alone', async () => {
    const app = await honorApp();
    const device = await rig.addDevice(app, 'honor');
    const { long, exact } = await kit.pushPastAndAtLimits(app, device, HONOR_TEXT_LIMITS);
    const [cut, kept] = rig.emulators.honor.inbox(device.vendorToken).map((m) => (m.body['android'] as Json)['notification'] as Json);
    assertCutTo(cut!['title'], long.title, HONOR_TEXT_LIMITS.title);
    assertCutTo(cut!['body'], long.content, HONOR_TEXT_LIMITS.body);
    assert.equal(kept!['title'], exact.title);
    assert.equal(kept!['body'], exact.content);
  });

  it('channel_rules disabling honor fails Honor devices without a request while other channels deliver', async () => {
    const app = await honorApp();
    const saved = await rig.configure(app, 'huawei');
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const honorDevice = await rig.addDevice(app, 'honor');
    const hwDevice = await rig.addDevice(app, 'huawei');
    const requests = rig.emulators.honor.counters.sendRequests;
    const pushId = await pushAndFinish(app, { audience_type: 'all', ...notify(), channel_rules: [{ channel: 'honor', disable: true }] });

    const byChannel = new Map((await rig.deliveries(pushId)).map((d) => [d.channel, d]));
    assert.deepEqual(byChannel.get('honor'), { token: honorDevice.token, channel: 'honor', outcome: 'failed', reason: 'channel disabled by channel_rules' });
    assert.equal(byChannel.get('hw')?.outcome, 'delivered');
    assert.equal(rig.emulators.honor.counters.sendRequests, requests);
    assert.equal(rig.emulators.honor.inbox(honorDevice.vendorToken).length, 0);
    assert.equal(rig.emulators.huawei.inbox(hwDevice.vendorToken).length, 1);
    assert.equal((await rig.deviceRow(app, honorDevice.token)).status, 'active');
    const honor = await channelStat(app, pushId, 'honor');
    assert.deepEqual([honor?.['pushActiveUv'], honor?.['pushOnlineUv'], honor?.['failedUv']], [1, 0, 1]);
  });
});
