/**
 * OPPO Push through `/v3/push/app`: the real OPPO channel client against the OPPO emulator, with apps,
 * credentials and devices set up through the public APIs (vendor-fixture.ts). Covers what issue 4 asks of
 * every vendor: the TPNS Android fields reach the device, each way OPPO refuses a registration id invalidates
 * the device, 429/5xx with Retry-After and OPPO's frequency-limit code are retried once after the delay, a
 * changed MasterSecret opens the breaker, over-long texts are cut to the OPPO limits, and channel_rules can
 * switch `oppo` off.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { OPPO_BODY_MAX, OPPO_RESULTS, OPPO_TITLE_MAX } from '@herald/channels/oppo';
import type { VendorApp } from './vendor-fixture.ts';
import { assertCutTo, codePoints, notifyAll as toAll, notifyDevice as toDevice, toToken, useVendorRig } from './vendor-test-kit.ts';

/** Longer than the channel's own first backoff step (1 s), so the wait can only come from the header. */
const RETRY_AFTER_S = 2;
/** OPPO's "App Call Frequency Limit": throttling said in the body, with no Retry-After. */
const FREQUENCY_LIMIT = 55;


describe('push vendors: OPPO (oppo) through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig, pushAccepted: pushed, pushAndFinish, channelStats } = kit;
  const op = () => rig.emulators.oppo;
  const oppoApp = () => kit.configuredApp('oppo');
  /** A device whose registration id Herald gets through the SDK API, whatever the emulator knows about it. */
  const registerId = (app: VendorApp, registrationId: string) => kit.registerVendorToken(app, 'oppo', registrationId);

  /** Send calls (unicast and unicast_batch) apart from auth calls. */
  const snapshot = () => {
    const c = op().counters;
    return { sends: c.requests - c.authRequests, auth: c.authRequests, errors: { ...c.errors } };
  };
  const sendsSince = (before: { sends: number }) => op().counters.requests - op().counters.authRequests - before.sends;
  const errorsSince = (before: { errors: Record<string, number> }, key: string) => (op().counters.errors[key] ?? 0) - (before.errors[key] ?? 0);

  it('delivers a notify push with the OPPO fields mapped, recorded and counted under oppo', async () => {
    const app = await oppoApp();
    const d = await rig.addDevice(app, 'oppo');
    const pushId = await pushAndFinish(app, {
      ...toToken(d),
      message_type: 'notify',
      expire_time: 3600,
      message: {
        title: 'Dinner',
        content: 'Table for two at eight',
        android: {
          oppo_ch_id: 'oppo-orders',
          action: { action_type: 1, activity: 'com.example.OrderActivity' },
          custom_content: JSON.stringify({ order: '42', ext: JSON.stringify({ entity: { chatId: 'c1' } }) }),
        },
      },
    });

    const deliveries = await rig.deliveries(pushId);
    assert.deepEqual(deliveries.map((r) => [r.token, r.channel, r.outcome]), [[d.token, 'oppo', 'delivered']]);

    const inbox = op().inbox(d.vendorToken);
    assert.equal(inbox.length, 1);
    const m = inbox[0]!;
    assert.equal(m.appKey, app.vendorIds.oppo!['appKey']);
    assert.equal(m.endpoint, 'unicast');
    assert.equal(m.title, 'Dinner');
    assert.equal(m.content, 'Table for two at eight');
    assert.equal(m.channelId, 'oppo-orders');
    // TPNS action_type 1 (an activity) is OPPO's click_action_type 4 with the activity's full name.
    assert.equal(m.clickActionType, 4);
    assert.equal(m.notification['click_action_activity'], 'com.example.OrderActivity');
    assert.deepEqual(m.actionParameters, {
      order: '42',
      ext: JSON.stringify({ entity: { chatId: 'c1' } }),
      // TUIKit's entity, where OPPO devices read it from.
      entity: JSON.stringify({ chatId: 'c1' }),
      herald: JSON.stringify({ pid: pushId }),
    });
    const ttl = m.notification['off_line_ttl'];
    assert.ok(typeof ttl === 'number' && ttl > 0 && ttl <= 3600, `off_line_ttl ${String(ttl)}`);

    const stats = await channelStats(app, pushId);
    assert.deepEqual(Object.keys(stats), ['oppo', 'all']);
    assert.equal(stats['oppo']?.['pushActiveUv'], 1);
    assert.equal(stats['oppo']?.['pushOnlineUv'], 1);
  });

  it('invalidates uninstalled, other-app and unknown registration ids answered 10000 in a batch', async () => {
    const app = await oppoApp();
    const good = await rig.addDevice(app, 'oppo');
    const uninstalled = await rig.addDevice(app, 'oppo');
    op().unregisterDevice(uninstalled.vendorToken);
    const otherApp = await rig.addDevice(app, 'oppo');
    // The id now belongs to another OPPO app: OPPO refuses it for this one.
    op().registerDevice({ registrationId: otherApp.vendorToken, appKey: randomBytes(16).toString('hex') });
    const unknown = await registerId(app, `CN_${randomBytes(16).toString('hex')}`);
    const dead = [uninstalled, otherApp, unknown];

    const before = snapshot();
    const pushId = await pushAndFinish(app, toAll());
    assert.equal(sendsSince(before), 1, 'one unicast_batch request');
    assert.equal(errorsSince(before, '10000'), 3);

    const byToken = new Map((await rig.deliveries(pushId)).map((r) => [r.token, r]));
    assert.deepEqual([byToken.get(good.token)?.channel, byToken.get(good.token)?.outcome], ['oppo', 'delivered']);
    for (const d of dead) {
      const row = byToken.get(d.token);
      assert.deepEqual([row?.channel, row?.outcome, row?.reason], ['oppo', 'rejected', 'InvalidRegistrationId(10000)'], d.vendorToken);
      const device = await rig.deviceRow(app, d.token);
      assert.deepEqual([device.status, device.invalid_reason], ['invalid', 'InvalidRegistrationId(10000)']);
    }
    assert.equal((await rig.deviceRow(app, good.token)).status, 'active');
    assert.equal(op().inbox(good.vendorToken)[0]?.endpoint, 'unicast_batch');
    const stats = await channelStats(app, pushId);
    assert.deepEqual([stats['oppo']?.['pushActiveUv'], stats['oppo']?.['pushOnlineUv'], stats['oppo']?.['invalidUv']], [4, 1, 3]);

    // The next push to everyone reaches only the live device (now alone: a unicast), and OPPO is not asked about the dead ones.
    const again = snapshot();
    const second = await pushAndFinish(app, toAll({ title: 'Again', content: 'Second push' }));
    assert.deepEqual((await rig.deliveries(second)).map((r) => [r.token, r.outcome]), [[good.token, 'delivered']]);
    assert.equal(sendsSince(again), 1);
    assert.equal(errorsSince(again, '10000'), 0);
    assert.deepEqual(op().inbox(good.vendorToken).map((m) => [m.title, m.endpoint]), [['Hello', 'unicast_batch'], ['Again', 'unicast']]);

    // A push naming a dead token is refused at the API: no task, no request.
    const direct = await rig.push(app, toDevice(uninstalled));
    assert.notEqual(direct.body['ret_code'], 0, JSON.stringify(direct.body));
    assert.match(String(direct.body['err_msg']), /not registered/);
    assert.equal(sendsSince(again), 1);
  });

  it('invalidates a lone uninstalled registration id that a unicast answers 10000', async () => {
    const app = await oppoApp();
    const d = await rig.addDevice(app, 'oppo');
    op().unregisterDevice(d.vendorToken);
    const before = snapshot();
    const pushId = await pushAndFinish(app, toDevice(d));
    assert.equal(sendsSince(before), 1);
    assert.equal(errorsSince(before, '10000'), 1);
    const [row] = await rig.deliveries(pushId);
    assert.deepEqual([row?.channel, row?.outcome, row?.reason], ['oppo', 'rejected', 'InvalidRegistrationId(10000)']);
    const device = await rig.deviceRow(app, d.token);
    assert.deepEqual([device.status, device.invalid_reason], ['invalid', 'InvalidRegistrationId(10000)']);

    const second = await pushAndFinish(app, toAll());
    assert.deepEqual(await rig.deliveries(second), [], 'the dead device is no longer in the audience');
    assert.equal(sendsSince(before), 1);
  });

  it('resends a batch OPPO refuses as a whole (10000) one id at a time and invalidates only the dead one', async () => {
    const app = await oppoApp();
    const good = await rig.addDevice(app, 'oppo');
    const dead = await rig.addDevice(app, 'oppo');
    // OPPO answers the batch naming this id, then the id alone, with a top-level 10000.
    op().injectFault({ registrationId: dead.vendorToken, code: 10000, times: 2 });
    const before = snapshot();
    const pushId = await pushAndFinish(app, toAll());
    assert.equal(sendsSince(before), 3, 'the batch, then one unicast per id');
    assert.equal(errorsSince(before, '10000'), 2);

    const byToken = new Map((await rig.deliveries(pushId)).map((r) => [r.token, r]));
    assert.equal(byToken.get(good.token)?.outcome, 'delivered');
    assert.deepEqual([byToken.get(dead.token)?.outcome, byToken.get(dead.token)?.reason], ['rejected', 'InvalidRegistrationId(10000)']);
    assert.deepEqual(op().inbox(good.vendorToken).map((m) => m.endpoint), ['unicast']);
    assert.equal(op().inbox(dead.vendorToken).length, 0);
    assert.equal((await rig.deviceRow(app, dead.token)).status, 'invalid');
    assert.equal((await rig.deviceRow(app, good.token)).status, 'active');
  });

  /** OPPO answers the first send with `fault`; the job must wait `delayMs`, then send exactly once more. */
  async function retriedOnce(fault: { status?: number; code?: number; retryAfterSeconds?: number }, errorKey: string, delayMs: number): Promise<void> {
    const app = await oppoApp();
    const d = await rig.addDevice(app, 'oppo');
    op().injectFault({ registrationId: d.vendorToken, times: 1, ...fault });
    const before = snapshot();
    const t0 = rig.clock.now();
    const pushId = await pushed(app, toDevice(d));
    await rig.waitFor(() => errorsSince(before, errorKey) === 1, `OPPO to answer ${errorKey}`);
    const afterFault = sendsSince(before);
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);

    assert.equal(afterFault, 1, 'the first send got the fault');
    assert.equal(sendsSince(before) - afterFault, 1, 'exactly one send after the delay: no retry storm');
    assert.equal(op().counters.authRequests - before.auth, 1, 'the auth token was fetched once and reused');
    assert.equal(errorsSince(before, errorKey), 1);
    await kit.assertRetriedOnceAfter(pushId, t0, delayMs, [op().inbox(d.vendorToken)]);
    assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome]), [['oppo', 'delivered']]);
  }

  for (const status of [429, 503]) {
    it(`retries once after Retry-After when OPPO answers ${status}`, async () => {
      await retriedOnce({ status, retryAfterSeconds: RETRY_AFTER_S }, `HTTP${status}`, RETRY_AFTER_S * 1000);
    });
  }

  it('backs off by the channel delay of OPPO\'s frequency-limit code (55, no Retry-After) and retries once', async () => {
    const delayMs = OPPO_RESULTS[FREQUENCY_LIMIT]?.baseDelayMs;
    assert.ok(delayMs !== undefined && delayMs > 0);
    await retriedOnce({ code: FREQUENCY_LIMIT }, String(FREQUENCY_LIMIT), delayMs);
  });

  it('a changed MasterSecret opens the oppo breaker, parks the job and marks the credential rejected', async () => {
    const app = await oppoApp();
    const d = await rig.addDevice(app, 'oppo');
    await pushAndFinish(app, toDevice(d));
    assert.equal(op().inbox(d.vendorToken).length, 1);

    // The secret was reset in OPPO's console, and the cached auth token has run out.
    op().registerApp({ appKey: app.vendorIds.oppo!['appKey']!, masterSecret: randomBytes(16).toString('hex') });
    op().expireTokens();
    const before = snapshot();
    const pushId = await pushed(app, toDevice(d, { title: 'After reset', content: 'Secret changed' }));
    await kit.waitBehindBreaker(pushId);

    // The send with the expired token (11), one new token asked for and refused (16), then nothing more.
    assert.equal(errorsSince(before, '11'), 1);
    assert.equal(errorsSince(before, '16'), 1);
    assert.equal(sendsSince(before), 1);
    assert.equal(op().counters.authRequests - before.auth, 1);
    assert.equal(op().inbox(d.vendorToken).length, 1, 'nothing more delivered');
    await kit.assertHeldByBreaker(app, pushId, { tpnsName: 'oppo', vendor: 'oppo', reason: /InvalidSignature\(16\)/, device: d });
  });

  it('refuses to save a MasterSecret or AppKey OPPO does not accept (400 CREDENTIAL_REJECTED) and stores nothing', async () => {
    const fresh = await rig.createApp('android');
    const wrongSecret = await rig.configure(fresh, 'oppo', { masterSecret: randomBytes(16).toString('hex') });
    kit.assertCredentialRejected(wrongSecret, /InvalidSignature\(16\)/);
    kit.assertCredentialRejected(await rig.configure(fresh, 'oppo', { appKey: randomBytes(16).toString('hex') }), /InvalidAppKey\(14\)/);
    assert.deepEqual(await kit.credentials(fresh), []);

    // An app with a working credential keeps it untouched.
    const app = await oppoApp();
    const saved = await rig.api('GET', `/apps/${app.accessId}/credentials`);
    const again = await rig.configure(app, 'oppo', { masterSecret: randomBytes(16).toString('hex') });
    assert.equal(again.status, 400);
    assert.deepEqual((await rig.api('GET', `/apps/${app.accessId}/credentials`)).body, saved.body);
  });

  it('cuts an over-long title and content to the OPPO limits, counting an emoji as one, and delivers them', async () => {
    const app = await oppoApp();
    const d = await rig.addDevice(app, 'oppo');
    const title = '晚餐预订提醒'.repeat(10);
    const content = `${'🎉'.repeat(150)}${' Your table is ready.'.repeat(6)}`;
    assert.ok(codePoints(title) > OPPO_TITLE_MAX && codePoints(content) > OPPO_BODY_MAX);
    const pushId = await pushAndFinish(app, toDevice(d, { title, content }));
    assert.equal((await rig.deliveries(pushId))[0]?.outcome, 'delivered');
    const [m] = op().inbox(d.vendorToken);
    assertCutTo(m?.title ?? '', title, OPPO_TITLE_MAX);
    assertCutTo(m?.content ?? '', content, OPPO_BODY_MAX);
    assert.ok((m?.content.length ?? 0) > OPPO_BODY_MAX, 'emoji take two UTF-16 units but count as one');
  });

  it('channel_rules disabling oppo fail its devices without a request to OPPO', async () => {
    const app = await oppoApp();
    const d = await rig.addDevice(app, 'oppo');
    const before = snapshot();
    const pushId = await pushAndFinish(app, { ...toDevice(d), channel_rules: [{ channel: 'oppo', disable: true }] });
    const [row] = await rig.deliveries(pushId);
    assert.deepEqual([row?.channel, row?.outcome, row?.reason], ['oppo', 'failed', 'channel disabled by channel_rules']);
    assert.equal(op().inbox(d.vendorToken).length, 0);
    assert.equal(sendsSince(before), 0);
    assert.equal(op().counters.authRequests, before.auth);
    assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
  });
});
