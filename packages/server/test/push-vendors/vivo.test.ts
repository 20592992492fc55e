/**
 * vivo through the public APIs: a TPNS push to `/v3/push/app` reaches virtual vivo phones on the loopback vivo
 * emulator through the real vivo client, and every way vivo answers — a dead regId, a throttle with or without
 * Retry-After, a quota or push-hours refusal, a secret that no longer signs — ends where TPNS users expect it:
 * an invalid device, a job waiting on the queue, an open breaker, a statistics row under TPNS's name `vivo`.
 *
 * The rig's clock is noon in Beijing, inside vivo's 07:00–23:00 window for operation messages, and each test has
 * its own app and devices, so vivo's per-device cap of five operation messages a day is never reached.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VIVO_CONTENT_LIMIT, VIVO_SEND_PATH, VIVO_TITLE_LIMIT, vivoTextLength } from '@herald/channels/vivo';
import type { VendorApp, VendorDevice } from './vendor-fixture.ts';
import { assertCutTo, notify, toToken, useVendorRig, type Json } from './vendor-test-kit.ts';

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The first `hour`:00 in Beijing after `now`. */
function nextBeijingHour(now: number, hour: number): number {
  const local = now + BEIJING_OFFSET_MS;
  let at = Math.floor(local / DAY_MS) * DAY_MS + hour * HOUR_MS;
  if (at <= local) at += DAY_MS;
  return at - BEIJING_OFFSET_MS;
}

const beijing = (at: number): string => new Date(at + BEIJING_OFFSET_MS).toISOString().replace('Z', '');

