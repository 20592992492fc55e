import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createFcmEmulator, createFcmServiceAccount, type FcmEmulator, type GeneratedServiceAccount } from '@herald/emulators/fcm';
import { createTestPki } from '@herald/emulators/pki';
import type { PushChannel } from '@herald/channels';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { FCM_DRIVER } from '../../src/push/channels/fcm-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const PROJECT = 'herald-driver-test';
const NOW = Math.floor(Date.now() / 1000) * 1000;
const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

const app: AppRow = {
  access_id: 1500000101,
  product_id: 1,
  platform: 'android',
  bundle_id: 'com.example.chat',
  access_key: 'AKEXAMPLE01',
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

describe('FCM driver against the FCM emulator', () => {
  const pki = createTestPki();
  let emu: FcmEmulator;
  let account: GeneratedServiceAccount;
  let deps: DriverDeps;
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    return { ...deps, config: loadConfig({}, { ...deps.config, ...overrides }) };
  }

  before(async () => {
    emu = await createFcmEmulator({ pki, clock: () => NOW });
    // The file names Google's endpoint; the configured token URL sends the grant to the emulator instead.
    account = createFcmServiceAccount({ projectId: PROJECT, tokenUri: GOOGLE_TOKEN_URI });
    emu.registerServiceAccount(account.registration);
    deps = {
      config: loadConfig({}, { fcmBaseUrl: emu.url, fcmTokenUrl: emu.tokenUrl, vendorTimeoutMs: 5000 }),
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
    it('takes the service-account JSON as an object or as text and shows only the project and account', () => {
      for (const serviceAccount of [account.json, JSON.stringify(account.json)]) {
        const prepared = FCM_DRIVER.prepareCredential({ serviceAccount }, app, deps);
        assert.equal(prepared.kind, 'service_account');
        assert.deepEqual(prepared.meta, { project_id: PROJECT, client_email: account.json['client_email'] });
        assert.equal(prepared.secret['project_id'], PROJECT);
        assert.equal(prepared.secret['token_uri'], GOOGLE_TOKEN_URI);
        assert.match(String(prepared.secret['private_key']), /^-----BEGIN PRIVATE KEY-----/);
        assert.ok(!JSON.stringify(prepared.meta).includes('PRIVATE KEY'));
      }
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => FCM_DRIVER.prepareCredential(input, app, deps);
      assertHeraldError(prepare('a string'), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare([account.json]), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare({}), 'REQUEST_PARAM_INVALID', 'serviceAccount');
      assertHeraldError(prepare({ serviceAccount: '{not json' }), 'REQUEST_PARAM_INVALID', 'serviceAccount');
      assertHeraldError(prepare({ serviceAccount: 42 }), 'REQUEST_PARAM_INVALID', 'serviceAccount');
      const broken: Array<[Record<string, unknown>, RegExp]> = [
        [{ ...account.json, private_key: 'not a key' }, /private_key/],
        [{ ...account.json, project_id: 'Bad Project' }, /project_id/],
        [{ ...account.json, client_email: 'nobody' }, /client_email/],
        [{ ...account.json, type: 'authorized_user' }, /type/],
      ];
      for (const [serviceAccount, why] of broken) {
        assert.throws(prepare({ serviceAccount }), (e: Error) => e.message.startsWith('serviceAccount: ') && why.test(e.message));
      }
    });
  });

  describe('validateCredential', () => {
    it('is ok for the emulator account, refused (not transient) for a wrong key, transient when unreachable', async () => {
      const good = FCM_DRIVER.prepareCredential({ serviceAccount: account.json }, app, deps).secret;
      assert.deepEqual(await FCM_DRIVER.validateCredential(good, app, deps), { ok: true });

      // Same account name, another key: what a revoked or mistyped key looks like to Google.
      const impostor = createFcmServiceAccount({ projectId: PROJECT, tokenUri: GOOGLE_TOKEN_URI });
      const wrong = FCM_DRIVER.prepareCredential({ serviceAccount: impostor.json }, app, deps).secret;
      const refused = await FCM_DRIVER.validateCredential(wrong, app, deps);
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.transient, false);
      assert.match(!refused.ok ? refused.reason : '', /^invalid_grant: /);

      const port = await closedPort();
      const unreachable = await FCM_DRIVER.validateCredential(good, app, depsWith({ fcmTokenUrl: `http://127.0.0.1:${port}/token` }));
      assert.equal(unreachable.ok, false);
      assert.equal(!unreachable.ok && unreachable.transient, true);
      assert.match(!unreachable.ok ? unreachable.reason : '', /^TokenNetworkError:ECONNREFUSED/);
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a TPNS push with the fields it set to the emulator device', async () => {
      const secret = FCM_DRIVER.prepareCredential({ serviceAccount: account.json }, app, deps).secret;
      const channel = FCM_DRIVER.createChannel(secret, app, 'product', deps);
      channels.push(channel);
      const vendorToken = emu.registerDevice({ projectId: PROJECT, packageName: app.bundle_id });
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
            android: { fcm_ch_id: 'chat', ring: 0, small_icon: 'ic_stat_chat', custom_content: '{"room":"7"}' },
          },
        },
        { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
      );
      assert.equal(FCM_DRIVER.perDeviceBadge(req), false);
      const built = FCM_DRIVER.buildNotification({ req, pushId: '9001', now: NOW, app, badge: { current: 0 } });
      assert.ok(built.notification !== undefined);
      assert.equal(built.nextBadge, undefined);

      const [outcome] = await channel.send(built.notification, [{ token: 'h'.repeat(36), vendorToken }]);
      assert.equal(outcome?.kind, 'delivered', JSON.stringify(outcome));
      const [received] = emu.inbox(vendorToken);
      assert.ok(received !== undefined);
      const raw = received.raw as Record<string, Record<string, unknown>>;
      assert.deepEqual(raw['notification'], { title: 'Alice', body: 'Lunch at noon?' });
      assert.equal(raw['data']!['room'], '7');
      assert.deepEqual(JSON.parse(String(raw['data']!['herald'])), { pid: '9001' });
      assert.equal(raw['android']!['priority'], 'HIGH');
      assert.equal(raw['android']!['collapse_key'], '7');
      assert.equal(raw['android']!['ttl'], '3600s');
      const notification = raw['android']!['notification'] as Record<string, unknown>;
      assert.equal(notification['channel_id'], 'chat');
      assert.equal(notification['icon'], 'ic_stat_chat');
      assert.equal(notification['tag'], '7');
      assert.equal(notification['default_sound'], undefined);
    });
  });

  describe('normalizeVendorToken', () => {
    it('keeps a real-shaped registration token and refuses junk', () => {
      const token = emu.registerDevice({ projectId: PROJECT });
      assert.equal(FCM_DRIVER.normalizeVendorToken(token), token);
      assert.equal(FCM_DRIVER.normalizeVendorToken(`  ${token}\n`), token);
      for (const junk of ['', 'abc', 'not a token at all, has spaces and commas', `${token}<script>`, `:${token}`, 'x'.repeat(4097)]) {
        assert.equal(FCM_DRIVER.normalizeVendorToken(junk), undefined, junk.slice(0, 40));
      }
    });
  });
});
