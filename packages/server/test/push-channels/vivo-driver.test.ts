import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ChannelObserver, PushChannel } from '@herald/channels';
import { createVivoEmulator, type VivoEmulator } from '@herald/emulators/vivo';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { VIVO_DRIVER } from '../../src/push/channels/vivo-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const PKG = 'com.example.herald';
const APP = { appId: '10004', appKey: '25509283-3767-4b9e-83fe-b6e55ac6243e', appSecret: 'a0b1c2d3-e4f5-4678-9abc-def012345678' };
// The console form may carry the AppID as a number.
const FORM = { ...APP, appId: 10004 };
// 12:00 in Beijing, when vivo lets operation messages through.
const NOON = Date.UTC(2024, 4, 31, 4, 0, 0);
const HERALD_TOKEN = 'c'.repeat(36);

const app: AppRow = {
  access_id: 1500000003,
  product_id: 1,
  platform: 'android',
  bundle_id: PKG,
  access_key: 'AKEXAMPLE03',
  secret_key_sealed: 'sealed',
  service_mode: 'standard',
  im_sdk_app_id: null,
  created_at: NOON,
  updated_at: NOON,
};

/** A loopback URL nothing listens on. */
async function closedUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function tpnsPush(body: Record<string, unknown>) {
  return normalizePushRequest(
    { audience_type: 'token', token_list: [HERALD_TOKEN], message_type: 'notify', ...body },
    { platform: 'android', now: NOON, utcOffsetMinutes: 480 },
  );
}

