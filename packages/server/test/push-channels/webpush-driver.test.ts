import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { createWebPushEmulator } from '@herald/emulators/webpush';
import { generateVapidKeys, type WebPushNotification } from '@herald/channels/webpush';
import { WEBPUSH_DRIVER } from '../../src/push/channels/webpush-driver.ts';
import type { PushPlatform } from '../../src/push/model/normalize-message.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { driverRig } from './driver-test-kit.ts';

const SUBJECT = 'mailto:ops@example.com';

describe('Web Push driver against the Web Push emulator', () => {
  const rig = driverRig('webpush', WEBPUSH_DRIVER, {
    now: Math.floor(Date.now() / 1000) * 1000,
    app: { platform: 'web', bundle_id: 'https://app.example.com' },
    settings: { webPushSubject: SUBJECT },
  });
  beforeEach(() => rig.emu.reset());

  const webPush = (message: Record<string, unknown>, platform: PushPlatform, extra: Record<string, unknown> = {}) =>
    rig.push({ expire_time: 3600, ...extra, message }, platform);

  /** A fresh key pair, a channel with it and a browser of the emulator subscribed with its public key. */
  function subscribedBrowser() {
    const prepared = rig.prepare({});
    const channel = rig.open(prepared.secret);
    const sub = rig.emu.subscribe({ applicationServerKey: String(prepared.meta['publicKey']) });
    return { prepared, channel, sub, vendorToken: WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub))! };
  }

  describe('prepareCredential', () => {
    it('generates a fresh key pair for {} with the configured subject, and for {subject} with that one', () => {
      const first = rig.prepare({});
      const second = rig.prepare({ subject: 'https://example.com/contact' });
      assert.equal(first.kind, 'vapid');
      assert.deepEqual(first.meta, { publicKey: first.secret['publicKey'], subject: SUBJECT });
      assert.equal(second.meta['subject'], 'https://example.com/contact');
      assert.notEqual(first.meta['publicKey'], second.meta['publicKey']);
      assert.equal(Buffer.from(String(first.meta['publicKey']), 'base64url').length, 65);
      assert.ok(!JSON.stringify(first.meta).includes(String(first.secret['privateKey'])));
    });

    it('imports a key pair already in use', () => {
      const keys = generateVapidKeys();
      const prepared = rig.prepare({ subject: SUBJECT, ...keys });
      assert.deepEqual(prepared.secret, { subject: SUBJECT, ...keys });
      assert.deepEqual(prepared.meta, { publicKey: keys.publicKey, subject: SUBJECT });
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => rig.prepare(input);
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
      assertHeraldError(() => rig.prepare({}, rig.depsWith({ webPushSubject: 'mailto:me@localhost' })), 'REQUEST_PARAM_INVALID', 'subject');
    });
  });

  describe('validateCredential', () => {
    // VAPID has no vendor endpoint to ask, so there is no transient outcome: the check is local.
    it('is ok for a key pair and refused (not transient) for a private key of another pair', async () => {
      const good = rig.prepare({}).secret;
      assert.deepEqual(await WEBPUSH_DRIVER.validateCredential(good, rig.app, rig.deps), { ok: true });
      const mixed = { ...good, privateKey: generateVapidKeys().privateKey };
      const refused = await WEBPUSH_DRIVER.validateCredential(mixed, rig.app, rig.deps);
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.transient, false);
      assert.match(!refused.ok ? refused.reason : '', /^InvalidVapidCredential: .*publicKey does not belong to privateKey/);
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a web app push: text, the app origin as click target, collapse_id as tag and Topic, TTL', async () => {
      const { prepared, channel, sub, vendorToken } = subscribedBrowser();
      const req = webPush({ title: 'Alice', content: 'Lunch at noon?' }, 'web', { collapse_id: 7 });
      const built = rig.build(req, '9004');
      assert.ok(built.notification !== undefined);

      await rig.deliver(channel, built.notification, vendorToken);
      const [received] = rig.emu.inbox(sub.endpoint);
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
      const { channel, sub, vendorToken } = subscribedBrowser();
      const android = {
        action: { action_type: 2, browser: { url: 'https://app.example.com/calls/bob' } },
        icon_type: 1,
        icon_res: 'https://cdn.example.com/bob.png',
        hw_category: 'VOIP',
        badge_type: -2,
        custom_content: '{"call":"bob"}',
      };
      // The builder reads `message.android` (TPNS has no web block); normalised as an Android body it has one.
      const req = webPush({ title: 'Bob', content: 'Incoming call', android }, 'android');
      assert.equal(WEBPUSH_DRIVER.perDeviceBadge(req), true);
      const built = rig.build(req, '9005', 4);
      assert.equal(built.nextBadge, 5);

      await rig.deliver(channel, built.notification, vendorToken);
      const [received] = rig.emu.inbox(sub.endpoint);
      assert.equal(received?.urgency, 'high');
      assert.deepEqual((received?.json as Record<string, unknown>)['notification'], {
        title: 'Bob',
        body: 'Incoming call',
        navigate: 'https://app.example.com/calls/bob',
        icon: 'https://cdn.example.com/bob.png',
        app_badge: 5,
        data: { call: 'bob' },
      });

      const fixed = webPush({ title: 'Bob', content: 'Badge 3', android: { badge_type: 3 } }, 'android');
      assert.equal(WEBPUSH_DRIVER.perDeviceBadge(fixed), false);
      assert.equal(rig.build(fixed, '9006', 4).nextBadge, 3);
    });

    it('a key pair the browser did not subscribe with fails channel-wide', async () => {
      const subscribedWith = rig.prepare({});
      const other = rig.prepare({});
      const sub = rig.emu.subscribe({ applicationServerKey: String(subscribedWith.meta['publicKey']) });
      const notification: WebPushNotification = { payload: { m: 1 } };
      const [outcome] = await rig.open(other.secret).send(notification, [{ token: 'h'.repeat(36), vendorToken: WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub))! }]);
      assert.equal(outcome?.kind, 'failed');
      assert.equal(outcome?.kind === 'failed' && outcome.channelWide, true);
      assert.equal(rig.emu.inbox(sub.endpoint).length, 0);
    });

    it('delivers to a loopback http endpoint only when the config allows it', async () => {
      const local = await createWebPushEmulator({ secure: false, clock: () => rig.now });
      try {
        const prepared = rig.prepare({});
        const sub = local.subscribe({ applicationServerKey: String(prepared.meta['publicKey']) });
        const vendorToken = WEBPUSH_DRIVER.normalizeVendorToken(JSON.stringify(sub));
        assert.ok(vendorToken !== undefined && vendorToken.startsWith('{"endpoint":"http://127.0.0.1:'));
        const target = { token: 'h'.repeat(36), vendorToken };
        const notification: WebPushNotification = { payload: { m: 1 } };
        const [refused] = await rig.open(prepared.secret).send(notification, [target]);
        assert.equal(refused?.kind, 'rejected');
        const [delivered] = await rig.open(prepared.secret, rig.depsWith({ webPushAllowLoopbackHttp: true })).send(notification, [target]);
        assert.equal(delivered?.kind, 'delivered', JSON.stringify(delivered));
        assert.equal(local.inbox(sub.endpoint).length, 1);
      } finally {
        await local.close();
      }
    });
  });

  describe('normalizeVendorToken', () => {
    it('turns a browser subscription into its canonical JSON and refuses anything else', () => {
      const sub = rig.emu.subscribe();
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
