/**
 * Xiaomi Mi Push through `/v3/push/app`: the real Mi channel client against the Mi Push emulator, with apps,
 * credentials and devices set up through the public APIs (vendor-fixture.ts). Covers what issue 4 asks of
 * every vendor: the TPNS Android fields reach the device, each way Mi Push refuses a regId invalidates the
 * device, 429/5xx with Retry-After and Mi's throttling code are retried once after the delay, a revoked
 * AppSecret opens the breaker, over-long texts are cut to the Mi limits, and channel_rules can switch `xm` off.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { XIAOMI_BODY_MAX, XIAOMI_RESULTS, XIAOMI_TITLE_MAX } from '@herald/channels/xiaomi';
import type { VendorApp } from './vendor-fixture.ts';
import { notifyAll as toAll, notifyDevice as toDevice, toToken, useVendorRig } from './vendor-test-kit.ts';

/** Longer than the channel's own first backoff step (1 s), so the wait can only come from the header. */
const RETRY_AFTER_S = 2;


describe('push vendors: Xiaomi (xm) through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig, pushAccepted: pushed, pushAndFinish, channelStats } = kit;
  const mi = () => rig.emulators.xiaomi;
  const xiaomiApp = () => kit.configuredApp('xiaomi');
  /** A device whose regId Herald gets through the SDK API, whatever the emulator knows about it. */
  const registerRegId = (app: VendorApp, regId: string) => kit.registerVendorToken(app, 'xiaomi', regId);

  const snapshot = () => ({ requests: mi().counters.requests, delivered: mi().counters.delivered, badRegIds: mi().counters.badRegIds, errors: { ...mi().counters.errors } });
  const errorsSince = (before: { errors: Record<string, number> }, key: string) => (mi().counters.errors[key] ?? 0) - (before.errors[key] ?? 0);

  it('delivers a notify push with the Mi fields mapped, recorded and counted under xm', async () => {
    const app = await xiaomiApp();
    const d = await rig.addDevice(app, 'xiaomi');
    const pushId = await pushAndFinish(app, {
      ...toToken(d),
      message_type: 'notify',
      expire_time: 3600,
      message: {
        title: 'Dinner',
        content: 'Table for two at eight',
        android: {
          xm_ch_id: 'mi-orders',
          ring: 1,
          vibrate: 0,
          lights: 1,
          ring_raw: 'chime',
          action: { action_type: 1, activity: 'com.example.OrderActivity' },
          custom_content: '{"order":"42"}',
        },
      },
    });

    const deliveries = await rig.deliveries(pushId);
    assert.deepEqual(deliveries.map((r) => [r.token, r.channel, r.outcome]), [[d.token, 'xm', 'delivered']]);

    const inbox = mi().inbox(d.vendorToken);
    assert.equal(inbox.length, 1);
    const m = inbox[0]!;
    assert.equal(m.packageName, app.packageName);
    assert.equal(m.passThrough, false);
    assert.equal(m.title, 'Dinner');
    assert.equal(m.description, 'Table for two at eight');
    // ring + lights without vibrate: Mi's notify_type is the sum 1 + 4.
    assert.equal(m.notifyType, 5);
    assert.equal(m.extra['channel_id'], 'mi-orders');
    assert.equal(m.extra['sound_uri'], `android.resource://${app.packageName}/raw/chime`);
    assert.equal(m.extra['notify_effect'], '2');
    assert.equal(m.extra['intent_uri'], `intent:#Intent;component=${app.packageName}/com.example.OrderActivity;end`);
    assert.equal(m.extra['order'], '42');
    assert.deepEqual(JSON.parse(m.extra['herald'] ?? '{}'), { pid: pushId });
    assert.deepEqual(JSON.parse(m.payload ?? '{}'), { order: '42', herald: { pid: pushId } });
    assert.ok(m.timeToLive !== undefined && m.timeToLive > 0 && m.timeToLive <= 3600 * 1000, `time_to_live ${m.timeToLive}`);

    const stats = await channelStats(app, pushId);
    assert.deepEqual(Object.keys(stats), ['xm', 'all']);
    assert.equal(stats['xm']?.['pushActiveUv'], 1);
    assert.equal(stats['xm']?.['pushOnlineUv'], 1);
  });

  it('invalidates uninstalled, foreign-package, unknown and malformed regIds reported in one batch', async () => {
    const app = await xiaomiApp();
    const good = await rig.addDevice(app, 'xiaomi');
    const uninstalled = await rig.addDevice(app, 'xiaomi');
    mi().unregisterDevice(uninstalled.vendorToken);
    const foreign = await rig.addDevice(app, 'xiaomi');
    // The regId now belongs to another app's package: Mi reports it bad for this one.
    mi().registerDevice({ regId: foreign.vendorToken, packageName: 'com.example.elsewhere' });
    const unknown = await registerRegId(app, randomBytes(33).toString('base64').replace(/[+/=]/g, 'x'));
    // A comma would make two regIds on Mi's side; the channel refuses it without asking Mi.
    const malformed = await registerRegId(app, `${randomBytes(8).toString('hex')},${randomBytes(8).toString('hex')}`);
    const dead = [uninstalled, foreign, unknown, malformed];

    const before = snapshot();
    const pushId = await pushAndFinish(app, toAll());
    assert.equal(mi().counters.requests - before.requests, 1, 'one batch request');
    assert.equal(mi().counters.badRegIds - before.badRegIds, 3, 'Mi named the three regIds it knows to be bad');

    const byToken = new Map((await rig.deliveries(pushId)).map((r) => [r.token, r]));
    assert.deepEqual([byToken.get(good.token)?.outcome, byToken.get(good.token)?.channel], ['delivered', 'xm']);
    for (const d of dead) {
      const row = byToken.get(d.token);
      assert.deepEqual([row?.channel, row?.outcome, row?.reason], ['xm', 'rejected', 'InvalidRegId'], d.vendorToken);
      const device = await rig.deviceRow(app, d.token);
      assert.deepEqual([device.status, device.invalid_reason], ['invalid', 'InvalidRegId']);
    }
    assert.equal((await rig.deviceRow(app, good.token)).status, 'active');
    const stats = await channelStats(app, pushId);
    assert.deepEqual([stats['xm']?.['pushActiveUv'], stats['xm']?.['pushOnlineUv'], stats['xm']?.['invalidUv']], [5, 1, 4]);

    // The next push to everyone reaches only the live device, and Mi is not asked about the dead ones again.
    const again = snapshot();
    const second = await pushAndFinish(app, toAll({ title: 'Again', content: 'Second push' }));
    assert.deepEqual((await rig.deliveries(second)).map((r) => [r.token, r.outcome]), [[good.token, 'delivered']]);
    assert.equal(mi().counters.requests - again.requests, 1);
    assert.equal(mi().counters.badRegIds, again.badRegIds);
    assert.deepEqual(mi().inbox(good.vendorToken).map((m) => m.title), ['Hello', 'Again']);

    // A push naming a dead token is refused at the API: no task, no request.
    const direct = await rig.push(app, toDevice(uninstalled));
    assert.notEqual(direct.body['ret_code'], 0, JSON.stringify(direct.body));
    assert.match(String(direct.body['err_msg']), /not registered/);
    assert.equal(mi().counters.requests, again.requests + 1);
  });

  it('invalidates a lone uninstalled regId that Mi answers with "No valid targets!" (20301)', async () => {
    const app = await xiaomiApp();
    const d = await rig.addDevice(app, 'xiaomi');
    mi().unregisterDevice(d.vendorToken);
    const before = snapshot();
    const pushId = await pushAndFinish(app, toDevice(d));
    assert.equal(errorsSince(before, '20301'), 1);
    const [row] = await rig.deliveries(pushId);
    assert.deepEqual([row?.channel, row?.outcome, row?.reason], ['xm', 'rejected', 'NoValidTargets(20301)']);
    const device = await rig.deviceRow(app, d.token);
    assert.deepEqual([device.status, device.invalid_reason], ['invalid', 'NoValidTargets(20301)']);

    const second = await pushAndFinish(app, toAll());
    assert.deepEqual(await rig.deliveries(second), [], 'the dead device is no longer in the audience');
    assert.equal(mi().counters.requests, before.requests + 1);
  });

  it('resends a batch Mi calls illegal (10029) one regId at a time and invalidates only the illegal one', async () => {
    const app = await xiaomiApp();
    const good = await rig.addDevice(app, 'xiaomi');
    const illegal = await rig.addDevice(app, 'xiaomi');
    // Mi answers the batch, then the illegal regId alone, with 10029.
    mi().injectFault({ regId: illegal.vendorToken, code: 10029, reason: 'Illegal device', times: 2 });
    const before = snapshot();
    const pushId = await pushAndFinish(app, toAll());
    assert.equal(mi().counters.requests - before.requests, 3, 'the batch, then one request per regId');
    assert.equal(errorsSince(before, '10029'), 2);

    const byToken = new Map((await rig.deliveries(pushId)).map((r) => [r.token, r]));
    assert.equal(byToken.get(good.token)?.outcome, 'delivered');
    assert.deepEqual([byToken.get(illegal.token)?.outcome, byToken.get(illegal.token)?.reason], ['rejected', 'IllegalDevice(10029)']);
    assert.equal(mi().inbox(good.vendorToken).length, 1);
    assert.equal(mi().inbox(illegal.vendorToken).length, 0);
    const device = await rig.deviceRow(app, illegal.token);
    assert.deepEqual([device.status, device.invalid_reason], ['invalid', 'IllegalDevice(10029)']);
    assert.equal((await rig.deviceRow(app, good.token)).status, 'active');
  });

  /** Mi answers the first request with `fault`; the job must wait `delayMs`, then ask exactly once more. */
  async function retriedOnce(fault: { status?: number; code?: number; reason?: string; retryAfterSeconds?: number }, errorKey: string, delayMs: number): Promise<void> {
    const app = await xiaomiApp();
    const d = await rig.addDevice(app, 'xiaomi');
    mi().injectFault({ regId: d.vendorToken, times: 1, ...fault });
    const before = snapshot();
    const t0 = rig.clock.now();
    const pushId = await pushed(app, toDevice(d));
    await rig.waitFor(() => errorsSince(before, errorKey) === 1, `Mi to answer ${errorKey}`);
    const afterFault = mi().counters.requests;
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);

    assert.equal(afterFault - before.requests, 1, 'the first request got the fault');
    assert.equal(mi().counters.requests - afterFault, 1, 'exactly one request after the delay: no retry storm');
    assert.equal(errorsSince(before, errorKey), 1);
    await kit.assertRetriedOnceAfter(pushId, t0, delayMs, [mi().inbox(d.vendorToken)]);
    assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome]), [['xm', 'delivered']]);
  }

  for (const status of [429, 503]) {
    it(`retries once after Retry-After when Mi answers ${status}`, async () => {
      await retriedOnce({ status, retryAfterSeconds: RETRY_AFTER_S }, `HTTP${status}`, RETRY_AFTER_S * 1000);
    });
  }

  it('backs off by the channel delay of Mi\'s throttling code (10027, no Retry-After) and retries once', async () => {
    const delayMs = XIAOMI_RESULTS[10027]?.baseDelayMs;
    assert.ok(delayMs !== undefined && delayMs > 0);
    await retriedOnce({ code: 10027, reason: 'Too many requests' }, '10027', delayMs);
  });

  it('a revoked AppSecret opens the xm breaker, parks the job and marks the credential rejected', async () => {
    const app = await xiaomiApp();
    const d = await rig.addDevice(app, 'xiaomi');
    await pushAndFinish(app, toDevice(d));
    assert.equal(mi().inbox(d.vendorToken).length, 1);

    mi().revokeSecret(app.vendorIds.xiaomi!['appSecret']!);
    const before = snapshot();
    const pushId = await pushed(app, toDevice(d, { title: 'After reset', content: 'Secret revoked' }));
    await kit.waitBehindBreaker(pushId);

    assert.equal(errorsSince(before, '21301'), 1, 'one refused request, no retry storm');
    assert.equal(mi().counters.requests - before.requests, 1);
    assert.equal(mi().inbox(d.vendorToken).length, 1, 'nothing more delivered');
    await kit.assertHeldByBreaker(app, pushId, { tpnsName: 'xm', vendor: 'xiaomi', reason: /21301/, device: d });
  });

  it('refuses to save an AppSecret Mi does not accept (400 CREDENTIAL_REJECTED) and stores nothing', async () => {
    const fresh = await rig.createApp('android');
    const refused = await rig.configure(fresh, 'xiaomi', { appSecret: 'not-the-app-secret' });
    kit.assertCredentialRejected(refused, /AuthenticationFailed\(21301\)/);
    assert.deepEqual(await kit.credentials(fresh), []);

    // An app with a working credential keeps it untouched.
    const app = await xiaomiApp();
    const saved = await rig.api('GET', `/apps/${app.accessId}/credentials`);
    const again = await rig.configure(app, 'xiaomi', { appSecret: 'not-the-app-secret' });
    assert.equal(again.status, 400);
    assert.deepEqual((await rig.api('GET', `/apps/${app.accessId}/credentials`)).body, saved.body);
  });

  it('cuts an over-long title and description to the Mi limits and delivers them', async () => {
    const app = await xiaomiApp();
    const d = await rig.addDevice(app, 'xiaomi');
    const title = '晚餐预订提醒'.repeat(15);
    const content = 'Your table for two is ready. '.repeat(12);
    assert.ok(title.length > XIAOMI_TITLE_MAX && content.length > XIAOMI_BODY_MAX);
    const pushId = await pushAndFinish(app, toDevice(d, { title, content }));
    assert.equal((await rig.deliveries(pushId))[0]?.outcome, 'delivered');
    const [m] = mi().inbox(d.vendorToken);
    assert.equal(m?.title?.length, XIAOMI_TITLE_MAX);
    assert.equal(m?.description?.length, XIAOMI_BODY_MAX);
    assert.equal(m?.title, `${title.slice(0, XIAOMI_TITLE_MAX - 1)}…`);
    assert.equal(m?.description, `${content.slice(0, XIAOMI_BODY_MAX - 1)}…`);
  });

  it('channel_rules disabling xm fail its devices without a request to Mi', async () => {
    const app = await xiaomiApp();
    const d = await rig.addDevice(app, 'xiaomi');
    const before = snapshot();
    const pushId = await pushAndFinish(app, { ...toDevice(d), channel_rules: [{ channel: 'xm', disable: true }] });
    const [row] = await rig.deliveries(pushId);
    assert.deepEqual([row?.channel, row?.outcome, row?.reason], ['xm', 'failed', 'channel disabled by channel_rules']);
    assert.equal(mi().inbox(d.vendorToken).length, 0);
    assert.equal(mi().counters.requests, before.requests);
    assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
  });
});
