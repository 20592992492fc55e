import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createWebPushEmulator, type WebPushEmulator } from '@herald/emulators/webpush';
import { createTestPki } from '@herald/emulators/pki';
import { generateVapidKeys, type WebPushNotification } from '@herald/channels/webpush';
import type { PushChannel } from '@herald/channels';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { DriverDeps } from '../../src/push/channels/channel-driver.ts';
import { WEBPUSH_DRIVER } from '../../src/push/channels/webpush-driver.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { PushPlatform } from '../../src/push/model/normalize-message.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from '../push-model/helpers.ts';

const SUBJECT = 'mailto:ops@example.com';
const NOW = Math.floor(Date.now() / 1000) * 1000;

const app: AppRow = {
  access_id: 1500000104,
  product_id: 1,
  platform: 'web',
  bundle_id: 'https://app.example.com',
  access_key: 'AKEXAMPLE04',
  secret_key_sealed: '',
  service_mode: 'standard',
  im_sdk_app_id: null,
  created_at: NOW,
  updated_at: NOW,
};

function tpnsPush(message: Record<string, unknown>, platform: PushPlatform, extra: Record<string, unknown> = {}) {
  return normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', expire_time: 3600, ...extra, message },
    { platform, now: NOW, utcOffsetMinutes: 480 },
  );
}

