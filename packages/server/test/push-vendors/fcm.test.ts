/**
 * FCM through `/v3/push/app`: the real FCM channel against the FCM emulator (HTTP v1 and Google's OAuth token
 * endpoint), with apps, credentials and devices made through the public APIs. Covers delivery with the TPNS
 * `message.android` fields mapped, token rejections, Retry-After and backoff, refused credentials, long text and
 * `channel_rules`. Statistics are read under TPNS's channel name, `fcm`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createFcmServiceAccount, generateFcmToken, type FcmFaultCode, type ReceivedFcmMessage } from '@herald/emulators';
import { ErrorCatalogue } from '@herald/protocol';
import { FCM_MAX_PAYLOAD_BYTES, FCM_TEXT_LIMITS, fcmPayloadBytes } from '@herald/channels/fcm';
import type { VendorApp, VendorDevice } from './vendor-fixture.ts';
import { toToken, useVendorRig, type Json } from './vendor-test-kit.ts';

const TPNS_NAME = 'fcm';

describe('push vendors: FCM through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig, waitForSendJob } = kit;
  /** A new Android app with a working FCM credential. */
  const fcmApp = () => kit.configuredApp('fcm');
  /** Registers a device with Herald for a token of our choosing (the fixture only registers emulator devices). */
  const registerToken = (app: VendorApp, vendorToken: string) => kit.registerVendorToken(app, 'fcm', vendorToken);
  const pushed = (app: VendorApp, body: Json) => kit.pushAccepted(app, { message_type: 'notify', ...body });
  const hello = { title: 'Hello', content: 'A message for you' };
  const inbox = (d: VendorDevice): ReceivedFcmMessage[] => rig.emulators.fcm.inbox(d.vendorToken);
  const breakerOpen = () => kit.breakerOpen(TPNS_NAME);

  async function credentialMeta(app: VendorApp): Promise<Json | undefined> {
    const [cred] = await kit.credentials(app, 'fcm');
    return cred?.['meta'] as Json | undefined;
  }

  it('delivers a TPNS notify with the FCM fields of message.android mapped, and counts it under "fcm"', async () => {
    const app = await fcmApp();
    const d = await rig.addDevice(app, 'fcm');
    const action = { action_type: 1, activity: 'com.example.OrderActivity' };
    const pushId = await pushed(app, {
      ...toToken(d),
      expire_time: 3600,
      collapse_id: 4242,
      message: {
        title: 'Order shipped',
        content: 'Your parcel is on its way',
        android: {
          n_ch_id: 'orders',
          fcm_ch_id: 'fcm-orders',
          ring_raw: 'chime',
          vibrate: 0,
          lights: 0,
          small_icon: 'ic_stat_parcel',
          icon_type: 1,
          icon_res: 'https://cdn.example.com/parcel.png',
          custom_content: '{"order":"42","qty":2}',
          action,
        },
      },
    });
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);

    assert.deepEqual(await rig.deliveries(pushId), [{ token: d.token, channel: TPNS_NAME, outcome: 'delivered', reason: null }]);
    const received = inbox(d);
    assert.equal(received.length, 1);
    const message = received[0]!.message as Record<string, Json>;
    assert.deepEqual(message['notification'], { title: 'Order shipped', body: 'Your parcel is on its way' });
    const android = message['android'] as Json & { notification: Json };
    assert.equal(android['priority'], 'HIGH');
    assert.equal(android['collapse_key'], '4242');
    const ttl = /^(\d+)s$/.exec(String(android['ttl']));
    assert.ok(ttl !== null && Number(ttl[1]) > 3000 && Number(ttl[1]) <= 3600, `ttl ${String(android['ttl'])}`);
    // fcm_ch_id wins over n_ch_id; ring_raw is the sound; vibrate 0 and lights 0 drop the defaults.
    assert.equal(android.notification['channel_id'], 'fcm-orders');
    assert.equal(android.notification['sound'], 'chime');
    assert.equal(android.notification['default_sound'], undefined);
    assert.equal(android.notification['default_vibrate_timings'], undefined);
    assert.equal(android.notification['default_light_settings'], undefined);
    assert.equal(android.notification['icon'], 'ic_stat_parcel');
    assert.equal(android.notification['image'], 'https://cdn.example.com/parcel.png');
    assert.equal(android.notification['tag'], '4242');
    const data = message['data'] as Record<string, string>;
    assert.equal(data['order'], '42');
    assert.equal(data['qty'], '2');
    const herald = JSON.parse(data['herald']!) as Json;
    assert.equal(herald['pid'], pushId);
    assert.deepEqual(herald['action'], action);

    const fcm = await kit.channelStat(app, pushId, TPNS_NAME);
    assert.ok(fcm !== undefined);
    assert.equal(fcm['pushActiveUv'], 1);
    assert.equal(fcm['pushOnlineUv'], 1);
  });

  it('invalidates a device FCM calls UNREGISTERED or not a valid registration token, and never sends to it again', async () => {
    const app = await fcmApp();
    const healthy = await rig.addDevice(app, 'fcm');
    const uninstalled = await rig.addDevice(app, 'fcm');
    rig.emulators.fcm.unregisterDevice(uninstalled.vendorToken);
    // Well-formed for Herald, but no app instance ever had it: FCM answers 400 "not a valid FCM registration token".
    const unknown = await registerToken(app, generateFcmToken());
    const expected = new Map([
      [uninstalled.token, 'UNREGISTERED'],
      [unknown.token, 'INVALID_ARGUMENT'],
    ]);

    const first = await pushed(app, { audience_type: 'all', message: hello });
    await rig.waitStatus(first, ['PUSH_FINISHED']);
    for (const row of await rig.deliveries(first)) {
      const reason = expected.get(row.token);
      if (reason === undefined) {
        assert.deepEqual([row.token, row.outcome], [healthy.token, 'delivered']);
        continue;
      }
      assert.deepEqual([row.channel, row.outcome, row.reason], [TPNS_NAME, 'rejected', reason]);
      const device = await rig.deviceRow(app, row.token);
      assert.equal(device.status, 'invalid');
      assert.equal(device.invalid_reason, reason);
    }
    assert.equal((await rig.deliveries(first)).length, 3);

    // The whole audience again: only the healthy device is targeted.
    const sendsBefore = rig.emulators.fcm.counters.sendRequests;
    const second = await pushed(app, { audience_type: 'all', message: hello });
    await rig.waitStatus(second, ['PUSH_FINISHED']);
    assert.deepEqual((await rig.deliveries(second)).map((r) => [r.token, r.outcome]), [[healthy.token, 'delivered']]);
    assert.equal(rig.emulators.fcm.counters.sendRequests, sendsBefore + 1);
    assert.equal(inbox(healthy).length, 2);

    // Addressed by token: refused as TPNS refuses unregistered tokens, or skipped with ignore_invalid_token.
    const refused = await rig.push(app, { message_type: 'notify', audience_type: 'token_list', token_list: [uninstalled.token, unknown.token], message: hello });
    assert.equal(refused.body['ret_code'], ErrorCatalogue.PUSH_TARGET_NOT_FOUND.retCode, JSON.stringify(refused.body));
    const res = await rig.push(app, {
      message_type: 'notify', audience_type: 'token_list', token_list: [healthy.token, uninstalled.token, unknown.token], ignore_invalid_token: 1, message: hello,
    });
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    assert.deepEqual(new Set(res.body['invalid_targe_list'] as string[]), new Set([uninstalled.token, unknown.token]));
    const third = String(res.body['push_id']);
    await rig.waitStatus(third, ['PUSH_FINISHED']);
    assert.deepEqual((await rig.deliveries(third)).map((r) => [r.token, r.outcome]), [[healthy.token, 'delivered']]);
    assert.equal(rig.emulators.fcm.counters.sendRequests, sendsBefore + 2);
    assert.equal(inbox(healthy).length, 3);
    assert.equal(rig.emulators.fcm.inbox(uninstalled.vendorToken).length, 0);
  });

  const throttles: Array<{ name: string; error: FcmFaultCode; retryAfterSeconds?: number; waitMs: number; jitterMs: number }> = [
    { name: '429 QUOTA_EXCEEDED with Retry-After: 1', error: 'QUOTA_EXCEEDED', retryAfterSeconds: 1, waitMs: 1000, jitterMs: 0 },
    { name: '503 UNAVAILABLE with Retry-After: 1', error: 'UNAVAILABLE', retryAfterSeconds: 1, waitMs: 1000, jitterMs: 0 },
    // No Retry-After: the channel's backoff, 1 s at first plus up to 10 % random delay (FCM asks for the jitter).
    { name: '500 INTERNAL without Retry-After (backoff)', error: 'INTERNAL', waitMs: 1000, jitterMs: 100 },
  ];
  for (const t of throttles) {
    it(`retries after ${t.name} exactly once, after the delay, and delivers once`, async () => {
      const app = await fcmApp();
      const d = await rig.addDevice(app, 'fcm');
      const fcm = rig.emulators.fcm;
      fcm.injectFault({ token: d.vendorToken, error: t.error, times: 1, ...(t.retryAfterSeconds !== undefined ? { retryAfterSeconds: t.retryAfterSeconds } : {}) });
      const sendsBefore = fcm.counters.sendRequests;
      const startedBefore = rig.clock.now();
      const pushId = await pushed(app, { ...toToken(d), message: hello });

      const job = await kit.releasedForRetry(pushId, startedBefore, t.waitMs, t.jitterMs);

      await rig.waitStatus(pushId, ['PUSH_FINISHED']);
      assert.equal(fcm.counters.sendRequests, sendsBefore + 2, 'the refused request and one retry');
      const received = inbox(d);
      assert.equal(received.length, 1);
      assert.ok(received[0]!.receivedAt >= job.available_at, 'the retry came after the delay');
      assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome]), [[TPNS_NAME, 'delivered']]);
    });
  }

  it('a credential FCM stops accepting opens the breaker: the job waits, nothing is delivered, the credential shows rejected', async () => {
    const app = await fcmApp();
    const d = await rig.addDevice(app, 'fcm');
    const warmUp = await pushed(app, { ...toToken(d), message: hello });
    await rig.waitStatus(warmUp, ['PUSH_FINISHED']);
    assert.equal(inbox(d).length, 1);

    // The service account is deleted in the Firebase project: its access tokens stop working, new grants fail.
    const meta = await credentialMeta(app);
    rig.emulators.fcm.unregisterServiceAccount(String(meta?.['client_email']));
    const openBefore = await breakerOpen();
    const pushId = await pushed(app, { ...toToken(d), message: hello });
    const job = await waitForSendJob(pushId, (j) => j.state === 'pending' && j.attempt >= 1, 'the send job to wait behind the breaker');
    assert.ok(job.available_at > rig.clock.now() + 10_000, 'held for the breaker cool-down');

    assert.equal(await breakerOpen(), openBefore + 1);
    assert.equal(await breakerOpen(), 1);
    assert.deepEqual(await rig.deliveries(pushId), []);
    assert.equal(inbox(d).length, 1);
    assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
    const check = (await credentialMeta(app))?.['check'] as Json;
    assert.equal(check['status'], 'rejected');
    assert.match(String(check['reason']), /invalid_grant/);
  });

  it('saving a service account FCM refuses answers 400 CREDENTIAL_REJECTED with Google\'s reason and stores nothing', async () => {
    const app = await rig.createApp('android');
    const tokenUri = rig.emulators.fcm.tokenUrl;
    const projectId = `herald-x${randomBytes(4).toString('hex')}`;
    // Never registered with Google: the grant answers "account not found".
    const unknown = createFcmServiceAccount({ projectId, tokenUri }).json;
    // A registered account, but the JSON carries another key: the assertion's signature does not verify.
    const registered = createFcmServiceAccount({ projectId, tokenUri, name: 'herald-sender' });
    rig.emulators.fcm.registerServiceAccount(registered.registration);
    const wrongKey = { ...registered.json, private_key: createFcmServiceAccount({ projectId, tokenUri }).json['private_key']! };
    // The account is fine, but the JSON names a project it may not send for.
    const otherProject = { ...registered.json, project_id: `herald-y${randomBytes(4).toString('hex')}` };
    const cases: Array<[Json, RegExp]> = [
      [unknown, /invalid_grant.*account not found/],
      [wrongKey, /invalid_grant.*Invalid JWT Signature/],
      [otherProject, /PERMISSION_DENIED.*cloudmessaging\.messages\.create/],
    ];
    for (const [serviceAccount, reason] of cases) {
      const res = await rig.api('PUT', `/apps/${app.accessId}/credentials/fcm`, { serviceAccount });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body['code'], 'CREDENTIAL_REJECTED');
      assert.match(String(res.body['message']), /^fcm: /);
      assert.match(String(res.body['message']), reason);
      assert.equal(await credentialMeta(app), undefined);
    }
  });

  it('a token of another Firebase project (SENDER_ID_MISMATCH) is the credential\'s fault: breaker, device kept', async () => {
    // Issue 4 decides SENDER_ID_MISMATCH is channel-wide (see fcm-errors.ts), unlike Google's per-token advice.
    const app = await fcmApp();
    const foreign = await registerToken(app, rig.emulators.fcm.registerDevice({ projectId: `herald-z${randomBytes(4).toString('hex')}`, packageName: app.packageName }));
    const openBefore = await breakerOpen();
    const pushId = await pushed(app, { ...toToken(foreign), message: hello });
    const job = await waitForSendJob(pushId, (j) => j.state === 'pending' && j.attempt >= 1, 'the send job to wait behind the breaker');
    assert.ok(job.available_at > rig.clock.now() + 10_000);
    assert.equal(await breakerOpen(), openBefore + 1);
    assert.equal((await rig.deviceRow(app, foreign.token)).status, 'active');
    const check = (await credentialMeta(app))?.['check'] as Json;
    assert.deepEqual([check['status'], check['reason']], ['rejected', 'fcm: SENDER_ID_MISMATCH']);
  });

  /** `actual` is `original` cut to `limit` characters (null: FCM sets none, so nothing is cut). */
  function assertFitted(actual: unknown, original: string, limit: number | null, what: string): void {
    if (limit === null) {
      assert.equal(actual, original, `${what} is not cut`);
      return;
    }
    const text = String(actual);
    assert.ok(Array.from(text).length <= limit, `${what} within ${limit} characters`);
    assert.ok(original.startsWith(text.replace(/…$/, '')), `${what} is a prefix of the original`);
  }

  it('over-long title and content are delivered as FCM takes them: no character limit, within the payload limit', async () => {
    const app = await fcmApp();
    const d = await rig.addDevice(app, 'fcm');
    // Far past TPNS's 20-character title and every Android vendor's limits; 3.3 KB of UTF-8, inside TPNS's 4 KB.
    const title = '订单已发货请注意查收'.repeat(10);
    const content = '您的包裹正在路上预计明天送达'.repeat(70);
    const pushId = await pushed(app, { ...toToken(d), message: { title, content } });
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);
    assert.deepEqual((await rig.deliveries(pushId)).map((r) => r.outcome), ['delivered']);
    const [received] = inbox(d);
    const notification = (received?.message as Record<string, Json>)['notification']!;
    assertFitted(notification['title'], title, FCM_TEXT_LIMITS.title, 'title');
    assertFitted(notification['body'], content, FCM_TEXT_LIMITS.body, 'body');
    assert.ok(fcmPayloadBytes(received!.raw as Json) <= FCM_MAX_PAYLOAD_BYTES);
  });

  it('channel_rules disabling "fcm" fails the device with that reason and sends nothing', async () => {
    const app = await fcmApp();
    const d = await rig.addDevice(app, 'fcm');
    const sendsBefore = rig.emulators.fcm.counters.sendRequests;
    const pushId = await pushed(app, { ...toToken(d), message: hello, channel_rules: [{ channel: TPNS_NAME, disable: true }] });
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);
    assert.deepEqual(await rig.deliveries(pushId), [{ token: d.token, channel: TPNS_NAME, outcome: 'failed', reason: 'channel disabled by channel_rules' }]);
    assert.equal(inbox(d).length, 0);
    assert.equal(rig.emulators.fcm.counters.sendRequests, sendsBefore);
  });
});