describe('push vendors: vivo through /v3/push/app', () => {
  const kit = useVendorRig();
  const { rig, pushAccepted: accepted, pushAndFinish: finished, sendJob } = kit;
  const vivo = () => rig.emulators.vivo;
  const sends = () => vivo().counters.paths[VIVO_SEND_PATH] ?? 0;
  const vivoApp = () => kit.configuredApp('vivo');
  /** Registers a regId the test chose (the fixture's devices are always alive on this app) through the SDK API. */
  const registerRegId = (app: VendorApp, regId: string) => kit.registerVendorToken(app, 'vivo', regId);

  const regId = (): string => `${Date.now()}${Math.random().toString().slice(2, 12)}`;

  const tokenPush = (d: VendorDevice, message: Json = {}, extra: Json = {}) => notify(toToken(d), { title: 'Parcel', content: 'Your parcel is at the door', ...message }, extra);
  /** Pushes to `d` and waits until vivo's refusal has released the send job once; `t0` and `t1` bracket that. */
  async function releasedOnce(app: VendorApp, d: VendorDevice) {
    const t0 = rig.clock.now();
    const pushId = await accepted(app, tokenPush(d));
    const job = await kit.waitForSendJob(pushId, (j) => j.state === 'pending' && j.attempt === 1, 'the send job released after vivo refused it');
    return { pushId, t0, t1: rig.clock.now(), job };
  }
  const vivoStat = (app: VendorApp, pushId: string) => kit.channelStat(app, pushId, 'vivo');

  it('delivers a TPNS notification with its vivo fields mapped, recorded and counted under "vivo"', async () => {
    const app = await vivoApp();
    const d = await rig.addDevice(app, 'vivo');
    const pushId = await finished(app, tokenPush(d, {
      android: {
        vivo_category: 'IM',
        ring: 0,
        vibrate: 1,
        custom_content: JSON.stringify({ order: '42', ext: { chatType: 1 } }),
        action: { action_type: 1, activity: 'com.example.OrderActivity' },
      },
    }, { expire_time: 3600 }));

    const [row] = await rig.deliveries(pushId);
    assert.deepEqual(row && [row.channel, row.outcome, row.reason], ['vivo', 'delivered', null]);
    const inbox = vivo().inbox(d.vendorToken);
    assert.equal(inbox.length, 1);
    const got = inbox[0]!;
    assert.equal(got.via, 'send');
    assert.equal(got.title, 'Parcel');
    assert.equal(got.content, 'Your parcel is at the door');
    assert.equal(got.category, 'IM');
    // The category decides the class: IM is a system message, outside the operation-message limits.
    assert.equal(got.classification, 1);
    // ring 0, vibrate 1 → vivo's "vibrate only".
    assert.equal(got.notifyType, 3);
    assert.equal(got.skipType, 4);
    assert.equal(got.skipContent, `intent:#Intent;component=${app.packageName}/com.example.OrderActivity;end`);
    assert.equal(got.timeToLive, 3600);
    assert.equal(got.pushMode, 0);
    assert.deepEqual(got.clientCustomMap, { order: '42', ext: '{"chatType":1}', herald: JSON.stringify({ pid: pushId }) });
    assert.equal(got.body['appId'], Number(app.vendorIds.vivo!['appId']));

    const state = await vivoStat(app, pushId);
    assert.equal(state?.['pushActiveUv'], 1);
    assert.equal(state?.['pushOnlineUv'], 1);
  });

  it('vivo_ch_id picks the message class: "1" a system message, absent an operation message (TPNS\'s default)', async () => {
    const app = await vivoApp();
    const system = await rig.addDevice(app, 'vivo');
    const operation = await rig.addDevice(app, 'vivo');
    await finished(app, tokenPush(system, { android: { vivo_ch_id: '1' } }));
    await finished(app, tokenPush(operation));
    assert.deepEqual(vivo().inbox(system.vendorToken).map((m) => [m.classification, m.category]), [[1, undefined]]);
    assert.deepEqual(vivo().inbox(operation.vendorToken).map((m) => [m.classification, m.category]), [[0, undefined]]);
  });

  it('each invalidUser status of /message/send invalidates the device, and later pushes do not reach it', async () => {
    const app = await vivoApp();
    const ids = app.vendorIds.vivo!;
    const other = { appId: String(Number(ids['appId']) + 500_000), appKey: `${ids['appKey']}x`, appSecret: `${ids['appSecret']}x` };
    vivo().registerApp(other);

    const unknown = await registerRegId(app, regId());
    const foreign = await registerRegId(app, regId());
    vivo().registerDevice({ regId: foreign.vendorToken, appId: other.appId });
    const uninstalled = await rig.addDevice(app, 'vivo');
    vivo().unregisterDevice(uninstalled.vendorToken);
    const inactive = await rig.addDevice(app, 'vivo');
    vivo().unregisterDevice(inactive.vendorToken, 3);
    const cases = [
      { d: unknown, reason: 'UserNotFound(1)', what: 'a regId vivo never issued' },
      { d: foreign, reason: 'UserNotFound(1)', what: "another vivo app's regId" },
      { d: uninstalled, reason: 'UninstalledOrNotificationsOff(2)', what: 'uninstalled or notifications off' },
      { d: inactive, reason: 'InactiveFor90Days(3)', what: 'inactive for 90 days' },
    ];

    for (const c of cases) {
      const pushId = await finished(app, tokenPush(c.d));
      assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome, r.reason]), [['vivo', 'rejected', c.reason]], c.what);
      const device = await rig.deviceRow(app, c.d.token);
      assert.deepEqual([device.status, device.invalid_reason], ['invalid', c.reason], c.what);
    }

    // Every one of them could receive again now; Herald must not try.
    for (const c of cases) vivo().registerDevice({ regId: c.d.vendorToken, appId: ids['appId']! });
    const alive = await rig.addDevice(app, 'vivo');
    const sendsBefore = sends();
    for (const c of cases) {
      const again = await rig.push(app, tokenPush(c.d));
      assert.equal(again.body['ret_code'], 10010005, `${c.what}: ${JSON.stringify(again.body)}`);
    }
    const all = await finished(app, { audience_type: 'all', message_type: 'notify', message: { title: 'Sale', content: 'Everything must go' } });
    assert.deepEqual((await rig.deliveries(all)).map((r) => [r.token, r.outcome]), [[alive.token, 'delivered']]);
    assert.equal(sends() - sendsBefore, 1);
    for (const c of cases) assert.equal(vivo().inbox(c.d.vendorToken).length, 0, c.what);
    assert.equal(vivo().inbox(alive.vendorToken).length, 1);
  });

  it('pushToList: the regIds vivo lists in invalidUsers are invalidated, the others get the message once', async () => {
    const app = await vivoApp();
    const live = [await rig.addDevice(app, 'vivo'), await rig.addDevice(app, 'vivo')];
    const uninstalled = await rig.addDevice(app, 'vivo');
    vivo().unregisterDevice(uninstalled.vendorToken);
    const inactive = await rig.addDevice(app, 'vivo');
    vivo().unregisterDevice(inactive.vendorToken, 3);
    const unknown = await registerRegId(app, regId());

    const pushId = await finished(app, { audience_type: 'all', message_type: 'notify', message: { title: 'Sale', content: 'Everything must go' } });
    const byToken = new Map((await rig.deliveries(pushId)).map((r) => [r.token, [r.channel, r.outcome, r.reason]]));
    for (const d of live) {
      assert.deepEqual(byToken.get(d.token), ['vivo', 'delivered', null]);
      assert.deepEqual(vivo().inbox(d.vendorToken).map((m) => m.via), ['pushToList']);
    }
    for (const [d, reason] of [[uninstalled, 'UninstalledOrNotificationsOff(2)'], [inactive, 'InactiveFor90Days(3)'], [unknown, 'UserNotFound(1)']] as const) {
      assert.deepEqual(byToken.get(d.token), ['vivo', 'rejected', reason]);
      const device = await rig.deviceRow(app, d.token);
      assert.deepEqual([device.status, device.invalid_reason], ['invalid', reason]);
    }
    const state = await vivoStat(app, pushId);
    assert.deepEqual([state?.['pushActiveUv'], state?.['pushOnlineUv'], state?.['invalidUv']], [5, 2, 3]);
  });

  for (const httpStatus of [429, 500]) {
    it(`HTTP ${httpStatus} with Retry-After: 1 is retried once, after that second, and delivered once`, async () => {
      const app = await vivoApp();
      const d = await rig.addDevice(app, 'vivo');
      vivo().injectFault({ path: VIVO_SEND_PATH, regId: d.vendorToken, httpStatus, retryAfterSeconds: 1, times: 1 });
      const sendsBefore = sends();
      const refusedBefore = vivo().counters.results[`HTTP${httpStatus}`] ?? 0;
      const t0 = rig.clock.now();
      const pushId = await finished(app, tokenPush(d));

      assert.equal((vivo().counters.results[`HTTP${httpStatus}`] ?? 0) - refusedBefore, 1);
      assert.equal(sends() - sendsBefore, 2, 'the refused request and exactly one retry');
      await kit.assertRetriedOnceAfter(pushId, t0, 1000, [vivo().inbox(d.vendorToken)]);
      assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome]), [['vivo', 'delivered']]);
    });
  }

  it('a throttle in the body (10072, no Retry-After) backs off a second and is delivered once', async () => {
    const app = await vivoApp();
    const d = await rig.addDevice(app, 'vivo');
    vivo().injectFault({ path: VIVO_SEND_PATH, regId: d.vendorToken, result: 10072, desc: '发送速度过快', times: 1 });
    const sendsBefore = sends();
    const t0 = rig.clock.now();
    const pushId = await finished(app, tokenPush(d));

    assert.equal(sends() - sendsBefore, 2);
    await kit.assertRetriedOnceAfter(pushId, t0, 1000, [vivo().inbox(d.vendorToken)]);
  });

  it('a retry is timed from vivo\'s answer, not from the start of the job', async () => {
    const app = await vivoApp();
    const d = await rig.addDevice(app, 'vivo');
    await finished(app, tokenPush(d, { title: 'warm-up' }));
    vivo().injectFault({ path: VIVO_SEND_PATH, regId: d.vendorToken, httpStatus: 429, retryAfterSeconds: 1, times: 1 });
    // vivo takes 300 ms to answer: its "Retry-After: 1" means one second after that answer.
    vivo().setLatency(300);
    try {
      const t0 = rig.clock.now();
      const pushId = await finished(app, tokenPush(d));
      const job = await sendJob(pushId);
      assert.ok(job.available_at >= t0 + 300 + 1000, `released ${job.available_at - t0} ms after the push; vivo answered no earlier than 300 ms and asked for 1000 more`);
      assert.equal(vivo().inbox(d.vendorToken).length, 2);
    } finally {
      vivo().setLatency(0);
    }
  });

  it('the operation quota used up (10070) waits for Beijing midnight; system messages still go out', async () => {
    const app = await vivoApp();
    vivo().registerApp({ ...(app.vendorIds.vivo as { appId: string; appKey: string; appSecret: string }), dailyOperationQuota: 0 });
    const d = await rig.addDevice(app, 'vivo');
    const { pushId, t0, t1, job } = await releasedOnce(app, d);
    // The channel's delay counts from vivo's answer, so the release is at the hour or, by the time the answer took to
    // handle, just after it — never before.
    const midnight = nextBeijingHour(t0, 0);
    assert.ok(job.available_at >= midnight && job.available_at <= midnight + (t1 - t0), `released until ${beijing(job.available_at)} Beijing, not midnight`);
    assert.ok((vivo().counters.results['10070'] ?? 0) >= 1, 'vivo refused with 10070');
    assert.equal(vivo().inbox(d.vendorToken).length, 0);
    assert.deepEqual(await rig.deliveries(pushId), []);

    const system = await finished(app, tokenPush(d, { android: { vivo_ch_id: '1' } }));
    assert.deepEqual((await rig.deliveries(system)).map((r) => r.outcome), ['delivered']);
    assert.deepEqual(vivo().inbox(d.vendorToken).map((m) => m.classification), [1]);
  });

  it('outside push hours (10071) an operation message waits for 07:00 Beijing', async () => {
    const app = await vivoApp();
    const d = await rig.addDevice(app, 'vivo');
    // The rig's clock is noon; the refusal vivo gives at night is injected.
    vivo().injectFault({ path: VIVO_SEND_PATH, regId: d.vendorToken, result: 10071, desc: '发送超出时间限制' });
    const { t0, t1, job } = await releasedOnce(app, d);
    const seven = nextBeijingHour(t0, 7);
    assert.ok(job.available_at >= seven && job.available_at <= seven + (t1 - t0), `released until ${beijing(job.available_at)} Beijing, not 07:00`);
    assert.equal(vivo().inbox(d.vendorToken).length, 0);
    vivo().clearFaults();
  });

  it('a rotated AppSecret opens the breaker: the job waits, nothing is delivered, the credential shows rejected', async () => {
    const app = await vivoApp();
    const d = await rig.addDevice(app, 'vivo');
    const ids = app.vendorIds.vivo as { appId: string; appKey: string; appSecret: string };
    // The secret is reset in vivo's console: issued tokens die and the old secret no longer signs.
    vivo().registerApp({ ...ids, appSecret: `${ids.appSecret.slice(0, -4)}beef` });
    vivo().revokeTokens(ids.appId);
    const refusedBefore = vivo().counters.results['10206'] ?? 0;

    const pushId = await accepted(app, tokenPush(d));
    await kit.waitBehindBreaker(pushId);

    assert.ok((vivo().counters.results['10206'] ?? 0) > refusedBefore, 'vivo refused the signature');
    assert.equal(vivo().inbox(d.vendorToken).length, 0);
    await kit.assertHeldByBreaker(app, pushId, { tpnsName: 'vivo', vendor: 'vivo', reason: /SignInvalid\(10206\)/ });
  });

  it('saving a credential vivo refuses answers CREDENTIAL_REJECTED with vivo\'s reason and stores nothing', async () => {
    const app = await rig.createApp('android');
    const wrong: Array<[Record<string, unknown>, string]> = [
      [{ appSecret: 'f'.repeat(32) }, 'SignInvalid(10206)'],
      [{ appKey: 'e'.repeat(32) }, 'AppKeyInvalid(10202)'],
      [{ appId: '987654321' }, 'AppIdNotFound(10205)'],
    ];
    for (const [override, reason] of wrong) {
      const res = await rig.configure(app, 'vivo', override);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body['code'], 'CREDENTIAL_REJECTED');
      assert.match(String(res.body['message']), new RegExp(reason.replace(/[()]/g, '\\$&')));
    }
    assert.deepEqual(await kit.credentials(app, 'vivo'), []);
  });

  it('an over-long title and body are cut to vivo\'s limits, in characters, and delivered', async () => {
    const app = await vivoApp();
    const d = await rig.addDevice(app, 'vivo');
    // Astral characters: a cut by UTF-16 units would split a pair, and vivo counts characters of any script.
    const title = `快递🚚${'到了'.repeat(VIVO_TITLE_LIMIT)}`;
    const content = `${'您的包裹已送达📦'.repeat(Math.ceil(VIVO_CONTENT_LIMIT / 4))}`;
    const pushId = await finished(app, tokenPush(d, { title, content }));

    assert.deepEqual((await rig.deliveries(pushId)).map((r) => r.outcome), ['delivered']);
    const [got] = vivo().inbox(d.vendorToken);
    assert.ok(got);
    assertCutTo(got.title, title, VIVO_TITLE_LIMIT, vivoTextLength);
    assertCutTo(got.content, content, VIVO_CONTENT_LIMIT, vivoTextLength);
  });

  it('channel_rules disabling "vivo" fails the device without calling vivo', async () => {
    const app = await vivoApp();
    const d = await rig.addDevice(app, 'vivo');
    const sendsBefore = sends();
    const pushId = await finished(app, tokenPush(d, {}, { channel_rules: [{ channel: 'vivo', disable: true }] }));
    assert.deepEqual((await rig.deliveries(pushId)).map((r) => [r.channel, r.outcome, r.reason]), [['vivo', 'failed', 'channel disabled by channel_rules']]);
    assert.equal(vivo().inbox(d.vendorToken).length, 0);
    assert.equal(sends(), sendsBefore);
    assert.equal((await rig.deviceRow(app, d.token)).status, 'active');
  });
});