describe('Web Push driver against the Web Push emulator', () => {
  const pki = createTestPki();
  let emu: WebPushEmulator;
  let deps: DriverDeps;
  const channels: PushChannel[] = [];

  function depsWith(overrides: Partial<Config>): DriverDeps {
    return { ...deps, config: loadConfig({}, { ...deps.config, ...overrides }) };
  }

  function open(secret: Record<string, unknown>, d: DriverDeps = deps): PushChannel {
    const channel = WEBPUSH_DRIVER.createChannel(secret, app, 'product', d);
    channels.push(channel);
    return channel;
  }

  before(async () => {
    emu = await createWebPushEmulator({ pki, clock: () => NOW });
    deps = {
      config: loadConfig({}, { webPushSubject: SUBJECT, vendorTimeoutMs: 5000 }),
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
    it('generates a fresh key pair for {} with the configured subject, and for {subject} with that one', () => {
      const first = WEBPUSH_DRIVER.prepareCredential({}, app, deps);
      const second = WEBPUSH_DRIVER.prepareCredential({ subject: 'https://example.com/contact' }, app, deps);
      assert.equal(first.kind, 'vapid');
      assert.deepEqual(first.meta, { publicKey: first.secret['publicKey'], subject: SUBJECT });
      assert.equal(second.meta['subject'], 'https://example.com/contact');
      assert.notEqual(first.meta['publicKey'], second.meta['publicKey']);
      assert.equal(Buffer.from(String(first.meta['publicKey']), 'base64url').length, 65);
      assert.ok(!JSON.stringify(first.meta).includes(String(first.secret['privateKey'])));
    });

    it('imports a key pair already in use', () => {
      const keys = generateVapidKeys();
      const prepared = WEBPUSH_DRIVER.prepareCredential({ subject: SUBJECT, ...keys }, app, deps);
      assert.deepEqual(prepared.secret, { subject: SUBJECT, ...keys });
      assert.deepEqual(prepared.meta, { publicKey: keys.publicKey, subject: SUBJECT });
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => WEBPUSH_DRIVER.prepareCredential(input, app, deps);
      const keys = generateVapidKeys();
      assertHeraldError(prepare('{}'), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare({ subject: 'http://example.com' }), 'REQUEST_PARAM_INVALID', 'subject');
      assertHeraldError(prepare({ subject: 'mailto:me@localhost' }), 'REQUEST_PARAM_INVALID', 'subject');
      assertHeraldError(prepare({ subject: 42 }), 'REQUEST_PARAM_INVALID', 'subject');
      assertHeraldError(prepare({ publicKey: keys.publicKey }), 'REQUEST_PARAM_INVALID', 'privateKey');
      assertHeraldError(prepare({ publicKey: keys.publicKey, privateKey: 'c2hvcnQ' }), 'REQUEST_PARAM_INVALID', 'privateKey');
      assertHeraldError(prepare({ privateKey: keys.privateKey }), 'REQUEST_PARAM_INVALID', 'publicKey');
      assertHeraldError(prepare({ publicKey: generateVapidKeys().publicKey, privateKey: keys.privateKey }), 'REQUEST_PARAM_INVALID', 'publicKey');
      // The operator's default subject is checked like a typed one.
      assertHeraldError(() => WEBPUSH_DRIVER.prepareCredential({}, app, depsWith({ webPushSubject: 'mailto:me@localhost' })), 'REQUEST_PARAM_INVALID', 'subject');
    });
  });

  describe('validateCredential', () => {
    // VAPID has no vendor endpoint to ask, so there is no transient outcome: the check is local.
    it('is ok for a key pair and refused (not transient) for a private key of another pair', async () => {
      const good = WEBPUSH_DRIVER.prepareCredential({}, app, deps).secret;
      assert.deepEqual(await WEBPUSH_DRIVER.validateCredential(good, app, deps), { ok: true });
      const mixed = { ...good, privateKey: generateVapidKeys().privateKey };
      const refused = await WEBPUSH_DRIVER.validateCredential(mixed, app, deps);
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.transient, false);
      assert.match(!refused.ok ? refused.reason : '', /^InvalidVapidCredential: .*publicKey does not belong to privateKey/);
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a web app push: text, the app origin as click target, collapse_id as tag and Topic, TTL', async () => {
      const prepared = WEBPUSH_DRIVER.prepareCredential({}, app, deps);
      const channel = open(prepared.secret);
      const sub = emu.subscribe({ applicationServerKey: String(prepared.meta['publicKey']) });
      const vendorToken = WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub))!;
      const req = tpnsPush({ title: 'Alice', content: 'Lunch at noon?' }, 'web', { collapse_id: 7 });
      const built = WEBPUSH_DRIVER.buildNotification({ req, pushId: '9004', now: NOW, app, badge: { current: 0 } });
      assert.ok(built.notification !== undefined);

      const [outcome] = await channel.send(built.notification, [{ token: 'h'.repeat(36), vendorToken }]);
      assert.equal(outcome?.kind, 'delivered', JSON.stringify(outcome));
      const [received] = emu.inbox(sub.endpoint);
      assert.ok(received !== undefined);
      assert.deepEqual(received.json, {
        web_push: 8030,
        notification: { title: 'Alice', body: 'Lunch at noon?', navigate: 'https://app.example.com/', tag: '7' },
        mutable: true,
        herald: { pid: '9004', type: 'notify' },
      });
      assert.equal(received.topic, '7');
      assert.equal(received.ttl, 3600);
      assert.equal(received.urgency, 'normal');
      assert.equal(received.vapid?.sub, SUBJECT);
      assert.equal(received.vapid?.k, prepared.meta['publicKey']);
    });

    it('carries the Android block a TPNS body sets: browser URL, icon, badge counted per device, call urgency', async () => {
      const prepared = WEBPUSH_DRIVER.prepareCredential({}, app, deps);
      const channel = open(prepared.secret);
      const sub = emu.subscribe({ applicationServerKey: String(prepared.meta['publicKey']) });
      const vendorToken = WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub))!;
      const android = {
        action: { action_type: 2, browser: { url: 'https://app.example.com/calls/bob' } },
        icon_type: 1,
        icon_res: 'https://cdn.example.com/bob.png',
        hw_category: 'VOIP',
        badge_type: -2,
        custom_content: '{"call":"bob"}',
      };
      // The builder reads `message.android` (TPNS has no web block); normalised as an Android body it has one.
      const req = tpnsPush({ title: 'Bob', content: 'Incoming call', android }, 'android');
      assert.equal(WEBPUSH_DRIVER.perDeviceBadge(req), true);
      const built = WEBPUSH_DRIVER.buildNotification({ req, pushId: '9005', now: NOW, app, badge: { current: 4 } });
      assert.equal(built.nextBadge, 5);

      const [outcome] = await channel.send(built.notification!, [{ token: 'h'.repeat(36), vendorToken }]);
      assert.equal(outcome?.kind, 'delivered', JSON.stringify(outcome));
      const [received] = emu.inbox(sub.endpoint);
      assert.equal(received?.urgency, 'high');
      assert.deepEqual((received?.json as Record<string, unknown>)['notification'], {
        title: 'Bob',
        body: 'Incoming call',
        navigate: 'https://app.example.com/calls/bob',
        icon: 'https://cdn.example.com/bob.png',
        app_badge: 5,
        data: { call: 'bob' },
      });

      const fixed = tpnsPush({ title: 'Bob', content: 'Badge 3', android: { badge_type: 3 } }, 'android');
      assert.equal(WEBPUSH_DRIVER.perDeviceBadge(fixed), false);
      assert.equal(WEBPUSH_DRIVER.buildNotification({ req: fixed, pushId: '9006', now: NOW, app, badge: { current: 4 } }).nextBadge, 3);
    });

    it('a key pair the browser did not subscribe with fails channel-wide', async () => {
      const subscribedWith = WEBPUSH_DRIVER.prepareCredential({}, app, deps);
      const other = WEBPUSH_DRIVER.prepareCredential({}, app, deps);
      const sub = emu.subscribe({ applicationServerKey: String(subscribedWith.meta['publicKey']) });
      const notification: WebPushNotification = { payload: { m: 1 } };
      const [outcome] = await open(other.secret).send(notification, [{ token: 'h'.repeat(36), vendorToken: WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub))! }]);
      assert.equal(outcome?.kind, 'failed');
      assert.equal(outcome?.kind === 'failed' && outcome.channelWide, true);
      assert.equal(emu.inbox(sub.endpoint).length, 0);
    });

    it('delivers to a loopback http endpoint only when the config allows it', async () => {
      const local = await createWebPushEmulator({ secure: false, clock: () => NOW });
      try {
        const prepared = WEBPUSH_DRIVER.prepareCredential({}, app, deps);
        const sub = local.subscribe({ applicationServerKey: String(prepared.meta['publicKey']) });
        const vendorToken = WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub));
        assert.ok(vendorToken !== undefined && vendorToken.startsWith('{"endpoint":"http://127.0.0.1:'));
        const target = { token: 'h'.repeat(36), vendorToken };
        const notification: WebPushNotification = { payload: { m: 1 } };
        const [refused] = await open(prepared.secret).send(notification, [target]);
        assert.equal(refused?.kind, 'rejected');
        const [delivered] = await open(prepared.secret, depsWith({ webPushAllowLoopbackHttp: true })).send(notification, [target]);
        assert.equal(delivered?.kind, 'delivered', JSON.stringify(delivered));
        assert.equal(local.inbox(sub.endpoint).length, 1);
      } finally {
        await local.close();
      }
    });
  });

  describe('normalizeVendorToken', () => {
    it('turns a browser subscription into its canonical JSON and refuses anything else', () => {
      const sub = emu.subscribe();
      const canonical = JSON.stringify({ endpoint: sub.endpoint, keys: sub.keys });
      assert.equal(WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub)), canonical);
      // Reordered keys, padded standard base64 and surrounding space give the same token.
      const p256dh = Buffer.from(sub.keys.p256dh, 'base64url').toString('base64');
      const auth = Buffer.from(sub.keys.auth, 'base64url').toString('base64');
      assert.equal(WEBPUSH_DRIVER.normalizeVendorToken(` ${JSON.stringify({ keys: { auth, p256dh }, expirationTime: null, endpoint: sub.endpoint })} `), canonical);

      const ua = createECDH('prime256v1');
      ua.generateKeys();
      const keys = { p256dh: ua.getPublicKey().toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') };
      for (const junk of [
        '',
        'abc',
        sub.endpoint,
        JSON.stringify({ endpoint: 'http://push.example.net/x', keys }),
        JSON.stringify({ endpoint: 'ftp://push.example.net/x', keys }),
        JSON.stringify({ endpoint: 'https://push.example.net/x', keys: { ...keys, auth: 'c2hvcnQ' } }),
        JSON.stringify({ endpoint: 'https://push.example.net/x', keys: { ...keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } }),
      ]) {
        assert.equal(WEBPUSH_DRIVER.normalizeVendorToken(junk), undefined, junk.slice(0, 60));
      }
    });
  });
});
