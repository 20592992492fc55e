import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHonorEmulator, type HonorEmulator } from '@herald/emulators/honor';
import type { PushChannel } from '@herald/channels';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { HONOR_DRIVER } from '../../src/push/channels/honor-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const FORM = { appId: '104400001', clientId: 'c0ffee00c0ffee00c0ffee00c0ffee00', clientSecret: 'h0n0r-s3cret-0123456789' };
const NOW = Math.floor(Date.now() / 1000) * 1000;

const app: AppRow = {
  access_id: 1500000103,
  product_id: 1,
  platform: 'android',
  bundle_id: 'com.example.chat',
  access_key: 'AKEXAMPLE03',
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

function honorToken(): string {
  return `BAEAAAAAB${randomBytes(90).toString('base64url')}`;
}

describe('Honor driver against the Honor emulator', () => {
  let emu: HonorEmulator;
  let deps: DriverDeps;
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    return { ...deps, config: loadConfig({}, { ...deps.config, ...overrides }) };
  }

  before(async () => {
    emu = await createHonorEmulator({ tls: true, clock: () => NOW });
    emu.registerApp(FORM);
    deps = {
      config: loadConfig({}, { honorPushUrl: emu.url, honorAuthUrl: emu.url, vendorTimeoutMs: 5000 }),
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
    it('takes AppId, ClientId and SecretKey and shows only the ids', () => {
      const prepared = HONOR_DRIVER.prepareCredential({ ...FORM, appId: Number(FORM.appId) }, app, deps);
      assert.equal(prepared.kind, 'client_secret');
      assert.deepEqual(prepared.meta, { appId: FORM.appId, clientId: FORM.clientId });
      assert.deepEqual(prepared.secret, FORM);
      const withBadge = HONOR_DRIVER.prepareCredential({ ...FORM, badgeClass: 'com.example.chat.MainActivity' }, app, deps);
      assert.deepEqual(withBadge.meta, { appId: FORM.appId, clientId: FORM.clientId, badgeClass: 'com.example.chat.MainActivity' });
      assert.ok(!JSON.stringify(withBadge.meta).includes(FORM.clientSecret));
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => HONOR_DRIVER.prepareCredential(input, app, deps);
      assertHeraldError(prepare(undefined), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare([FORM]), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare({ ...FORM, appId: undefined }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ ...FORM, appId: 'honor-app' }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ ...FORM, clientId: '' }), 'REQUEST_PARAM_INVALID', 'clientId');
      assertHeraldError(prepare({ ...FORM, clientId: 'with space' }), 'REQUEST_PARAM_INVALID', 'clientId');
      assertHeraldError(prepare({ ...FORM, clientSecret: null }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...FORM, clientSecret: 'x'.repeat(257) }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...FORM, badgeClass: 'com..Main' }), 'REQUEST_PARAM_INVALID', 'badgeClass');
    });
  });

  describe('validateCredential', () => {
    it('is ok for the registered app, refused (not transient) for a wrong secret, transient when unreachable', async () => {
      const good = HONOR_DRIVER.prepareCredential(FORM, app, deps).secret;
      assert.deepEqual(await HONOR_DRIVER.validateCredential(good, app, deps), { ok: true });

      const wrong = HONOR_DRIVER.prepareCredential({ ...FORM, clientSecret: 'not-the-secret' }, app, deps).secret;
      assert.deepEqual(await HONOR_DRIVER.validateCredential(wrong, app, deps), { ok: false, reason: 'OAuth:invalid_client', transient: false });

      const port = await closedPort();
      const unreachable = await HONOR_DRIVER.validateCredential(good, app, depsWith({ honorAuthUrl: `https://127.0.0.1:${port}` }));
      assert.equal(unreachable.ok, false);
      assert.equal(!unreachable.ok && unreachable.transient, true);
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a TPNS push with the fields it set, in Honor\'s spelling, to the emulator device', async () => {
      const channel = HONOR_DRIVER.createChannel(HONOR_DRIVER.prepareCredential(FORM, app, deps).secret, app, 'product', deps);
      channels.push(channel);
      const vendorToken = honorToken();
      emu.registerDevice({ token: vendorToken, appId: FORM.appId });
      const req = normalizePushRequest(
        {
          audience_type: 'token',
          token_list: ['t'.repeat(36)],
          message_type: 'notify',
          expire_time: 3600,
          collapse_id: 12,
          message: {
            title: 'Bob',
            content: 'Call me back',
            android: {
              icon_type: 1,
              icon_res: 'https://cdn.example.com/bob.png',
              action: { action_type: 2, browser: { url: 'https://example.com/calls/bob' } },
              custom_content: '{"call":"bob"}',
            },
          },
        },
        { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
      );
      assert.equal(HONOR_DRIVER.perDeviceBadge(req), false);
      const built = HONOR_DRIVER.buildNotification({ req, pushId: '9003', now: NOW, app, badge: { current: 0 } });
      assert.ok(built.notification !== undefined);

      const [outcome] = await channel.send(built.notification, [{ token: 'h'.repeat(36), vendorToken }]);
      assert.equal(outcome?.kind, 'delivered', JSON.stringify(outcome));
      const [received] = emu.inbox(vendorToken);
      assert.ok(received !== undefined);
      assert.equal(received.timestamp, NOW);
      const android = received.body['android'] as Record<string, unknown>;
      assert.equal(android['ttl'], '3600s');
      assert.deepEqual(android['notification'], {
        title: 'Bob',
        body: 'Call me back',
        clickAction: { type: 2, url: 'https://example.com/calls/bob' },
        image: 'https://cdn.example.com/bob.png',
        notifyId: 12,
      });
      assert.deepEqual(JSON.parse(String(received.body['data'])), { call: 'bob', herald: { pid: '9003' } });
    });
  });

  describe('normalizeVendorToken', () => {
    it('keeps a real-shaped token (trimmed) and refuses junk', () => {
      const token = honorToken();
      assert.equal(HONOR_DRIVER.normalizeVendorToken(`${token}\n`), token);
      for (const junk of ['', 'a b', 'ключ', '\u0000abc', 'y'.repeat(4097)]) {
        assert.equal(HONOR_DRIVER.normalizeVendorToken(junk), undefined, junk.slice(0, 40));
      }
    });
  });
});