describe('vivo driver against the vivo push emulator', () => {
  let emu: VivoEmulator;
  let deps: DriverDeps;
  const responses: string[] = [];
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    const observer: ChannelObserver = { onVendorResponse: (channel, status) => responses.push(`${channel}:${status}`) };
    return { config: loadConfig({}, { vivoBaseUrl: emu.url, vendorTimeoutMs: 5000, ...overrides }), clock: () => NOON, observer };
  }

  function channel(): PushChannel {
    const ch = VIVO_DRIVER.createChannel(VIVO_DRIVER.prepareCredential(FORM, app, deps).secret, app, 'product', deps);
    channels.push(ch);
    return ch;
  }

  before(async () => {
    emu = await createVivoEmulator({ clock: () => NOON, authCallsPerSecond: 1000 });
    emu.registerApp(APP);
    deps = depsWith({});
  });
  after(async () => {
    for (const ch of channels) await ch.close();
    await emu.close();
  });

  test('names: vivo, android, TPNS "vivo", one credential for both environments', () => {
    assert.equal(VIVO_DRIVER.id, 'vivo');
    assert.equal(VIVO_DRIVER.platform, 'android');
    assert.equal(VIVO_DRIVER.statName, 'vivo');
    assert.equal(VIVO_DRIVER.environmentScoped, false);
  });

  test('prepareCredential seals the three values and shows AppID and AppKey only', () => {
    const prepared = VIVO_DRIVER.prepareCredential({ ...FORM, appSecret: ` ${APP.appSecret} ` }, app, deps);
    assert.equal(prepared.kind, 'app_secret');
    assert.deepEqual(prepared.secret, APP);
    assert.deepEqual(prepared.meta, { appId: APP.appId, appKey: APP.appKey });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown) => () => VIVO_DRIVER.prepareCredential(input, app, deps);
    assertHeraldError(prepare({ ...APP, appId: undefined }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ ...APP, appId: 'vivo-10004' }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ ...APP, appKey: '' }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ ...APP, appKey: 'two words' }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ ...APP, appSecret: undefined }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ ...APP, appSecret: { value: 'x' } }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare(null), 'REQUEST_PARAM_INVALID', 'credential');
  });

  test('validateCredential: ok for the registered app, a lasting failure for a wrong AppSecret, transient when unreachable', async () => {
    const good = VIVO_DRIVER.prepareCredential(FORM, app, deps).secret;
    assert.deepEqual(await VIVO_DRIVER.validateCredential(good, app, deps), { ok: true });

    const wrong = VIVO_DRIVER.prepareCredential({ ...FORM, appSecret: 'ffffffff-e4f5-4678-9abc-def012345678' }, app, deps).secret;
    const refused = await VIVO_DRIVER.validateCredential(wrong, app, deps);
    assert.ok(!refused.ok && !refused.transient && /10206/.test(refused.reason), JSON.stringify(refused));

    const offline = await VIVO_DRIVER.validateCredential(good, app, depsWith({ vivoBaseUrl: await closedUrl() }));
    assert.ok(!offline.ok && offline.transient, JSON.stringify(offline));
  });

  test('a TPNS IM notification reaches a virtual device with its category, intent and custom content', async () => {
    const regId = '12345678901234567890123';
    emu.registerDevice({ regId, appId: APP.appId });
    const req = tpnsPush({
      expire_time: 3600,
      message: {
        title: 'Alice',
        content: 'hello',
        android: {
          vivo_category: 'IM',
          ring: 1,
          vibrate: 1,
          action: { action_type: 3, intent: 'herald://chat/open?c=42' },
          custom_content: JSON.stringify({ ext: '{"chatType":1}' }),
        },
      },
    });
    assert.equal(VIVO_DRIVER.perDeviceBadge(req), false);
    const built = VIVO_DRIVER.buildNotification({ req, pushId: '4242', now: NOON, app, badge: { current: 0 } });
    assert.ok(built.notification);

    const outcomes = await channel().send(built.notification, [{ token: HERALD_TOKEN, vendorToken: VIVO_DRIVER.normalizeVendorToken(` ${regId} `)! }]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['delivered']);
    const [got] = emu.inbox(regId);
    assert.ok(got);
    assert.equal(got.title, 'Alice');
    assert.equal(got.content, 'hello');
    assert.equal(got.category, 'IM');
    assert.equal(got.classification, 1);
    assert.equal(got.notifyType, 4);
    assert.equal(got.skipType, 4);
    assert.equal(got.skipContent, 'herald://chat/open?c=42');
    assert.equal(got.timeToLive, 3600);
    assert.equal(got.pushMode, 0);
    assert.deepEqual(got.clientCustomMap, { ext: '{"chatType":1}', herald: '{"pid":"4242"}' });
    assert.ok(responses.includes('vivo:200'), `observer saw ${responses.join(',')}`);
  });

  test('a blank title shows the content, as on the Mi and OPPO channels', async () => {
    const regId = '12345678901234567890124';
    emu.registerDevice({ regId, appId: APP.appId });
    const req = tpnsPush({ message: { title: '', content: 'no title here', android: { vivo_ch_id: '1' } } });
    const built = VIVO_DRIVER.buildNotification({ req, pushId: '4243', now: NOON, app, badge: { current: 0 } });
    assert.ok(built.notification);
    assert.deepEqual((await channel().send(built.notification, [{ token: HERALD_TOKEN, vendorToken: regId }])).map((o) => o.kind), ['delivered']);
    assert.equal(emu.inbox(regId)[0]?.title, 'no title here');
  });

  test('an in-app message is skipped: vivo has no pass-through', () => {
    const built = VIVO_DRIVER.buildNotification({ req: tpnsPush({ message_type: 'message', message: { title: 'a', content: 'b' } }), pushId: '1', now: NOON, app, badge: { current: 0 } });
    assert.equal(built.notification, undefined);
    assert.match(built.skipReason ?? '', /pass-through/);
  });

  test('normalizeVendorToken trims a regId and refuses junk', () => {
    assert.equal(VIVO_DRIVER.normalizeVendorToken('\t15638535410301000000001 '), '15638535410301000000001');
    for (const junk of ['', ' ', '1563 8535', 'ид', 'x'.repeat(4097)]) {
      assert.equal(VIVO_DRIVER.normalizeVendorToken(junk), undefined, JSON.stringify(junk.slice(0, 20)));
    }
  });
});
