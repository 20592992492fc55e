import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ChannelObserver, PushChannel } from '@herald/channels';
import { createXiaomiEmulator, type XiaomiEmulator } from '@herald/emulators/xiaomi';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { XIAOMI_DRIVER } from '../../src/push/channels/xiaomi-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const PKG = 'com.example.herald';
const SECRET = 'c2VjcmV0LXhpYW9taS1hcHA=';
const FORM = { appSecret: ` ${SECRET} `, appId: '2882303761517', appKey: '5601758899517' };
// 16:00 in Beijing.
const NOW = Date.UTC(2024, 4, 31, 8, 0, 0);
const HERALD_TOKEN = 'a'.repeat(36);

const app: AppRow = {
  access_id: 1500000001,
  product_id: 1,
  platform: 'android',
  bundle_id: PKG,
  access_key: 'AKEXAMPLE01',
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

describe('Xiaomi driver against the Mi Push emulator', () => {
  let emu: XiaomiEmulator;
  let deps: DriverDeps;
  const responses: string[] = [];
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    const observer: ChannelObserver = { onVendorResponse: (channel, status) => responses.push(`${channel}:${status}`) };
    return { config: loadConfig({}, { xiaomiBaseUrl: emu.url, vendorTimeoutMs: 5000, ...overrides }), clock: () => NOW, observer };
  }

  before(async () => {
    emu = await createXiaomiEmulator({ clock: () => NOW });
    emu.registerApp({ appSecret: SECRET, packageNames: [PKG], channelIds: ['im_chat'] });
    deps = depsWith({});
  });
  after(async () => {
    for (const ch of channels) await ch.close();
    await emu.close();
  });

  test('names: xiaomi, android, TPNS "xm", one credential for both environments', () => {
    assert.equal(XIAOMI_DRIVER.id, 'xiaomi');
    assert.equal(XIAOMI_DRIVER.platform, 'android');
    assert.equal(XIAOMI_DRIVER.statName, 'xm');
    assert.equal(XIAOMI_DRIVER.environmentScoped, false);
  });

  test('prepareCredential keeps the AppSecret sealed, shows the ids, and takes the package from the app', () => {
    const prepared = XIAOMI_DRIVER.prepareCredential({ ...FORM, packageName: 'com.someone.else' }, app, deps);
    assert.equal(prepared.kind, 'app_secret');
    assert.deepEqual(prepared.secret, { appSecret: SECRET, appId: FORM.appId, appKey: FORM.appKey });
    assert.deepEqual(prepared.meta, { packageName: PKG, appId: FORM.appId, appKey: FORM.appKey });
    assert.ok(!JSON.stringify(prepared.meta).includes(SECRET));
    assert.deepEqual(XIAOMI_DRIVER.prepareCredential({ appSecret: SECRET }, app, deps).meta, { packageName: PKG });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown, a: AppRow = app) => () => XIAOMI_DRIVER.prepareCredential(input, a, deps);
    assertHeraldError(prepare({ appId: FORM.appId }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ appSecret: 'has space' }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ appSecret: 42 }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ appSecret: SECRET, appId: 'abc' }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ appSecret: SECRET, appKey: 'k-1' }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare('not an object'), 'REQUEST_PARAM_INVALID', 'credential');
    assertHeraldError(prepare({ appSecret: SECRET }, { ...app, bundle_id: 'https://example.com' }), 'REQUEST_PARAM_INVALID', 'bundle_id');
  });

  test('validateCredential: ok for the registered secret, a lasting failure for a wrong one, transient when unreachable', async () => {
    const good = XIAOMI_DRIVER.prepareCredential(FORM, app, deps).secret;
    assert.deepEqual(await XIAOMI_DRIVER.validateCredential(good, app, deps), { ok: true });

    const wrong = XIAOMI_DRIVER.prepareCredential({ appSecret: 'd3Jvbmctc2VjcmV0LXhpYW9taQ==' }, app, deps).secret;
    const refused = await XIAOMI_DRIVER.validateCredential(wrong, app, deps);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && !refused.transient && /21301/.test(refused.reason), JSON.stringify(refused));

    const offline = await XIAOMI_DRIVER.validateCredential(good, app, depsWith({ xiaomiBaseUrl: await closedUrl() }));
    assert.ok(!offline.ok && offline.transient, JSON.stringify(offline));
  });

  test('a TPNS notification reaches a virtual device with its Mi channel, click action and custom content', async () => {
    const regId = 'c1Xr6XDRJ6yRHb2X2Gf2kiuR6kGHEn2ZQ0dsKd/8f2s=';
    emu.registerDevice({ regId, packageName: PKG });
    const channel = XIAOMI_DRIVER.createChannel(XIAOMI_DRIVER.prepareCredential(FORM, app, deps).secret, app, 'product', deps);
    channels.push(channel);
    const req = tpnsPush({
      expire_time: 3600,
      message: {
        title: 'Alice',
        content: 'hello',
        android: {
          xm_ch_id: 'im_chat',
          vibrate: 0,
          action: { action_type: 2, browser: { url: 'https://example.com/chat' } },
          custom_content: JSON.stringify({ ext: '{"chatType":1}' }),
        },
      },
    });
    assert.equal(XIAOMI_DRIVER.perDeviceBadge(req), false);
    const built = XIAOMI_DRIVER.buildNotification({ req, pushId: '4242', now: NOW, app, badge: { current: 0 } });
    assert.ok(built.notification);
    assert.equal(built.nextBadge, undefined);

    const outcomes = await channel.send(built.notification, [{ token: HERALD_TOKEN, vendorToken: XIAOMI_DRIVER.normalizeVendorToken(` ${regId}\n`)! }]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['delivered']);
    const [got] = emu.inbox(regId);
    assert.ok(got);
    assert.equal(got.packageName, PKG);
    assert.equal(got.passThrough, false);
    assert.equal(got.title, 'Alice');
    assert.equal(got.description, 'hello');
    assert.equal(got.notifyType, 5);
    assert.equal(got.extra['channel_id'], 'im_chat');
    assert.equal(got.extra['notify_effect'], '3');
    assert.equal(got.extra['web_uri'], 'https://example.com/chat');
    assert.equal(got.extra['ext'], '{"chatType":1}');
    assert.deepEqual(JSON.parse(got.payload ?? '{}'), { ext: '{"chatType":1}', herald: { pid: '4242' } });
    assert.ok(responses.includes('xiaomi:200'), `observer saw ${responses.join(',')}`);
  });

  test('an in-app message travels as a Mi pass-through message', async () => {
    const regId = 'pt0Xr6XDRJ6yRHb2X2Gf2kiuR6kGHEn2ZQ0dsKd/8f2s=';
    emu.registerDevice({ regId, packageName: PKG });
    const channel = XIAOMI_DRIVER.createChannel(XIAOMI_DRIVER.prepareCredential(FORM, app, deps).secret, app, 'product', deps);
    channels.push(channel);
    const req = tpnsPush({ message_type: 'message', message: { title: 'sync', content: 'inbox changed' } });
    const built = XIAOMI_DRIVER.buildNotification({ req, pushId: '4243', now: NOW, app, badge: { current: 0 } });
    assert.ok(built.notification);
    const outcomes = await channel.send(built.notification, [{ token: HERALD_TOKEN, vendorToken: regId }]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['delivered']);
    const [got] = emu.inbox(regId);
    assert.equal(got?.passThrough, true);
    assert.deepEqual(JSON.parse(got?.payload ?? '{}'), { title: 'sync', content: 'inbox changed', herald: { pid: '4243' } });
  });

  test('normalizeVendorToken trims a regId and refuses junk', () => {
    assert.equal(XIAOMI_DRIVER.normalizeVendorToken('  c1Xr6XDRJ6yRHb2X2Gf2kiuR6kGHEn2ZQ0dsKd/8f2s=\n'), 'c1Xr6XDRJ6yRHb2X2Gf2kiuR6kGHEn2ZQ0dsKd/8f2s=');
    for (const junk of ['', '   ', 'two words', 'tab\there', '小米', 'x'.repeat(4097)]) {
      assert.equal(XIAOMI_DRIVER.normalizeVendorToken(junk), undefined, JSON.stringify(junk.slice(0, 20)));
    }
  });
});
