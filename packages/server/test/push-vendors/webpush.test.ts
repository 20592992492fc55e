/**
 * Web Push through `/v3/push/app`: the real Web Push channel (RFC 8291 encryption, RFC 8292 VAPID) against the
 * Web Push emulator, which plays both the push service and the browsers (it decrypts what it accepts). Apps are
 * `web` apps: their VAPID pair is made when the app is created, browsers subscribe with its public key, and the
 * TPNS fields a browser can use ride in `message.android`. Statistics and `channel_rules` use TPNS's name `web`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ReceivedPushMessage } from '@herald/emulators';
import { ErrorCatalogue } from '@herald/protocol';
import { generateVapidKeys, webPushTopic, WEBPUSH_TEXT_LIMITS } from '@herald/channels/webpush';
import type { VendorApp, VendorDevice } from './vendor-fixture.ts';
import { toToken, useVendorRig, type Json } from './vendor-test-kit.ts';

const TPNS_NAME = 'web';
const SUBJECT = 'mailto:ops@herald.example';

describe('push vendors: Web Push through /v3/push/app', () => {
  const kit = useVendorRig({ config: { webPushSubject: SUBJECT } });
  const { rig, waitForSendJob } = kit;

  async function credential(app: VendorApp): Promise<Json | undefined> {
    return (await kit.credentials(app, 'webpush'))[0];
  }

  async function vapidPublicKey(app: VendorApp): Promise<string> {
    return String(((await credential(app))?.['meta'] as Json)['publicKey']);
  }

  /** Registers a subscription of our choosing with Herald (the fixture only registers ones the emulator issued as is). */
  const registerSubscription = (app: VendorApp, subscription: Json) =>
    kit.registerVendorToken(app, 'webpush', JSON.stringify(subscription), { platform: 'web', known: String(subscription['endpoint']) });
  const pushed = (app: VendorApp, body: Json) => kit.pushAccepted(app, { message_type: 'notify', ...body });
  const hello = { title: 'Hello', content: 'A message for you' };
  const inbox = (d: VendorDevice): ReceivedPushMessage[] => rig.emulators.webpush.inbox(d.vendorToken);
  const breakerOpen = () => kit.breakerOpen(TPNS_NAME);

  it('delivers a TPNS notify with the browser fields of message.android mapped, and counts it under "web"', async () => {
    const app = await rig.createApp('web');
    const d = await rig.addDevice(app, 'webpush');
    const pushId = await pushed(app, {
      ...toToken(d),
      expire_time: 3600,
      collapse_id: 77,
      message: {
        title: 'Incoming call',
        content: 'Alice is calling',
        xg_media_resources: 'https://cdn.example.com/alice.png',
        android: {
          action: { action_type: 2, browser: { url: 'https://shop.example.com/call/1' } },
          icon_type: 1,
          icon_res: 'https://cdn.example.com/icon.png',
          ring: 0,
          vibrate: 0,
          badge_type: 3,
          hw_category: 'VOIP',
          custom_content: '{"call":"c1","video":true}',
          // Android-only fields a browser has no use for.
          n_ch_id: 'calls',
          xm_ch_id: 'mi-calls',
        },
      },
    });
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);

    assert.deepEqual(await rig.deliveries(pushId), [{ token: d.token, channel: TPNS_NAME, outcome: 'delivered', reason: null }]);
    const received = inbox(d);
    assert.equal(received.length, 1);
    const m = received[0]!;
    assert.equal(m.decryptError, undefined);
    assert.deepEqual(m.json, {
      web_push: 8030,
      notification: {
        title: 'Incoming call',
        body: 'Alice is calling',
        navigate: 'https://shop.example.com/call/1',
        tag: '77',
        icon: 'https://cdn.example.com/icon.png',
        image: 'https://cdn.example.com/alice.png',
        silent: true,
        app_badge: 3,
        data: { call: 'c1', video: true },
      },
      mutable: true,
      herald: { pid: pushId, type: 'notify' },
    });
    // hw_category VOIP is a call: Urgency high. collapse_id is the Topic; expire_time the TTL.
    assert.equal(m.urgency, 'high');
    assert.equal(m.topic, webPushTopic('77'));
    assert.ok(m.ttl > 3000 && m.ttl <= 3600, `ttl ${m.ttl}`);
    assert.equal(m.vapid?.k, await vapidPublicKey(app));
    assert.equal(m.vapid?.sub, SUBJECT);

    const web = await kit.channelStat(app, pushId, TPNS_NAME);
    assert.ok(web !== undefined);
    assert.equal(web['pushActiveUv'], 1);
    assert.equal(web['pushOnlineUv'], 1);
  });

  it('invalidates a subscription the push service answers 410 or 404, and never sends to it again', async () => {
    const app = await rig.createApp('web');
    const webpush = rig.emulators.webpush;
    const healthy = await rig.addDevice(app, 'webpush');
    const unsubscribed = await rig.addDevice(app, 'webpush');
    webpush.unsubscribe(unsubscribed.vendorToken);
    const expired = await rig.addDevice(app, 'webpush');
    webpush.unsubscribe(expired.vendorToken, { status: 404 });
    // Well-formed, with real browser keys, but an endpoint the push service never issued.
    const issued = webpush.subscribe({ applicationServerKey: await vapidPublicKey(app) });
    const unknown = await registerSubscription(app, { ...issued, endpoint: `${webpush.origin}/push/${randomBytes(20).toString('base64url')}` });
    const expected = new Map([
      [unsubscribed.token, 'Gone:errno103'],
      [expired.token, 'NotFound:errno102'],
      [unknown.token, 'NotFound:errno102'],
    ]);

    const first = await pushed(app, { audience_type: 'all', message: hello });
    await rig.waitStatus(first, ['PUSH_FINISHED']);
    const rows = await rig.deliveries(first);
    assert.equal(rows.length, 4);
    for (const row of rows) {
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

    // The whole audience again: only the healthy browser is targeted.
    const requestsBefore = webpush.counters.requests;
    const second = await pushed(app, { audience_type: 'all', message: hello });
    await rig.waitStatus(second, ['PUSH_FINISHED']);
    assert.deepEqual((await rig.deliveries(second)).map((r) => [r.token, r.outcome]), [[healthy.token, 'delivered']]);
    assert.equal(webpush.counters.requests, requestsBefore + 1);
    assert.equal(inbox(healthy).length, 2);

    // Addressed by token: refused as TPNS refuses unregistered tokens, or skipped with ignore_invalid_token.
    const dead = [...expected.keys()];
    const refused = await rig.push(app, { message_type: 'notify', audience_type: 'token_list', token_list: dead, message: hello });
    assert.equal(refused.body['ret_code'], ErrorCatalogue.PUSH_TARGET_NOT_FOUND.retCode, JSON.stringify(refused.body));
    const res = await rig.push(app, { message_type: 'notify', audience_type: 'token_list', token_list: [healthy.token, ...dead], ignore_invalid_token: 1, message: hello });
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    assert.deepEqual(new Set(res.body['invalid_targe_list'] as string[]), new Set(dead));
    const third = String(res.body['push_id']);
    await rig.waitStatus(third, ['PUSH_FINISHED']);
    assert.deepEqual((await rig.deliveries(third)).map((r) => [r.token, r.outcome]), [[healthy.token, 'delivered']]);
    assert.equal(webpush.counters.requests, requestsBefore + 2);
    assert.equal(inbox(healthy).length, 3);
  });

  const throttles: Array<{ name: string; status: number; retryAfterSeconds?: number; waitMs: number }> = [
    { name: '429 with Retry-After: 1', status: 429, retryAfterSeconds: 1, waitMs: 1000 },
    { name: '503 with Retry-After: 1', status: 503, retryAfterSeconds: 1, waitMs: 1000 },
    // No Retry-After: the per-origin backoff, 1 s at first.
    { name: '500 without Retry-After (backoff)', status: 500, waitMs: 1000 },
  ];
  for (const t of throttles) {
    it(`retries after ${t.name} exactly once, after the delay, and delivers once`, async () => {
      const app = await rig.createApp('web');
      const d = await rig.addDevice(app, 'webpush');
      const webpush = rig.emulators.webpush;
      webpush.injectFault({ endpoint: d.vendorToken, status: t.status, times: 1, ...(t.retryAfterSeconds !== undefined ? { retryAfterSeconds: t.retryAfterSeconds } : {}) });
      const requestsBefore = webpush.counters.requests;
      const startedBefore = rig.clock.now();
      const pushId = await pushed(app, { ...toToken(d), message: hello });

      const job = await kit.releasedForRetry(pushId, startedBefore, t.waitMs);

      await rig.waitStatus(pushId, ['PUSH_FINISHED']);
      assert.equal(webpush.counters.requests, requestsBefore + 2, 'the refused request and one retry');
      const received = inbox(d);
      assert.equal(received.length, 1);
      assert.ok(received[0]!.receivedAt >= job.available_at, 'the retry came after the delay');
      assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome]), [[TPNS_NAME, 'delivered']]);
    });
  }

  it('a VAPID key the push service refuses opens the breaker: the job waits, nothing is delivered, the credential shows rejected', async () => {
    const app = await rig.createApp('web');
    const d = await rig.addDevice(app, 'webpush');
    const warmUp = await pushed(app, { ...toToken(d), message: hello });
    await rig.waitStatus(warmUp, ['PUSH_FINISHED']);
    assert.equal(inbox(d).length, 1);

    // A new VAPID pair: the browser subscribed with the old public key, so the push service answers 403.
    const oldKey = await vapidPublicKey(app);
    const rotated = await rig.api('PUT', `/apps/${app.accessId}/credentials/webpush`, {});
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.notEqual(await vapidPublicKey(app), oldKey);

    const openBefore = await breakerOpen();
    const rejectedBefore = rig.emulators.webpush.counters.rejected['403:109'] ?? 0;
    const pushId = await pushed(app, { ...toToken(d), message: hello });
    const job = await waitForSendJob(pushId, (j) => j.state === 'pending' && j.attempt >= 1, 'the send job to wait behind the breaker');
    assert.ok(job.available_at > rig.clock.now() + 10_000, 'held for the breaker cool-down');

    assert.equal(rig.emulators.webpush.counters.rejected['403:109'], rejectedBefore + 1);
    assert.equal(await breakerOpen(), openBefore + 1);
    assert.equal(await breakerOpen(), 1);
    assert.deepEqual(await rig.deliveries(pushId), []);
    assert.equal(inbox(d).length, 1);
    assert.equal((await rig.deviceRow(app, d.token)).status, 'active', 'a VAPID refusal keeps the subscription');
    const check = ((await credential(app))?.['meta'] as Json)['check'] as Json;
    assert.deepEqual([check['status'], check['reason']], ['rejected', 'web: Forbidden:errno109']);
  });

  /** An imported VAPID pair whose public key belongs to another private key. */
  function mismatchedPair(): Json {
    return { subject: SUBJECT, publicKey: generateVapidKeys().publicKey, privateKey: generateVapidKeys().privateKey };
  }

  it('saving a VAPID pair that does not match is refused (REQUEST_PARAM_INVALID, as documented) and the stored pair is kept', async () => {
    const app = await rig.createApp('web');
    const before = await credential(app);
    const res = await rig.api('PUT', `/apps/${app.accessId}/credentials/webpush`, mismatchedPair());
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body['code'], 'REQUEST_PARAM_INVALID');
    assert.match(String(res.body['message']), /publicKey.*does not belong to privateKey/);
    assert.deepEqual(await credential(app), before);
  });

  it('over-long title and content are delivered with the body cut to what the encrypted record holds', async () => {
    const app = await rig.createApp('web');
    const d = await rig.addDevice(app, 'webpush');
    // Far past TPNS's 20-character title; 4 KB of UTF-8 with the title, inside TPNS's 4 KB message limit but more
    // than a Web Push record carries once the rest of the payload is added.
    const title = '订单已发货请注意查收'.repeat(3);
    const content = '您的包裹正在路上预计明天送达'.repeat(92);
    const pushId = await pushed(app, { ...toToken(d), message: { title, content } });
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);
    assert.deepEqual((await rig.deliveries(pushId)).map((r) => r.outcome), ['delivered']);

    const [m] = inbox(d);
    assert.equal(m?.decryptError, undefined);
    const notification = (m!.json as { notification: { title: string; body: string } }).notification;
    const plaintextBytes = Buffer.byteLength(m!.text!, 'utf8');
    assert.equal(WEBPUSH_TEXT_LIMITS.titleChars, null);
    assert.equal(notification.title, title, 'the title fits and is kept whole');
    assert.ok(notification.body.length < content.length, 'the body was cut');
    assert.ok(notification.body.endsWith('…'));
    assert.ok(content.startsWith(notification.body.slice(0, -1)));
    assert.ok(plaintextBytes <= WEBPUSH_TEXT_LIMITS.plaintextBytes, `${plaintextBytes} bytes of plaintext`);
    // Cut as late as possible: one more character (3 bytes in UTF-8) would not have fitted.
    assert.ok(plaintextBytes + 3 > WEBPUSH_TEXT_LIMITS.plaintextBytes, `${plaintextBytes} bytes leave room for more`);
  });

  it('channel_rules disabling "web" fails the device with that reason and sends nothing', async () => {
    const app = await rig.createApp('web');
    const d = await rig.addDevice(app, 'webpush');
    const requestsBefore = rig.emulators.webpush.counters.requests;
    const pushId = await pushed(app, { ...toToken(d), message: hello, channel_rules: [{ channel: TPNS_NAME, disable: true }] });
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);
    assert.deepEqual(await rig.deliveries(pushId), [{ token: d.token, channel: TPNS_NAME, outcome: 'failed', reason: 'channel disabled by channel_rules' }]);
    assert.equal(inbox(d).length, 0);
    assert.equal(rig.emulators.webpush.counters.requests, requestsBefore);
  });
});
