/**
 * Meizu (Flyme) through the public APIs: a TPNS push to `/v3/push/app` reaches virtual Meizu phones on the
 * loopback Meizu emulator through the real Meizu client, and every way Meizu answers — a pushId it lists as
 * invalid or unsubscribed, a throttle with or without Retry-After, a fold, a secret that no longer signs — ends
 * where TPNS users expect it: an invalid device, a job waiting on the queue, an open breaker, a statistics row
 * under TPNS's name `mz`.
 *
 * Meizu folds a sixth message to one device within a minute (520); each test has its own app and devices and
 * sends a device fewer than that unless folding is what it tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MEIZU_CONTENT_LIMIT, MEIZU_PUSH_BY_PUSH_ID_PATH, MEIZU_TITLE_LIMIT } from '@herald/channels/meizu';
import type { VendorApp, VendorDevice } from './vendor-fixture.ts';
import { assertCutTo, notify, toToken, useVendorRig, type Json } from './vendor-test-kit.ts';

const PUSH = MEIZU_PUSH_BY_PUSH_ID_PATH;


describe('push vendors: Meizu through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig, pushAccepted: accepted, pushAndFinish: finished, sendJob } = kit;
  const meizu = () => rig.emulators.meizu;
  const pushCalls = () => meizu().counters.paths[PUSH] ?? 0;
  const meizuApp = () => kit.configuredApp('meizu');
  /** Registers a pushId the test chose (the fixture's devices are always alive on this app) through the SDK API. */
  const registerPushId = (app: VendorApp, pushId: string) => kit.registerVendorToken(app, 'meizu', pushId);

  const pushIdNobodyIssued = (): string => `ULY${Date.now().toString(16)}${Math.random().toString(16).slice(2, 14)}`;

  const tokenPush = (d: VendorDevice, message: Json = {}, extra: Json = {}) => notify(toToken(d), { title: 'Parcel', content: 'Your parcel is at the door', ...message }, extra);

  const allPush = { audience_type: 'all', message_type: 'notify', message: { title: 'Sale', content: 'Everything must go' } };

  const mzStat = (app: VendorApp, pushId: string) => kit.channelStat(app, pushId, 'mz');

  it('delivers a TPNS notification with its Meizu fields mapped, recorded and counted under "mz"', async () => {
    const app = await meizuApp();
    const d = await rig.addDevice(app, 'meizu');
    const collapseId = 1_234_567;
    const pushId = await finished(app, tokenPush(d, {
      android: {
        ring: 0,
        vibrate: 1,
        lights: 0,
        clearable: 0,
        custom_content: JSON.stringify({ order: '42', ext: { chatType: 1 } }),
        action: { action_type: 1, activity: '.OrderActivity' },
      },
    }, { expire_time: 7200, collapse_id: collapseId }));

    const [row] = await rig.deliveries(pushId);
    assert.deepEqual(row && [row.channel, row.outcome, row.reason], ['mz', 'delivered', null]);
    const inbox = meizu().inbox(d.vendorToken);
    assert.equal(inbox.length, 1);
    const got = inbox[0]!;
    assert.equal(got.title, 'Parcel');
    assert.equal(got.content, 'Your parcel is at the door');
    assert.equal(got.noticeBarType, 0);
    // An activity given from the package, as TPNS allows, is completed with the app's package name.
    assert.equal(got.clickType, 1);
    assert.equal(got.activity, `${app.packageName}.OrderActivity`);
    assert.deepEqual(got.parameters, { order: '42', ext: '{"chatType":1}', herald: JSON.stringify({ pid: pushId }) });
    assert.deepEqual(got.notificationType, { vibrate: 1, lights: 0, sound: 0 });
    assert.equal(got.clearNoticeBar, 0);
    // expire_time in whole hours, kept offline that long.
    assert.deepEqual([got.offLine, got.validTime], [1, 2]);
    // TPNS honours collapse_id on Meizu: it is the notifyKey under which only the latest notification shows.
    assert.equal(got.notifyKey, collapseId.toString(36));

    const state = await mzStat(app, pushId);
    assert.equal(state?.['pushActiveUv'], 1);
    assert.equal(state?.['pushOnlineUv'], 1);
  });

  it('each pushId Meizu refuses invalidates the device, and later pushes do not reach it', async () => {
    const app = await meizuApp();
    const ids = app.vendorIds.meizu!;
    const other = { appId: String(Number(ids['appId']) + 500_000), appSecret: `${ids['appSecret']}x` };
    meizu().registerApp(other);

    const unknown = await registerPushId(app, pushIdNobodyIssued());
    const foreign = await registerPushId(app, pushIdNobodyIssued());
    meizu().registerDevice({ pushId: foreign.vendorToken, appId: other.appId });
    const unsubscribed = await rig.addDevice(app, 'meizu');
    meizu().unregisterDevice(unsubscribed.vendorToken);
    const cases = [
      { d: unknown, reason: 'PushIdInvalid(110003)', what: 'a pushId Meizu never issued' },
      { d: foreign, reason: 'PushIdInvalid(110003)', what: "another Meizu app's pushId" },
      { d: unsubscribed, reason: 'PushIdUnsubscribed(110002)', what: 'unsubscribed or notifications off' },
    ];

    for (const c of cases) {
      const pushId = await finished(app, tokenPush(c.d));
      assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome, r.reason]), [['mz', 'rejected', c.reason]], c.what);
      const device = await rig.deviceRow(app, c.d.token);
      assert.deepEqual([device.status, device.invalid_reason], ['invalid', c.reason], c.what);
    }

    // Every one of them could receive again now; Herald must not try.
    for (const c of cases) meizu().registerDevice({ pushId: c.d.vendorToken, appId: ids['appId']! });
    const alive = await rig.addDevice(app, 'meizu');
    const callsBefore = pushCalls();
    for (const c of cases) {
      const again = await rig.push(app, tokenPush(c.d));
      assert.equal(again.body['ret_code'], 10010005, `${c.what}: ${JSON.stringify(again.body)}`);
    }
    const all = await finished(app, allPush);
    assert.deepEqual((await rig.deliveries(all)).map((r) => [r.token, r.outcome]), [[alive.token, 'delivered']]);
    assert.equal(pushCalls() - callsBefore, 1);
    for (const c of cases) assert.equal(meizu().inbox(c.d.vendorToken).length, 0, c.what);
    assert.equal(meizu().inbox(alive.vendorToken).length, 1);
  });

  it('one call for many pushIds: those listed in `value` are invalidated, the others get the message once', async () => {
    const app = await meizuApp();
    const live = [await rig.addDevice(app, 'meizu'), await rig.addDevice(app, 'meizu')];
    const unsubscribed = await rig.addDevice(app, 'meizu');
    meizu().unregisterDevice(unsubscribed.vendorToken);
    const unknown = await registerPushId(app, pushIdNobodyIssued());
    const callsBefore = pushCalls();

    const pushId = await finished(app, allPush);
    assert.equal(pushCalls() - callsBefore, 1, 'one pushByPushId call for the four pushIds');
    const byToken = new Map((await rig.deliveries(pushId)).map((r) => [r.token, [r.channel, r.outcome, r.reason]]));
    for (const d of live) {
      assert.deepEqual(byToken.get(d.token), ['mz', 'delivered', null]);
      assert.equal(meizu().inbox(d.vendorToken).length, 1);
    }
    for (const [d, reason] of [[unsubscribed, 'PushIdUnsubscribed(110002)'], [unknown, 'PushIdInvalid(110003)']] as const) {
      assert.deepEqual(byToken.get(d.token), ['mz', 'rejected', reason]);
      const device = await rig.deviceRow(app, d.token);
      assert.deepEqual([device.status, device.invalid_reason], ['invalid', reason]);
    }
    const state = await mzStat(app, pushId);
    assert.deepEqual([state?.['pushActiveUv'], state?.['pushOnlineUv'], state?.['invalidUv']], [4, 2, 2]);
  });

  it('a sixth message within a minute is folded (520): failed, and the device stays active', async () => {
    const app = await meizuApp();
    const d = await rig.addDevice(app, 'meizu');
    for (let i = 1; i <= 5; i++) await finished(app, tokenPush(d, { content: `Update ${i}` }));
    const sixth = await finished(app, tokenPush(d, { content: 'Update 6' }));
    assert.deepEqual((await rig.deliveries(sixth)).map((r) => [r.channel, r.outcome, r.reason]), [['mz', 'failed', 'Folded(520)']]);
    assert.equal(meizu().inbox(d.vendorToken).length, 5);
    assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
  });

  for (const httpStatus of [429, 503]) {
    it(`HTTP ${httpStatus} with Retry-After: 1 is retried once, after that second, and delivered once`, async () => {
      const app = await meizuApp();
      const d = await rig.addDevice(app, 'meizu');
      meizu().injectFault({ path: PUSH, pushId: d.vendorToken, httpStatus, retryAfterSeconds: 1, times: 1 });
      const callsBefore = pushCalls();
      const refusedBefore = meizu().counters.codes[`HTTP${httpStatus}`] ?? 0;
      const t0 = rig.clock.now();
      const pushId = await finished(app, tokenPush(d));

      assert.equal((meizu().counters.codes[`HTTP${httpStatus}`] ?? 0) - refusedBefore, 1);
      assert.equal(pushCalls() - callsBefore, 2, 'the refused request and exactly one retry');
      await kit.assertRetriedOnceAfter(pushId, t0, 1000, [meizu().inbox(d.vendorToken)]);
      assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome]), [['mz', 'delivered']]);
    });
  }

  const bodyThrottles = [
    { what: 'the app throttled (code 110010)', fault: { code: '110010', message: '应用请求频率超过限制' }, counted: '110010' },
    { what: 'the pushId throttled (518 in value)', fault: { valueCode: '518' }, counted: '518' },
  ];
  for (const t of bodyThrottles) {
    it(`${t.what}, no Retry-After: backs off a second and is delivered once`, async () => {
      const app = await meizuApp();
      const d = await rig.addDevice(app, 'meizu');
      meizu().injectFault({ path: PUSH, pushId: d.vendorToken, times: 1, ...t.fault });
      const callsBefore = pushCalls();
      const refusedBefore = meizu().counters.codes[t.counted] ?? 0;
      const t0 = rig.clock.now();
      const pushId = await finished(app, tokenPush(d));

      assert.equal((meizu().counters.codes[t.counted] ?? 0) - refusedBefore, 1);
      assert.equal(pushCalls() - callsBefore, 2);
      await kit.assertRetriedOnceAfter(pushId, t0, 1000, [meizu().inbox(d.vendorToken)]);
      assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
    });
  }

  it('a retry is timed from Meizu\'s answer, not from the start of the job', async () => {
    const app = await meizuApp();
    const d = await rig.addDevice(app, 'meizu');
    meizu().injectFault({ path: PUSH, pushId: d.vendorToken, httpStatus: 429, retryAfterSeconds: 1, times: 1 });
    // Meizu takes 300 ms to answer: its "Retry-After: 1" means one second after that answer.
    meizu().setLatency(300);
    try {
      const t0 = rig.clock.now();
      const pushId = await finished(app, tokenPush(d));
      const job = await sendJob(pushId);
      assert.ok(job.available_at >= t0 + 300 + 1000, `released ${job.available_at - t0} ms after the push; Meizu answered no earlier than 300 ms and asked for 1000 more`);
      assert.equal(meizu().inbox(d.vendorToken).length, 1);
    } finally {
      meizu().setLatency(0);
    }
  });

  it('a reset AppSecret opens the breaker: the job waits, nothing is delivered, the credential shows rejected', async () => {
    const app = await meizuApp();
    const d = await rig.addDevice(app, 'meizu');
    const ids = app.vendorIds.meizu as { appId: string; appSecret: string };
    // The secret is reset in the Flyme console: the old one no longer signs.
    meizu().registerApp({ ...ids, appSecret: `${ids.appSecret.slice(0, -4)}beef` });
    const refusedBefore = meizu().counters.codes['1006'] ?? 0;

    const pushId = await accepted(app, tokenPush(d));
    await kit.waitBehindBreaker(pushId);

    assert.equal((meizu().counters.codes['1006'] ?? 0) - refusedBefore, 1, 'Meizu refused the signature once; the breaker holds the rest');
    assert.equal(meizu().inbox(d.vendorToken).length, 0);
    await kit.assertHeldByBreaker(app, pushId, { tpnsName: 'mz', vendor: 'meizu', reason: /SignatureInvalid\(1006\)/ });
  });

  it('saving a credential Meizu refuses answers CREDENTIAL_REJECTED with Meizu\'s reason and stores nothing', async () => {
    const app = await rig.createApp('android');
    const wrong: Array<[Record<string, unknown>, string]> = [
      [{ appSecret: 'f'.repeat(32) }, 'SignatureInvalid(1006)'],
      [{ appId: '987654321' }, 'AppIdInvalid(110000)'],
    ];
    for (const [override, reason] of wrong) {
      const res = await rig.configure(app, 'meizu', override);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body['code'], 'CREDENTIAL_REJECTED');
      assert.ok(String(res.body['message']).includes(reason), `${reason} in ${String(res.body['message'])}`);
    }
    assert.deepEqual(await kit.credentials(app, 'meizu'), []);
  });

  it('an over-long title and body are cut to Meizu\'s limits, in characters, and delivered', async () => {
    const app = await meizuApp();
    const d = await rig.addDevice(app, 'meizu');
    // Astral characters: a cut by UTF-16 units would split a pair, and Meizu counts characters of any script.
    const title = `快递🚚${'到了'.repeat(MEIZU_TITLE_LIMIT)}`;
    const content = `${'您的包裹已送达📦'.repeat(Math.ceil(MEIZU_CONTENT_LIMIT / 4))}`;
    const pushId = await finished(app, tokenPush(d, { title, content }));

    assert.deepEqual((await rig.deliveries(pushId)).map((r) => r.outcome), ['delivered']);
    const [got] = meizu().inbox(d.vendorToken);
    assert.ok(got);
    assertCutTo(got.title, title, MEIZU_TITLE_LIMIT);
    assertCutTo(got.content, content, MEIZU_CONTENT_LIMIT);
  });

  it('channel_rules disabling "mz" fails the device without calling Meizu', async () => {
    const app = await meizuApp();
    const d = await rig.addDevice(app, 'meizu');
    const callsBefore = pushCalls();
    const pushId = await finished(app, tokenPush(d, {}, { channel_rules: [{ channel: 'mz', disable: true }] }));
    assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome, r.reason]), [['mz', 'failed', 'channel disabled by channel_rules']]);
    assert.equal(meizu().inbox(d.vendorToken).length, 0);
    assert.equal(pushCalls(), callsBefore);
    assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
  });
});
