import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ChannelObserver, PushChannel } from '@herald/channels';
import { createMeizuEmulator, type MeizuEmulator } from '@herald/emulators/meizu';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { MEIZU_DRIVER } from '../../src/push/channels/meizu-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const PKG = 'com.example.herald';
const APP = { appId: '100999', appSecret: '0123456789abcdef0123456789abcdef', appKey: 'a1b2c3d4e5f6' };
const NOW = Date.UTC(2024, 4, 31, 4, 0, 0);
const HERALD_TOKEN = 'd'.repeat(36);

const app: AppRow = {
  access_id: 1500000004,
  product_id: 1,
  platform: 'android',
  bundle_id: PKG,
  access_key: 'AKEXAMPLE04',
  secret_key_sealed: 'sealed',
  service_mode: 'standard',
  im_sdk_app_id: null,
  created_at: NOW,
  updated_at: NOW,
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
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );
}

describe('Meizu driver against the Flyme push emulator', () => {
  let emu: MeizuEmulator;
  let deps: DriverDeps;
  const responses: string[] = [];
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    const observer: ChannelObserver = { onVendorResponse: (channel, status) => responses.push(`${channel}:${status}`) };
    return { config: loadConfig({}, { meizuBaseUrl: emu.url, vendorTimeoutMs: 5000, ...overrides }), clock: () => NOW, observer };
  }

  function channel(): PushChannel {
    const ch = MEIZU_DRIVER.createChannel(MEIZU_DRIVER.prepareCredential(APP, app, deps).secret, app, 'product', deps);
    channels.push(ch);
    return ch;
  }

  before(async () => {
    emu = await createMeizuEmulator({ clock: () => NOW });
    emu.registerApp(APP);
    deps = depsWith({});
  });
  after(async () => {
    for (const ch of channels) await ch.close();
    await emu.close();
  });

  test('names: meizu, android, TPNS "mz", one credential for both environments', () => {
    assert.equal(MEIZU_DRIVER.id, 'meizu');
    assert.equal(MEIZU_DRIVER.platform, 'android');
    assert.equal(MEIZU_DRIVER.statName, 'mz');
    assert.equal(MEIZU_DRIVER.environmentScoped, false);
  });

  test('prepareCredential seals the AppSecret and shows AppID and the optional AppKey', () => {
    const prepared = MEIZU_DRIVER.prepareCredential({ ...APP, appId: 100999, appSecret: ` ${APP.appSecret} ` }, app, deps);
    assert.equal(prepared.kind, 'app_secret');
    assert.deepEqual(prepared.secret, APP);
    assert.deepEqual(prepared.meta, { appId: APP.appId, appKey: APP.appKey });
    assert.deepEqual(MEIZU_DRIVER.prepareCredential({ appId: APP.appId, appSecret: APP.appSecret }, app, deps).meta, { appId: APP.appId });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown) => () => MEIZU_DRIVER.prepareCredential(input, app, deps);
    assertHeraldError(prepare({ appSecret: APP.appSecret }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ ...APP, appId: 'flyme-100999' }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ appId: APP.appId }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ ...APP, appSecret: 'with space' }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ ...APP, appKey: true }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare('100999:secret'), 'REQUEST_PARAM_INVALID', 'credential');
  });

  test('validateCredential: ok for the registered app, a lasting failure for a wrong AppSecret, transient when unreachable', async () => {
    const good = MEIZU_DRIVER.prepareCredential(APP, app, deps).secret;
    assert.deepEqual(await MEIZU_DRIVER.validateCredential(good, app, deps), { ok: true });

    const wrong = MEIZU_DRIVER.prepareCredential({ ...APP, appSecret: 'ffffffffffffffffffffffffffffffff' }, app, deps).secret;
    const refused = await MEIZU_DRIVER.validateCredential(wrong, app, deps);
    assert.ok(!refused.ok && !refused.transient && /1006/.test(refused.reason), JSON.stringify(refused));

    const offline = await MEIZU_DRIVER.validateCredential(good, app, depsWith({ meizuBaseUrl: await closedUrl() }));
    assert.ok(!offline.ok && offline.transient, JSON.stringify(offline));
  });

  test('a TPNS notification reaches a virtual device with its click activity, collapse key, effects and custom content', async () => {
    const pushId = 'ULY6c596e6a7d5e45465c7a0a6a590759487e6a7d0a0b';
    emu.registerDevice({ pushId, appId: APP.appId });
    const req = tpnsPush({
      expire_time: 7200,
      collapse_id: 12345,
      message: {
        title: 'Alice',
        content: 'hello',
        android: {
          ring: 0,
          clearable: 0,
          action: { action_type: 1, activity: '.ChatActivity' },
          custom_content: JSON.stringify({ ext: '{"chatType":1}' }),
        },
      },
    });
    assert.equal(MEIZU_DRIVER.perDeviceBadge(req), false);
    const built = MEIZU_DRIVER.buildNotification({ req, pushId: '4242', now: NOW, app, badge: { current: 0 } });
    assert.ok(built.notification);

    const outcomes = await channel().send(built.notification, [{ token: HERALD_TOKEN, vendorToken: MEIZU_DRIVER.normalizeVendorToken(`${pushId}\r\n`)! }]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['delivered']);
    const [got] = emu.inbox(pushId);
    assert.ok(got);
    assert.equal(got.title, 'Alice');
    assert.equal(got.content, 'hello');
    assert.equal(got.clickType, 1);
    assert.equal(got.activity, `${PKG}.ChatActivity`);
    assert.equal(got.notifyKey, (12345).toString(36));
    assert.deepEqual(got.notificationType, { vibrate: 1, lights: 1, sound: 0 });
    assert.equal(got.clearNoticeBar, 0);
    assert.equal(got.offLine, 1);
    assert.equal(got.validTime, 2);
    assert.deepEqual(got.parameters, { ext: '{"chatType":1}', herald: '{"pid":"4242"}' });
    assert.ok(responses.includes('meizu:200'), `observer saw ${responses.join(',')}`);
  });

  test('a blank title shows the content, as on the Mi and OPPO channels', async () => {
    const pushId = 'J' + '0'.repeat(43) + '1';
    emu.registerDevice({ pushId, appId: APP.appId });
    const req = tpnsPush({ message: { title: '', content: 'no title here' } });
    const built = MEIZU_DRIVER.buildNotification({ req, pushId: '4243', now: NOW, app, badge: { current: 0 } });
    assert.ok(built.notification);
    assert.deepEqual((await channel().send(built.notification, [{ token: HERALD_TOKEN, vendorToken: pushId }])).map((o) => o.kind), ['delivered']);
    assert.equal(emu.inbox(pushId)[0]?.title, 'no title here');
  });

  test('an in-app message is skipped: Meizu carries no pass-through for TPNS', () => {
    const built = MEIZU_DRIVER.buildNotification({ req: tpnsPush({ message_type: 'message', message: { title: 'a', content: 'b' } }), pushId: '1', now: NOW, app, badge: { current: 0 } });
    assert.equal(built.notification, undefined);
    assert.match(built.skipReason ?? '', /pass-through/);
  });

  test('normalizeVendorToken trims a pushId and refuses junk', () => {
    assert.equal(MEIZU_DRIVER.normalizeVendorToken(' ULY6c596e6a7d5e45465c7a0a6a590759487e6a7d0a0b '), 'ULY6c596e6a7d5e45465c7a0a6a590759487e6a7d0a0b');
    for (const junk of ['', '\n', 'ULY6 c59', '魅族', 'x'.repeat(4097)]) {
      assert.equal(MEIZU_DRIVER.normalizeVendorToken(junk), undefined, JSON.stringify(junk.slice(0, 20)));
    }
  });
});
