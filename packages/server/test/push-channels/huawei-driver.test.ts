import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHuaweiEmulator, type HuaweiEmulator } from '@herald/emulators/huawei';
import type { PushChannel } from '@herald/channels';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { HUAWEI_DRIVER } from '../../src/push/channels/huawei-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const APP_ID = '104000001';
const CLIENT_SECRET = 'f00dcafe0123456789abcdef00112233';
const NOW = Math.floor(Date.now() / 1000) * 1000;

const app: AppRow = {
  access_id: 1500000102,
  product_id: 1,
  platform: 'android',
  bundle_id: 'com.example.chat',
  access_key: 'AKEXAMPLE02',
  secret_key_sealed: '',
  service_mode: 'standard',
  im_sdk_app_id: null,
  created_at: NOW,
  updated_at: NOW,
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The shape of a Huawei push token: "IQAAAACy0…", about 130 characters. */
function huaweiToken(): string {
  return `IQAAAACy0${randomBytes(90).toString('base64url')}`;
}

describe('Huawei driver against the Huawei emulator', () => {
  let emu: HuaweiEmulator;
  let deps: DriverDeps;
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    return { ...deps, config: loadConfig({}, { ...deps.config, ...overrides }) };
  }

  before(async () => {
    emu = await createHuaweiEmulator({ tls: true, clock: () => NOW });
    emu.registerApp({ appId: APP_ID, clientSecret: CLIENT_SECRET });
    deps = {
      config: loadConfig({}, { huaweiPushUrl: emu.url, huaweiAuthUrl: emu.url, vendorTimeoutMs: 5000 }),
      ca: emu.caCertPem!,
      clock: () => NOW,
      observer: {},
    };
  });
  beforeEach(() => emu.reset());
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  describe('prepareCredential', () => {
    it('takes APPID and Client Secret (numbers as digits too) and shows only the ids', () => {
      const prepared = HUAWEI_DRIVER.prepareCredential({ appId: Number(APP_ID), clientSecret: ` ${CLIENT_SECRET} ` }, app, deps);
      assert.equal(prepared.kind, 'client_secret');
      assert.deepEqual(prepared.meta, { appId: APP_ID });
      assert.deepEqual(prepared.secret, { appId: APP_ID, clientSecret: CLIENT_SECRET });

      const full = HUAWEI_DRIVER.prepareCredential(
        { appId: APP_ID, clientId: '108000009', clientSecret: CLIENT_SECRET, badgeClass: 'com.example.chat.MainActivity' },
        app,
        deps,
      );
      assert.deepEqual(full.meta, { appId: APP_ID, clientId: '108000009', badgeClass: 'com.example.chat.MainActivity' });
      assert.ok(!JSON.stringify(full.meta).includes(CLIENT_SECRET));
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => HUAWEI_DRIVER.prepareCredential(input, app, deps);
      const good = { appId: APP_ID, clientSecret: CLIENT_SECRET };
      assertHeraldError(prepare(null), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare('appId=1'), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare({ clientSecret: CLIENT_SECRET }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ ...good, appId: 'com.example' }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ appId: APP_ID }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...good, clientSecret: 'has a space' }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...good, clientSecret: 12345 }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...good, clientId: 'client-x' }), 'REQUEST_PARAM_INVALID', 'clientId');
      assertHeraldError(prepare({ ...good, badgeClass: 'MainActivity' }), 'REQUEST_PARAM_INVALID', 'badgeClass');
    });
  });

  describe('validateCredential', () => {
    it('is ok for the registered app, refused (not transient) for a wrong secret, transient when unreachable', async () => {
      const good = HUAWEI_DRIVER.prepareCredential({ appId: APP_ID, clientSecret: CLIENT_SECRET }, app, deps).secret;
      assert.deepEqual(await HUAWEI_DRIVER.validateCredential(good, app, deps), { ok: true });

      const wrong = HUAWEI_DRIVER.prepareCredential({ appId: APP_ID, clientSecret: 'not-the-secret' }, app, deps).secret;
      const refused = await HUAWEI_DRIVER.validateCredential(wrong, app, deps);
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.transient, false);
      assert.match(!refused.ok ? refused.reason : '', /^OAuth:1101/);

      const port = await closedPort();
      const unreachable = await HUAWEI_DRIVER.validateCredential(good, app, depsWith({ huaweiAuthUrl: `https://127.0.0.1:${port}` }));
      assert.equal(unreachable.ok, false);
      assert.equal(!unreachable.ok && unreachable.transient, true);

      assert.deepEqual(await HUAWEI_DRIVER.validateCredential({ appId: 'x' }, app, deps), {
        ok: false,
        reason: 'stored credential unreadable: huawei.appId: must be 1 to 64 digits',
        transient: false,
      });
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a TPNS push with the Huawei fields it set to the emulator device', async () => {
      const secret = HUAWEI_DRIVER.prepareCredential({ appId: APP_ID, clientSecret: CLIENT_SECRET }, app, deps).secret;
      const channel = HUAWEI_DRIVER.createChannel(secret, app, 'product', deps);
      channels.push(channel);
      const vendorToken = huaweiToken();
      emu.registerDevice({ token: vendorToken, appId: APP_ID });
      const req = normalizePushRequest(
        {
          audience_type: 'token',
          token_list: ['t'.repeat(36)],
          message_type: 'notify',
          expire_time: 3600,
          collapse_id: 7,
          message: {
            title: 'Alice',
            content: 'Lunch at noon?',
            android: {
              hw_ch_id: 'chat',
              hw_category: 'IM',
              hw_importance: 2,
              badge_type: -2,
              action: { action_type: 1, activity: '.ChatActivity' },
              custom_content: '{"room":7}',
            },
          },
        },
        { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
      );
      assert.equal(HUAWEI_DRIVER.perDeviceBadge(req), false);
      const built = HUAWEI_DRIVER.buildNotification({ req, pushId: '9002', now: NOW, app, badge: { current: 4 } });
      assert.ok(built.notification !== undefined);
      assert.equal(built.nextBadge, undefined);

      const [outcome] = await channel.send(built.notification, [{ token: 'h'.repeat(36), vendorToken }]);
      assert.equal(outcome?.kind, 'delivered', JSON.stringify(outcome));
      const [received] = emu.inbox(vendorToken);
      assert.ok(received !== undefined);
      const android = received.message['android'] as Record<string, unknown>;
      assert.equal(android['category'], 'IM');
      assert.equal(android['ttl'], '3600s');
      const notification = android['notification'] as Record<string, unknown>;
      assert.equal(notification['title'], 'Alice');
      assert.equal(notification['body'], 'Lunch at noon?');
      assert.equal(notification['channel_id'], 'chat');
      assert.equal(notification['importance'], 'NORMAL');
      assert.equal(notification['notify_id'], 7);
      const click = notification['click_action'] as Record<string, unknown>;
      assert.equal(click['type'], 1);
      assert.match(String(click['intent']), /component=com\.example\.chat\/com\.example\.chat\.ChatActivity;/);
      assert.deepEqual(JSON.parse(String(received.message['data'])), { room: 7, herald: { pid: '9002' } });
    });
  });

  describe('normalizeVendorToken', () => {
    it('keeps a real-shaped token (trimmed) and refuses junk', () => {
      const token = huaweiToken();
      assert.equal(HUAWEI_DRIVER.normalizeVendorToken(token), token);
      assert.equal(HUAWEI_DRIVER.normalizeVendorToken(`\t${token} `), token);
      for (const junk of ['', '   ', 'two words', 'tab\tinside', 'ünicode', 'x'.repeat(4097)]) {
        assert.equal(HUAWEI_DRIVER.normalizeVendorToken(junk), undefined, junk.slice(0, 40));
      }
    });
  });
});
