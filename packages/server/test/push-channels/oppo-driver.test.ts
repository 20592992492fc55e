import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ChannelObserver, PushChannel } from '@herald/channels';
import { createOppoEmulator, type OppoEmulator } from '@herald/emulators/oppo';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { OPPO_DRIVER } from '../../src/push/channels/oppo-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const PKG = 'com.example.herald';
const APP_KEY = 'bc6b7Ab0a8cE4f2d8f0a3d0e';
const MASTER_SECRET = '9f8a4c52e1b24e3f9a8b7c6d5e4f3a2b';
const APP_SECRET = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FORM = { appKey: APP_KEY, masterSecret: ` ${MASTER_SECRET} `, appSecret: APP_SECRET, appId: '30012345' };
// 16:00 in Beijing.
const NOW = Date.UTC(2024, 4, 31, 8, 0, 0);
const HERALD_TOKEN = 'b'.repeat(36);

const app: AppRow = {
  access_id: 1500000002,
  product_id: 1,
  platform: 'android',
  bundle_id: PKG,
  access_key: 'AKEXAMPLE02',
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

describe('OPPO driver against the OPPO push emulators (China and overseas hosts)', () => {
  let cn: OppoEmulator;
  let intl: OppoEmulator;
  let deps: DriverDeps;
  const responses: string[] = [];
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    const observer: ChannelObserver = { onVendorResponse: (channel, status) => responses.push(`${channel}:${status}`) };
    return { config: loadConfig({}, { oppoBaseUrl: cn.url, oppoIntlBaseUrl: intl.url, vendorTimeoutMs: 5000, ...overrides }), clock: () => NOW, observer };
  }

  function channel(): PushChannel {
    const ch = OPPO_DRIVER.createChannel(OPPO_DRIVER.prepareCredential(FORM, app, deps).secret, app, 'product', deps);
    channels.push(ch);
    return ch;
  }

  before(async () => {
    cn = await createOppoEmulator({ region: 'cn', clock: () => NOW });
    intl = await createOppoEmulator({ region: 'intl', clock: () => NOW });
    for (const e of [cn, intl]) e.registerApp({ appKey: APP_KEY, masterSecret: MASTER_SECRET, appId: '30012345', channelIds: ['im_private'] });
    deps = depsWith({});
  });
  after(async () => {
    for (const ch of channels) await ch.close();
    await Promise.all([cn.close(), intl.close()]);
  });

  test('names: oppo, android, TPNS "oppo", one credential for both environments', () => {
    assert.equal(OPPO_DRIVER.id, 'oppo');
    assert.equal(OPPO_DRIVER.platform, 'android');
    assert.equal(OPPO_DRIVER.statName, 'oppo');
    assert.equal(OPPO_DRIVER.environmentScoped, false);
  });

  test('prepareCredential seals AppKey, MasterSecret and the optional AppSecret, and shows only the ids', () => {
    const prepared = OPPO_DRIVER.prepareCredential(FORM, app, deps);
    assert.equal(prepared.kind, 'master_secret');
    assert.deepEqual(prepared.secret, { appKey: APP_KEY, masterSecret: MASTER_SECRET, appSecret: APP_SECRET, appId: '30012345' });
    assert.deepEqual(prepared.meta, { appKey: APP_KEY, appId: '30012345' });
    assert.deepEqual(OPPO_DRIVER.prepareCredential({ appKey: APP_KEY, masterSecret: MASTER_SECRET }, app, deps).meta, { appKey: APP_KEY });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown) => () => OPPO_DRIVER.prepareCredential(input, app, deps);
    assertHeraldError(prepare({ masterSecret: MASTER_SECRET }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ appKey: 'has space', masterSecret: MASTER_SECRET }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ appKey: APP_KEY }), 'REQUEST_PARAM_INVALID', 'masterSecret');
    assertHeraldError(prepare({ appKey: APP_KEY, masterSecret: 12345 }), 'REQUEST_PARAM_INVALID', 'masterSecret');
    assertHeraldError(prepare({ appKey: APP_KEY, masterSecret: MASTER_SECRET, appSecret: '秘密' }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare([FORM]), 'REQUEST_PARAM_INVALID', 'credential');
  });

  test('validateCredential: ok for the registered app, a lasting failure for a wrong MasterSecret, transient when unreachable', async () => {
    const good = OPPO_DRIVER.prepareCredential(FORM, app, deps).secret;
    assert.deepEqual(await OPPO_DRIVER.validateCredential(good, app, deps), { ok: true });

    const wrong = OPPO_DRIVER.prepareCredential({ appKey: APP_KEY, masterSecret: 'ffffffffffffffffffffffffffffffff' }, app, deps).secret;
    const refused = await OPPO_DRIVER.validateCredential(wrong, app, deps);
    assert.ok(!refused.ok && !refused.transient, JSON.stringify(refused));

    const offline = await OPPO_DRIVER.validateCredential(good, app, depsWith({ oppoBaseUrl: await closedUrl() }));
    assert.ok(!offline.ok && offline.transient, JSON.stringify(offline));
  });

  test('a TPNS notification reaches China and overseas devices with its OPPO channel, click action and entity', async () => {
    const china = 'CN_' + '0123456789abcdef'.repeat(2);
    const overseas = 'EU_' + 'fedcba9876543210'.repeat(2);
    cn.registerDevice({ registrationId: china, appKey: APP_KEY });
    intl.registerDevice({ registrationId: overseas, appKey: APP_KEY });
    const ext = JSON.stringify({ entity: { chatType: 1, sender: 'alice' } });
    const req = tpnsPush({
      expire_time: 7200,
      message: {
        title: 'Alice',
        content: 'hello',
        android: { oppo_ch_id: 'im_private', action: { action_type: 1, activity: 'com.example.herald.ChatActivity' }, custom_content: JSON.stringify({ ext }) },
      },
    });
    assert.equal(OPPO_DRIVER.perDeviceBadge(req), false);
    const built = OPPO_DRIVER.buildNotification({ req, pushId: '4242', now: NOW, app, badge: { current: 0 } });
    assert.ok(built.notification);

    const targets = [china, overseas].map((t, i) => ({ token: `${i}`.repeat(36), vendorToken: OPPO_DRIVER.normalizeVendorToken(t)! }));
    const outcomes = await channel().send(built.notification, targets);
    assert.deepEqual(outcomes.map((o) => o.kind), ['delivered', 'delivered']);
    for (const [emu, id] of [[cn, china], [intl, overseas]] as const) {
      const [got] = emu.inbox(id);
      assert.ok(got, `nothing arrived for ${id}`);
      assert.equal(got.title, 'Alice');
      assert.equal(got.content, 'hello');
      assert.equal(got.channelId, 'im_private');
      assert.equal(got.clickActionType, 4);
      assert.equal(got.notification['click_action_activity'], 'com.example.herald.ChatActivity');
      assert.deepEqual(got.actionParameters, { ext, entity: JSON.stringify({ chatType: 1, sender: 'alice' }), herald: '{"pid":"4242"}' });
      assert.equal(got.notification['off_line_ttl'], 7200);
    }
    assert.ok(responses.includes('oppo:200'), `observer saw ${responses.join(',')}`);
  });

  test('what OPPO cannot carry is skipped with the reason: in-app messages, collapse without force_collapse', () => {
    const build = (body: Record<string, unknown>) => OPPO_DRIVER.buildNotification({ req: tpnsPush(body), pushId: '1', now: NOW, app, badge: { current: 0 } });
    const inApp = build({ message_type: 'message', message: { title: 'sync', content: 'x' } });
    assert.equal(inApp.notification, undefined);
    assert.match(inApp.skipReason ?? '', /pass-through/);
    const collapse = build({ collapse_id: 7, message: { title: 'a', content: 'b' } });
    assert.equal(collapse.notification, undefined);
    assert.match(collapse.skipReason ?? '', /force_collapse/);
    assert.ok(build({ collapse_id: 7, force_collapse: true, message: { title: 'a', content: 'b' } }).notification);
  });

  test('normalizeVendorToken trims a registration id and refuses junk', () => {
    assert.equal(OPPO_DRIVER.normalizeVendorToken(' OPPO_CN_0123456789abcdef0123456789abcdef \n'), 'OPPO_CN_0123456789abcdef0123456789abcdef');
    assert.equal(OPPO_DRIVER.normalizeVendorToken('0123456789abcdef0123456789abcdef'), '0123456789abcdef0123456789abcdef');
    for (const junk of ['', '  ', 'CN_ 0123', 'id\u0000', 'ö'.repeat(3), 'x'.repeat(4097)]) {
      assert.equal(OPPO_DRIVER.normalizeVendorToken(junk), undefined, JSON.stringify(junk.slice(0, 20)));
    }
  });
});
